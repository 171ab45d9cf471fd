//! What the axum layer and the actix-web middleware share: the request's scope (its
//! cheap facts, from which its `Context` is built on the error path), current on the
//! serving thread while the request's service is called or its future polled, the
//! response futures' states, the settings and their builders, and the replacement of
//! the framework's own error responses.
// With `tonic` alone, the HTTP-only parts (replacing framework bodies) go unused.
#![cfg_attr(not(any(feature = "axum", feature = "actix-web")), allow(dead_code))]

use std::cell::Cell;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll};

use super::telemetry;
use crate::{ApiError, Context, Format, HttpError, Limits, Policy, TraceId, log};

scoped_tls::scoped_thread_local! {
    /// The scope of the request being served on this thread: set by [`in_scope`]
    /// while the layer or middleware calls the app's service or polls its future, and
    /// put back as it was when that returns. A reference in a thread-local, rather
    /// than a `tokio::task_local!` holding a shared `Arc<Scope>`: the scope then lives
    /// in the response future itself, with no allocation per request, and entering
    /// it sets and resets one pointer instead of swapping the `Arc` in and out of a
    /// `RefCell` (see BENCHMARKS.md).
    static CURRENT: Scope
}

/// What the layer or middleware knows of the request being served: its cheap facts,
/// read when the service is called, and its trace id, decided when first asked for.
/// The request's [`Context`] is built from it only when a response is an error
/// ([`Scope::error_context`]), so a successful request allocates nothing for it.
///
/// It lives in the response future (or, while the service is called, on the
/// layer's stack), and is reached from inside through [`CURRENT`], on the one thread
/// serving it at a time: hence the `Cell`s.
pub(crate) struct Scope {
    settings: Arc<Settings>,
    method: http::Method,
    path: RequestPath,
    /// The request's `Accept`, negotiated on the error path.
    accept: Accept,
    /// The request's `Accept-Language`, negotiated only when an error of a type with
    /// Fluent files is rendered.
    #[cfg(feature = "fluent")]
    accept_language: Option<AcceptLanguage>,
    /// The id the request carried (its span's or a header's, parsed when first
    /// asked for), else one generated then. Boxed: a `TraceId` holds up to 128
    /// bytes, and the scope is copied with the response future each time that moves,
    /// on every request; the box is only allocated when a request carries a trace
    /// header or something asks for the id.
    trace: Cell<Option<Box<Trace>>>,
    /// Whether anything serving the request asked for the trace id (the `TraceId`
    /// extractor, a rendered error).
    asked: Cell<bool>,
    /// The record of the gRPC error a call answered with, for the tonic layer's
    /// telemetry.
    #[cfg(feature = "tonic")]
    record: telemetry::RecordSlot,
}

impl Scope {
    /// The request's trace id, generated now if it carried none; the response
    /// will carry the same one.
    pub(crate) fn trace_id(&self) -> TraceId {
        self.asked.set(true);
        self.decided_trace_id()
    }

    fn decided_trace_id(&self) -> TraceId {
        let mut trace = self.trace.take().unwrap_or_else(|| Box::new(Trace::Absent));
        let trace_id = trace.decide();
        self.trace.set(Some(trace));
        trace_id
    }

    /// The trace id a response of this request carries in `X-Trace-Id`: always on
    /// an error; on a success, unless the settings turned that off and nothing
    /// asked for the id while the request was served.
    ///
    /// Asked once, when the response is final: an id nothing asked for before is made
    /// then and not kept, as nothing serving the request can ask for it any more (the
    /// default configuration would otherwise allocate on every request to keep it).
    #[inline]
    pub(crate) fn response_trace_id(&self, error: bool) -> Option<TraceId> {
        let wanted = error || self.settings.success_trace_header || self.asked.get();
        wanted.then(|| {
            let trace = self.trace.take();
            let carried = trace.as_deref().and_then(Trace::carried);
            self.trace.set(trace);
            carried.unwrap_or_else(TraceId::generate)
        })
    }

    /// The error path: the request's [`Context`], built from its facts when a
    /// response is an error (the `instance` string is allocated here, not on every
    /// request). Every request fact an error response uses is read here.
    pub(crate) fn error_context(&self) -> Context {
        let settings = &self.settings;
        let ctx = settings.base.for_request(
            self.trace_id(),
            self.method.clone(),
            self.path.as_str().to_owned(),
            (
                settings.policy,
                self.accept.format(&settings.formats),
                settings.limits,
            ),
            settings.formats.len() > 1,
        );
        // Without a header too: the default locale answers, and the response varies.
        #[cfg(feature = "fluent")]
        let ctx = ctx.with_accept_language(
            self.accept_language
                .as_ref()
                .and_then(AcceptLanguage::value),
        );
        ctx
    }

    /// Where the call's gRPC error leaves its telemetry record.
    #[cfg(feature = "tonic")]
    pub(crate) fn record(&self) -> &telemetry::RecordSlot {
        &self.record
    }

    /// Decides the trace id anew (the tonic layer's, when the call's span turns out
    /// to have one once its future is polled).
    #[cfg(feature = "tonic")]
    pub(crate) fn set_trace_id(&self, trace_id: TraceId) {
        self.trace.set(Some(Box::new(Trace::Decided(trace_id))));
    }
}

/// The request's `Accept`, which only an error response needs (a success's body is
/// the handler's): its one value kept, a cheap clone, and negotiated on the error
/// path; several values (rare) are negotiated when the request comes in.
#[derive(Clone, Debug)]
pub(crate) enum Accept {
    /// The request has no `Accept`.
    Absent,
    /// Its one value, in `http` 1.
    #[cfg(feature = "axum")]
    Http(http::HeaderValue),
    /// Its one value, in actix-web's `http` 0.2.
    #[cfg(feature = "actix-web")]
    Actix(actix_web::http::header::HeaderValue),
    /// The format its several values negotiated.
    Negotiated(Format),
}

impl Accept {
    /// The request's `Accept` from its values (`values` iterates over them):
    /// `keep` makes the variant that keeps a single one, `bytes` reads one for
    /// negotiation.
    pub(crate) fn of<'v, V: Clone + 'v, I: Iterator<Item = &'v V>>(
        settings: &Settings,
        values: impl Fn() -> I,
        keep: fn(V) -> Accept,
        bytes: fn(&V) -> &[u8],
    ) -> Accept {
        let mut first_two = values();
        match (first_two.next(), first_two.next()) {
            (None, _) => Accept::Absent,
            (Some(one), None) => keep(one.clone()),
            (Some(_), Some(_)) => {
                let values = values().map(bytes);
                Accept::Negotiated(super::accept::negotiate(&settings.formats, values))
            }
        }
    }

    /// The format among `formats` this `Accept` prefers.
    fn format(&self, formats: &[Format]) -> Format {
        let one = match self {
            Accept::Absent => None,
            #[cfg(feature = "axum")]
            Accept::Http(value) => Some(value.as_bytes()),
            #[cfg(feature = "actix-web")]
            Accept::Actix(value) => Some(value.as_bytes()),
            Accept::Negotiated(format) => return *format,
        };
        super::accept::negotiate(formats, one.into_iter())
    }
}

/// The first value of each trace header a request's scope keeps (in
/// [`TraceId::from_headers`]' order), and the first two of `Accept` and of
/// `Accept-Language`, lists whose lines are read whole when there are several.
pub(crate) struct Wanted<'h, V> {
    pub(crate) trace: [Option<&'h V>; 3],
    pub(crate) accept: [Option<&'h V>; 2],
    #[cfg_attr(not(feature = "fluent"), allow(dead_code))]
    pub(crate) accept_language: [Option<&'h V>; 2],
}

/// [`Wanted`] read in one pass over a request's headers (`http` 1's or actix-web's
/// `http` 0.2's), each name compared with the wanted ones (`Accept`,
/// `Accept-Language`, the trace headers; a standard name by its index, another by
/// its length first): for a request with a few headers, cheaper than a hashed
/// lookup per wanted name, which costs as much for a header the request lacks.
/// Inlined, so that each caller compares with its own constant names, which the
/// compiler then folds (a standard name is an index).
#[inline(always)]
pub(crate) fn one_pass<'h, N: PartialEq + 'h, V: 'h>(
    headers: impl IntoIterator<Item = (&'h N, &'h V)>,
    (accept, accept_language, trace): (&N, &N, &[N; 3]),
) -> Wanted<'h, V> {
    let mut wanted = Wanted::NONE;
    for (name, value) in headers {
        if name == accept {
            keep_first_two(&mut wanted.accept, value);
        } else if name == accept_language {
            keep_first_two(&mut wanted.accept_language, value);
        } else if let Some(index) = trace.iter().position(|trace| trace == name) {
            wanted.trace[index] = wanted.trace[index].or(Some(value));
        }
    }
    wanted
}

/// Keeps `value` in `first_two` unless it holds two already.
#[inline(always)]
fn keep_first_two<'h, V>(first_two: &mut [Option<&'h V>; 2], value: &'h V) {
    match first_two {
        [first @ None, _] => *first = Some(value),
        [_, second @ None] => *second = Some(value),
        _ => {}
    }
}

/// Up to how many header names a request is read in one pass ([`one_pass`]); one
/// with more is read by lookups, which then cost less than the pass.
#[cfg(any(feature = "axum", feature = "tonic", test))]
pub(crate) const ONE_PASS_NAMES: usize = 12;

impl<'h, V> Wanted<'h, V> {
    /// Nothing read: a request without any of the headers.
    pub(crate) const NONE: Wanted<'h, V> = Wanted {
        trace: [None; 3],
        accept: [None; 2],
        accept_language: [None; 2],
    };
}

impl<'h, V: Clone> Wanted<'h, V> {
    /// The trace id the headers carry, as [`TraceId::from_headers`] reads it, as a
    /// scope keeps it: the one trace header kept (`keep`) to parse when the id is
    /// asked for, or parsed now when `parse_now` (a service that sets `X-Trace-Id` on
    /// every response asks for every request's) or when there are several.
    pub(crate) fn trace(
        &self,
        parse_now: bool,
        keep: fn(usize, V) -> Trace,
        bytes: fn(&V) -> &[u8],
    ) -> Option<Box<Trace>> {
        let mut present = self
            .trace
            .iter()
            .enumerate()
            .filter_map(|(index, value)| value.map(|value| (index, value)));
        match (present.next(), present.next()) {
            (None, _) => None,
            (Some((index, value)), None) if !parse_now => {
                Some(Box::new(keep(index, value.clone())))
            }
            (Some(_), _) => {
                let trace_id = TraceId::from_header_lookup(|index| self.trace[index].map(bytes));
                trace_id.and_then(Trace::decided)
            }
        }
    }

    /// The request's `Accept`, as [`Accept::of`] keeps it: from the values read when
    /// there is at most one, from `all` (every value) when there are several.
    #[cfg(any(feature = "axum", feature = "actix-web"))]
    pub(crate) fn accept<I: Iterator<Item = &'h V>>(
        &self,
        settings: &Settings,
        all: impl Fn() -> I,
        keep: fn(V) -> Accept,
        bytes: fn(&V) -> &[u8],
    ) -> Accept {
        match self.accept {
            [None, _] => Accept::Absent,
            [Some(one), None] => keep(one.clone()),
            [Some(_), Some(_)] => Accept::of(settings, all, keep, bytes),
        }
    }

    /// The request's `Accept-Language`: its one line as read, or all of them (`all`)
    /// combined into one list when there are several, as RFC 9110 section 5.3 reads
    /// the lines of a list header, so that every range is negotiated.
    #[cfg(feature = "fluent")]
    pub(crate) fn accept_language<I: Iterator<Item = &'h V>>(
        &self,
        all: impl FnOnce() -> I,
        keep: fn(V) -> AcceptLanguage,
        bytes: fn(&V) -> &[u8],
    ) -> Option<AcceptLanguage> {
        match self.accept_language {
            [None, _] => None,
            [Some(one), None] => Some(keep(one.clone())),
            [Some(_), Some(_)] => AcceptLanguage::combined(all().map(bytes)),
        }
    }
}

/// A request's trace id, as its [`Scope`] keeps it.
pub(crate) enum Trace {
    /// None carried, and none generated yet.
    Absent,
    /// Decided: the request's span's, parsed from its headers, or generated.
    Decided(TraceId),
    /// Its one trace header in `http` 1 (axum, tonic), kept as the framework holds
    /// it (a cheap clone) with its place in [`TraceId::from_headers`]' order, and
    /// parsed only when the id is first asked for: most successful requests never
    /// ask, and parsing costs more than keeping the value.
    #[cfg(any(feature = "axum", feature = "tonic"))]
    Http {
        index: usize,
        value: http::HeaderValue,
    },
    /// The same in actix-web's `http` 0.2.
    #[cfg(feature = "actix-web")]
    Actix {
        index: usize,
        value: actix_web::http::header::HeaderValue,
    },
}

impl Trace {
    /// A trace id decided when the request came in (its span's), as a scope keeps it.
    pub(crate) fn decided(trace_id: TraceId) -> Option<Box<Trace>> {
        Some(Box::new(Trace::Decided(trace_id)))
    }

    /// The trace id the request carried, if it is a valid one (an invalid one is
    /// never echoed).
    pub(crate) fn carried(&self) -> Option<TraceId> {
        let (carried, bytes) = match self {
            Trace::Absent => return None,
            Trace::Decided(trace_id) => return Some(*trace_id),
            #[cfg(any(feature = "axum", feature = "tonic"))]
            Trace::Http { index, value } => (*index, value.as_bytes()),
            #[cfg(feature = "actix-web")]
            Trace::Actix { index, value } => (*index, value.as_bytes()),
        };
        TraceId::from_header_lookup(|index| (index == carried).then_some(bytes))
    }

    /// Decides the trace id once: the one carried, else a fresh one.
    fn decide(&mut self) -> TraceId {
        if let Trace::Decided(trace_id) = self {
            return *trace_id;
        }
        let trace_id = self.carried().unwrap_or_else(TraceId::generate);
        *self = Trace::Decided(trace_id);
        trace_id
    }
}

/// What the axum and tonic layers read of a request's `http` 1 headers for its
/// scope ([`Wanted`]): in one pass over a few ([`one_pass`]), by lookups among many.
#[cfg(any(feature = "axum", feature = "tonic"))]
pub(crate) struct HttpHeaders<'h> {
    headers: &'h http::HeaderMap,
    wanted: Wanted<'h, http::HeaderValue>,
}

#[cfg(any(feature = "axum", feature = "tonic"))]
impl<'h> HttpHeaders<'h> {
    #[inline]
    pub(crate) fn read(headers: &'h http::HeaderMap) -> HttpHeaders<'h> {
        use crate::trace::TRACE_HEADERS;
        use http::header::{ACCEPT, ACCEPT_LANGUAGE};
        let wanted = if headers.is_empty() {
            Wanted::NONE
        } else if headers.keys_len() <= ONE_PASS_NAMES {
            one_pass(headers, (&ACCEPT, &ACCEPT_LANGUAGE, &TRACE_HEADERS))
        } else {
            let mut accept = headers.get_all(ACCEPT).iter();
            let mut accept_language = headers.get_all(ACCEPT_LANGUAGE).iter();
            Wanted {
                trace: TRACE_HEADERS.each_ref().map(|name| headers.get(name)),
                accept: [accept.next(), accept.next()],
                accept_language: [accept_language.next(), accept_language.next()],
            }
        };
        HttpHeaders { headers, wanted }
    }

    /// The trace id the headers carry, as [`TraceId::from_headers`] reads it and the
    /// scope keeps it ([`Wanted::trace`]).
    #[inline]
    pub(crate) fn trace(&self, parse_now: bool) -> Option<Box<Trace>> {
        let keep = |index, value| Trace::Http { index, value };
        self.wanted
            .trace(parse_now, keep, http::HeaderValue::as_bytes)
    }

    /// The request's `Accept`, as [`Accept::of`] keeps it.
    #[cfg(feature = "axum")]
    #[inline]
    pub(crate) fn accept(&self, settings: &Settings) -> Accept {
        let all = || self.headers.get_all(http::header::ACCEPT).iter();
        let bytes = http::HeaderValue::as_bytes;
        self.wanted.accept(settings, all, Accept::Http, bytes)
    }

    /// The request's `Accept-Language`, kept for the error path
    /// ([`Wanted::accept_language`]).
    #[cfg(feature = "fluent")]
    #[inline]
    pub(crate) fn accept_language(&self) -> Option<AcceptLanguage> {
        let all = || self.headers.get_all(http::header::ACCEPT_LANGUAGE).iter();
        self.wanted
            .accept_language(all, AcceptLanguage::Http, http::HeaderValue::as_bytes)
    }
}

/// The request's `Accept-Language` value, which only an error response of a type
/// with Fluent files reads: kept as the framework holds it, a cheap clone, and
/// negotiated on the error path.
#[cfg(feature = "fluent")]
#[derive(Clone, Debug)]
pub(crate) enum AcceptLanguage {
    /// In `http` 1 (axum, tonic).
    #[cfg(any(feature = "axum", feature = "tonic"))]
    Http(http::HeaderValue),
    /// In actix-web's `http` 0.2.
    #[cfg(feature = "actix-web")]
    Actix(actix_web::http::header::HeaderValue),
    /// Several lines, combined into one list.
    Combined(http::HeaderValue),
}

#[cfg(feature = "fluent")]
impl AcceptLanguage {
    /// The lines of a request's `Accept-Language` as one list, `a, b`; `None` if the
    /// result is no header value (each line was one, so it always is).
    fn combined<'v>(lines: impl Iterator<Item = &'v [u8]>) -> Option<AcceptLanguage> {
        let mut list = Vec::new();
        for line in lines {
            if !list.is_empty() {
                list.extend_from_slice(b", ");
            }
            list.extend_from_slice(line);
        }
        http::HeaderValue::from_bytes(&list)
            .ok()
            .map(AcceptLanguage::Combined)
    }

    /// The value as `Context::with_accept_language` takes it (actix-web's copied).
    fn value(&self) -> Option<http::HeaderValue> {
        match self {
            AcceptLanguage::Combined(value) => Some(value.clone()),
            #[cfg(any(feature = "axum", feature = "tonic"))]
            AcceptLanguage::Http(value) => Some(value.clone()),
            #[cfg(feature = "actix-web")]
            AcceptLanguage::Actix(value) => http::HeaderValue::from_bytes(value.as_bytes()).ok(),
        }
    }
}

/// The most bytes of a request path kept inline; a longer one is allocated.
const INLINE_PATH: usize = 62;

/// The request's path, the `instance` of its errors: inline when short, so that a
/// successful request does not allocate for it.
#[derive(Clone, Debug)]
enum RequestPath {
    Inline { len: u8, bytes: [u8; INLINE_PATH] },
    Long(Box<str>),
}

impl RequestPath {
    #[inline]
    fn new(path: &str) -> RequestPath {
        match path.len() {
            len @ 0..=INLINE_PATH => {
                let mut bytes = [0; INLINE_PATH];
                bytes[..len].copy_from_slice(path.as_bytes());
                RequestPath::Inline {
                    len: len as u8,
                    bytes,
                }
            }
            _ => RequestPath::Long(path.into()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // Whole UTF-8 text copied byte for byte, so this cannot fail.
            RequestPath::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            RequestPath::Long(path) => path,
        }
    }
}

/// Calls `f` with the scope of the request being served on this thread, if any.
fn with_current<R>(f: impl FnOnce(&Scope) -> R) -> Option<R> {
    CURRENT.is_set().then(|| CURRENT.with(f))
}

/// Calls `f` with the context of the request being served, or with
/// `Context::default()` outside the layer or middleware.
pub(crate) fn with_context<R>(f: impl FnOnce(&Context) -> R) -> R {
    match with_current(Scope::error_context) {
        Some(ctx) => f(&ctx),
        None => f(&Context::default()),
    }
}

/// The trace id of the request being served, for the `TraceId` extractor: `None`
/// outside the layer or middleware.
pub(crate) fn served_trace_id() -> Option<TraceId> {
    with_current(Scope::trace_id)
}

/// Inside a layer, records that `error` is answered as a gRPC `Status` of its code,
/// for the tonic layer's telemetry; outside one, nothing.
#[cfg(feature = "tonic")]
pub(crate) fn note_grpc<E: ApiError + ?Sized>(error: &E) {
    with_current(|scope| scope.record.note_grpc(error));
}

/// Runs `f` with `scope` as the request being served on this thread, catching a
/// panic: `Err` with the panic's message. Whatever was current before (an outer
/// layer's scope, or none) is current again when it returns.
pub(crate) fn in_scope<R>(scope: &Scope, f: impl FnOnce() -> R) -> Result<R, String> {
    let caught = CURRENT.set(scope, || catch_unwind(AssertUnwindSafe(f)));
    caught.map_err(|payload| log::panic_message(&*payload).to_owned())
}

pin_project_lite::pin_project! {
    /// Where the layer's and the middleware's response futures are: serving the
    /// request (`F`, the app's future, polled inside the request's scope with its
    /// panics caught), answering the panic its call raised, replacing a framework
    /// error response (`R`, a boxed future: the rare path), or done.
    #[project = ServingProjection]
    pub(crate) enum Serving<F, R> {
        Called { #[pin] future: F },
        Panicked { message: String },
        Replacing { future: R },
        Done,
    }
}

/// What a response future's [`Serving`] state gave when polled.
pub(crate) enum Polled<O, T> {
    /// The app's future's output, or the message of the panic its call or a poll
    /// raised.
    Served(Result<O, String>),
    /// The replacement of a framework error response.
    Replaced(T),
}

impl<F, R> Serving<F, R> {
    /// Calls a service with `argument` (the request) inside `scope`, catching a
    /// panic in the call itself (before any future exists), and serves the future it
    /// returns. The future is written straight into this state, which already sits
    /// in the response future, and the request reaches the call by reference rather
    /// than captured: each move of either on the way in or out of the scope and the
    /// unwinding machinery is a copy of all of it (about 120 instructions a request on
    /// axum, together).
    pub(crate) fn call<A>(&mut self, scope: &Scope, argument: A, call: impl FnOnce(A) -> F) {
        let mut argument = Some(argument);
        let called = in_scope(scope, || {
            if let Some(argument) = argument.take() {
                *self = Serving::Called {
                    future: call(argument),
                };
            }
        });
        if let Err(message) = called {
            *self = Serving::Panicked { message };
        }
    }

    /// Drops the app's future if it is still being served (the request was
    /// cancelled: the client went away, a timeout dropped the response future), inside
    /// `scope`, as each poll ran: what its drop runs (a guard that renders an error or
    /// reads the trace id) finds the request's scope, and a panic there is logged with
    /// the request's trace id instead of unwinding into the server.
    pub(crate) fn drop_in(mut self: Pin<&mut Self>, scope: &Scope) {
        if !matches!(*self, Serving::Called { .. }) {
            return;
        }
        if let Err(message) = in_scope(scope, || self.set(Serving::Done)) {
            contained_panic(&scope.error_context(), &message);
        }
    }
}

impl<F: Future, R: Future + Unpin> Serving<F, R> {
    /// Polls the app's future inside `scope`, or the replacement. Not polled again
    /// once it gave its output: a `Done` state is pending forever.
    pub(crate) fn poll_in(
        self: Pin<&mut Self>,
        scope: &Scope,
        cx: &mut TaskContext<'_>,
    ) -> Poll<Polled<F::Output, R::Output>> {
        let served = match self.project() {
            ServingProjection::Called { future } => in_scope(scope, || future.poll(cx)),
            ServingProjection::Panicked { message } => Err(std::mem::take(message)),
            ServingProjection::Replacing { future } => {
                return Pin::new(future).poll(cx).map(Polled::Replaced);
            }
            ServingProjection::Done => return Poll::Pending,
        };
        match served {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(output)) => Poll::Ready(Polled::Served(Ok(output))),
            Err(message) => Poll::Ready(Polled::Served(Err(message))),
        }
    }

    /// Starts replacing a framework error response: polls `future` once, and keeps
    /// it to poll again when it is not ready.
    pub(crate) fn start_replacing(
        mut self: Pin<&mut Self>,
        mut future: R,
        cx: &mut TaskContext<'_>,
    ) -> Poll<R::Output> {
        let polled = Pin::new(&mut future).poll(cx);
        self.set(Serving::Replacing { future });
        polled
    }
}

/// Renders `error` for the request being served, with a trace id even outside the
/// layer, and logs it once with that trace id.
pub(crate) fn render<E: ApiError + ?Sized>(error: &E) -> http::Response<bytes::Bytes> {
    with_context(|ctx| match ctx.trace_id() {
        Some(trace_id) => {
            log::log_request_error(error, error.descriptor(), trace_id, ctx);
            tagged(error.to_response(ctx), error)
        }
        None => {
            let trace_id = TraceId::generate();
            log::log_request_error(error, error.descriptor(), &trace_id, ctx);
            tagged(
                error.to_response(&ctx.clone().with_trace_id(trace_id)),
                error,
            )
        }
    })
}

/// `response` with `error`'s record for the layer's telemetry ([`telemetry::tag`]).
fn tagged<E: ApiError + ?Sized>(
    mut response: http::Response<bytes::Bytes>,
    error: &E,
) -> http::Response<bytes::Bytes> {
    telemetry::tag(&mut response, error);
    response
}

/// The response to a request whose handler panicked: an opaque `internal_error`;
/// the panic message goes to the log only.
pub(crate) fn panic_response(ctx: &Context, message: &str) -> http::Response<bytes::Bytes> {
    let (error, ctx) = contained_panic(ctx, message);
    let mut response = error.to_response(&ctx);
    telemetry::tag_panic(&mut response, &error, message);
    response
}

/// A handler's panic, logged with its message: the opaque `internal_error` a client
/// gets instead, and the context (with its trace id) to render it with.
pub(crate) fn contained_panic(ctx: &Context, message: &str) -> (HttpError, Context) {
    let trace_id = ctx.trace_id_or_generate();
    log::log_panic(&trace_id, ctx, message);
    let error = HttpError::internal().in_registry_of(ctx);
    (error, ctx.clone().with_trace_id(trace_id))
}

/// What the layer or middleware does with a response on its way out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outgoing {
    /// Keep it, with `X-Trace-Id` set; `overwrite` is false for a response this
    /// crate rendered, which carries its own.
    Kept { overwrite: bool },
    /// The framework's own empty or plain-text error: replace it with an `HttpError`.
    Replaced,
}

/// How to treat a response: whether this crate `rendered` it, its status and its
/// `Content-Type` (looked up only for an error status, not on every success). A
/// success, or an error whose body has the handler's own type, is kept.
pub(crate) fn outgoing<'a>(
    rendered: bool,
    status: u16,
    content_type: impl FnOnce() -> Option<&'a [u8]>,
) -> Outgoing {
    if rendered {
        Outgoing::Kept { overwrite: false }
    } else if (400..=599).contains(&status) && is_replaceable(content_type()) {
        Outgoing::Replaced
    } else {
        Outgoing::Kept { overwrite: true }
    }
}

/// The framework error `error` rendered under `ctx` with `trace_id`, and logged.
pub(crate) fn replacement<E: ApiError>(
    error: &E,
    ctx: &Context,
    trace_id: TraceId,
) -> http::Response<bytes::Bytes> {
    log::log_request_error(error, error.descriptor(), &trace_id, ctx);
    tagged(
        error.to_response(&ctx.clone().with_trace_id(trace_id)),
        error,
    )
}

/// The most bytes of a framework's plain-text error body read as its message.
pub(crate) const MAX_FRAMEWORK_TEXT: usize = 4096;

/// The framework's text from a plain-text error body: `None` when it is empty,
/// blank or not UTF-8.
pub(crate) fn framework_text(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Whether a response's `Content-Type` (if any) says its body is the framework's
/// plain text, which the integrations replace; a body of any other type is the
/// handler's own and is left alone.
pub(crate) fn is_replaceable(content_type: Option<&[u8]>) -> bool {
    match content_type {
        None => true,
        Some(value) => {
            let essence = value.split(|&byte| byte == b';').next().unwrap_or_default();
            essence.trim_ascii().eq_ignore_ascii_case(b"text/plain")
        }
    }
}

/// Who answered with a framework error response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// An extractor rejected the request before the handler ran.
    Extractor,
    /// The handler (or the router: unknown route, wrong method) chose the status.
    Handler,
}

/// The [`HttpError`] for a framework's response: an extractor's plain-text 400 or
/// 422 is a rejection (`invalid_request`, `validation_failed`); anything else,
/// including a handler's own `(StatusCode::BAD_REQUEST, "text")`, gets its status's
/// canonical code (`bad_request`, `unprocessable_content`, ...).
///
/// A handler's 4xx text, which the client is shown, is redacted as a `Display`
/// message is, unless `ctx` turned redaction off: like `Display`, it is whatever the
/// handler formatted, secrets included. A 5xx's text reaches only the log, whole, as
/// a derived error's `Display` does: redacting it would only take from the operator
/// what the client never sees. An extractor's text is the framework's word on the
/// client's own request, and stays as it is.
pub(crate) fn framework_error(
    status: http::StatusCode,
    text: Option<String>,
    origin: Origin,
    ctx: &Context,
) -> HttpError {
    match (status.as_u16(), text, origin) {
        (400 | 422, Some(text), Origin::Extractor) => HttpError::rejection(status, text),
        (_, Some(text), Origin::Handler) if ctx.redaction() && status.is_client_error() => {
            let text = crate::redact::redact(&text).unwrap_or(text);
            HttpError::new(status).with_message(text)
        }
        (_, Some(text), _) => HttpError::new(status).with_message(text),
        (_, None, _) => HttpError::new(status),
    }
}

/// The settings the axum layer and the actix-web middleware share.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Settings {
    /// The formats `Accept` chooses among, the default first.
    pub(crate) formats: Vec<Format>,
    pub(crate) policy: Policy,
    pub(crate) limits: Limits,
    /// A context holding only what every request shares: the registry, if one was
    /// given, and whether messages are redacted.
    pub(crate) base: Context,
    /// Whether a successful response carries `X-Trace-Id` even when nothing asked
    /// for the trace id (the default).
    pub(crate) success_trace_header: bool,
}

/// The builders `ErrorLayer` (axum) and `ErrorMiddleware` (actix-web) share, written
/// once: each sets one field of the type's `settings: Settings`.
macro_rules! settings_builders {
    ($ty:ident) => {
        impl $ty {
            #[doc = concat!("The same as `", stringify!($ty), "::default()`.")]
            pub fn new() -> $ty {
                $ty::default()
            }

            /// Sets the body format the service answers with
            /// ([`Format::Problem`](crate::Format::Problem) by default). A client
            /// may still ask for the problem document or the envelope (`Accept`)
            /// when the format is the other of the two (error responses then carry
            /// `Vary: Accept`); any other format is the only one answered with.
            /// [`formats`](Self::formats) enables several.
            #[must_use]
            pub fn format(mut self, format: crate::Format) -> $ty {
                self.settings.formats = crate::integrations::accept::enabled_with(format);
                self
            }

            /// Enables several body formats: each request is answered in the one
            /// its `Accept` header prefers by quality value, the first on a tie or
            /// when it names none of them. An empty list keeps the current formats;
            /// formats after the eighth are never chosen. While more than one is
            /// enabled, error responses carry `Vary: Accept`.
            ///
            /// ```ignore
            /// .formats([Format::Google, Format::Problem, Format::JsonApi])
            /// ```
            #[must_use]
            pub fn formats(mut self, formats: impl IntoIterator<Item = crate::Format>) -> $ty {
                let formats: Vec<crate::Format> = formats.into_iter().collect();
                if !formats.is_empty() {
                    self.settings.formats = formats;
                }
                self
            }

            /// Sets the policy ([`Policy::Production`](crate::Policy::Production) by
            /// default).
            #[must_use]
            pub fn policy(mut self, policy: crate::Policy) -> $ty {
                self.settings.policy = policy;
                self
            }

            /// Sets the limits on message length and violation count.
            #[must_use]
            pub fn limits(mut self, limits: crate::Limits) -> $ty {
                self.settings.limits = limits;
                self
            }

            /// Turns redaction of `Display`-based messages on (the default) or off, as
            /// [`Context::with_redaction`](crate::Context::with_redaction) does, and with
            /// it that of the plain-text error bodies handlers answer with (axum's
            /// `(StatusCode::BAD_REQUEST, text)`, actix-web's
            /// `HttpResponse::BadRequest().body(text)` or `ErrorBadRequest(text)`),
            /// which become the `detail`. An extractor's rejection text is never
            /// redacted. See the [`redact`](crate::redact) module for what is removed.
            #[must_use]
            pub fn redaction(mut self, enabled: bool) -> $ty {
                self.settings.set_redaction(enabled);
                self
            }

            /// Answers the framework's own errors (rejections, unknown routes, panics)
            /// with the registry `C`'s entry when it has one for the same code and
            /// status, so that a `validation_failed` or `internal_error` has one title
            /// and one type URI whoever raised it. See
            /// [`Context::with_framework_codes`](crate::Context::with_framework_codes).
            #[must_use]
            pub fn framework_codes<C: crate::ErrorCodes>(mut self) -> $ty {
                self.settings.set_framework_codes::<C>();
                self
            }

            /// Answers the framework's own errors (rejections, unknown routes, panics)
            /// with the variant of `E` (or of a type it forwards to) that has the same
            /// code and status, if one has: a contained panic then answers the
            /// service's own `internal_error`, with its title and type URI, not the
            /// canonical `about:blank` one. A registry given with `framework_codes`
            /// is asked first. See
            /// [`Context::with_framework_errors`](crate::Context::with_framework_errors).
            #[must_use]
            pub fn framework_errors<E: crate::ApiError>(mut self) -> $ty {
                self.settings.set_framework_errors::<E>();
                self
            }

            /// Sets `X-Trace-Id` on every successful response (`true`, the default), or,
            /// with `false`, only on error responses and on the successful ones whose
            /// handler read the [`TraceId`](crate::TraceId) (an error response always
            /// carries it). Off, a successful request whose handler does not read it
            /// neither generates a trace id nor sets the header: the cheapest the
            /// service can be on a success (see BENCHMARKS.md).
            #[must_use]
            pub fn trace_header_on_success(mut self, enabled: bool) -> $ty {
                self.settings.success_trace_header = enabled;
                self
            }

            /// The former name of `framework_codes`, renamed because "codes" also
            /// names a registry's own codes (`Catalog::with_codes`).
            #[doc(hidden)]
            #[deprecated(note = "renamed to `framework_codes`")]
            #[must_use]
            pub fn codes<C: crate::ErrorCodes>(self) -> $ty {
                self.framework_codes::<C>()
            }
        }
    };
}

pub(crate) use settings_builders;

/// The `tower::Layer` the axum and tonic `ErrorLayer`s share, written once: the
/// layer (a `settings: Settings`, its builders) and the `ErrorService` it wraps
/// around the inner service; each file writes only the service's `call`.
#[cfg(any(feature = "axum", feature = "tonic"))]
macro_rules! tower_layer {
    ($(#[$layer_doc:meta])* ; $(#[$service_doc:meta])*) => {
        $(#[$layer_doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq)]
        pub struct ErrorLayer {
            settings: Settings,
        }

        settings_builders!(ErrorLayer);

        impl<S> ::tower::Layer<S> for ErrorLayer {
            type Service = ErrorService<S>;

            fn layer(&self, inner: S) -> ErrorService<S> {
                ErrorService {
                    inner,
                    settings: ::std::sync::Arc::new(self.settings.clone()),
                }
            }
        }

        $(#[$service_doc])*
        #[derive(Clone, Debug)]
        pub struct ErrorService<S> {
            inner: S,
            /// Shared: axum clones the service for every request.
            settings: ::std::sync::Arc<Settings>,
        }
    };
}

#[cfg(any(feature = "axum", feature = "tonic"))]
pub(crate) use tower_layer;

/// What the layer or middleware reads of a request to build its context.
pub(crate) struct RequestFacts<'a> {
    /// The trace id its span or headers carry, as the scope keeps it.
    pub(crate) trace: Option<Box<Trace>>,
    pub(crate) method: http::Method,
    pub(crate) path: &'a str,
    pub(crate) accept: Accept,
    /// Its `Accept-Language`, kept for the error path.
    #[cfg(feature = "fluent")]
    pub(crate) accept_language: Option<AcceptLanguage>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            formats: super::accept::enabled_with(Format::default()),
            policy: Policy::default(),
            limits: Limits::default(),
            base: Context::default(),
            success_trace_header: true,
        }
    }
}

impl Settings {
    /// Sets whether `Display`-based messages are redacted.
    pub(crate) fn set_redaction(&mut self, enabled: bool) {
        self.base = std::mem::take(&mut self.base).with_redaction(enabled);
    }

    /// Answers the framework's own errors with the registry `C`'s entries.
    pub(crate) fn set_framework_codes<C: crate::ErrorCodes>(&mut self) {
        self.base = std::mem::take(&mut self.base).with_framework_codes::<C>();
    }

    /// Answers the framework's own errors with the descriptors of `E`'s variants.
    pub(crate) fn set_framework_errors<E: crate::ApiError>(&mut self) {
        self.base = std::mem::take(&mut self.base).with_framework_errors::<E>();
    }

    /// What the layer or middleware keeps of one request while serving it: the
    /// trace id it carries (decided later when it carries none), its method, its
    /// path (the `instance` of its errors) and the format it negotiates.
    #[inline]
    pub(crate) fn scope(self: &Arc<Settings>, request: RequestFacts<'_>) -> Scope {
        Scope {
            settings: self.clone(),
            method: request.method,
            path: RequestPath::new(request.path),
            accept: request.accept,
            #[cfg(feature = "fluent")]
            accept_language: request.accept_language,
            trace: Cell::new(request.trace),
            asked: Cell::new(false),
            #[cfg(feature = "tonic")]
            record: telemetry::RecordSlot::default(),
        }
    }
}

/// The requests the header readers' tests read (axum's and tonic's, actix-web's).
#[cfg(all(test, any(feature = "axum", feature = "tonic", feature = "actix-web")))]
pub(crate) mod header_cases {
    /// Calls `check` with each request's headers in order: repeated, invalid and
    /// missing trace headers, several `Accept` and `Accept-Language` values; each
    /// alone, and again behind 13 other names, which are read by lookups.
    pub(crate) fn each(mut check: impl FnMut(&[(String, &'static str)])) {
        let valid = "4bf92f3577b34da6a3ce929d0e0e4736";
        let parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        let requests: [&[(&str, &'static str)]; 6] = [
            &[],
            &[
                ("x-request-id", "second"),
                ("x-trace-id", valid),
                ("x-trace-id", "later"),
            ],
            &[
                ("x-trace-id", "bad id!"),
                ("traceparent", parent),
                ("accept-language", "de"),
            ],
            &[
                ("accept", "application/json"),
                ("accept", "text/html"),
                ("accept", "*/*"),
            ],
            &[
                ("accept-language", "fr"),
                ("accept-language", "de"),
                ("host", "a"),
                ("accept-language", "en;q=0.1"),
            ],
            &[("x-request-id", valid), ("accept", "application/json")],
        ];
        for request in requests {
            for padding in [0, super::ONE_PASS_NAMES + 1] {
                let mut headers: Vec<(String, &'static str)> = (0..padding)
                    .map(|index| (format!("x-pad-{index}"), "pad"))
                    .collect();
                headers.extend(
                    request
                        .iter()
                        .map(|(name, value)| ((*name).to_owned(), *value)),
                );
                check(&headers);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{INLINE_PATH, Outgoing, RequestPath, is_replaceable, outgoing};

    #[cfg(feature = "axum")]
    #[test]
    fn accept_is_kept_when_single_and_negotiated_now_when_several() {
        use super::{Accept, Settings};
        use crate::Format;
        use http::header::{ACCEPT, HeaderMap, HeaderValue};

        let settings = Settings::default();
        let accept = |values: &[&'static str]| {
            let mut headers = HeaderMap::new();
            for value in values {
                headers.append(ACCEPT, HeaderValue::from_static(value));
            }
            let kept = Accept::of(
                &settings,
                || headers.get_all(ACCEPT).iter(),
                Accept::Http,
                HeaderValue::as_bytes,
            );
            (kept.clone(), kept.format(&settings.formats))
        };
        assert!(matches!(accept(&[]), (Accept::Absent, Format::Problem)));
        let envelope = accept(&["application/json;q=0.9, application/problem+json;q=0.1"]);
        assert!(matches!(envelope, (Accept::Http(_), Format::Envelope)));
        let several = accept(&["application/problem+json;q=0.1", "application/json;q=0.9"]);
        assert!(matches!(
            several,
            (Accept::Negotiated(Format::Envelope), Format::Envelope)
        ));
    }

    /// Read in one pass or by lookups, a request's headers give what `TraceId` and
    /// `get_all` give: each trace header's first value in order of preference, the
    /// first two values of `Accept` and of `Accept-Language`, and all of the latter's
    /// lines as the value kept.
    #[cfg(any(feature = "axum", feature = "tonic"))]
    #[test]
    fn request_headers_read_in_one_pass_are_the_lookups() {
        use super::HttpHeaders;
        use crate::TraceId;
        use http::header::{ACCEPT, ACCEPT_LANGUAGE, HeaderMap, HeaderName, HeaderValue};

        super::header_cases::each(|request| {
            let mut headers = HeaderMap::new();
            for (name, value) in request {
                let name = HeaderName::try_from(name.as_str()).expect("a name");
                headers.append(name, HeaderValue::from_static(value));
            }
            let read = HttpHeaders::read(&headers);
            let accept: Vec<_> = headers.get_all(ACCEPT).iter().take(2).collect();
            for parse_now in [false, true] {
                let trace = read.trace(parse_now);
                let trace_id = trace.and_then(|trace| trace.carried());
                assert_eq!(trace_id, TraceId::from_headers(&headers), "{request:?}");
            }
            let wanted = &read.wanted;
            let read_accept: Vec<_> = wanted.accept.iter().flatten().copied().collect();
            assert_eq!(read_accept, accept, "{request:?}");
            let languages: Vec<_> = headers.get_all(ACCEPT_LANGUAGE).iter().collect();
            let read_languages: Vec<_> = wanted.accept_language.iter().flatten().copied().collect();
            assert_eq!(
                read_languages,
                languages[..languages.len().min(2)],
                "{request:?}"
            );
            // Kept for the error path: every line, as one list.
            #[cfg(feature = "fluent")]
            {
                let kept = read.accept_language().and_then(|kept| kept.value());
                let lines: Vec<&str> = languages
                    .iter()
                    .map(|line| line.to_str().expect("ASCII"))
                    .collect();
                let combined = (!lines.is_empty()).then(|| lines.join(", "));
                assert_eq!(
                    kept.as_ref().map(|kept| kept.to_str().expect("ASCII")),
                    combined.as_deref(),
                    "{request:?}"
                );
            }
        });
    }

    /// A scope for `path` with `trace_id` carried, as the layers build one (with
    /// `X-Trace-Id` on a success only when something asked for the id).
    fn scope(path: &str, trace_id: Option<&str>) -> super::Scope {
        let trace = trace_id.and_then(crate::TraceId::parse);
        scope_with(path, trace.and_then(super::Trace::decided))
    }

    /// A scope for `path` with `trace` as the layers keep it.
    fn scope_with(path: &str, trace: Option<Box<super::Trace>>) -> super::Scope {
        let settings = std::sync::Arc::new(super::Settings {
            success_trace_header: false,
            ..super::Settings::default()
        });
        settings.scope(super::RequestFacts {
            trace,
            method: http::Method::GET,
            path,
            accept: super::Accept::Absent,
            #[cfg(feature = "fluent")]
            accept_language: None,
        })
    }

    /// The `instance` of the context an error would be rendered with now, `None`
    /// outside any scope.
    fn current_path() -> Option<String> {
        super::with_context(|ctx| ctx.instance().map(str::to_owned))
    }

    /// The scope is current only inside `in_scope`; a nested one hides the outer one
    /// until it returns, or panics, and the outer one is current again after.
    #[test]
    fn a_scope_is_current_only_inside_and_nested_scopes_restore_the_outer() {
        let (outer, inner) = (scope("/outer", None), scope("/inner", None));
        assert_eq!(current_path(), None);
        assert_eq!(super::served_trace_id(), None);
        let served = super::in_scope(&outer, || {
            assert_eq!(current_path().as_deref(), Some("/outer"));
            let nested = super::in_scope(&inner, current_path);
            assert_eq!(nested, Ok(Some("/inner".to_owned())));
            let panicked: Result<(), String> =
                super::in_scope(&inner, || panic!("in the inner scope"));
            assert_eq!(panicked, Err("in the inner scope".to_owned()));
            current_path()
        });
        assert_eq!(served, Ok(Some("/outer".to_owned())));
        assert_eq!(current_path(), None);
    }

    /// A carried id is the request's; a missing one is generated once, when first
    /// asked for, and then answered every time, on the response too.
    #[test]
    fn a_scope_decides_its_trace_id_once() {
        let carried = scope("/", Some("carried-id"));
        let id = super::in_scope(&carried, super::served_trace_id);
        assert_eq!(
            id.map(|id| id.map(|id| id.to_string())),
            Ok(Some("carried-id".into()))
        );

        let fresh = scope("/", None);
        assert_eq!(fresh.response_trace_id(false), None, "asked by nothing");
        let first = super::in_scope(&fresh, super::served_trace_id);
        let first = first.ok().flatten().expect("an id inside the scope");
        assert_eq!(fresh.trace_id(), first);
        assert_eq!(
            fresh.response_trace_id(false),
            Some(first),
            "asked by a handler"
        );
        assert_ne!(scope("/", None).trace_id(), first, "one id per request");
    }

    /// The id a response carries when nothing asked for one before: a kept trace
    /// header's, parsed then, if it is valid, else a fresh one; never the invalid
    /// text.
    #[cfg(any(feature = "axum", feature = "tonic"))]
    #[test]
    fn a_response_carries_the_kept_trace_header_if_valid_else_a_fresh_id() {
        let kept = |value| {
            let value = http::HeaderValue::from_static(value);
            Some(Box::new(super::Trace::Http { index: 0, value }))
        };
        let valid = scope_with("/", kept("kept-id"));
        let answered = valid.response_trace_id(true).map(|id| id.to_string());
        assert_eq!(answered.as_deref(), Some("kept-id"));
        assert_eq!(valid.trace_id().as_str(), "kept-id");

        let invalid = scope_with("/", kept("bad id!"));
        let fresh = invalid.response_trace_id(true).expect("an id on an error");
        assert_ne!(fresh.as_str(), "bad id!");
        assert_eq!(crate::TraceId::parse(fresh.as_str()), Some(fresh));
    }

    #[test]
    fn a_request_path_is_kept_whole_inline_or_not() {
        let long = format!("/{}", "é".repeat(INLINE_PATH));
        let at_limit = "a".repeat(INLINE_PATH);
        for path in ["", "/accounts/7", "/é/ü", at_limit.as_str(), long.as_str()] {
            assert_eq!(RequestPath::new(path).as_str(), path);
        }
        assert!(matches!(
            RequestPath::new(&at_limit),
            RequestPath::Inline { .. }
        ));
        assert!(matches!(RequestPath::new(&long), RequestPath::Long(_)));
    }

    #[test]
    fn only_plain_text_and_empty_bodies_are_replaced() {
        assert!(is_replaceable(None));
        assert!(is_replaceable(Some(b"text/plain; charset=utf-8")));
        assert!(is_replaceable(Some(b"TEXT/PLAIN")));
        assert!(!is_replaceable(Some(b"application/json")));
        assert!(!is_replaceable(Some(b"text/html")));
    }

    #[test]
    fn only_the_frameworks_own_error_responses_are_replaced() {
        let text = Some(&b"text/plain"[..]);
        let json = Some(&b"application/json"[..]);
        let kept = Outgoing::Kept { overwrite: true };
        let cases = [
            (false, 404, None, Outgoing::Replaced),
            (false, 599, text, Outgoing::Replaced),
            (false, 422, json, kept),
            (false, 200, None, kept),
            (false, 399, text, kept),
            (true, 404, None, Outgoing::Kept { overwrite: false }),
        ];
        for (rendered, status, content_type, expected) in cases {
            let got = outgoing(rendered, status, || content_type);
            assert_eq!(got, expected, "rendered {rendered}, status {status}");
        }
    }
}

//! The one writer of bodies: problem documents and envelopes are written here,
//! straight from the error value and its static descriptor, into one buffer. The
//! variable parts go through the writers of `writer.rs`.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderMap, HeaderValue, VARY};

use crate::constants::TRACE_ID_HEADER;
use crate::format::{
    Builtin, Captured, DebugParts, DebugRanges, Direct, ErrorView, Facts, content_type_value,
    set_error_code,
};
use crate::locale::Localized;
use crate::writer::{Headers, Layout, Members, push_display};
use crate::{Context, ErrorDescriptor, Format, Limits, Policy, TraceId, WireFormat, json, log};

/// What the renderer reads of an error: its static facts and how it writes its
/// variable parts. `error.rs` implements it for every `ApiError`, so that this module
/// needs nothing of the trait whose provided methods call it (no import circle).
pub(crate) trait Render: std::error::Error {
    /// `ApiError::descriptor`.
    fn facts(&self) -> &'static ErrorDescriptor;
    /// `ApiError::__members`.
    fn write_members(&self, members: &mut Members<'_>);
    /// `ApiError::__headers`.
    fn write_headers(&self, headers: &mut Headers<'_>);
    /// `ApiError::__fluent_args`.
    #[cfg(feature = "fluent")]
    fn fluent_args<'a>(&'a self, args: &mut crate::localizer::FieldArgs<'a>);
}

/// The most causes of a source chain the `debug` member lists.
const MAX_SOURCES: usize = 32;

/// The whole response for `error` under `ctx`, and `Vary: Accept` when its format was
/// negotiated among several: a cache must not answer a request that asks for another
/// format with it.
pub(crate) fn response<E: Render + ?Sized>(error: &E, ctx: &Context) -> http::Response<Bytes> {
    let mut response = respond(error, ctx);
    if ctx.varies_by_accept() {
        response
            .headers_mut()
            .append(VARY, HeaderValue::from_static("accept"));
    }
    response
}

/// The whole response for `error` under `ctx`.
fn respond<E: Render + ?Sized>(error: &E, ctx: &Context) -> http::Response<Bytes> {
    let generated;
    let trace_id = match ctx.trace_id() {
        Some(trace_id) => trace_id,
        None => {
            generated = TraceId::generate();
            &generated
        }
    };
    let format = ctx.format();
    let localized = localization(error.facts(), ctx);
    if !matches!(format, Format::Problem | Format::Envelope) {
        return other_response(error, ctx, (format, localized), trace_id);
    }
    let (body, trace_at) = write_body(error, ctx, (format, localized), trace_id);
    let body = Bytes::from(body);
    // The body holds the trace id verbatim: the header shares those bytes instead of
    // copying them into an allocation of its own.
    let trace_value =
        HeaderValue::from_maybe_shared(body.slice(trace_at..trace_at + trace_id.as_bytes().len()));
    let mut response = http::Response::new(body);
    *response.status_mut() = error.facts().status();
    let headers = response.headers_mut();
    if let Some(content_type) = content_type_value(format) {
        headers.insert(CONTENT_TYPE, content_type);
    }
    if let Ok(value) = trace_value {
        headers.insert(TRACE_ID_HEADER, value);
    }
    write_headers(error, headers, trace_id);
    if let Some(localized) = localized {
        localized.set_headers(headers);
    }
    response
}

/// Writes the variant's `#[api(header)]` fields into `headers`.
#[inline]
fn write_headers<E: Render + ?Sized>(error: &E, headers: &mut HeaderMap, trace_id: &TraceId) {
    let written = catch_unwind(AssertUnwindSafe(|| {
        error.write_headers(&mut Headers::new(headers, trace_id))
    }));
    if written.is_err() {
        log::render_failure(
            trace_id,
            "a header field's Display panicked; headers after it were left out",
        );
    }
}

/// The whole response for `error` in a format besides the problem document and the
/// envelope. Not inlined: the problem document's path stays as small as it was.
#[inline(never)]
fn other_response<E: Render + ?Sized>(
    error: &E,
    ctx: &Context,
    (format, localized): (Format, Option<Localized>),
    trace_id: &TraceId,
) -> http::Response<Bytes> {
    match (format.builtin(), format.wire()) {
        (Some(builtin), _) => builtin_response(error, ctx, (format, localized), builtin, trace_id),
        (None, Some(wire)) => wire_response(error, ctx, (format, localized), wire, trace_id),
        (None, None) => respond(error, &ctx.clone().with_format(Format::Problem)),
    }
}

/// The whole response for `error` in a built-in wire format: written straight from
/// `Members` as the problem document is, the variant's headers first (Google's
/// `RetryInfo` reads `Retry-After`).
#[inline(never)]
fn builtin_response<E: Render + ?Sized>(
    error: &E,
    ctx: &Context,
    (format, localized): (Format, Option<Localized>),
    builtin: Builtin,
    trace_id: &TraceId,
) -> http::Response<Bytes> {
    let descriptor = shown_descriptor(error, localized);
    let mut answer = http::Response::new(Bytes::new());
    *answer.status_mut() = descriptor.status();
    write_headers(error, answer.headers_mut(), trace_id);
    let facts = Facts {
        descriptor,
        trace_id,
        instance: ctx.instance(),
        headers: answer.headers(),
    };
    // Room for what most bodies take: one allocation.
    let mut out = Vec::with_capacity(512);
    let mut direct = Direct::begin(builtin, &facts, &mut out);
    let mut members = Members::direct(&mut out, &mut direct, ctx.limits(), ctx.redaction());
    write_variable_parts(error, &mut members, localized.as_ref(), trace_id);
    let debug = (ctx.policy() == Policy::Development).then(|| {
        let mut buffer = Vec::new();
        let ranges = write_debug(&mut buffer, error, ctx.limits());
        (buffer, ranges)
    });
    let debug = debug
        .as_ref()
        .map(|(buffer, ranges)| DebugParts { buffer, ranges });
    let trace_at = direct.finish(&facts, debug, &mut out);
    let body_len = out.len();
    // A format that does not write the trace id (FastAPI) has it after the body, in
    // the same allocation, and the body cut before it.
    let trace_at = trace_at.unwrap_or_else(|| {
        out.extend_from_slice(trace_id.as_bytes());
        body_len
    });
    let body = Bytes::from(out);
    let trace_value = shared_trace_value(&body, Some(trace_at), trace_id);
    *answer.body_mut() = body.slice(..body_len);
    let headers = answer.headers_mut();
    if let Some(value) = content_type_value(format) {
        headers.insert(CONTENT_TYPE, value);
    }
    if let Some(value) = trace_value {
        headers.insert(TRACE_ID_HEADER, value);
    }
    if builtin == Builtin::Microsoft {
        set_error_code(descriptor, headers);
    }
    if let Some(localized) = localized {
        localized.set_headers(headers);
    }
    answer
}

/// The whole response for `error` in a [`WireFormat`]: the variable parts are
/// written apart first, then the format arranges them. A format whose `write_body`
/// panics is logged, and the problem document answers instead.
#[inline(never)]
fn wire_response<E: Render + ?Sized>(
    error: &E,
    ctx: &Context,
    (format, localized): (Format, Option<Localized>),
    wire: &dyn WireFormat,
    trace_id: &TraceId,
) -> http::Response<Bytes> {
    let mut scratch = Scratch::take();
    let mut variant_headers = HeaderMap::new();
    write_headers(error, &mut variant_headers, trace_id);
    let debug = capture(error, ctx, localized, trace_id, &mut scratch);
    let view = ErrorView {
        descriptor: shown_descriptor(error, localized),
        buffer: &scratch.parts,
        captured: &scratch.captured,
        debug,
        headers: &variant_headers,
        trace_id,
        instance: ctx.instance(),
        policy: ctx.policy(),
        limits: ctx.limits(),
        trace_at: Cell::new(None),
    };
    // Room for the parts and what a format adds around them: one allocation for most
    // bodies.
    let mut body = Vec::with_capacity(scratch.parts.len() + 512);
    let written = catch_unwind(AssertUnwindSafe(|| wire.write_body(&view, &mut body)));
    let mut trace_at = view.trace_at.get();
    let body_len = body.len();
    if trace_at.is_none() {
        // The format did not write the trace id: it goes after the body, in the same
        // allocation, and the body is cut before it.
        trace_at = Some(body_len);
        body.extend_from_slice(trace_id.as_bytes());
    }
    let body = Bytes::from(body);
    let trace_value = shared_trace_value(&body, trace_at, trace_id);
    let mut answer = http::Response::new(body.slice(..body_len));
    *answer.status_mut() = error.facts().status();
    let headers = answer.headers_mut();
    if let Some(value) = content_type_value(format) {
        headers.insert(CONTENT_TYPE, value);
    }
    if let Some(value) = trace_value {
        headers.insert(TRACE_ID_HEADER, value);
    }
    for (name, value) in &variant_headers {
        headers.append(name, value.clone());
    }
    if let Some(localized) = localized {
        localized.set_headers(headers);
    }
    // The format's own headers go straight into the response's.
    let added = catch_unwind(AssertUnwindSafe(|| wire.headers(&view, headers)));
    scratch.give_back();
    let complete = written.is_ok() && added.is_ok() && headers.contains_key(CONTENT_TYPE);
    if !complete {
        log::render_failure(
            trace_id,
            "a wire format panicked or named an invalid media type; the problem document was used",
        );
        return respond(error, &ctx.clone().with_format(Format::Problem));
    }
    answer
}

/// The `X-Trace-Id` value: the body's own bytes where the trace id was written (by
/// the format with `ErrorView::push_trace_id`, if they are still there, or after
/// the body), else a copy.
fn shared_trace_value(body: &Bytes, at: Option<usize>, trace_id: &TraceId) -> Option<HeaderValue> {
    let end = at.map(|at| at..at + trace_id.as_bytes().len());
    match end {
        Some(range) if body.get(range.clone()) == Some(trace_id.as_bytes()) => {
            HeaderValue::from_maybe_shared(body.slice(range)).ok()
        }
        _ => HeaderValue::from_bytes(trace_id.as_bytes()).ok(),
    }
}

/// The buffers a wire format's parts are captured into, kept per thread between
/// responses so that capturing allocates nothing once warm. A response rendered
/// while another is (a `Display` that renders an error) takes fresh ones.
#[derive(Default)]
struct Scratch {
    parts: Vec<u8>,
    captured: Captured,
}

thread_local! {
    static SCRATCH: std::cell::Cell<Scratch> = std::cell::Cell::new(Scratch::default());
}

/// The most room kept between responses: a rare huge error does not pin its
/// buffer to the thread.
const MAX_KEPT_SCRATCH: usize = 16 * 1024;

impl Scratch {
    fn take() -> Scratch {
        let mut scratch = SCRATCH.try_with(std::cell::Cell::take).unwrap_or_default();
        if scratch.parts.capacity() == 0 {
            scratch.parts.reserve(256);
        }
        scratch
    }

    fn give_back(mut self) {
        if self.parts.capacity() > MAX_KEPT_SCRATCH {
            return;
        }
        self.parts.clear();
        self.captured.clear();
        let _ = SCRATCH.try_with(|cell| cell.set(self));
    }
}

/// The variable parts of `error` written into `scratch` one by one, as a
/// [`WireFormat`] reads them: the message (the constant or generic one when the
/// variant wrote none), field, violations, extensions, and in development the
/// `debug` parts, whose places it returns.
fn capture<E: Render + ?Sized>(
    error: &E,
    ctx: &Context,
    localized: Option<Localized>,
    trace_id: &TraceId,
    scratch: &mut Scratch,
) -> Option<DebugRanges> {
    let mut members = Members::capturing(
        &mut scratch.parts,
        &mut scratch.captured,
        ctx.limits(),
        ctx.redaction(),
    );
    write_variable_parts(error, &mut members, localized.as_ref(), trace_id);
    let debug = ctx.policy() == Policy::Development;
    debug.then(|| write_debug(&mut scratch.parts, error, ctx.limits()))
}

/// The body of `error` in `format`, with `trace_id`.
pub(crate) fn body<E: Render + ?Sized>(
    error: &E,
    ctx: &Context,
    format: Format,
    trace_id: &TraceId,
) -> Vec<u8> {
    let localized = localization(error.facts(), ctx);
    write_body(error, ctx, (format, localized), trace_id).0
}

/// The body of `error` in `format`, and where in it the trace id starts.
///
/// Not inlined: one copy per error type serves `to_response`, `to_problem` and
/// `to_envelope` (and a profile can tell the body from the response around it).
#[inline(never)]
fn write_body<E: Render + ?Sized>(
    error: &E,
    ctx: &Context,
    (format, localized): (Format, Option<Localized>),
    trace_id: &TraceId,
) -> (Vec<u8>, usize) {
    let descriptor = shown_descriptor(error, localized);
    let head = match format {
        Format::Envelope => descriptor.json.envelope_head,
        _ => descriptor.json.problem_head,
    };
    // Room for the head, a message, the trace id and the closing braces: one
    // allocation for most bodies.
    let mut out = Vec::with_capacity(head.len() + 256);
    out.extend_from_slice(head.as_bytes());
    let layout = match format {
        Format::Envelope => Layout::Envelope,
        _ => Layout::Problem,
    };
    let mut members = Members::new(&mut out, layout, ctx.limits(), ctx.redaction());
    write_variable_parts(error, &mut members, localized.as_ref(), trace_id);
    if let (Format::Problem, Some(instance)) = (format, ctx.instance()) {
        out.extend_from_slice(b",\"instance\":");
        json::push_string(&mut out, instance);
    }
    out.extend_from_slice(b",\"trace_id\":\"");
    let trace_at = out.len();
    out.extend_from_slice(trace_id.as_bytes());
    out.push(b'"');
    if ctx.policy() == Policy::Development {
        out.extend_from_slice(b",\"debug\":");
        write_debug(&mut out, error, ctx.limits());
    }
    out.extend_from_slice(match format {
        Format::Envelope => b"}}",
        _ => b"}",
    });
    (out, trace_at)
}

/// The descriptor a response shows: the error's own, or, localized, a copy with the
/// title in the response's locale. Every format reads the title from it.
#[inline]
fn shown_descriptor<E: Render + ?Sized>(
    error: &E,
    localized: Option<Localized>,
) -> &'static ErrorDescriptor {
    match localized {
        Some(localized) => localized.descriptor(),
        None => error.facts(),
    }
}

/// The message and, for an exposed variant, its fields, through `members`: in every
/// format, the one place the message is chosen. A localized detail replaces the
/// variant's own message; without either, the constant or generic sentence.
///
/// The localized detail is written first, where the variant's own message goes: the
/// built-in wire formats place the message before the other parts.
#[inline(always)]
fn write_variable_parts<'m, E: Render + ?Sized>(
    error: &E,
    members: &mut Members<'m>,
    localized: Option<&'m Localized>,
    trace_id: &TraceId,
) {
    let descriptor = error.facts();
    if let Some(localized) = localized {
        members.localize(localized);
        if localized.has_detail() {
            write_localized_detail(error, members, localized, trace_id);
            write_fallback_message(members, descriptor);
            members.skip_own_message();
        }
    }
    if descriptor.writes_members() {
        write_members(error, members, trace_id);
    }
    // Close `details` first: a message that failed to render falls back here, after
    // the fields, and must land beside `details`, not inside it.
    members.close_details();
    write_fallback_message(members, descriptor);
}

/// The constant or generic sentence, when no message was written.
#[inline(always)]
fn write_fallback_message(members: &mut Members<'_>, descriptor: &ErrorDescriptor) {
    if !members.wrote_message() {
        members.constant_message(descriptor);
    }
}

/// The localized detail of `error`, an exposed variant's fields its Fluent variables;
/// a field's `Display` that panics leaves the message to the generic fallback.
#[cfg(feature = "fluent")]
fn write_localized_detail<E: Render + ?Sized>(
    error: &E,
    members: &mut Members<'_>,
    localized: &Localized,
    trace_id: &TraceId,
) {
    let exposed = error.facts().expose;
    localized.write_detail(members, |args| {
        if !exposed {
            return Ok(());
        }
        catch_unwind(AssertUnwindSafe(|| error.fluent_args(args))).map_err(|_| {
            log::render_failure(
                trace_id,
                "a field's Display panicked; the generic message was used",
            );
        })
    });
}

#[cfg(not(feature = "fluent"))]
fn write_localized_detail<E: Render + ?Sized>(
    _: &E,
    _: &mut Members<'_>,
    localized: &Localized,
    _: &TraceId,
) {
    match *localized {}
}

/// The localization a response of `descriptor` under `ctx` is written in, if its type
/// has Fluent files.
#[cfg(feature = "fluent")]
#[inline(always)]
fn localization(descriptor: &'static ErrorDescriptor, ctx: &Context) -> Option<Localized> {
    // A type without Fluent files, the common case, costs this one test.
    descriptor.localizer?;
    Localized::choose(descriptor, ctx.requested_locale())
}

#[cfg(not(feature = "fluent"))]
fn localization(_: &'static ErrorDescriptor, _: &Context) -> Option<Localized> {
    None
}

/// The variant's own message and fields, through `members`; on a panic, nothing of
/// them (the caller writes the generic message).
#[inline]
fn write_members<E: Render + ?Sized>(error: &E, members: &mut Members<'_>, trace_id: &TraceId) {
    let start = members.len();
    if catch_unwind(AssertUnwindSafe(|| error.write_members(members))).is_err() {
        log::render_failure(
            trace_id,
            "a field's Display or Serialize panicked; the generic message was used",
        );
        members.rollback(start);
    }
    if members.failed() {
        log::render_failure(
            trace_id,
            "a field's Display or Serialize failed, or an extension was over \
             Limits::max_extension_bytes; the generic message was used or the member left out",
        );
    }
}

/// `{"message","type","source":[…]}`, the `debug` member: development policy only.
/// Returns where its parts are.
fn write_debug<E: Render + ?Sized>(out: &mut Vec<u8>, error: &E, limits: Limits) -> DebugRanges {
    let start = out.len();
    out.extend_from_slice(b"{\"message\":");
    let message_start = out.len();
    push_display(out, error, limits.max_message_chars);
    let message = message_start..out.len();
    out.extend_from_slice(b",\"type\":");
    let type_name = std::any::type_name::<E>();
    json::push_string(out, type_name);
    out.extend_from_slice(b",\"source\":");
    let sources_start = out.len();
    out.push(b'[');
    // A `source()` that panics ends the chain; one that never ends (an error that
    // is its own source) is cut after `MAX_SOURCES` causes.
    let mut source = catch_unwind(AssertUnwindSafe(|| error.source()))
        .ok()
        .flatten();
    let mut written = 0;
    while let Some(cause) = source {
        if written == MAX_SOURCES {
            break;
        }
        if written > 0 {
            out.push(b',');
        }
        written += 1;
        push_display(out, cause, limits.max_message_chars);
        source = source_of(cause);
    }
    out.push(b']');
    let sources = sources_start..out.len();
    out.push(b'}');
    DebugRanges {
        object: start..out.len(),
        message,
        sources,
        type_name,
    }
}

/// `error.source()`, or `None` if it panics.
fn source_of<'e>(
    error: &'e (dyn std::error::Error + 'static),
) -> Option<&'e (dyn std::error::Error + 'static)> {
    catch_unwind(AssertUnwindSafe(|| error.source()))
        .ok()
        .flatten()
}

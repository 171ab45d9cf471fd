//! What the axum layer and the actix-web middleware share: the request's `Context`,
//! carried in a task-local while a request is served, the settings and their
//! builders, and the replacement of the framework's own error responses.
// With `tonic` alone, the HTTP-only parts (replacing framework bodies) go unused.
#![cfg_attr(not(any(feature = "axum", feature = "actix-web")), allow(dead_code))]

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::pin;
use std::sync::Arc;
use std::task::Poll;

use super::telemetry;
use crate::{ApiError, Context, Format, HttpError, Limits, Policy, TraceId, log};

tokio::task_local! {
    /// The context of the request being served, set by the layer or middleware.
    /// Shared, not copied: it is entered twice per request (calling the handler,
    /// polling its future), and a clone of a `Context` copies its instance string.
    static CONTEXT: Arc<Context>;
}

/// Calls `f` with the context of the request being served, or with
/// `Context::default()` outside the layer or middleware.
pub(crate) fn with_context<R>(f: impl FnOnce(&Context) -> R) -> R {
    match CONTEXT.try_with(Arc::clone) {
        Ok(ctx) => f(&ctx),
        Err(_) => f(&Context::default()),
    }
}

/// Runs `f` with `ctx` as the request's context.
pub(crate) fn sync_scope<R>(ctx: Arc<Context>, f: impl FnOnce() -> R) -> R {
    CONTEXT.sync_scope(ctx, f)
}

/// Polls `future` with `ctx` as the request's context, catching a panic in any poll.
/// A future that panicked is dropped, never polled again.
pub(crate) async fn scope_catching<F: Future>(
    ctx: Arc<Context>,
    future: F,
) -> Result<F::Output, String> {
    let mut future = pin!(CONTEXT.scope(ctx, future));
    std::future::poll_fn(move |cx| {
        match catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Err(payload) => Poll::Ready(Err(log::panic_message(&*payload).to_owned())),
        }
    })
    .await
}

/// Calls a service with `ctx` as the request's context, catching a panic in the
/// call itself (before any future exists); the future is then polled with
/// [`scope_catching`].
pub(crate) fn call_catching<F>(ctx: &Arc<Context>, call: impl FnOnce() -> F) -> Result<F, String> {
    catch_unwind(AssertUnwindSafe(|| sync_scope(ctx.clone(), call)))
        .map_err(|payload| log::panic_message(&*payload).to_owned())
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
/// `Content-Type`. A success, or an error whose body has the handler's own type, is
/// kept.
pub(crate) fn outgoing(rendered: bool, status: u16, content_type: Option<&[u8]>) -> Outgoing {
    if rendered {
        Outgoing::Kept { overwrite: false }
    } else if (400..=599).contains(&status) && is_replaceable(content_type) {
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
/// A handler's text is redacted as a `Display` message is, unless `ctx` turned
/// redaction off: like `Display`, it is whatever the handler formatted, secrets
/// included. An extractor's text is the framework's word on the client's own
/// request, and stays as it is.
pub(crate) fn framework_error(
    status: http::StatusCode,
    text: Option<String>,
    origin: Origin,
    ctx: &Context,
) -> HttpError {
    match (status.as_u16(), text, origin) {
        (400 | 422, Some(text), Origin::Extractor) => HttpError::rejection(status, text),
        (_, Some(text), Origin::Handler) if ctx.redaction() => {
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
            /// when the format is the other of the two; any other format is the only
            /// one answered with. [`formats`](Self::formats) enables several.
            #[must_use]
            pub fn format(mut self, format: crate::Format) -> $ty {
                self.settings.formats = crate::integrations::accept::enabled_with(format);
                self
            }

            /// Enables several body formats: each request is answered in the one
            /// its `Accept` header prefers by quality value, the first on a tie or
            /// when it names none of them. An empty list keeps the current formats;
            /// formats after the eighth are never chosen.
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
                    settings: self.settings.clone(),
                }
            }
        }

        $(#[$service_doc])*
        #[derive(Clone, Debug)]
        pub struct ErrorService<S> {
            inner: S,
            settings: Settings,
        }
    };
}

#[cfg(any(feature = "axum", feature = "tonic"))]
pub(crate) use tower_layer;

/// What the layer or middleware reads of a request to build its context.
pub(crate) struct RequestFacts<'a, A> {
    /// The trace id its headers carry, if valid.
    pub(crate) trace_id: Option<TraceId>,
    pub(crate) method: http::Method,
    pub(crate) path: &'a str,
    /// Its `Accept` header values.
    pub(crate) accept: A,
    /// Its `Accept-Language` header, negotiated only if an error is rendered.
    #[cfg(feature = "fluent")]
    pub(crate) accept_language: Option<&'a [u8]>,
}

/// `ctx` answering in the locale `accept_language` (the request's header, if any)
/// negotiates: kept as it is, and read only when an error of a type with Fluent files
/// is rendered, so a success pays for one header lookup.
#[cfg(feature = "fluent")]
pub(crate) fn with_accept_language(ctx: Context, accept_language: Option<&[u8]>) -> Context {
    let value = accept_language.and_then(|value| http::HeaderValue::from_bytes(value).ok());
    ctx.with_accept_language(value)
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            formats: super::accept::enabled_with(Format::default()),
            policy: Policy::default(),
            limits: Limits::default(),
            base: Context::default(),
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

    /// The context of one request: its trace id (read from the headers, or fresh),
    /// its method, its path as the instance, and the format it negotiates.
    pub(crate) fn context<'a>(
        &self,
        request: RequestFacts<'_, impl Iterator<Item = &'a [u8]>>,
    ) -> Context {
        let format = super::accept::negotiate(&self.formats, request.accept);
        let ctx = self.base.for_request(
            request.trace_id.unwrap_or_else(TraceId::generate),
            request.method,
            request.path.to_owned(),
            (self.policy, format, self.limits),
        );
        #[cfg(feature = "fluent")]
        let ctx = with_accept_language(ctx, request.accept_language);
        ctx
    }
}

#[cfg(test)]
mod tests {
    use super::{Outgoing, is_replaceable, outgoing};

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
            let got = outgoing(rendered, status, content_type);
            assert_eq!(got, expected, "rendered {rendered}, status {status}");
        }
    }
}

//! What the framework integrations share: the request's `Context`, carried in a
//! task-local while a request is served, content negotiation, and the settings of
//! the layer or middleware.

mod accept;
#[cfg(feature = "actix-web")]
pub mod actix;
#[cfg(feature = "axum")]
pub mod axum;

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::pin;
use std::task::Poll;

use crate::{ApiError, Context, Format, HttpError, Limits, Policy, TraceId, log};

tokio::task_local! {
    /// The context of the request being served, set by the layer or middleware.
    static CONTEXT: Context;
}

/// Calls `f` with the context of the request being served, or with
/// `Context::default()` outside the layer or middleware.
pub(crate) fn with_context<R>(f: impl FnOnce(&Context) -> R) -> R {
    match CONTEXT.try_with(Context::clone) {
        Ok(ctx) => f(&ctx),
        Err(_) => f(&Context::default()),
    }
}

/// Runs `f` with `ctx` as the request's context.
pub(crate) fn sync_scope<R>(ctx: Context, f: impl FnOnce() -> R) -> R {
    CONTEXT.sync_scope(ctx, f)
}

/// Polls `future` with `ctx` as the request's context, catching a panic in any poll.
/// A future that panicked is dropped, never polled again.
pub(crate) async fn scope_catching<F: Future>(
    ctx: Context,
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

/// Renders `error` for the request being served, with a trace id even outside the
/// layer, and logs it once with that trace id.
pub(crate) fn render<E: ApiError + ?Sized>(error: &E) -> http::Response<bytes::Bytes> {
    with_context(|ctx| match ctx.trace_id() {
        Some(trace_id) => {
            log::log_request_error(error, trace_id, ctx);
            error.to_response(ctx)
        }
        None => {
            let trace_id = TraceId::generate();
            log::log_request_error(error, &trace_id, ctx);
            error.to_response(&ctx.clone().with_trace_id(trace_id))
        }
    })
}

/// The response to a request whose handler panicked: an opaque `internal_error`;
/// the panic message goes to the log only.
pub(crate) fn panic_response(ctx: &Context, message: &str) -> http::Response<bytes::Bytes> {
    let trace_id = ctx.trace_id_or_generate();
    log::log_panic(&trace_id, ctx, message);
    HttpError::internal()
        .in_registry_of(ctx)
        .to_response(&ctx.clone().with_trace_id(trace_id))
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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Settings {
    pub(crate) format: Format,
    pub(crate) policy: Policy,
    pub(crate) limits: Limits,
    /// A context holding only what every request shares: the registry, if one was
    /// given, and whether messages are redacted.
    pub(crate) base: Context,
}

/// What the layer or middleware reads of a request to build its context.
pub(crate) struct RequestFacts<'a, A> {
    /// The trace id its headers carry, if valid.
    pub(crate) trace_id: Option<TraceId>,
    pub(crate) method: http::Method,
    pub(crate) path: &'a str,
    /// Its `Accept` header values.
    pub(crate) accept: A,
}

impl Settings {
    /// Sets whether `Display`-based messages are redacted.
    pub(crate) fn set_redaction(&mut self, enabled: bool) {
        self.base = std::mem::take(&mut self.base).with_redaction(enabled);
    }

    /// Answers the framework's own errors with the registry `C`'s entries.
    pub(crate) fn set_codes<C: crate::ErrorCodes>(&mut self) {
        self.base = std::mem::take(&mut self.base).with_codes::<C>();
    }

    /// Answers the framework's own errors with the descriptors of `E`'s variants.
    pub(crate) fn set_errors<E: ApiError>(&mut self) {
        self.base = std::mem::take(&mut self.base).with_errors::<E>();
    }

    /// The context of one request: its trace id (read from the headers, or fresh),
    /// its method, its path as the instance, and the format it negotiates.
    pub(crate) fn context<'a>(
        &self,
        request: RequestFacts<'_, impl Iterator<Item = &'a [u8]>>,
    ) -> Context {
        self.base
            .clone()
            .with_trace_id(request.trace_id.unwrap_or_else(TraceId::generate))
            .with_method(request.method)
            .with_instance(request.path.to_owned())
            .with_policy(self.policy)
            .with_format(accept::negotiate(self.format, request.accept))
            .with_limits(self.limits)
    }
}

#[cfg(test)]
mod tests {
    use super::is_replaceable;

    #[test]
    fn only_plain_text_and_empty_bodies_are_replaced() {
        assert!(is_replaceable(None));
        assert!(is_replaceable(Some(b"text/plain; charset=utf-8")));
        assert!(is_replaceable(Some(b"TEXT/PLAIN")));
        assert!(!is_replaceable(Some(b"application/json")));
        assert!(!is_replaceable(Some(b"text/html")));
    }
}

//! What the framework integrations share: the request's `Context`, carried in a
//! task-local while a request is served, content negotiation, and the settings of
//! the layer or middleware.

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
            log::log_error(error, trace_id);
            error.to_response(ctx)
        }
        None => {
            let trace_id = TraceId::generate();
            log::log_error(error, &trace_id);
            error.to_response(&ctx.clone().with_trace_id(trace_id))
        }
    })
}

/// The response to a request whose handler panicked: an opaque `internal_error`;
/// the panic message goes to the log only.
pub(crate) fn panic_response(ctx: &Context, message: &str) -> http::Response<bytes::Bytes> {
    let trace_id = ctx.trace_id_or_generate();
    log::log_panic(&trace_id, ctx.instance(), message);
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

/// The [`HttpError`] for a framework's response: a plain-text 400 or 422 is an
/// extractor's rejection; anything else gets its status's canonical code.
pub(crate) fn framework_error(status: http::StatusCode, text: Option<String>) -> HttpError {
    match (status.as_u16(), text) {
        (400 | 422, Some(text)) => HttpError::rejection(status, text),
        (_, Some(text)) => HttpError::new(status).with_message(text),
        (_, None) => HttpError::new(status),
    }
}

/// The settings the axum layer and the actix-web middleware share.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Settings {
    pub(crate) format: Format,
    pub(crate) policy: Policy,
    pub(crate) limits: Limits,
    /// A context holding only the registry, if one was given.
    pub(crate) codes: Context,
}

impl Settings {
    /// The context of one request: its trace id (read from the headers, or fresh),
    /// its path as the instance, and the format it negotiates.
    pub(crate) fn context<'a>(
        &self,
        trace_id: Option<TraceId>,
        path: &str,
        accept: impl Iterator<Item = &'a [u8]>,
    ) -> Context {
        let format = match self.format {
            Format::Envelope if asks_for_problem(accept) => Format::Problem,
            format => format,
        };
        self.codes
            .clone()
            .with_trace_id(trace_id.unwrap_or_else(TraceId::generate))
            .with_instance(path.to_owned())
            .with_policy(self.policy)
            .with_format(format)
            .with_limits(self.limits)
    }
}

/// Whether an `Accept` header names `application/problem+json` with a non-zero
/// quality. Wildcards do not count: they accept the service's own format too.
fn asks_for_problem<'a>(values: impl Iterator<Item = &'a [u8]>) -> bool {
    values
        .filter_map(|value| std::str::from_utf8(value).ok())
        .flat_map(|value| value.split(','))
        .any(|range| {
            let mut parts = range.split(';');
            let media_type = parts.next().unwrap_or_default().trim();
            media_type.eq_ignore_ascii_case(crate::PROBLEM_JSON)
                && parts.all(|parameter| !is_zero_quality(parameter))
        })
}

fn is_zero_quality(parameter: &str) -> bool {
    match parameter.split_once('=') {
        Some((name, value)) if name.trim().eq_ignore_ascii_case("q") => value
            .trim()
            .parse::<f32>()
            .is_ok_and(|quality| quality <= 0.0),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{asks_for_problem, is_replaceable};

    fn asks(accept: &str) -> bool {
        asks_for_problem(std::iter::once(accept.as_bytes()))
    }

    #[test]
    fn accept_negotiation_looks_for_problem_json() {
        assert!(asks("application/problem+json"));
        assert!(asks("text/html, Application/Problem+JSON; q=0.9"));
        assert!(!asks("application/problem+json;q=0"));
        assert!(!asks("application/problem+json; q=0.0"));
        assert!(!asks("application/json"));
        assert!(!asks("*/*"));
        assert!(!asks("application/problem+jsonx"));
    }

    #[test]
    fn only_plain_text_and_empty_bodies_are_replaced() {
        assert!(is_replaceable(None));
        assert!(is_replaceable(Some(b"text/plain; charset=utf-8")));
        assert!(is_replaceable(Some(b"TEXT/PLAIN")));
        assert!(!is_replaceable(Some(b"application/json")));
        assert!(!is_replaceable(Some(b"text/html")));
    }
}

//! The request's telemetry (features `opentelemetry` and `metrics`, described for
//! users in `crate::telemetry`): the trace id of the request's OpenTelemetry span,
//! and what each error response records on that span and in the `apierror.errors`
//! counter.
//!
//! Two hooks, called by every layer or middleware (the axum layer, the actix-web
//! middleware, and any later one):
//!
//! 1. where it builds the request's context, [`Telemetry::current`] captures the
//!    current `tracing` span and the matched route, and [`Telemetry::trace_id`] is
//!    the trace id to prefer over the headers' one;
//! 2. where it has the final response, [`Telemetry::finish`] records the
//!    [`ErrorRecord`] that the renderer left as a response extension ([`tag`],
//!    [`tag_panic`]): nothing for a success.
//!
//! With neither feature on, all of it compiles to nothing: no extension is inserted,
//! no span is kept.
//! Only the HTTP layers call the hooks; the tonic layer does not yet (a `Status` has
//! no extensions to carry the record).
#![cfg_attr(
    not(all(
        any(feature = "opentelemetry", feature = "metrics"),
        any(feature = "axum", feature = "actix-web")
    )),
    allow(unused_variables, dead_code)
)]

use crate::{ApiError, TraceId};

#[cfg(any(feature = "opentelemetry", feature = "metrics"))]
use crate::telemetry::ERROR_COUNTER as COUNTER;

/// What a layer knows of one request for its telemetry.
#[derive(Debug)]
pub(crate) struct Telemetry {
    /// The request's span: the current one when the layer was called.
    #[cfg(feature = "opentelemetry")]
    span: tracing::Span,
    /// The route the request matched, as declared (`/accounts/{id}`), never the raw
    /// path, so the counter's cardinality stays bounded.
    #[cfg(any(feature = "opentelemetry", feature = "metrics"))]
    route: Option<String>,
}

impl Telemetry {
    /// Hook 1: the telemetry of the request being called, with the route it matched
    /// (`route` is only called when a feature needs it).
    pub(crate) fn current(route: impl FnOnce() -> Option<String>) -> Telemetry {
        Telemetry {
            #[cfg(feature = "opentelemetry")]
            span: tracing::Span::current(),
            #[cfg(any(feature = "opentelemetry", feature = "metrics"))]
            route: route(),
        }
    }

    /// The trace id of the request's span when it has a valid OpenTelemetry
    /// context: 32 lowercase hex digits, the W3C form, which finds the whole
    /// distributed trace. `None` without one, and without the feature.
    pub(crate) fn trace_id(&self) -> Option<TraceId> {
        #[cfg(feature = "opentelemetry")]
        {
            otel::trace_id(&self.span)
        }
        #[cfg(not(feature = "opentelemetry"))]
        None
    }

    /// Hook 2: records the error the final response carries ([`tag`]), if any, on
    /// the request's span and in the error counter. `record` reads it from the
    /// response's extensions, and is only called when a feature needs it.
    pub(crate) fn finish<'a>(&self, record: impl FnOnce() -> Option<&'a ErrorRecord>) {
        #[cfg(any(feature = "opentelemetry", feature = "metrics"))]
        if let Some(record) = record() {
            #[cfg(feature = "opentelemetry")]
            otel::record(&self.span, record, self.route.as_deref());
            #[cfg(feature = "metrics")]
            facade::count(record, self.route.as_deref());
        }
    }
}

/// What an error response tells the telemetry, carried as a response extension from
/// where the error is rendered to where the layer finishes the response. The
/// internal message and source chain are kept for a 5xx only (the span's status
/// description and `exception` event), and never reach the client.
#[derive(Clone, Debug)]
pub(crate) struct ErrorRecord {
    code: &'static str,
    status: u16,
    #[cfg(feature = "opentelemetry")]
    exception: Option<otel::Exception>,
}

/// Leaves `error`'s [`ErrorRecord`] on `response`, for the layer's [`Telemetry::finish`].
pub(crate) fn tag<E: ApiError + ?Sized, B>(response: &mut http::Response<B>, error: &E) {
    #[cfg(any(feature = "opentelemetry", feature = "metrics"))]
    {
        let descriptor = error.descriptor();
        let record = ErrorRecord {
            code: descriptor.code(),
            status: descriptor.status_u16(),
            #[cfg(feature = "opentelemetry")]
            exception: (descriptor.status_u16() >= 500).then(|| otel::Exception::of(error)),
        };
        response.extensions_mut().insert(record);
    }
}

/// Leaves on `response` the record of a contained panic: `error` (the opaque
/// `internal_error`) with the panic `message` as the internal message.
pub(crate) fn tag_panic<E: ApiError + ?Sized, B>(
    response: &mut http::Response<B>,
    error: &E,
    message: &str,
) {
    tag(response, error);
    #[cfg(not(feature = "opentelemetry"))]
    let _ = message;
    #[cfg(feature = "opentelemetry")]
    if let Some(record) = response.extensions_mut().get_mut::<ErrorRecord>() {
        record.exception = Some(otel::Exception::panic(message));
    }
}

#[cfg(feature = "opentelemetry")]
mod otel {
    use std::borrow::Cow;
    use std::io::Write as _;

    use opentelemetry::trace::{Status, TraceContextExt as _};
    use opentelemetry::{Array, InstrumentationScope, KeyValue, StringValue, Value};
    use tracing_opentelemetry::OpenTelemetrySpanExt as _;

    use super::{COUNTER, ErrorRecord};
    use crate::log::Escaped;
    use crate::{ApiError, TraceId};

    /// The most causes of one error recorded on a span, as in the log.
    const MAX_SOURCES: usize = 32;

    /// A 5xx error's internals, for the span only.
    #[derive(Clone, Debug)]
    pub(super) struct Exception {
        type_name: &'static str,
        message: String,
        sources: Vec<String>,
    }

    impl Exception {
        pub(super) fn of<E: ApiError + ?Sized>(error: &E) -> Exception {
            let mut sources = Vec::new();
            let mut source = error.source();
            while let (Some(cause), true) = (source, sources.len() < MAX_SOURCES) {
                sources.push(Escaped(cause).to_string());
                source = cause.source();
            }
            Exception {
                type_name: std::any::type_name::<E>(),
                message: Escaped(error).to_string(),
                sources,
            }
        }

        pub(super) fn panic(message: &str) -> Exception {
            Exception {
                type_name: "panic",
                message: Escaped(message).to_string(),
                sources: Vec::new(),
            }
        }
    }

    /// The trace id of `span`'s OpenTelemetry context, when valid.
    pub(super) fn trace_id(span: &tracing::Span) -> Option<TraceId> {
        let context = span.context();
        let span_context = context.span().span_context().clone();
        if !span_context.is_valid() {
            return None;
        }
        let mut hex = [0u8; 32];
        write!(&mut hex[..], "{:032x}", span_context.trace_id()).ok()?;
        TraceId::parse(std::str::from_utf8(&hex).ok()?)
    }

    /// Marks `span` as OpenTelemetry's semantic conventions for HTTP server spans
    /// say (`error.type`, `http.response.status_code`; status `Error` for a 5xx
    /// only, with an `exception` event), and counts the error in the global meter.
    pub(super) fn record(span: &tracing::Span, record: &ErrorRecord, route: Option<&str>) {
        span.set_attribute("error.type", record.code);
        span.set_attribute("http.response.status_code", i64::from(record.status));
        if let Some(exception) = &record.exception {
            span.set_status(Status::error(exception.message.clone()));
            span.add_event("exception", exception_attributes(exception));
        }
        count(record, route);
    }

    /// The `exception` event's attributes. As tracing-opentelemetry does for an
    /// error field, `exception.stacktrace` holds the source chain, Rust errors
    /// having no portable backtrace.
    fn exception_attributes(exception: &Exception) -> Vec<KeyValue> {
        let chain: Vec<StringValue> = exception.sources.iter().cloned().map(Into::into).collect();
        vec![
            KeyValue::new("exception.type", exception.type_name),
            KeyValue::new("exception.message", exception.message.clone()),
            KeyValue::new("exception.stacktrace", Value::Array(Array::String(chain))),
        ]
    }

    /// Adds one to `apierror.errors` in the global meter provider's `apierror` meter.
    /// The instrument is looked up per error, not cached, so that a provider
    /// installed after the first error is still the one counted in.
    fn count(record: &ErrorRecord, route: Option<&str>) {
        let scope = InstrumentationScope::builder("apierror")
            .with_version(env!("CARGO_PKG_VERSION"))
            .build();
        let counter = opentelemetry::global::meter_with_scope(scope)
            .u64_counter(COUNTER)
            .with_description("Error responses, by code, status and route.")
            .build();
        let mut attributes = vec![
            KeyValue::new("error.type", record.code),
            KeyValue::new("http.response.status_code", i64::from(record.status)),
        ];
        if let Some(route) = route {
            attributes.push(KeyValue::new("http.route", Cow::Owned(route.to_owned())));
        }
        counter.add(1, &attributes);
    }
}

#[cfg(feature = "metrics")]
mod facade {
    use super::{COUNTER, ErrorRecord};

    /// Adds one to `apierror.errors` in the installed `metrics` recorder.
    pub(super) fn count(record: &ErrorRecord, route: Option<&str>) {
        let mut labels = vec![
            ("error.type", record.code.to_owned()),
            ("http.response.status_code", record.status.to_string()),
        ];
        if let Some(route) = route {
            labels.push(("http.route", route.to_owned()));
        }
        metrics::counter!(COUNTER, &labels).increment(1);
    }
}

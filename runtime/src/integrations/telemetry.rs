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
//! The tonic layer calls the same hooks; a `Status` has no extensions to carry the
//! record, so a `RecordSlot` in the call's scope takes it instead, and the span
//! and counter carry `rpc.grpc.status_code` and `rpc.method`.
#![cfg_attr(
    not(all(
        any(feature = "opentelemetry", feature = "metrics"),
        any(feature = "axum", feature = "actix-web", feature = "tonic")
    )),
    allow(unused_variables, dead_code)
)]

use crate::{ApiError, GrpcCode, TraceId};

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

    /// Takes the span current now when this telemetry's span has no OpenTelemetry
    /// context: tonic enters its `trace_fn` span only while a call's future is
    /// polled, not when the layers are called.
    #[cfg(feature = "tonic")]
    pub(crate) fn or_current(&mut self, route: impl FnOnce() -> Option<String>) {
        if self.trace_id().is_none() {
            *self = Telemetry::current(route);
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
    /// The gRPC code a gRPC call answered with (`None` over HTTP): the span and the
    /// counter then carry `rpc.grpc.status_code` in place of the HTTP status.
    grpc: Option<GrpcCode>,
    #[cfg(feature = "opentelemetry")]
    exception: Option<otel::Exception>,
}

#[cfg(any(feature = "opentelemetry", feature = "metrics"))]
impl ErrorRecord {
    /// The status attribute: `http.response.status_code` over HTTP,
    /// `rpc.grpc.status_code` (the code's number) over gRPC, as OpenTelemetry's
    /// conventions name them.
    fn status_attribute(&self) -> (&'static str, i64) {
        match self.grpc {
            None => ("http.response.status_code", i64::from(self.status)),
            Some(code) => ("rpc.grpc.status_code", i64::from(code.number())),
        }
    }

    /// The route attribute: the matched route over HTTP (`http.route`), the full
    /// method over gRPC (`rpc.method`, `/accounts.Accounts/Get`): both bounded.
    fn route_key(&self) -> &'static str {
        match self.grpc {
            None => "http.route",
            Some(_) => "rpc.method",
        }
    }
}

impl ErrorRecord {
    /// The record of `error` answered over HTTP, or over gRPC with `grpc`. A server
    /// error (a 5xx; over gRPC, the codes OpenTelemetry's conventions count as the
    /// server's: `UNKNOWN`, `DEADLINE_EXCEEDED`, `UNIMPLEMENTED`, `INTERNAL`,
    /// `UNAVAILABLE`, `DATA_LOSS`) keeps its internals for the span.
    fn of<E: ApiError + ?Sized>(error: &E, grpc: Option<GrpcCode>) -> ErrorRecord {
        let descriptor = error.descriptor();
        let server_error = match grpc {
            None => descriptor.status_u16() >= 500,
            Some(code) => matches!(
                code,
                GrpcCode::Unknown
                    | GrpcCode::DeadlineExceeded
                    | GrpcCode::Unimplemented
                    | GrpcCode::Internal
                    | GrpcCode::Unavailable
                    | GrpcCode::DataLoss
            ),
        };
        #[cfg(not(feature = "opentelemetry"))]
        let _ = server_error;
        ErrorRecord {
            code: descriptor.code(),
            status: descriptor.status_u16(),
            grpc,
            #[cfg(feature = "opentelemetry")]
            exception: server_error.then(|| otel::Exception::of(error)),
        }
    }
}

/// Leaves `error`'s [`ErrorRecord`] on `response`, for the layer's [`Telemetry::finish`].
pub(crate) fn tag<E: ApiError + ?Sized, B>(response: &mut http::Response<B>, error: &E) {
    #[cfg(any(feature = "opentelemetry", feature = "metrics"))]
    response
        .extensions_mut()
        .insert(ErrorRecord::of(error, None));
}

/// Where a gRPC call's error leaves its [`ErrorRecord`]: a `tonic::Status` carries no
/// extensions, so the request's scope holds a slot, which the error's conversion to
/// `Status` fills (`shared::note_grpc`) while the tonic layer polls the call. Empty,
/// and free, without the telemetry features.
#[cfg(feature = "tonic")]
#[derive(Default)]
pub(crate) struct RecordSlot {
    /// Read and written only by the thread serving the call, while it does.
    #[cfg(any(feature = "opentelemetry", feature = "metrics"))]
    record: std::cell::Cell<Option<ErrorRecord>>,
}

#[cfg(feature = "tonic")]
impl RecordSlot {
    /// Records that `error` is answered as a `Status` of its gRPC code.
    pub(crate) fn note_grpc<E: ApiError + ?Sized>(&self, error: &E) {
        #[cfg(any(feature = "opentelemetry", feature = "metrics"))]
        self.record.set(Some(ErrorRecord::of(
            error,
            Some(error.descriptor().grpc_code()),
        )));
        #[cfg(not(any(feature = "opentelemetry", feature = "metrics")))]
        let _ = error;
    }

    /// Sets the record of a contained panic: `error` (the opaque `internal_error`)
    /// with the panic `message` as the internal message.
    pub(crate) fn set_panic<E: ApiError + ?Sized>(&self, error: &E, message: &str) {
        #[cfg(any(feature = "opentelemetry", feature = "metrics"))]
        {
            let grpc = Some(error.descriptor().grpc_code());
            #[cfg_attr(not(feature = "opentelemetry"), allow(unused_mut))]
            let mut record = ErrorRecord::of(error, grpc);
            #[cfg(feature = "opentelemetry")]
            {
                record.exception = Some(otel::Exception::panic(message));
            }
            #[cfg(not(feature = "opentelemetry"))]
            let _ = message;
            self.record.set(Some(record));
        }
        #[cfg(not(any(feature = "opentelemetry", feature = "metrics")))]
        let _ = (error, message);
    }

    /// The record an error left, if any.
    pub(crate) fn take(&self) -> Option<ErrorRecord> {
        #[cfg(any(feature = "opentelemetry", feature = "metrics"))]
        return self.record.take();
        #[cfg(not(any(feature = "opentelemetry", feature = "metrics")))]
        None
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
        let (status_key, status) = record.status_attribute();
        span.set_attribute(status_key, status);
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
        let (status_key, status) = record.status_attribute();
        let mut attributes = vec![
            KeyValue::new("error.type", record.code),
            KeyValue::new(status_key, status),
        ];
        if let Some(route) = route {
            attributes.push(KeyValue::new(
                record.route_key(),
                Cow::Owned(route.to_owned()),
            ));
        }
        counter.add(1, &attributes);
    }
}

#[cfg(feature = "metrics")]
mod facade {
    use super::{COUNTER, ErrorRecord};

    /// Adds one to `apierror.errors` in the installed `metrics` recorder.
    pub(super) fn count(record: &ErrorRecord, route: Option<&str>) {
        let (status_key, status) = record.status_attribute();
        let mut labels = vec![
            ("error.type", record.code.to_owned()),
            (status_key, status.to_string()),
        ];
        if let Some(route) = route {
            labels.push((record.route_key(), route.to_owned()));
        }
        metrics::counter!(COUNTER, &labels).increment(1);
    }
}

//! OpenTelemetry and metrics (features `opentelemetry` and `metrics`): the trace id
//! an error body carries opens the request's whole distributed trace, the failure is
//! marked on the request's span, and every error response is counted.
//!
//! With the `opentelemetry` feature, the axum `apierror::axum::ErrorLayer` and the
//! actix-web `apierror::actix::ErrorMiddleware` (each with its own feature):
//!
//! - take the error's trace id from the current `tracing` span's OpenTelemetry
//!   context when it has a valid one (tracing-opentelemetry installed): 32 lowercase
//!   hex digits, the W3C form, in the body's `trace_id`, the `X-Trace-Id` header and
//!   the log line. It wins over `X-Trace-Id`, `X-Request-Id` and `traceparent`
//!   headers. Without such a context, nothing changes;
//! - record on that span, as OpenTelemetry's semantic conventions for HTTP server
//!   spans say: `error.type` (the code) and `http.response.status_code` on every
//!   error response; for a 5xx only, the span status `Error` with the internal
//!   message as its description, and an `exception` event with `exception.type` (the
//!   Rust type), `exception.message` and `exception.stacktrace` (the source chain, as
//!   tracing-opentelemetry records an error field). None of it reaches the client;
//! - add one to the counter [`ERROR_COUNTER`] of the global meter provider's
//!   `apierror` meter, with attributes `error.type`, `http.response.status_code` and,
//!   when the request matched one, `http.route` (the route as declared,
//!   `/accounts/{id}`, never the raw path, so the counter's cardinality stays bounded).
//!
//! With the `metrics` feature the same counter, with the same labels, goes to the
//! `metrics` facade's recorder (Prometheus through `metrics-exporter-prometheus`,
//! say), with or without OpenTelemetry.
//!
//! The tonic `apierror::tonic::ErrorLayer` (feature `tonic`) does the same for gRPC
//! calls, with OpenTelemetry's gRPC names: `rpc.grpc.status_code` (the code's
//! number) in place of `http.response.status_code`, `rpc.method` (the full method,
//! `/accounts.Accounts/GetAccount`) in place of `http.route`, and status `Error` for
//! the server's codes (`UNKNOWN`, `DEADLINE_EXCEEDED`, `UNIMPLEMENTED`, `INTERNAL`,
//! `UNAVAILABLE`, `DATA_LOSS`). It reads the span tonic's `Server::trace_fn` opens,
//! which tonic enters only while the call runs.
//!
//! See the README's "OpenTelemetry" section for a whole setup and a trace found by a
//! body's id.
#![cfg_attr(
    all(feature = "axum", feature = "opentelemetry"),
    doc = include_str!("telemetry_setup.md")
)]

/// The name of the counter of error responses, `apierror.errors`, in the
/// OpenTelemetry meter (feature `opentelemetry`) and the `metrics` facade (feature
/// `metrics`).
pub const ERROR_COUNTER: &str = "apierror.errors";

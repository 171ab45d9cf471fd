//! OpenTelemetry in the demo: every request gets a `request` span whose parent is
//! whatever trace the caller propagated (`traceparent`), and with
//! `OTEL_TRACES_EXPORTER=console` the spans are printed to stdout as they end, so
//! that the trace id in an error body finds its span.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_http::HeaderExtractor;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing::Instrument as _;
use tracing_opentelemetry::OpenTelemetrySpanExt as _;

/// The request's span, with the caller's trace as its parent, wrapped around the
/// error layer: apierror reads the trace id from it and marks it when the request
/// fails. Without an OpenTelemetry layer in the subscriber, it is a plain span.
pub async fn request_span(request: Request, next: Next) -> Response {
    let span = tracing::info_span!(
        "request",
        otel.kind = "server",
        http.request.method = %request.method(),
        url.path = %request.uri().path(),
    );
    let parent = opentelemetry::global::get_text_map_propagator(|propagator| {
        propagator.extract(&HeaderExtractor(request.headers()))
    });
    // It fails only without an OpenTelemetry layer, when there is no trace to join.
    let _ = span.set_parent(parent);
    next.run(request).instrument(span).await
}

/// With `OTEL_TRACES_EXPORTER=console`, a tracer provider that prints each span to
/// stdout as it ends, and the W3C propagator installed; `None` otherwise.
pub fn console_tracer_from_env() -> Option<SdkTracerProvider> {
    if std::env::var("OTEL_TRACES_EXPORTER").as_deref() != Ok("console") {
        return None;
    }
    opentelemetry::global::set_text_map_propagator(TraceContextPropagator::new());
    let provider = SdkTracerProvider::builder()
        .with_simple_exporter(opentelemetry_stdout::SpanExporter::default())
        .build();
    Some(provider)
}

/// The `tracing` layer that turns spans into OpenTelemetry spans of `provider`.
pub fn layer<S>(
    provider: &SdkTracerProvider,
) -> tracing_opentelemetry::OpenTelemetryLayer<S, opentelemetry_sdk::trace::SdkTracer>
where
    S: tracing::Subscriber + for<'span> tracing_subscriber::registry::LookupSpan<'span>,
{
    tracing_opentelemetry::layer().with_tracer(provider.tracer("demo"))
}

//! The spans a test's requests end, through the SDK's in-memory exporter, shared by
//! the OpenTelemetry tests over HTTP (`otel.rs`) and gRPC (`otel_grpc.rs`).

use opentelemetry::trace::TracerProvider as _;
use opentelemetry::{KeyValue, Value};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider, SpanData};
use tracing::subscriber::DefaultGuard;
use tracing_subscriber::layer::SubscriberExt as _;

/// The spans this thread's requests end, exported as they end. A test runtime has
/// one thread, which a server's tasks share, so a thread-local subscriber sees them.
pub struct Spans {
    exporter: InMemorySpanExporter,
    _provider: SdkTracerProvider,
    _guard: DefaultGuard,
}

impl Spans {
    /// Installs, for this thread, a subscriber that bridges spans to OpenTelemetry.
    pub fn install() -> Spans {
        let exporter = InMemorySpanExporter::default();
        let provider = SdkTracerProvider::builder()
            .with_simple_exporter(exporter.clone())
            .build();
        let otel = tracing_opentelemetry::layer().with_tracer(provider.tracer("tests"));
        let guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(otel));
        Spans {
            exporter,
            _provider: provider,
            _guard: guard,
        }
    }

    /// The one span named `name` exported.
    pub fn one(&self, name: &str) -> SpanData {
        let spans = self.exporter.get_finished_spans().expect("finished spans");
        let mut named = spans.into_iter().filter(|span| span.name == name);
        let span = named.next().unwrap_or_else(|| panic!("a {name} span"));
        assert!(named.next().is_none(), "one {name} span");
        span
    }
}

/// The value of the attribute `key`, if set.
pub fn attribute<'a>(attributes: &'a [KeyValue], key: &str) -> Option<&'a Value> {
    let mut found = attributes.iter().filter(|kv| kv.key.as_str() == key);
    found.next().map(|kv| &kv.value)
}

/// A span's trace id as 32 lowercase hex digits.
pub fn trace_hex(span: &SpanData) -> String {
    format!("{:032x}", span.span_context.trace_id())
}

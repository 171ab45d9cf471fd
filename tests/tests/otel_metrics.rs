//! The `apierror.errors` counter over a real axum app: through the OpenTelemetry
//! meter (the SDK's in-memory metric exporter) and through the `metrics` facade (a
//! recorder of its own), one count per error response, by code, status and matched
//! route. Both are process-wide, so this binary installs them once and each test
//! reads only the routes it owns.

mod otel_app;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use axum::Router;
use axum::body::Body;
use metrics::{Counter, CounterFn, Gauge, Histogram, Key, KeyName, Metadata, SharedString, Unit};
use opentelemetry::Value;
use opentelemetry_sdk::metrics::data::{AggregatedMetrics, MetricData};
use opentelemetry_sdk::metrics::{InMemoryMetricExporter, PeriodicReader, SdkMeterProvider};
use tower::ServiceExt as _;

/// An app whose routes all start with `prefix`, so that each test counts its own.
fn app(prefix: &str) -> Router {
    otel_app::routes(prefix)
}

/// Sends the same requests in every test: two missing accounts on one route, one
/// failed report, and one unknown route.
async fn send_requests(prefix: &str) {
    for path in ["accounts/1", "accounts/2", "reports", "nowhere"] {
        let request = http::Request::get(format!("{prefix}/{path}"))
            .body(Body::empty())
            .expect("request");
        app(prefix).oneshot(request).await.expect("infallible");
    }
}

/// What each test expects of its routes: (code, status, route) and the count.
fn expected(prefix: &str) -> BTreeMap<(String, String, String), u64> {
    let row = |code: &str, status: &str, route: String, count| {
        ((code.to_owned(), status.to_owned(), route), count)
    };
    BTreeMap::from([
        row(
            "account_not_found",
            "404",
            format!("{prefix}/accounts/{{id}}"),
            2,
        ),
        row("internal_error", "500", format!("{prefix}/reports"), 1),
    ])
}

// ---------------------------------------------------------------- OpenTelemetry

static METER: OnceLock<(SdkMeterProvider, InMemoryMetricExporter)> = OnceLock::new();

fn meter() -> &'static (SdkMeterProvider, InMemoryMetricExporter) {
    METER.get_or_init(|| {
        let exporter = InMemoryMetricExporter::default();
        let reader = PeriodicReader::builder(exporter.clone()).build();
        let provider = SdkMeterProvider::builder().with_reader(reader).build();
        opentelemetry::global::set_meter_provider(provider.clone());
        (provider, exporter)
    })
}

/// The latest cumulative counts of `apierror.errors` whose route starts with
/// `prefix`, and the attributes of any count without a route.
fn otel_counts(prefix: &str) -> (BTreeMap<(String, String, String), u64>, usize) {
    let (provider, exporter) = meter();
    provider.force_flush().expect("flush");
    let exported = exporter.get_finished_metrics().expect("metrics");
    let latest = exported.last().expect("an export");
    let mut counts = BTreeMap::new();
    let mut without_route = 0;
    for metric in latest.scope_metrics().flat_map(|scope| scope.metrics()) {
        if metric.name() != "apierror.errors" {
            continue;
        }
        let AggregatedMetrics::U64(MetricData::Sum(sum)) = metric.data() else {
            panic!("apierror.errors is a u64 sum: {:?}", metric.data());
        };
        for point in sum.data_points() {
            let text = |key: &str| {
                let found = point.attributes().find(|kv| kv.key.as_str() == key);
                found.map(|kv| match &kv.value {
                    Value::I64(number) => number.to_string(),
                    other => other.as_str().into_owned(),
                })
            };
            match text("http.route") {
                Some(route) if route.starts_with(prefix) => {
                    let code = text("error.type").expect("error.type");
                    let status = text("http.response.status_code").expect("status");
                    counts.insert((code, status, route), point.value());
                }
                Some(_) => {}
                None => without_route += 1,
            }
        }
    }
    (counts, without_route)
}

#[tokio::test]
async fn the_opentelemetry_counter_counts_per_code_status_and_matched_route() {
    meter();
    send_requests("/otel").await;
    let (counts, without_route) = otel_counts("/otel");
    assert_eq!(counts, expected("/otel"));
    // The unknown route matched nothing: counted, without an `http.route`, never
    // with its raw path.
    assert!(without_route >= 1);
}

// ---------------------------------------------------------------- the `metrics` facade

type Counts = Arc<Mutex<BTreeMap<(String, Vec<(String, String)>), u64>>>;

/// A recorder that keeps each counter's total by name and labels.
#[derive(Default)]
struct Recorder {
    counts: Counts,
}

struct CounterHandle {
    key: (String, Vec<(String, String)>),
    counts: Counts,
}

impl CounterFn for CounterHandle {
    fn increment(&self, value: u64) {
        let mut counts = self.counts.lock().expect("counts");
        *counts.entry(self.key.clone()).or_default() += value;
    }

    fn absolute(&self, value: u64) {
        let mut counts = self.counts.lock().expect("counts");
        counts.insert(self.key.clone(), value);
    }
}

impl metrics::Recorder for Recorder {
    fn describe_counter(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn describe_gauge(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn describe_histogram(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}

    fn register_counter(&self, key: &Key, _: &Metadata<'_>) -> Counter {
        let labels = key.labels();
        let labels = labels.map(|label| (label.key().to_owned(), label.value().to_owned()));
        Counter::from_arc(Arc::new(CounterHandle {
            key: (key.name().to_owned(), labels.collect()),
            counts: Arc::clone(&self.counts),
        }))
    }

    fn register_gauge(&self, _: &Key, _: &Metadata<'_>) -> Gauge {
        Gauge::noop()
    }

    fn register_histogram(&self, _: &Key, _: &Metadata<'_>) -> Histogram {
        Histogram::noop()
    }
}

static RECORDED: OnceLock<Counts> = OnceLock::new();

fn recorded() -> &'static Counts {
    RECORDED.get_or_init(|| {
        let recorder = Recorder::default();
        let counts = Arc::clone(&recorder.counts);
        metrics::set_global_recorder(recorder).expect("the only recorder");
        counts
    })
}

#[tokio::test]
async fn the_metrics_facade_counter_counts_per_code_status_and_matched_route() {
    recorded();
    send_requests("/facade").await;
    let mut counts = BTreeMap::new();
    let mut without_route = 0;
    for ((name, labels), count) in recorded().lock().expect("counts").iter() {
        assert_eq!(name, "apierror.errors");
        let label = |key: &str| {
            let found = labels.iter().find(|(name, _)| name == key);
            found.map(|(_, value)| value.clone())
        };
        match label("http.route") {
            Some(route) if route.starts_with("/facade") => {
                let code = label("error.type").expect("error.type");
                let status = label("http.response.status_code").expect("status");
                counts.insert((code, status, route), *count);
            }
            Some(_) => {}
            None => without_route += 1,
        }
    }
    assert_eq!(counts, expected("/facade"));
    assert!(without_route >= 1);
}

/// A gRPC call's errors count by code, `rpc.grpc.status_code` and the full method,
/// through a real tonic server behind `apierror::tonic::ErrorLayer`.
#[tokio::test]
async fn grpc_errors_count_by_code_grpc_status_and_method() {
    recorded();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let address = listener.local_addr().expect("the bound address");
    let incoming = tonic::transport::server::TcpIncoming::from(listener);
    let handler =
        |request: accounts_grpc::GetAccount| -> Result<accounts_grpc::Account, tonic::Status> {
            Err(otel_app::AccountError::NotFound { id: request.id })?
        };
    let server = tonic::transport::Server::builder()
        .layer(apierror::tonic::ErrorLayer::default())
        .add_service(accounts_grpc::Accounts::new(handler))
        .serve_with_incoming(incoming);
    tokio::spawn(async move { server.await.expect("the server runs") });
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{address}"))
        .expect("a loopback URL")
        .connect()
        .await
        .expect("connect over loopback");
    for id in [1, 2] {
        let answer = accounts_grpc::get_account(channel.clone(), id, &[]).await;
        assert_eq!(answer.expect_err("an error").code(), tonic::Code::NotFound);
    }

    let counts = recorded().lock().expect("counts").clone();
    let grpc: Vec<_> = counts
        .iter()
        .filter(|((_, labels), _)| labels.iter().any(|(key, _)| key == "rpc.method"))
        .collect();
    let labels = vec![
        ("error.type".to_owned(), "account_not_found".to_owned()),
        ("rpc.grpc.status_code".to_owned(), "5".to_owned()),
        (
            "rpc.method".to_owned(),
            accounts_grpc::GET_ACCOUNT.to_owned(),
        ),
    ];
    assert_eq!(grpc, [(&("apierror.errors".to_owned(), labels), &2)]);
}

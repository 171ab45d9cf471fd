//! The `opentelemetry` feature over a real tonic server behind
//! `apierror::tonic::ErrorLayer`, with the SDK's in-memory span exporter: the
//! `x-trace-id` a client gets is the call's span's trace id, and the span carries
//! the error as OpenTelemetry's conventions for gRPC server spans say
//! (`rpc.grpc.status_code`; status `Error` only for the server's codes).

#[allow(dead_code)]
mod e2e;
mod otel_spans;

use accounts_grpc::{Account, Accounts, GetAccount, get_account};
use apierror::tonic::ErrorLayer;
use e2e::{AccountError, DbFailure};
use opentelemetry::Value;
use opentelemetry::propagation::TextMapPropagator as _;
use opentelemetry::trace::Status as SpanStatus;
use opentelemetry_http::HeaderExtractor;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use otel_spans::{Spans, attribute, trace_hex};
use tonic::Status;
use tonic::transport::{Channel, Endpoint, Server};
use tracing_opentelemetry::OpenTelemetrySpanExt as _;

const TRACEPARENT: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

fn handler(request: GetAccount) -> Result<Account, Status> {
    match request.id {
        404 => Err(AccountError::NotFound { id: 404 })?,
        500 => Err(AccountError::Db(DbFailure))?,
        666 => panic!("handler exploded: password=hunter2"),
        id => Ok(Account {
            id,
            name: "ada".to_owned(),
        }),
    }
}

/// Serves the accounts behind the layer, each call in a span whose parent is the
/// caller's `traceparent` (tonic's `trace_fn`, where a server opens its spans).
async fn serve() -> Channel {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let address = listener.local_addr().expect("the bound address");
    let incoming = tonic::transport::server::TcpIncoming::from(listener);
    let server = Server::builder()
        .trace_fn(|request| {
            let span = tracing::info_span!("call");
            let parent = TraceContextPropagator::new().extract(&HeaderExtractor(request.headers()));
            let _ = span.set_parent(parent);
            span
        })
        .layer(ErrorLayer::default())
        .add_service(Accounts::new(handler))
        .serve_with_incoming(incoming);
    tokio::spawn(async move { server.await.expect("the server runs") });
    Endpoint::from_shared(format!("http://{address}"))
        .expect("a loopback URL")
        .connect()
        .await
        .expect("connect over loopback")
}

async fn call(id: u64) -> Status {
    call_with(id, &[("traceparent", TRACEPARENT)]).await
}

async fn call_with(id: u64, metadata: &[(&'static str, &str)]) -> Status {
    let channel = serve().await;
    let answer = get_account(channel, id, metadata).await;
    answer.expect_err("an error status")
}

fn trace_id_of(status: &Status) -> &str {
    let value = status.metadata().get("x-trace-id").expect("x-trace-id");
    value.to_str().expect("an ASCII trace id")
}

#[tokio::test]
async fn a_client_error_marks_the_span_with_its_grpc_code_and_leaves_its_status_unset() {
    let spans = Spans::install();
    let status = call(404).await;
    let span = spans.one("call");

    assert_eq!(status.code(), tonic::Code::NotFound);
    assert_eq!(trace_hex(&span), trace_id_of(&status));
    assert_eq!(trace_id_of(&status), "4bf92f3577b34da6a3ce929d0e0e4736");
    let code = attribute(&span.attributes, "error.type");
    assert_eq!(code, Some(&Value::from("account_not_found")));
    let grpc = attribute(&span.attributes, "rpc.grpc.status_code");
    assert_eq!(grpc, Some(&Value::I64(5)));
    assert_eq!(
        attribute(&span.attributes, "http.response.status_code"),
        None
    );
    assert_eq!(span.status, SpanStatus::Unset);
}

#[tokio::test]
async fn without_a_caller_trace_the_spans_own_trace_id_is_the_one_sent() {
    let spans = Spans::install();
    let status = call_with(404, &[]).await;
    let span = spans.one("call");

    // A root span: its trace id is OpenTelemetry's, not a UUID the layer made.
    let traced = trace_hex(&span);
    assert_eq!(trace_id_of(&status), traced);
    assert_eq!(
        attribute(&span.attributes, "error.type"),
        Some(&Value::from("account_not_found"))
    );
}

#[tokio::test]
async fn a_server_error_sets_the_span_status_with_internals_the_client_never_sees() {
    let spans = Spans::install();
    let status = call(500).await;
    let span = spans.one("call");

    assert_eq!(status.code(), tonic::Code::Internal);
    assert_eq!(
        attribute(&span.attributes, "rpc.grpc.status_code"),
        Some(&Value::I64(13))
    );
    assert_eq!(
        span.status,
        SpanStatus::error("database failed (SECRET-DISPLAY)")
    );
    let exception = span.events.iter().find(|event| event.name == "exception");
    assert!(exception.is_some(), "an exception event: {:?}", span.events);
    assert!(!status.message().contains("SECRET"), "{}", status.message());
}

#[tokio::test]
async fn a_contained_panic_marks_the_span_with_the_panic_message() {
    let spans = Spans::install();
    let status = call(666).await;
    let span = spans.one("call");

    assert_eq!(status.code(), tonic::Code::Internal);
    assert!(
        !status.message().contains("hunter2"),
        "{}",
        status.message()
    );
    let SpanStatus::Error { description } = &span.status else {
        panic!("status Error, got {:?}", span.status);
    };
    assert!(description.contains("handler exploded"), "{description}");
    assert_eq!(
        attribute(&span.attributes, "error.type"),
        Some(&Value::from("internal_error"))
    );
}

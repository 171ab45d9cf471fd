//! The `opentelemetry` feature over a real axum app and the actix-web middleware,
//! with the SDK's in-memory span exporter: the body's trace id is the span's, the
//! span carries the error as OpenTelemetry's HTTP conventions say, and an app
//! without OpenTelemetry answers exactly as before.

mod otel_app;
mod otel_spans;

use actix_web::dev::Service as _;
use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::middleware::{Next, from_fn};
use axum::response::Response;
use opentelemetry::propagation::TextMapPropagator as _;
use opentelemetry::trace::Status;
use opentelemetry::{Array, Value};
use opentelemetry_http::HeaderExtractor;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::SpanData;
use otel_app::AccountError;
use otel_spans::{Spans, attribute, trace_hex};
use serde_json::{Value as Json, json};
use tower::ServiceExt as _;
use tracing::Instrument as _;
use tracing_opentelemetry::OpenTelemetrySpanExt as _;

/// The request's span, its parent taken from `traceparent` by the W3C propagator:
/// the setup the README documents.
async fn request_span(request: Request, next: Next) -> Response {
    let span = tracing::info_span!("request");
    let parent = TraceContextPropagator::new().extract(&HeaderExtractor(request.headers()));
    // Without the OpenTelemetry layer there is nothing to set: the span stays plain.
    let _ = span.set_parent(parent);
    next.run(request).instrument(span).await
}

fn app() -> Router {
    otel_app::routes("").layer(from_fn(request_span))
}

struct Answer {
    status: u16,
    header: String,
    body: Json,
}

async fn get_from(app: Router, uri: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = http::Request::get(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app
        .oneshot(request.body(Body::empty()).expect("request"))
        .await
        .expect("infallible");
    let status = response.status().as_u16();
    let header = response.headers()["x-trace-id"]
        .to_str()
        .expect("ascii")
        .to_owned();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body");
    let body = serde_json::from_slice(&bytes).expect("JSON body");
    Answer {
        status,
        header,
        body,
    }
}

/// Asserts that `span` carries `error.type` and `http.response.status_code`.
fn assert_marked(span: &SpanData, code: &str, status: i64) {
    let marked = attribute(&span.attributes, "error.type");
    assert_eq!(marked, Some(&Value::from(code.to_owned())));
    let marked = attribute(&span.attributes, "http.response.status_code");
    assert_eq!(marked, Some(&Value::I64(status)));
}

#[tokio::test]
async fn the_body_carries_the_trace_id_of_the_span_from_the_incoming_traceparent() {
    let spans = Spans::install();
    let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    // The propagated trace wins over the headers the layer reads without one.
    let headers = [("traceparent", traceparent), ("x-request-id", "req-9")];
    let answer = get_from(app(), "/accounts/7", &headers).await;
    let span = spans.one("request");

    assert_eq!(trace_hex(&span), "4bf92f3577b34da6a3ce929d0e0e4736");
    assert_eq!(answer.body["trace_id"], json!(trace_hex(&span)));
    assert_eq!(answer.header, trace_hex(&span));
    // The log line is an event of the same span, and names the same id.
    let logged = span
        .events
        .iter()
        .find(|event| event.name == "request failed");
    let logged = logged.expect("the log line, as a span event");
    let logged_id = attribute(&logged.attributes, "trace_id").map(Value::as_str);
    assert_eq!(logged_id.as_deref(), Some(trace_hex(&span).as_str()));
}

#[tokio::test]
async fn a_span_without_a_remote_parent_gives_its_own_trace_id_over_a_header() {
    let spans = Spans::install();
    let answer = get_from(app(), "/accounts/7", &[("x-trace-id", "my-trace-1")]).await;
    let span = spans.one("request");

    let id = trace_hex(&span);
    assert_eq!(id.len(), 32);
    assert!(id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')));
    assert_eq!(answer.body["trace_id"], json!(id));
    assert_eq!(answer.header, id);
}

#[tokio::test]
async fn a_4xx_marks_the_span_with_its_code_and_status_but_leaves_its_status_unset() {
    let spans = Spans::install();
    let answer = get_from(app(), "/accounts/7", &[]).await;
    let span = spans.one("request");

    assert_eq!(answer.status, 404);
    assert_marked(&span, "account_not_found", 404);
    assert_eq!(span.status, Status::Unset);
    assert!(span.events.iter().all(|event| event.name != "exception"));
}

#[tokio::test]
async fn a_5xx_sets_the_span_status_to_error_with_the_internals_that_stay_off_the_body() {
    let spans = Spans::install();
    let answer = get_from(app(), "/reports", &[]).await;
    let span = spans.one("request");

    assert_eq!(answer.status, 500);
    assert_marked(&span, "internal_error", 500);
    assert_eq!(span.status, Status::error("database unavailable"));

    let exception = span.events.iter().find(|event| event.name == "exception");
    let exception = exception.expect("an exception event");
    let message = attribute(&exception.attributes, "exception.message");
    assert_eq!(message, Some(&Value::from("database unavailable")));
    let chain = attribute(&exception.attributes, "exception.stacktrace");
    let expected = Array::String(vec!["connection refused by db.internal:5432".into()]);
    assert_eq!(chain, Some(&Value::Array(expected)));
    let kind = attribute(&exception.attributes, "exception.type").map(Value::as_str);
    assert!(
        kind.as_ref()
            .is_some_and(|kind| kind.ends_with("AccountError")),
        "{kind:?}"
    );

    let body = answer.body.to_string();
    assert!(!body.contains("database unavailable"), "{body}");
    assert!(!body.contains("db.internal"), "{body}");
    assert_eq!(answer.body["trace_id"], json!(trace_hex(&span)));
}

#[tokio::test]
async fn a_contained_panic_marks_the_span_with_the_panic_message_only() {
    let spans = Spans::install();
    let answer = get_from(app(), "/panic", &[]).await;
    let span = spans.one("request");

    assert_eq!(answer.status, 500);
    assert_marked(&span, "internal_error", 500);
    assert_eq!(span.status, Status::error("ledger index out of range"));
    assert!(
        !answer.body.to_string().contains("ledger"),
        "{}",
        answer.body
    );
    assert_eq!(answer.body["trace_id"], json!(trace_hex(&span)));
}

/// Without OpenTelemetry the trace id comes from the headers or is a fresh UUID, as
/// before, and the body is exactly what it was.
#[tokio::test]
async fn without_opentelemetry_the_answer_is_exactly_as_before() {
    let _plain = tracing::subscriber::set_default(tracing_subscriber::registry());
    let answer = get_from(app(), "/accounts/7", &[("x-trace-id", "my-trace-1")]).await;
    let expected = json!({
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "account 7 not found",
        "instance": "/accounts/7",
        "code": "account_not_found",
        "trace_id": "my-trace-1",
    });
    assert_eq!(answer.body, expected);
    assert_eq!(answer.header, "my-trace-1");

    let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    let answer = get_from(app(), "/reports", &[("traceparent", traceparent)]).await;
    assert_eq!(answer.body["trace_id"], "4bf92f3577b34da6a3ce929d0e0e4736");

    let answer = get_from(app(), "/reports", &[]).await;
    let fresh = answer.body["trace_id"].as_str().expect("a trace id");
    assert!(uuid_like(fresh), "{fresh}");
    assert_eq!(answer.header, fresh);
}

fn uuid_like(text: &str) -> bool {
    let groups: Vec<usize> = text.split('-').map(str::len).collect();
    groups == [8, 4, 4, 4, 12]
}

#[test]
fn the_actix_middleware_takes_the_trace_id_of_the_request_span() {
    use actix_web::{App, HttpResponse, web};

    async fn missing() -> Result<HttpResponse, AccountError> {
        Err(AccountError::NotFound { id: 7 })
    }

    let spans = Spans::install();
    let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    let body: Json = actix_web::rt::System::new().block_on(async {
        let app = App::new()
            .route("/accounts/7", web::get().to(missing))
            .wrap(apierror::actix::ErrorMiddleware::default())
            .wrap_fn(|request, service| {
                let span = tracing::info_span!("request");
                let headers = http_headers(request.headers());
                let parent = TraceContextPropagator::new().extract(&HeaderExtractor(&headers));
                let _ = span.set_parent(parent);
                span.in_scope(|| service.call(request)).instrument(span)
            });
        let app = actix_web::test::init_service(app).await;
        let request = actix_web::test::TestRequest::get()
            .uri("/accounts/7")
            .insert_header(("traceparent", traceparent))
            .to_request();
        actix_web::test::call_and_read_body_json(&app, request).await
    });
    let span = spans.one("request");

    assert_eq!(trace_hex(&span), "4bf92f3577b34da6a3ce929d0e0e4736");
    assert_eq!(body["trace_id"], json!(trace_hex(&span)));
    assert_marked(&span, "account_not_found", 404);
}

/// actix-web 4's headers (`http` 0.2) as `http` 1's, for `HeaderExtractor`.
fn http_headers(headers: &actix_web::http::header::HeaderMap) -> http::HeaderMap {
    let mut converted = http::HeaderMap::new();
    for (name, value) in headers {
        let name = http::HeaderName::from_bytes(name.as_str().as_bytes());
        let value = http::HeaderValue::from_bytes(value.as_bytes());
        if let (Ok(name), Ok(value)) = (name, value) {
            converted.append(name, value);
        }
    }
    converted
}

//! The demo's own format (`demo::house::House`), served by the error layer: a
//! service's house shape through `apierror::WireFormat` alone.

use apierror::Format;
use axum::body::Body;
use http::{Request, StatusCode};
use serde_json::{Value, json};
use tower::ServiceExt as _;

const HOUSE: Format = Format::Custom(&demo::house::House);

async fn send(request: Request<Body>) -> (StatusCode, http::HeaderMap, Value) {
    let layer = demo::layer().formats([HOUSE, Format::Problem]);
    let response = demo::app(layer).oneshot(request).await.expect("infallible");
    let (parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20).await.expect("a body");
    let body = apierror_tests::strict_json(&body);
    (parts.status, parts.headers, body)
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).expect("a request")
}

#[tokio::test]
async fn an_unknown_account_answers_in_the_house_shape() {
    let (status, headers, body) = send(get("/accounts/42")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(headers["content-type"], "application/json");
    let trace_id = headers["x-trace-id"].to_str().expect("ASCII");
    assert_eq!(
        body,
        json!({ "ok": false, "error": {
            "code": "account_not_found",
            "message": "account 42 not found",
            "trace_id": trace_id,
        } })
    );
}

#[tokio::test]
async fn violations_are_listed() {
    let request = Request::post("/accounts")
        .header("content-type", "application/json")
        .body(Body::from(r#"{"name": " ", "email": "x"}"#))
        .expect("a request");
    let (status, _, body) = send(request).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["ok"], false);
    assert_eq!(body["error"]["code"], "validation_failed");
    let violations = body["error"]["violations"].as_array().expect("a list");
    assert!(!violations.is_empty(), "{body}");
    assert_eq!(violations[0]["field"], "name");
    assert_eq!(violations[0]["code"], "required");
}

#[tokio::test]
async fn a_client_asking_for_a_problem_document_gets_one() {
    let request = Request::get("/accounts/42")
        .header("accept", "application/problem+json")
        .body(Body::empty())
        .expect("a request");
    let (_, headers, body) = send(request).await;
    assert_eq!(headers["content-type"], "application/problem+json");
    assert_eq!(body["code"], "account_not_found");
}

#[tokio::test]
async fn the_database_error_stays_opaque_in_the_house_shape_too() {
    let (status, _, body) = send(get("/reports")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let text = body.to_string();
    for secret in ["ledger", "db-2", "password", "connection reset"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    assert_eq!(body["error"]["code"], "internal_error");
}

#[test]
fn openapi_documents_the_house_shape() {
    use apierror::openapi::{self, Options};

    let responses =
        openapi::responses_with::<demo::errors::AccountError>(&Options::new().format(HOUSE));
    let media = &responses["404"]["content"]["application/json"];
    assert_eq!(media["schema"]["required"], json!(["ok", "error"]));
    let example = &media["examples"]["account_not_found"]["value"];
    assert_eq!(example["ok"], false);
    assert_eq!(example["error"]["code"], "account_not_found");
}

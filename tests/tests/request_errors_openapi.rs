//! The request errors in OpenAPI: each rejection is `utoipa::IntoResponses`, and
//! `RequestErrors` adds to every operation what its request can fail with.

use apierror::axum::{JsonRejection, PathRejection, QueryRejection};
use apierror::utoipa::RequestErrors;
use apierror::{ApiError, FieldViolation};
use serde_json::Value;
use utoipa::{IntoResponses, OpenApi};

#[derive(Debug, thiserror::Error, ApiError)]
#[allow(dead_code)]
enum AccountError {
    /// The account is invalid.
    #[error("invalid account")]
    #[api(
        code = "account_invalid",
        status = 422,
        message = "The account is invalid."
    )]
    Invalid(#[api(violations)] Vec<FieldViolation>),
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
#[allow(dead_code)]
struct NewAccount {
    name: String,
}

/// Creates an account.
#[utoipa::path(post, path = "/accounts", request_body = NewAccount, responses(
    (status = 201, description = "Created"),
    AccountError,
))]
#[allow(dead_code)]
fn create_account() {}

/// Reads an account.
#[utoipa::path(get, path = "/accounts/{id}", params(("id" = u64, Path, description = "The id")),
    responses((status = 200, description = "The account")))]
#[allow(dead_code)]
fn get_account() {}

/// Checks the service.
#[utoipa::path(get, path = "/health", responses((status = 200, description = "Up")))]
#[allow(dead_code)]
fn health() {}

#[derive(OpenApi)]
#[openapi(
    paths(create_account, get_account, health),
    components(schemas(apierror::Problem)),
    modifiers(&RequestErrors)
)]
struct Api;

fn statuses(responses: &Value) -> Vec<&str> {
    responses
        .as_object()
        .expect("responses")
        .keys()
        .map(String::as_str)
        .collect()
}

fn examples<'a>(responses: &'a Value, status: &str) -> Vec<&'a str> {
    responses[status]["content"]["application/problem+json"]["examples"]
        .as_object()
        .map(|examples| examples.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn every_operation_gets_the_request_errors_it_can_answer_with() {
    let document = serde_json::to_value(Api::openapi()).expect("JSON");
    let paths = &document["paths"];
    let create = &paths["/accounts"]["post"]["responses"];
    assert_eq!(statuses(create), ["201", "400", "413", "415", "422", "500"]);
    assert_eq!(examples(create, "415"), ["unsupported_media_type"]);
    assert_eq!(examples(create, "500"), ["internal_error"]);
    let get = &paths["/accounts/{id}"]["get"]["responses"];
    assert_eq!(statuses(get), ["200", "400", "500"]);
    assert_eq!(examples(get, "400"), ["invalid_request"]);
    let health = &paths["/health"]["get"]["responses"];
    assert_eq!(statuses(health), ["200", "500"]);
    let schema = &get["400"]["content"]["application/problem+json"]["schema"]["allOf"][0];
    assert_eq!(schema["$ref"], "#/components/schemas/Problem");
    assert!(get["400"]["headers"]["X-Trace-Id"].is_object(), "{get}");
}

#[test]
fn a_declared_status_keeps_its_response_and_gains_the_codes() {
    let document = serde_json::to_value(Api::openapi()).expect("JSON");
    let create = &document["paths"]["/accounts"]["post"]["responses"];
    assert_eq!(
        examples(create, "422"),
        ["account_invalid", "validation_failed"]
    );
    let description = create["422"]["description"]
        .as_str()
        .expect("a description");
    assert!(description.contains("account_invalid"), "{description}");
}

#[test]
fn each_rejection_documents_its_statuses() {
    let json = serde_json::to_value(JsonRejection::responses()).expect("JSON");
    assert_eq!(statuses(&json), ["400", "413", "415", "422"]);
    assert_eq!(examples(&json, "422"), ["validation_failed"]);
    for responses in [QueryRejection::responses(), PathRejection::responses()] {
        let responses = serde_json::to_value(responses).expect("JSON");
        assert_eq!(statuses(&responses), ["400"]);
        assert_eq!(examples(&responses, "400"), ["invalid_request"]);
    }
}

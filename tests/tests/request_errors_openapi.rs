//! The request errors in OpenAPI: each rejection is `utoipa::IntoResponses`, and
//! `RequestErrors` adds to every operation what its request can fail with.

use apierror::axum::{JsonRejection, PathRejection, QueryRejection};
use apierror::utoipa::{FrameworkRequestErrors, RequestErrors};
use apierror::{ApiError, FieldViolation};
use apierror_tests::named;
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

// ------------------------------------------- the framework's errors as the layer answers

/// A service whose own type and registry declare two of the framework's codes.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
#[allow(dead_code)]
enum OrderError {
    /// The order is invalid.
    #[error("invalid order")]
    #[api(
        code = "validation_failed",
        status = 422,
        message = "The order is invalid."
    )]
    Invalid(#[api(violations)] Vec<FieldViolation>),
}

#[derive(Clone, Copy, apierror::ErrorCodes)]
#[api(type_base = "https://codes.example.com/")]
#[allow(dead_code)]
enum Code {
    /// Something failed on the server.
    #[api(status = 500, title = "Internal error")]
    InternalError,
}

/// Creates an order.
#[utoipa::path(post, path = "/orders", request_body = NewAccount, responses(
    (status = 201, description = "Created"),
    OrderError,
))]
#[allow(dead_code)]
fn create_order() {}

#[derive(OpenApi)]
#[openapi(paths(create_order), modifiers(&RequestErrors))]
struct Canonical;

const BY_ERRORS: FrameworkRequestErrors = RequestErrors::framework_errors::<OrderError>();

#[derive(OpenApi)]
#[openapi(paths(create_order), modifiers(&BY_ERRORS))]
struct ByErrors;

const BY_BOTH: FrameworkRequestErrors =
    RequestErrors::framework_errors::<OrderError>().framework_codes::<Code>();

#[derive(OpenApi)]
#[openapi(paths(create_order), modifiers(&BY_BOTH))]
struct ByBoth;

/// The `type` of each example of `status` on `POST /orders`, by example name.
fn example_types(document: utoipa::openapi::OpenApi, status: &str) -> Vec<(String, String)> {
    let document = serde_json::to_value(document).expect("JSON");
    apierror_tests::example_types(&document, ("/orders", "post"), status)
}

#[test]
fn a_default_layers_canonical_error_is_documented_beside_the_services_own() {
    // The default layer answers a body of the wrong shape with the canonical
    // `about:blank` 422, and the handler its own: a client may get either.
    assert_eq!(
        example_types(Canonical::openapi(), "422"),
        named(&[
            (
                "validation_failed",
                "https://errors.example.com/validation_failed"
            ),
            ("validation_failed (framework)", "about:blank"),
        ])
    );
    assert_eq!(
        example_types(Canonical::openapi(), "500"),
        named(&[("internal_error", "about:blank")])
    );
}

#[test]
fn a_layer_given_the_services_entries_is_documented_with_them() {
    assert_eq!(
        example_types(ByErrors::openapi(), "422"),
        named(&[(
            "validation_failed",
            "https://errors.example.com/validation_failed"
        )])
    );
    assert_eq!(
        example_types(ByErrors::openapi(), "500"),
        named(&[("internal_error", "about:blank")])
    );
    // The registry is asked first, as the layer asks it.
    assert_eq!(
        example_types(ByBoth::openapi(), "500"),
        named(&[("internal_error", "https://codes.example.com/internal_error")])
    );
    assert_eq!(
        example_types(ByBoth::openapi(), "415"),
        named(&[("unsupported_media_type", "about:blank")])
    );
}

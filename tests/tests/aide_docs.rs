//! aide documents, from the handlers' types, the framework's request errors beside
//! the service's own, and the layer's answers with `error_layer_with`.

use aide::axum::ApiRouter;
use aide::axum::routing::post;
use aide::openapi::OpenApi;
use apierror::axum::{ErrorLayer, Json};
use apierror::{ApiError, FieldViolation};
use apierror_tests::named;
use serde_json::Value;

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
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

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct NewOrder {
    name: String,
}

async fn create_order(Json(order): Json<NewOrder>) -> Result<String, OrderError> {
    match order.name.is_empty() {
        true => Err(OrderError::Invalid(vec![])),
        false => Ok(order.name),
    }
}

/// The document of `POST /orders`, finished by `finish`.
fn document(finish: impl FnOnce(&mut OpenApi)) -> Value {
    let mut api = OpenApi::default();
    let _router: axum::Router = ApiRouter::new()
        .api_route("/orders", post(create_order))
        .finish_api(&mut api);
    finish(&mut api);
    serde_json::to_value(&api).expect("JSON")
}

/// The `type` of each example of `status` on `POST /orders`, by example name.
fn example_types(document: &Value, status: &str) -> Vec<(String, String)> {
    apierror_tests::example_types(document, ("/orders", "post"), status)
}

#[test]
fn the_extractors_canonical_error_is_documented_beside_the_services_own() {
    // `Json`'s rejection (input) merges first, the handler's error after: the
    // service's example keeps the code's name either way.
    let document = document(apierror::aide::error_layer);
    assert_eq!(
        example_types(&document, "422"),
        named(&[
            (
                "validation_failed",
                "https://errors.example.com/validation_failed"
            ),
            ("validation_failed (framework)", "about:blank"),
        ])
    );
    assert_eq!(
        example_types(&document, "500"),
        named(&[("internal_error", "about:blank")])
    );
}

#[test]
fn error_layer_with_shows_what_the_layer_answers() {
    #[derive(Clone, Copy, apierror::ErrorCodes)]
    #[api(type_base = "https://codes.example.com/")]
    enum Code {
        #[api(status = 415, title = "Unsupported media type")]
        UnsupportedMediaType,
    }

    let layer = ErrorLayer::default()
        .framework_errors::<OrderError>()
        .framework_codes::<Code>();
    let document = document(|api| apierror::aide::error_layer_with(api, &layer));
    // The layer answers the rejection with the service's own variant: one example.
    assert_eq!(
        example_types(&document, "422"),
        named(&[(
            "validation_failed",
            "https://errors.example.com/validation_failed"
        )])
    );
    assert_eq!(
        example_types(&document, "415"),
        named(&[(
            "unsupported_media_type",
            "https://codes.example.com/unsupported_media_type"
        )])
    );
    assert_eq!(
        example_types(&document, "400"),
        named(&[("invalid_request", "about:blank")])
    );
}

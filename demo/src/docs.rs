//! The demo's error documentation, written from the same descriptors its errors
//! render from: an OpenAPI 3.1 document through utoipa (`/openapi.json`) and the
//! catalog page (`/errors`), which the problem type URIs are meant to lead to.

use apierror::Problem;
use apierror::catalog::Catalog;
use apierror::utoipa::{FrameworkRequestErrors, RequestErrors};
use axum::Json;
use axum::response::Html;
use utoipa::OpenApi;

use crate::accounts;
use crate::codes::Code;
use crate::errors::AccountError;

// The routes are declared for utoipa with `#[utoipa::path]` on their handlers in
// `accounts`; each lists `AccountError`, whose `IntoResponses` (from the derive)
// documents every code it can answer with.

/// The demo's OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "apierror demo: accounts API",
        version = "0.1.0",
        description = "Every route with every error it can answer, from the same descriptors the errors render from.",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0")
    ),
    servers((url = "http://127.0.0.1:8080", description = "cargo run -p demo")),
    // The demo has no authentication: every operation is open.
    security(()),
    paths(
        accounts::list,
        accounts::create,
        accounts::get,
        accounts::transfer,
        accounts::export,
        accounts::invoices,
        accounts::report
    ),
    components(schemas(Problem)),
    // Every operation also documents the errors its request can answer with: 400 for
    // its parameters, 400/413/415/422 for its body, 500 for a contained panic; with
    // the registry's entries, as the layer (`crate::layer`) answers them.
    modifiers(&REQUEST_ERRORS)
)]
struct ApiDoc;

/// The request errors as the demo's layer answers them: `framework_codes::<Code>()`.
const REQUEST_ERRORS: FrameworkRequestErrors = RequestErrors::framework_codes::<Code>();

/// The OpenAPI 3.1 document: every route with every error response it can give.
pub fn openapi() -> serde_json::Value {
    // A document utoipa built from types always serializes.
    serde_json::to_value(ApiDoc::openapi()).unwrap_or_default()
}

/// Every code the service can answer with: its own error types, its registry, and
/// the framework's canonical codes as the layer answers them (through the registry).
pub fn catalog() -> Catalog {
    Catalog::new()
        .with::<AccountError>()
        .with_codes::<Code>()
        .with_framework_codes::<Code>()
}

/// `GET /openapi.json`
pub async fn openapi_json() -> Json<serde_json::Value> {
    Json(openapi())
}

/// `GET /openapi-3.0.json`: the same document as OpenAPI 3.0.3, for client
/// generators that read only 3.0.
pub async fn openapi_3_0_json() -> Json<serde_json::Value> {
    let mut document = openapi();
    apierror::openapi::downgrade_to_3_0(&mut document);
    Json(document)
}

/// `GET /errors`: the catalog page, one entry per code, anchored by the code.
pub async fn errors_page() -> Html<String> {
    Html(catalog().to_html())
}

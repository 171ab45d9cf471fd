//! The apierror demo as a library: the accounts API's router, its error types, its
//! code registry, its error documentation and its gRPC service, so that tests can
//! reach them.
//! `cargo run -p demo` serves it (see `main.rs`).

pub mod accounts;
pub mod codes;
pub mod docs;
pub mod docs_aide;
pub mod errors;
pub mod grpc;
pub mod house;
pub mod telemetry;

use apierror::axum::ErrorLayer;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::accounts::Store;

/// The error layer with the service's registry: the framework's own errors whose
/// code the registry declares (`validation_failed`, `internal_error`) answer with its
/// entry, so each code has one title and one type URI.
pub fn layer() -> ErrorLayer {
    ErrorLayer::default().framework_codes::<codes::Code>()
}

/// The service's routes, wrapped in the error layer, itself inside the request's
/// span ([`telemetry::request_span`]), so that the layer finds the request's trace.
pub fn app(layer: ErrorLayer) -> Router {
    app_with(layer, Store::seeded())
}

/// The service's routes over `store`, which the gRPC service may share.
pub fn app_with(layer: ErrorLayer, store: Store) -> Router {
    Router::new()
        .route("/accounts", get(accounts::list).post(accounts::create))
        .route("/accounts/{id}", get(accounts::get))
        .route("/accounts/{id}/transfers", post(accounts::transfer))
        .route("/accounts/{id}/export", post(accounts::export))
        .route("/accounts/{id}/invoices", get(accounts::invoices))
        .route("/reports", get(accounts::report))
        .route("/panic", get(accounts::panic))
        .route("/openapi.json", get(docs::openapi_json))
        .route("/openapi-3.0.json", get(docs::openapi_3_0_json))
        .route("/openapi-aide.json", get(docs_aide::openapi_json))
        .route("/errors", get(docs::errors_page))
        .with_state(store)
        .layer(DefaultBodyLimit::max(16 * 1024))
        .layer(layer)
        .layer(axum::middleware::from_fn(telemetry::request_span))
}

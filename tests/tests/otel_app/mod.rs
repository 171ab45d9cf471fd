//! The axum app both OpenTelemetry test binaries (`otel.rs`, `otel_metrics.rs`)
//! serve: one 4xx route and one opaque 5xx route, wrapped in the error layer.

use apierror::axum::ErrorLayer;
use axum::Router;
use axum::extract::Path;
use axum::routing::get;

/// The inside of an opaque failure: nothing of it may reach a client.
#[derive(Debug, thiserror::Error)]
#[error("connection refused by db.internal:5432")]
pub struct DbFailure;

/// The errors the app's handlers answer with.
#[derive(Debug, thiserror::Error, apierror::ApiError)]
pub enum AccountError {
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404)]
    NotFound { id: u64 },

    #[error("database unavailable")]
    #[api(code = "internal_error", status = 500)]
    Db(#[source] DbFailure),
}

async fn account(Path(id): Path<u64>) -> AccountError {
    AccountError::NotFound { id }
}

async fn reports() -> AccountError {
    AccountError::Db(DbFailure)
}

async fn panics() -> &'static str {
    panic!("ledger index out of range")
}

/// `{prefix}/accounts/{id}` (404), `{prefix}/reports` (500) and `{prefix}/panic`
/// (500) in the error layer; the prefix keeps apart the counts of tests that share
/// one meter.
pub fn routes(prefix: &str) -> Router {
    Router::new()
        .route(&format!("{prefix}/accounts/{{id}}"), get(account))
        .route(&format!("{prefix}/reports"), get(reports))
        .route(&format!("{prefix}/panic"), get(panics))
        .layer(ErrorLayer::default())
}

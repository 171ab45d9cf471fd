// With `skip_impl(axum)` and no hand-written impl, the type is no `IntoResponse`:
// the tests crate turns the `axum` feature on, so without the attribute this compiles.
use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
#[api(skip_impl(axum))]
enum AccountError {
    #[error("busy")]
    #[api(code = "busy", status = 503)]
    Busy,
}

fn respond() -> impl axum::response::IntoResponse {
    AccountError::Busy
}

fn main() {
    let _ = respond();
}

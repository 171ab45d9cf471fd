use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
#[api(skip_impl(axum, utoipa, axum))]
enum AccountError {
    #[error("busy")]
    #[api(code = "busy", status = 503)]
    Busy,
}

fn main() {}

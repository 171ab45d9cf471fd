#[derive(Clone, Copy, apierror::ErrorCodes)]
#[api(skip_impl(axum))]
enum Code {
    #[api(status = 404)]
    NotFound,
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum AccountError {
    #[error("busy")]
    #[api(code = "busy", status = 503, skip_impl(axum))]
    Busy,
}

fn main() {}

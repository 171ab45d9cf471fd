use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("invalid")]
    #[api(code = "validation_failed", status = 422)]
    Invalid(#[api(violations)] Vec<String>),
}

fn main() {}

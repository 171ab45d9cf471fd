use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("invalid {path:?}")]
    #[api(code = "invalid_path", status = 422, message = "invalid path {path}")]
    Invalid { path: Vec<String> },
}

fn main() {}

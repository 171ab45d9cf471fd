use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("not found")]
    #[api(code = "", status = 404)]
    NotFound,
}

fn main() {}

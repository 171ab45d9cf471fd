use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("not found")]
    #[api(code = not_found, status = 404)]
    NotFound,
}

fn main() {}

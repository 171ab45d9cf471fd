use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("not found")]
    #[api(status = 404)]
    NotFound,
}

fn main() {}

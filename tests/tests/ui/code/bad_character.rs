use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("not found")]
    #[api(code = "account not found", status = 404)]
    NotFound,
}

fn main() {}

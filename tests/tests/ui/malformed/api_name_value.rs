use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("not found")]
    #[api = "account_not_found"]
    NotFound,
}

fn main() {}

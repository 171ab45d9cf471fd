use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("not found")]
    #[api(code = "account_not_found", stauts = 404)]
    NotFound,
}

fn main() {}

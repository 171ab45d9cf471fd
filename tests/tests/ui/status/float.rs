use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("not found")]
    #[api(code = "account_not_found", status = 404.0)]
    NotFound,
}

fn main() {}

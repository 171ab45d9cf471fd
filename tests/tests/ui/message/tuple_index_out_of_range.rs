use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("account {0} not found")]
    #[api(code = "account_not_found", status = 404, message = "account {1} not found")]
    NotFound(u64),
}

fn main() {}

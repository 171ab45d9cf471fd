use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404, message = "no account with number {number}")]
    NotFound { id: u64 },
}

fn main() {}

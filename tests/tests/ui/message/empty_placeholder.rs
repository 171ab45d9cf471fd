use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404, message = "account {} not found")]
    NotFound { id: u64 },
}

fn main() {}

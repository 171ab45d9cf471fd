use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("account {account_id} not found")]
    #[api(code = "account_not_found", status = 404, message = "account {acount_id} not found")]
    NotFound { account_id: u64 },
}

fn main() {}

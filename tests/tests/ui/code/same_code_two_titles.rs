use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
enum AccountError {
    #[error("not found")]
    #[api(code = "account_not_found", status = 404, title = "Account not found")]
    NotFound,
    #[error("deleted")]
    #[api(code = "account_not_found", status = 404, title = "Account deleted")]
    Deleted,
}

fn main() {}

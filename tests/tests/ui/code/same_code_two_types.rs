use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("not found")]
    #[api(code = "account_not_found", status = 404, type = "https://errors.example.com/missing")]
    NotFound,
    #[error("deleted")]
    #[api(code = "account_not_found", status = 404, type = "https://errors.example.com/deleted")]
    Deleted,
}

fn main() {}

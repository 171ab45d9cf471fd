use apierror::ApiError;

const NOT_FOUND: u16 = 404;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("not found")]
    #[api(code = "account_not_found", status = NOT_FOUND)]
    NotFound,
}

fn main() {}

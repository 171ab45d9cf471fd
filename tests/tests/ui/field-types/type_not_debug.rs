// A type without `Debug`: thiserror's `Error` impl reports it once; the
// derive adds nothing (no second copy from `ApiError: Error`, none per framework).
use apierror::ApiError;

#[derive(thiserror::Error, ApiError)]
enum AccountError {
    #[error("account not found")]
    #[api(code = "account_not_found", status = 404)]
    NotFound,
}

fn main() {}

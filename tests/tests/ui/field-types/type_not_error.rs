// A type that is no `Error` at all: one error, under its name.
use apierror::ApiError;

#[derive(Debug, ApiError)]
enum AccountError {
    #[api(code = "account_not_found", status = 404)]
    NotFound,
}

fn main() {}

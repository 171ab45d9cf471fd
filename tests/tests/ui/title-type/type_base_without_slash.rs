use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com")]
enum AccountError {
    #[error("not found")]
    #[api(code = "account_not_found", status = 404)]
    NotFound,
}

#[derive(Debug, thiserror::Error, ApiError)]
#[error("conflict")]
#[api(type_base = "urn:example:errors", code = "conflict", status = 409)]
struct Conflict;

fn main() {}

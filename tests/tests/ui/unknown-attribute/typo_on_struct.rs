use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
#[error("not found")]
#[api(code = "account_not_found", status = 404, mesage = "No such account.")]
struct NotFound;

fn main() {}

use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
#[api(type_base = "https://errors.example.org/")]
enum AccountError {
    #[error("not found")]
    #[api(code = "account_not_found", status = 404)]
    NotFound,
}

fn main() {}

use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("not found")]
    #[api(code = "404_account", status = 404)]
    NotFound,
}

fn main() {}

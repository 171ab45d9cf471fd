use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("not found")]
    #[api(code = Codes::NotFound, title = "Account not found", type = "https://errors.example.com/nf")]
    NotFound,
}

fn main() {}

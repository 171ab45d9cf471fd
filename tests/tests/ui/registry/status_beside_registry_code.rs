#[derive(Clone, Copy, apierror::ErrorCodes)]
enum Code {
    #[api(status = 404)]
    NotFound,
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum AccountError {
    #[error("account not found")]
    #[api(code = Code::NotFound, status = 410, title = "Gone", type = "https://errors.example.com/gone")]
    NotFound,
}

fn main() {}

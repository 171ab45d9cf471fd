#[derive(Clone, Copy, apierror::ErrorCodes)]
enum Code {
    #[api(status = 404)]
    NotFound,
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum AccountError {
    #[error("account not found")]
    #[api(code = Code::NotFund)]
    NotFound,
}

fn main() {}

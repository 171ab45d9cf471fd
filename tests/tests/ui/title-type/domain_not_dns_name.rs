use apierror::{ApiError, ErrorCodes};

#[derive(Debug, thiserror::Error, ApiError)]
#[api(domain = "https://accounts.example.com/")]
enum AccountError {
    #[error("not found")]
    #[api(code = "account_not_found", status = 404)]
    NotFound,
}

#[derive(Debug, thiserror::Error, ApiError)]
#[error("conflict")]
#[api(domain = "", code = "conflict", status = 409)]
struct Conflict;

#[derive(Clone, Copy, Debug, ErrorCodes)]
#[api(domain = "billing..example.com")]
enum Code {
    #[api(code = "payment_declined", status = 402)]
    PaymentDeclined,
}

fn main() {}

use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum PaymentError {
    #[error("payment failed")]
    #[api(code = "payment_failed", status = 402)]
    Failed(#[api(inner)] String),
}

fn main() {}

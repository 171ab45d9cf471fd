use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("billing")]
    #[api(transparent)]
    Billing,
}

fn main() {}

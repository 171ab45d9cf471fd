use apierror::ApiError;

#[derive(Debug, thiserror::Error)]
#[error("billing")]
struct BillingError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error(transparent)]
    #[api(transparent)]
    Billing(#[from] BillingError),
}

fn main() {}

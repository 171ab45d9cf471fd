use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum BillingError {
    #[error("card declined")]
    #[api(code = "card_declined", status = 402)]
    CardDeclined,
}

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("billing: {0}")]
    #[api(transparent)]
    Billing(BillingError, u64),
}

fn main() {}

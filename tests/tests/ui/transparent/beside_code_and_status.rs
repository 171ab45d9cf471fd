use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum BillingError {
    #[error("card declined")]
    #[api(code = "card_declined", status = 402)]
    CardDeclined,
}

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error(transparent)]
    #[api(transparent, code = "billing", status = 402)]
    Billing(#[from] BillingError),
}

fn main() {}

use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
#[error("card declined")]
#[api(code = "card_declined", status = 402)]
struct CardDeclined;

#[derive(Debug, thiserror::Error, ApiError)]
enum PaymentError {
    #[error("two inner errors")]
    #[api(code = "payment_failed", status = 402)]
    Twice(#[api(inner)] CardDeclined, #[api(inner)] CardDeclined),

    #[error("inner and field")]
    #[api(code = "payment_rejected", status = 402)]
    AlsoField(#[api(inner, field)] CardDeclined),

    #[error("never shown")]
    #[api(code = "payment_unavailable", status = 503)]
    Unexposed(#[api(inner)] CardDeclined),
}

fn main() {}

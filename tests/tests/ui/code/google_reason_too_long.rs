use apierror::ApiError;

// Valid codes, but too long as AIP-193 reasons once in UPPER_SNAKE_CASE: the first
// gains an `_` at each word, the second is 64 characters already.
#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("expired")]
    #[api(code = "accountHolderVerificationDocumentExpiredBeforeReviewCompleted", status = 422)]
    Expired,
    #[error("long")]
    #[api(code = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", status = 400)]
    Long,
    #[error("fits")]
    #[api(code = "account_holder_verification_document_expired_before_review", status = 409)]
    Fits,
}

fn main() {}

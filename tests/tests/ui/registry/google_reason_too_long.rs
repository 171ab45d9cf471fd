// A variant name whose snake_case code is valid but whose AIP-193 reason is 64
// characters, one too many; a `code = "..."` rename is checked the same way.
#[derive(Clone, Copy, apierror::ErrorCodes)]
enum Code {
    #[api(status = 422)]
    IdentityDocumentOfAnAccountHolderExpiredBeforeItsReview,
    #[api(status = 409, code = "accountHolderVerificationDocumentExpiredBeforeReviewCompleted")]
    Renamed,
    #[api(status = 404)]
    NotFound,
}

fn main() {}

use apierror::ApiError;

use apierror::FieldViolation;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("invalid request")]
    #[api(code = "validation_failed", status = 422)]
    Invalid {
        #[api(violations)]
        body: Vec<FieldViolation>,
        #[api(violations)]
        query: Vec<FieldViolation>,
    },
}

fn main() {}

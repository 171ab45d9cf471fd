use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("invalid request")]
    #[api(code = "validation_failed", status = 422)]
    Invalid {
        #[api(field, violations)]
        errors: Vec<apierror::FieldViolation>,
    },
}

fn main() {}

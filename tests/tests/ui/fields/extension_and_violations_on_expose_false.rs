use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("account frozen")]
    #[api(code = "account_frozen", status = 403, expose = false)]
    Frozen {
        #[api(extension)]
        frozen_at: u64,
        #[api(violations)]
        errors: Vec<apierror::FieldViolation>,
    },
}

fn main() {}

use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("invalid email")]
    #[api(code = "invalid_email", status = 422)]
    InvalidEmail {
        #[api(field = true)]
        field: String,
    },
}

fn main() {}

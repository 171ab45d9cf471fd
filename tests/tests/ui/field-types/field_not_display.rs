use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("invalid")]
    #[api(code = "invalid_field", status = 422)]
    Invalid {
        #[api(field)]
        path: Vec<String>,
    },
}

fn main() {}

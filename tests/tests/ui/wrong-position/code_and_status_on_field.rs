use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("not found")]
    NotFound {
        #[api(code = "account_not_found", status = 404)]
        id: u64,
    },
}

fn main() {}

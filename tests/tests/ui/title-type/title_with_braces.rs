use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
enum AccountError {
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404, title = "Account {id} not found")]
    NotFound { id: u64 },
}

fn main() {}

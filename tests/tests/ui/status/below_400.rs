use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("moved")]
    #[api(code = "account_moved", status = 301)]
    Moved,
}

fn main() {}

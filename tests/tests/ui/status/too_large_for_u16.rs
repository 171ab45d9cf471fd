use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("broken")]
    #[api(code = "broken", status = 70000)]
    Broken,
}

fn main() {}

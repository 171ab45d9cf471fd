use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("broken")]
    #[api(code = "broken", status = 600)]
    Broken,
}

fn main() {}

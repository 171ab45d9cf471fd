use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("too many requests")]
    #[api(code = "rate_limited", status = 429, header = "Retry-After")]
    RateLimited { retry_after_secs: u64 },
}

fn main() {}

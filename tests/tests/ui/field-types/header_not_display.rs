use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("too many requests")]
    #[api(code = "rate_limited", status = 429)]
    RateLimited {
        #[api(header = "Retry-After")]
        retry_after: std::time::Duration,
    },
}

fn main() {}

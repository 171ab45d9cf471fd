use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("too many requests")]
    #[api(code = "rate_limited", status = 429)]
    RateLimited {
        #[api(header = "Content-Type")]
        kind: String,
    },
    #[error("gone")]
    #[api(code = "gone", status = 410)]
    Gone {
        #[api(header = "Transfer-Encoding")]
        encoding: String,
    },
}

fn main() {}

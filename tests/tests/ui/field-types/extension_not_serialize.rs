use apierror::ApiError;

#[derive(Debug)]
struct Quota {
    limit: u32,
}

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("quota exceeded")]
    #[api(code = "quota_exceeded", status = 429)]
    QuotaExceeded {
        #[api(extension)]
        quota: Quota,
    },
}

fn main() {}

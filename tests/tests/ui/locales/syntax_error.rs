use apierror::ApiError;

// `ftl/syntax/de/errors.ftl` line 3 misses a closing brace.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(locales = "ftl/syntax", default_locale = "en")]
enum AccountError {
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404)]
    NotFound { id: u64 },
}

fn main() {}

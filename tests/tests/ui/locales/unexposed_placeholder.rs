use apierror::ApiError;

// A 5xx is not exposed: its messages may not send `{ $id }`.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(locales = "ftl/ok", default_locale = "en")]
enum AccountError {
    #[error("account {id} unavailable")]
    #[api(code = "account_not_found", status = 503)]
    NotFound { id: u64 },
}

fn main() {}

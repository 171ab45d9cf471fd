use apierror::ApiError;

// A `.title` is constant: `{ $id }` belongs in the detail.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(locales = "ftl/title", default_locale = "en")]
enum AccountError {
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404)]
    NotFound { id: u64 },
}

fn main() {}

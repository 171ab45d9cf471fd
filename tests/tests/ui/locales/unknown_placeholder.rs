use apierror::ApiError;

// `{ $onwer }` names no field.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(locales = "ftl/typo", default_locale = "en")]
enum AccountError {
    #[error("account {id} of {owner} not found")]
    #[api(code = "account_not_found", status = 404)]
    NotFound { id: u64, owner: String },
}

fn main() {}

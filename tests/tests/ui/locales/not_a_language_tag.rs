use apierror::ApiError;

// `ftl/not_a_tag/german` and `ftl/not_a_tag/de_CH` are no language tags (`de`,
// `de-CH`); `en` and `zh-Hant-TW` are.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(locales = "ftl/not_a_tag", default_locale = "en")]
enum AccountError {
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404)]
    NotFound { id: u64 },
}

fn main() {}

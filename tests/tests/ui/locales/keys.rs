use apierror::ApiError;

// `locales` without `default_locale`.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(locales = "ftl/ok")]
#[error("not found")]
#[api(code = "account_not_found", status = 404)]
struct NoDefault;

// `default_locale` and `fallback` without `locales`.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(default_locale = "en", fallback = true)]
enum NoLocales {
    #[error("not found")]
    #[api(code = "account_not_found", status = 404)]
    NotFound,
}

// No such folder.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(locales = "ftl/nowhere", default_locale = "en")]
enum NoFolder {
    #[error("not found")]
    #[api(code = "account_not_found", status = 404)]
    NotFound,
}

// No folder for the default locale.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(locales = "ftl/ok", default_locale = "fr")]
enum NoDefaultFolder {
    #[error("not found")]
    #[api(code = "account_not_found", status = 404)]
    NotFound,
}

fn main() {}

use apierror::ApiError;

// `cart_full` is in `ftl/partial/en` but not in `ftl/partial/de`.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(locales = "ftl/partial", default_locale = "en")]
enum ShopError {
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404)]
    NotFound { id: u64 },
    #[error("cart full")]
    #[api(code = "cart_full", status = 422)]
    CartFull,
}

// With `fallback = true` the same files are accepted: German answers in English there.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(locales = "ftl/partial", default_locale = "en", fallback = true)]
enum FallingBack {
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404)]
    NotFound { id: u64 },
    #[error("cart full")]
    #[api(code = "cart_full", status = 422)]
    CartFull,
}

fn main() {}

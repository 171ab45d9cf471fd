use apierror::ApiError;

// `cart_full` has no message in `ftl/ok/en`, the default locale.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(locales = "ftl/ok", default_locale = "en")]
enum ShopError {
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404)]
    NotFound { id: u64 },
    #[error("cart full")]
    #[api(code = "cart_full", status = 422)]
    CartFull,
}

fn main() {}

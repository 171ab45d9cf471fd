use apierror::ApiError;

// `ftl/references/en/errors.ftl` names the term `-brnad`, the message `shop-nmae`,
// the attribute `shop-name.subtitle` and the functions `FOO` and `DATETIME`, none of
// which there is; `ftl/references/de/` names `shop-name`, which only `en` defines.
// `-brand` of `de` is in another of its files, `brand.ftl`.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(locales = "ftl/references", default_locale = "en")]
enum ShopError {
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404)]
    NotFound { id: u64 },
    #[error("{count} items")]
    #[api(code = "cart_full", status = 422)]
    CartFull { count: u32 },
}

fn main() {}

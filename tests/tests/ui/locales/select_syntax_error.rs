use apierror::ApiError;

// `ftl/select/en/errors.ftl` line 1 has `->>`: the variants must start on the line
// after `->`.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(locales = "ftl/select", default_locale = "en")]
enum CartError {
    #[error("{count} items over the limit")]
    #[api(code = "cart_full", status = 422)]
    Full { count: u32 },
}

fn main() {}

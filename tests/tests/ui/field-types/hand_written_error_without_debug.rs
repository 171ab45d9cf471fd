// A hand-written `Error` impl on a type without `Debug`: rustc's one error on that
// impl, and nothing from the derive.
use apierror::ApiError;

#[derive(ApiError)]
enum AccountError {
    #[api(code = "account_not_found", status = 404)]
    NotFound,
}

impl std::fmt::Display for AccountError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("account not found")
    }
}

impl std::error::Error for AccountError {}

fn main() {}

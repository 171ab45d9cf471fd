// A CamelCase name alone is a registry path (a `use`d variant), so a missing `use`
// is rustc's own "cannot find value", under the name, and nothing more.
#[derive(Clone, Copy, apierror::ErrorCodes)]
enum Code {
    #[api(status = 404)]
    NotFound,
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum AccountError {
    #[error("account not found")]
    #[api(code = NotFound)]
    NotFound,
}

fn main() {
    let _ = Code::NotFound;
}

#[derive(Clone, Copy, apierror::ErrorCodes)]
enum Code {
    #[api(status = 200)]
    NotFound,
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum AccountError {
    #[error("account not found")]
    #[api(code = Code::NotFound)]
    NotFound,
}

// Uses of the registry see its stubs: the one error above is all the user sees.
fn main() {
    let _ = Code::NotFound.as_str();
    let _ = "not_found".parse::<Code>();
}

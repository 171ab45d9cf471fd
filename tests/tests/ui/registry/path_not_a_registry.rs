// `Code` is a plain enum, not an `ErrorCodes` registry.
#[derive(Clone, Copy, Debug)]
enum Code {
    NotFound,
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum AccountError {
    #[error("account not found")]
    #[api(code = Code::NotFound)]
    NotFound,
}

fn main() {
    let _ = Code::NotFound;
}

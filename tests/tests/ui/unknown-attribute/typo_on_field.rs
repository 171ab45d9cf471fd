use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("locked")]
    #[api(code = "account_locked", status = 423)]
    Locked {
        #[api(extention)]
        until: u64,
    },
}

fn main() {}

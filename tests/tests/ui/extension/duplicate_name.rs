use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("account locked")]
    #[api(code = "account_locked", status = 423)]
    Locked {
        #[api(extension)]
        until: u64,
        #[api(extension = "until")]
        until_text: String,
    },
}

fn main() {}

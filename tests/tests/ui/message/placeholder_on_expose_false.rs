use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("account {id} is frozen")]
    #[api(code = "account_frozen", status = 403, expose = false, message = "account {id} is frozen")]
    Frozen { id: u64 },
}

fn main() {}

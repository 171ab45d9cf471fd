// `grpc` belongs to a variant or a registry entry, not to a type or a field.

#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[api(grpc = "not_found")]
enum AccountError {
    #[error("account {id} missing")]
    #[api(code = "account_missing", status = 404)]
    Missing {
        #[api(grpc = "not_found")]
        id: u64,
    },
}

fn main() {}

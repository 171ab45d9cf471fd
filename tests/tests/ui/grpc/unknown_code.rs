// Each `grpc` value is checked against the 17 gRPC code names, all reported together.

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum AccountError {
    #[error("account exists")]
    #[api(code = "account_exists", status = 409, grpc = "already_exist")]
    Exists,

    #[error("no account")]
    #[api(code = "account_missing", status = 404, grpc = "NOT_FOUND")]
    Missing,

    #[error("fine")]
    #[api(code = "fine", status = 400, grpc = "ok")]
    Fine,

    #[error("numbered")]
    #[api(code = "numbered", status = 400, grpc = 6)]
    Numbered,

    #[error("garbled")]
    #[api(code = "garbled", status = 400, grpc = "banana")]
    Garbled,
}

#[derive(Clone, Copy, apierror::ErrorCodes)]
enum Code {
    #[api(status = 409, grpc = "alredy_exists")]
    Conflict,
}

fn main() {}

// A registry entry is the source of its gRPC code, as of its status; `transparent`
// forwards it.

#[derive(Clone, Copy, apierror::ErrorCodes)]
enum Code {
    #[api(status = 409, grpc = "already_exists")]
    Conflict,
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[error("inner")]
#[api(code = "inner", status = 400)]
struct Inner;

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum AccountError {
    #[error("account exists")]
    #[api(code = Code::Conflict, grpc = "aborted")]
    Exists,

    #[error(transparent)]
    #[api(transparent, grpc = "internal")]
    Inner(Inner),
}

fn main() {}

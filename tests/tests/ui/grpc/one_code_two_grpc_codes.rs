// One code, one gRPC code: an override that differs from the same code's mapped one
// elsewhere in the type is reported at the second use.

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum AccountError {
    #[error("conflict")]
    #[api(code = "conflict", status = 409)]
    Conflict,

    #[error("conflict again")]
    #[api(code = "conflict", status = 409, grpc = "already_exists")]
    Again,
}

fn main() {}

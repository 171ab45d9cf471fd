// An `ErrorCodes` enum without `Copy`: one error, none per generated method.
#[derive(Clone, Debug, apierror::ErrorCodes)]
enum Code {
    #[api(status = 404)]
    NotFound,
}

fn main() {}

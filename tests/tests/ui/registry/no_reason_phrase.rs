// A status IANA names no reason phrase for needs a title: the error sits under the
// status, as it does on an `ApiError` variant.
#[derive(Clone, Copy, Debug, apierror::ErrorCodes)]
enum Code {
    #[api(status = 499)]
    ClientClosed,
}

fn main() {}

#[derive(Clone, Copy, apierror::ErrorCodes)]
enum Code {
    #[api(status = 404)]
    NotFound,
    #[api(status = 410, code = "not_found")]
    Gone,
}

fn main() {}

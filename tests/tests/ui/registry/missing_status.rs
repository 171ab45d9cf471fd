#[derive(Clone, Copy, apierror::ErrorCodes)]
enum Code {
    #[api(title = "Not Found")]
    NotFound,
    Gone,
}

fn main() {}

#[derive(Clone, Copy, apierror::ErrorCodes)]
enum Code {
    #[api(status = 302)]
    Moved,
    #[api(status = "404")]
    NotFound,
}

fn main() {}

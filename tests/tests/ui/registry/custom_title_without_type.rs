#[derive(Clone, Copy, apierror::ErrorCodes)]
enum Code {
    #[api(status = 404, title = "No such thing")]
    NotFound,
}

fn main() {}

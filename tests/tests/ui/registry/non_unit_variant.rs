#[derive(Clone, Copy, apierror::ErrorCodes)]
enum Code {
    #[api(status = 404)]
    NotFound(u64),
    #[api(status = 400)]
    Invalid { field: &'static str },
}

fn main() {}

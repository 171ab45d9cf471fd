#[derive(Clone, Copy, apierror::ErrorCodes)]
#[api(rename_all = "PascalCase")]
enum Code {
    #[api(status = 404)]
    NotFound,
}

fn main() {}

#[derive(Clone, Copy, apierror::ErrorCodes)]
#[api(rename_all = "lowercase")]
enum Code {
    #[api(status = 404)]
    NotFound,
    #[api(status = 404)]
    Notfound,
}

fn main() {}

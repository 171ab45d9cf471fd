#[derive(Clone, Copy, apierror::ErrorCodes)]
#[api(rename_al = "snake_case", message = "x")]
enum Code {
    #[api(status = 404, mesage = "x", log = "warn")]
    NotFound,
}

fn main() {}

#[derive(Clone, Copy, apierror::ErrorCodes)]
enum Code {
    #[api(status = 404, code = "404_not_found")]
    NotFound,
    #[api(status = 400, code = Other::Bad)]
    Bad,
}

fn main() {}

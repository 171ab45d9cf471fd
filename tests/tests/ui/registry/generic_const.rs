#[derive(Clone, Copy, Debug, apierror::ErrorCodes)]
enum Code<const N: usize> {
    #[api(status = 404)]
    NotFound,
}

fn main() {}

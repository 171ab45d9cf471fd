#[derive(Clone, Copy, apierror::ErrorCodes)]
#[api(type_base = "https://errors.example.com/problems")]
enum Code {
    #[api(status = 404)]
    NotFound,
}

// Each ending after which a code can follow is accepted.
#[derive(Clone, Copy, apierror::ErrorCodes)]
#[api(type_base = "https://errors.example.com/#")]
enum Fragment {
    #[api(status = 404)]
    NotFound,
}

#[derive(Clone, Copy, apierror::ErrorCodes)]
#[api(type_base = "urn:example:")]
enum Urn {
    #[api(status = 404)]
    NotFound,
}

#[derive(Clone, Copy, apierror::ErrorCodes)]
#[api(type_base = "https://errors.example.com/?code=")]
enum Query {
    #[api(status = 404)]
    NotFound,
}

fn main() {}

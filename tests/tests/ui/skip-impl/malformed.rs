use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
#[api(skip_impl())]
enum Empty {
    #[error("busy")]
    #[api(code = "busy", status = 503)]
    Busy,
}

#[derive(Debug, thiserror::Error, ApiError)]
#[api(skip_impl)]
enum NoList {
    #[error("busy")]
    #[api(code = "busy", status = 503)]
    Busy,
}

#[derive(Debug, thiserror::Error, ApiError)]
#[api(skip_impl = "axum")]
enum Value {
    #[error("busy")]
    #[api(code = "busy", status = 503)]
    Busy,
}

fn main() {}

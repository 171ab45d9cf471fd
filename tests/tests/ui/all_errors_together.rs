use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "errors/")]
enum AccountError {
    #[error("not found")]
    #[api(code = "account not found", stauts = 404)]
    NotFound,

    #[error("gone")]
    #[api(code = "gone", status = 200, title = "{id} is gone")]
    Gone { id: u64 },

    #[error("locked")]
    #[api(code = "locked", status = 423, message = "locked until {untl}")]
    Locked {
        #[api(extension = "x")]
        until: u64,
        #[api(header = "X-Trace-Id")]
        trace: String,
    },

    #[error("database")]
    #[api(code = "internal", status = 500, message = "db: {0}")]
    Db(#[api(field)] String),

    // A mistyped key does not hide the missing `status`.
    #[error("teapot")]
    #[api(code = "teapot", mesage = "No coffee.")]
    Teapot,

    #[error("other")]
    #[api(transparent)]
    Other,
}

// Uses of the type see the stub impl: no follow-up "trait not implemented" errors.
fn status(error: &AccountError) -> http::StatusCode {
    error.status()
}

fn main() {}

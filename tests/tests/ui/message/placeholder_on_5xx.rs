use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("database: {0}")]
    #[api(code = "internal_error", status = 500, message = "database failed: {0}")]
    Db(String),
}

fn main() {}

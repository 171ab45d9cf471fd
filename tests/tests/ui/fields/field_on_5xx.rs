use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("database: {table}")]
    #[api(code = "internal_error", status = 500)]
    Db {
        #[api(field)]
        table: String,
    },
}

fn main() {}

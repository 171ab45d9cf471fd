#[derive(Clone, Copy, apierror::ErrorCodes)]
enum Code {
    #[api(status = 500)]
    Internal,
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum AccountError {
    #[error("database: {table}")]
    #[api(code = Code::Internal)]
    Db {
        #[api(field)]
        table: String,
    },
}

fn main() {}

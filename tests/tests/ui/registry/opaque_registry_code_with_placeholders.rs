#[derive(Clone, Copy, apierror::ErrorCodes)]
enum Code {
    #[api(status = 500)]
    Internal,
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum AccountError {
    #[error("database: {query}")]
    #[api(code = Code::Internal, message = "query {query} failed")]
    Db { query: String },
}

fn main() {}

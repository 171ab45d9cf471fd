use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("client closed the request")]
    #[api(code = "client_closed", status = 499)]
    ClientClosed,
}

fn main() {}

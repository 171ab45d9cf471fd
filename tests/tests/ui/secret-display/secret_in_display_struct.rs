use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
#[error("token {auth_token} expired")]
#[api(code = "token_expired", status = 401)]
struct TokenExpired {
    auth_token: String,
}

fn main() {}

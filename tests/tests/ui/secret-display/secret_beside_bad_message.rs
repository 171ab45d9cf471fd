use apierror::ApiError;

// The `message` meant to hide the password does not parse: that is the one error,
// not also the password in `Display`.
#[derive(Debug, thiserror::Error, ApiError)]
enum LoginError {
    #[error("login failed with password {password}")]
    #[api(code = "login_failed", status = 401, message = 1)]
    Failed { password: String },
}

fn main() {}

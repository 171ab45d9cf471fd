use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum LoginError {
    // Exposed (4xx), no `message`: the client gets this text, password included.
    #[error("login failed for {user} with password {password}")]
    #[api(code = "login_failed", status = 401)]
    Failed { user: String, password: String },

    // Debug formatting, camelCase, and a field read through an extra argument.
    #[error("bad key {apiKey:?} for session {}", .SessionId)]
    #[api(code = "bad_key", status = 403, expose = true)]
    #[allow(non_snake_case)]
    BadKey { apiKey: String, SessionId: u64 },
}

fn main() {}

use apierror::ApiError;

// `{ $password }` would send a secret to the client.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(locales = "ftl/secret", default_locale = "en")]
enum LoginError {
    #[error("login refused")]
    #[api(code = "login_refused", status = 401)]
    Refused { password: String },
}

fn main() {}

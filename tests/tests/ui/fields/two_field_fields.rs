use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("passwords differ")]
    #[api(code = "passwords_differ", status = 422)]
    PasswordsDiffer {
        #[api(field)]
        password: String,
        #[api(field)]
        confirmation: String,
    },
}

fn main() {}

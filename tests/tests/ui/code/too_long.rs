use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("not found")]
    #[api(code = "the_account_you_asked_for_does_not_exist_or_is_not_visible_to_you", status = 404)]
    NotFound,
}

fn main() {}

use apierror::ApiError;
use utoipa::OpenApi;

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
enum AccountError {
    /// The account does not exist or is not visible to the caller.
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404, title = "Account not found")]
    NotFound { id: u64 },

    #[error("too many requests")]
    #[api(code = "rate_limited", status = 429, title = "Rate limited")]
    RateLimited {
        #[api(header = "Retry-After")]
        retry_after_secs: u64,
    },
}

/// Reads one account.
#[utoipa::path(
    get,
    path = "/accounts/{id}",
    params(("id" = u64, Path, description = "The account's id")),
    responses(
        (status = 200, description = "The account", body = String),
        AccountError, // one response per status, an example per code
    ),
)]
async fn get_account() {}

#[derive(OpenApi)]
#[openapi(
    paths(get_account),
    components(schemas(apierror::Problem)), // the schema the error responses refer to
)]
struct ApiDoc;

fn main() {
    println!("{}", ApiDoc::openapi().to_pretty_json().unwrap());
}

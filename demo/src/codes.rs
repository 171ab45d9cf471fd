//! The service's code registry: every code clients may branch on, declared once.
//! Error types name entries (`code = Code::NotFound`) and inherit status, title and
//! type, so the same code cannot mean two things in two places.

/// The codes of the accounts API. Clients can share this enum and `match` on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, apierror::ErrorCodes)]
#[api(
    type_base = "https://errors.example.com/",
    domain = "accounts.example.com"
)]
pub enum Code {
    /// The account does not exist or is not visible to the caller.
    #[api(status = 404, title = "Account not found", code = "account_not_found")]
    AccountNotFound,
    /// The request body failed validation; `errors` lists each field at fault.
    #[api(status = 422, title = "Validation failed")]
    ValidationFailed,
    /// Too many requests of this kind; retry after the `Retry-After` delay.
    #[api(status = 429, title = "Rate limited")]
    RateLimited,
    /// Something failed on the server; quote the trace id when reporting it.
    #[api(status = 500, title = "Internal error")]
    InternalError,
}

//! The demo's error types: one per domain, each variant's HTTP facts declared once.

use std::time::Duration;

use apierror::{ApiError, FieldViolation};

use crate::codes::Code;

/// What the accounts endpoints answer when they fail, in English or German
/// (`locales/{en,de}/errors.ftl`, chosen by `Accept-Language`).
#[derive(Debug, thiserror::Error, ApiError)]
#[api(
    type_base = "https://errors.example.com/",
    domain = "accounts.example.com",
    locales = "locales",
    default_locale = "en"
)]
pub enum AccountError {
    /// The account does not exist or is not visible to the caller.
    #[error("account {id} not found")]
    #[api(code = Code::AccountNotFound, message = "account {id} not found", example(id = 42))]
    NotFound {
        /// The id asked for.
        id: u64,
    },

    /// The request body failed validation; `errors` lists each field at fault.
    #[error("invalid account: {} violations", .0.len())]
    #[api(code = Code::ValidationFailed, message = "The request is invalid.")]
    Invalid(#[api(violations)] Vec<FieldViolation>),

    /// Another account already uses this email address.
    #[error("email {email} is taken by account {owner}")]
    #[api(
        code = "email_taken",
        status = 409,
        title = "Email taken",
        message = "The email address {email} is already in use.",
        example(email = "ada@example.com")
    )]
    EmailTaken {
        /// The request field at fault, shown to the client.
        #[api(field)]
        field: &'static str,
        /// The address, named in the message.
        email: String,
        /// The account that has it: only logged.
        owner: u64,
    },

    /// The account's balance does not cover the transfer.
    #[error("account {id} has {balance}, {requested} requested")]
    #[api(
        code = "insufficient_funds",
        status = 409,
        title = "Insufficient funds",
        message = "The balance does not cover a transfer of {requested}.",
        example(requested = 250, balance = 100)
    )]
    InsufficientFunds {
        /// The paying account: only logged.
        id: u64,
        /// Its balance, shown as an extension member.
        #[api(extension)]
        balance: u64,
        /// The amount asked for, shown as an extension member.
        #[api(extension)]
        requested: u64,
    },

    /// Exports are limited to one per account every 30 seconds.
    #[error("export of account {id} rate limited for {retry_after_secs}s")]
    #[api(code = Code::RateLimited, message = "Too many exports; retry later.")]
    RateLimited {
        /// The account: only logged.
        id: u64,
        /// Seconds until the next export: a `Retry-After` header and an extension.
        #[api(header = "Retry-After", extension)]
        retry_after_secs: u64,
    },

    /// The database failed; the client sees only the trace id.
    #[error("database query failed")]
    #[api(code = Code::InternalError)]
    Database(#[from] DbError),

    /// Billing's own errors, answered as billing declares them.
    #[error(transparent)]
    #[api(transparent)]
    Billing(#[from] BillingError),
}

/// What the billing component answers when it fails.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(
    type_base = "https://errors.example.com/",
    locales = "locales",
    default_locale = "en"
)]
pub enum BillingError {
    /// The billing provider did not answer in time; retry later.
    #[error("billing provider at billing.internal:7000 timed out after {0:?}")]
    #[api(
        code = "billing_unavailable",
        status = 503,
        title = "Billing unavailable"
    )]
    Unavailable(Duration),
}

/// A database failure: internal detail that must stay in the logs.
#[derive(Debug, thiserror::Error)]
#[error("query {query:?} failed on replica db-2.internal (user=app password=*****)")]
pub struct DbError {
    /// The query that failed.
    pub query: &'static str,
    /// What the driver said.
    #[source]
    pub source: std::io::Error,
}

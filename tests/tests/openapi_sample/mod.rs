//! The sample API the OpenAPI, utoipa and catalog-page tests document, and a
//! snapshot helper for the files under `tests/snapshots/docs/`.
// Each test binary uses its own subset of these items.
#![allow(dead_code)]

use std::path::PathBuf;

use apierror::catalog::Catalog;
use apierror::{ApiError, FieldViolation};
use serde_json::{Map, Value};

/// A database failure: internal, never shown to clients.
#[derive(Debug, thiserror::Error)]
#[error("connection to {host} refused")]
pub struct DbError {
    pub host: String,
}

/// The errors of the accounts endpoints.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://docs.example.com/errors#")]
pub enum AccountError {
    /// The account does not exist or is not visible to the caller.
    ///
    /// Accounts of other organisations are reported as missing too, so their ids
    /// cannot be probed.
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404, title = "Account not found")]
    NotFound { id: u64 },

    /// The request body is not a valid account. `errors` lists every invalid field:
    ///
    /// - `pointer` locates the field in the request body;
    /// - `detail` says what is wrong with it.
    #[error("invalid account: {} violations", .0.len())]
    #[api(
        code = "validation_failed",
        status = 422,
        title = "Validation failed",
        message = "The account is invalid."
    )]
    Invalid(#[api(violations)] Vec<FieldViolation>),

    /// Too many requests from this client; retry after `Retry-After` seconds.
    #[error("too many requests")]
    #[api(code = "rate_limited", status = 429, title = "Rate limited")]
    RateLimited {
        #[api(header = "Retry-After")]
        retry_after_secs: u64,
    },

    /// The server failed; the trace id finds the cause in its logs.
    #[error("database: {0}")]
    #[api(code = "internal_error", status = 500, title = "Internal error")]
    Db(#[from] DbError),

    #[error(transparent)]
    #[api(transparent)]
    Billing(#[from] BillingError),
}

/// The errors of the billing endpoints.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://docs.example.com/errors#")]
pub enum BillingError {
    /// The card issuer declined the payment. Ask for another card.
    #[error("card ending {last4} declined")]
    #[api(code = "card_declined", status = 402, title = "Card declined")]
    Declined { last4: String },

    /// No invoice has this id.
    #[error("invoice {0} not found")]
    #[api(code = "invoice_not_found", status = 404, title = "Invoice not found")]
    NotFound(u64),

    /// The payment provider did not answer. Retry later.
    #[error("payment provider timed out after {0:?}")]
    #[api(
        code = "payment_provider_unavailable",
        status = 503,
        title = "Payment provider unavailable",
        message = "The payment provider is unavailable. Retry later."
    )]
    Provider(std::time::Duration),

    /// The invoice is locked by an auditor.
    #[error("invoice locked by {auditor}")]
    #[api(
        code = "invoice_locked",
        status = 409,
        title = "Invoice locked",
        expose = false
    )]
    Locked { auditor: String },
}

/// The errors of a legacy endpoint: `invoice_not_found` answers 410 there, so one
/// code has two statuses in a catalog that holds both types.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://docs.example.com/errors#")]
pub enum LegacyError {
    /// The invoice was archived.
    #[error("invoice archived")]
    #[api(code = "invoice_not_found", status = 410, title = "Invoice not found")]
    Archived,

    /// Nothing is at this path.
    #[error("nothing here")]
    #[api(code = "not_found", status = 404, title = "Not found")]
    NotFound,
}

/// The catalog of the sample API.
pub fn catalog() -> Catalog {
    Catalog::new().with::<AccountError>().with::<BillingError>()
}

/// Compares `actual` with the snapshot `tests/snapshots/docs/{name}`.
///
/// A missing snapshot is written (and then fails under `CI`); with
/// `APIERROR_BLESS_SNAPSHOTS=1` every snapshot is rewritten. Review a written
/// snapshot by eye before committing it.
#[track_caller]
pub fn assert_snapshot(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("snapshots/docs")
        .join(name);
    let update = std::env::var_os("APIERROR_BLESS_SNAPSHOTS").is_some_and(|value| value == "1");
    let ci = std::env::var_os("CI").is_some_and(|value| !value.is_empty() && value != "false");
    match std::fs::read_to_string(&path) {
        Ok(expected) if expected == actual => {}
        Ok(_) | Err(_) if update => write(&path, actual),
        Err(_) if !ci => write(&path, actual),
        Err(error) => panic!("cannot read the snapshot {}: {error}", path.display()),
        Ok(expected) => {
            let line = expected
                .lines()
                .zip(actual.lines())
                .position(|(expected, actual)| expected != actual)
                .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
            panic!(
                "{} differs from the output, first at line {}:\n  snapshot: {:?}\n  output:   {:?}\n\
                 Rerun with APIERROR_BLESS_SNAPSHOTS=1 to accept the output, then review the diff.",
                path.display(),
                line + 1,
                expected.lines().nth(line).unwrap_or("<end of file>"),
                actual.lines().nth(line).unwrap_or("<end of file>"),
            );
        }
    }
}

fn write(path: &std::path::Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("the snapshot directory can be created");
    }
    std::fs::write(path, text).expect("the snapshot can be written");
}

/// `value` pretty-printed with every object's members sorted, whatever order
/// `serde_json` keeps them in, and a final newline.
pub fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(&sorted(value)).expect("JSON values serialize");
    text.push('\n');
    text
}

fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for key in keys {
                out.insert(key.clone(), sorted(&map[key]));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

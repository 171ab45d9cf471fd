//! User code under strict lints derives `ApiError` with every attribute: nothing the
//! derive generates may raise a warning (thiserror's `test_lints.rs`). CI runs
//! clippy with `-D warnings` on this file too, so clippy's pedantic group covers
//! the generated code as well.

#![deny(
    warnings,
    missing_docs,
    missing_debug_implementations,
    unused,
    unused_qualifications,
    unused_lifetimes,
    unused_extern_crates,
    unused_import_braces,
    single_use_lifetimes,
    rust_2018_idioms,
    trivial_casts,
    trivial_numeric_casts,
    unreachable_pub,
    let_underscore_drop,
    non_ascii_idents,
    unsafe_code
)]
#![deny(clippy::all, clippy::pedantic)]

use apierror::{ApiError, Context, FieldViolation, TraceId};
use serde::Serialize;

/// The rate limit an error reports.
#[derive(Debug, Serialize)]
pub struct Quota {
    /// Requests allowed per window.
    pub limit: u32,
    /// Requests made in this window.
    pub used: u32,
}

/// An error another type forwards to.
#[derive(Debug, thiserror::Error, ApiError)]
pub enum BillingError {
    /// The card was declined.
    #[error("card declined")]
    #[api(code = "card_declined", status = 402)]
    CardDeclined,
}

/// An error with every variant and field attribute.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/", crate = "apierror")]
pub enum AccountError {
    /// The account does not exist.
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404, title = "Account not found")]
    NotFound {
        /// The account id.
        id: u64,
    },

    /// The account is locked.
    #[error("account {0} is locked")]
    #[api(
        code = "account_locked",
        status = 423,
        message = "account {0} is locked ({1:?})",
        log = "info"
    )]
    Locked(u64, &'static str),

    /// An email address is invalid.
    #[error("invalid email {email}")]
    #[api(
        code = "invalid_email",
        status = 422,
        message = "{field:?} is not valid"
    )]
    InvalidEmail {
        /// The request field.
        #[api(field)]
        field: &'static str,
        /// The address.
        email: String,
    },

    /// The request is invalid.
    #[error("invalid request")]
    #[api(
        code = "validation_failed",
        status = 422,
        message = "The request is invalid."
    )]
    Invalid(#[api(violations)] Vec<FieldViolation>),

    /// Too many requests.
    #[error("quota exceeded")]
    #[api(code = "quota_exceeded", status = 429)]
    QuotaExceeded {
        /// The quota.
        #[api(extension)]
        quota: Quota,
        /// The plan.
        #[api(extension = "plan_name")]
        plan: String,
        /// Seconds to wait.
        #[api(header = "Retry-After")]
        retry_after_secs: u64,
    },

    /// Payment is required.
    #[error("payment required")]
    #[api(
        code = "payment_required",
        status = 402,
        type = "https://payments.example.com/problems/required",
        title = "Payment required"
    )]
    PaymentRequired(#[api(extension = "amount")] u64),

    /// Not allowed; who asked stays private.
    #[error("forbidden for {user}")]
    #[api(
        code = "forbidden",
        status = 403,
        expose = false,
        grpc = "unauthenticated"
    )]
    Forbidden {
        /// The user.
        user: String,
    },

    /// The database failed.
    #[error("database: {0}")]
    #[api(code = "internal_error", status = 500, message = "Try again later.")]
    Db(String),

    /// Billing refused; the billing error's code nests in Microsoft's `innererror`.
    #[error("billing refused")]
    #[api(code = "billing_refused", status = 402)]
    BillingRefused(
        #[source]
        #[api(inner)]
        BillingError,
    ),

    /// A billing error, forwarded.
    #[error(transparent)]
    #[api(transparent)]
    Billing(#[from] BillingError),
}

/// A struct error with container and variant keys.
#[derive(Debug, thiserror::Error, ApiError)]
#[error("conflict on {resource}")]
#[api(
    type_base = "https://errors.example.com/",
    code = "conflict",
    status = 409,
    title = "Conflict",
    message = "{resource} changed since version {version}",
    expose = true,
    log = "warn"
)]
pub struct Conflict {
    /// The resource.
    #[api(field)]
    pub resource: &'static str,
    /// The version the client had.
    pub version: u32,
    /// The current entity tag.
    #[api(header = "ETag")]
    pub etag: String,
}

/// Localized from `tests/locales/` (feature `fluent`), generic over the account id;
/// a transparent variant takes its field's messages.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(
    type_base = "https://errors.example.com/",
    locales = "locales",
    default_locale = "en",
    fallback = true
)]
pub enum Localized<T: std::fmt::Debug> {
    /// The account does not exist.
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404)]
    NotFound {
        /// The account id.
        id: T,
    },
    /// The cart holds too many items.
    #[error("cart full")]
    #[api(code = "cart_full", status = 422)]
    CartFull {
        /// How many items are over the limit.
        count: u32,
        /// The cart's total.
        total: f64,
    },
    /// Another type's error.
    #[error(transparent)]
    #[api(transparent)]
    Billing(BillingError),
}

/// A transparent struct.
#[derive(Debug, thiserror::Error, ApiError)]
#[error(transparent)]
#[api(transparent)]
pub struct Wrapped(#[from] pub AccountError);

/// A unit struct error.
#[derive(Debug, thiserror::Error, ApiError)]
#[error("maintenance")]
#[api(code = "maintenance", status = 503)]
pub struct Maintenance;

/// Generic over a type and a lifetime.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
pub enum Lookup<'a, T, U>
where
    U: std::fmt::Debug,
{
    /// A key is missing.
    #[error("{key} not found")]
    #[api(
        code = "key_not_found",
        status = 404,
        message = "{key} not found in {table}"
    )]
    Missing {
        /// The key.
        key: T,
        /// The table.
        table: &'a str,
        /// A hint.
        #[api(extension = "table_hint")]
        hint: Option<&'a str>,
        /// When to retry.
        #[api(header = "Retry-After")]
        retry: u32,
    },

    /// The store is busy.
    #[error("{0} is busy")]
    #[api(code = "busy", status = 503)]
    Busy(U),

    /// Forwarded.
    #[error(transparent)]
    #[api(transparent)]
    Inner(AccountError),
}

/// An error type with no variants.
#[derive(Debug, thiserror::Error, ApiError)]
pub enum Never {}

/// A code registry: what `ErrorCodes` generates must pass the same lints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, apierror::ErrorCodes)]
#[api(type_base = "https://errors.example.com/", rename_all = "kebab-case")]
pub enum Code {
    /// The resource does not exist.
    #[api(status = 404, title = "Not found")]
    NotFound,
    /// The server failed.
    #[api(status = 500, title = "Internal error", grpc = "unavailable")]
    Internal,
}

/// An error that takes its codes from the registry.
#[derive(Debug, thiserror::Error, ApiError)]
pub enum RegistryError {
    /// Nothing has this id.
    #[error("no item {0}")]
    #[api(code = Code::NotFound, message = "no item {0}", log = "info")]
    Missing(u32),
    /// The store failed.
    #[error("store failed")]
    #[api(code = Code::Internal)]
    Store,
}

/// A deprecated error type: the generated impls name it without a warning
/// (`#[allow(deprecated)]` on the generated block, as serde and thiserror do).
#[deprecated = "use AccountError"]
#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
pub enum LegacyError {
    /// The old way to say "not found".
    #[error("gone {0}")]
    #[api(code = "legacy_gone", status = 410, message = "gone {0}")]
    Gone(#[api(header = "X-Legacy")] u32),
}

/// An error with a deprecated variant and a variant that uses a deprecated code.
#[derive(Debug, thiserror::Error, ApiError)]
pub enum MigratingError {
    /// The old variant.
    #[deprecated = "use Current"]
    #[error("old")]
    #[api(code = "old", status = 400)]
    Old,
    /// Still answered with the old registry code.
    #[error("current {id}")]
    #[api(code = LegacyCode::Moved, message = "current {id}")]
    Current {
        /// The id.
        #[api(extension = "item_id")]
        id: u32,
    },
}

/// A registry that is deprecated and holds a deprecated code.
#[deprecated = "use Code"]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, apierror::ErrorCodes)]
pub enum LegacyCode {
    /// The resource moved.
    #[deprecated = "use Code::NotFound"]
    #[api(status = 409)]
    Moved,
}

/// An error that leaves out two framework impls (`skip_impl`).
#[derive(Debug, thiserror::Error, ApiError)]
#[api(skip_impl(axum, utoipa, aide))]
pub enum Skipping {
    /// Busy.
    #[error("busy")]
    #[api(code = "busy", status = 503)]
    Busy,
}

#[test]
fn derived_types_render() {
    let ctx = Context::default().with_trace_id(TraceId::parse("t-1").expect("a valid trace id"));
    let locked = AccountError::Locked(7, "fraud");
    assert_eq!(
        locked.to_problem(&ctx).detail(),
        Some("account 7 is locked (\"fraud\")")
    );
    let conflict = Conflict {
        resource: "order",
        version: 3,
        etag: "\"v3\"".to_owned(),
    };
    assert_eq!(conflict.to_response(&ctx).headers()["etag"], "\"v3\"");
    let missing: Lookup<'_, u64, &str> = Lookup::Missing {
        key: 7,
        table: "accounts",
        hint: None,
        retry: 5,
    };
    assert_eq!(
        missing.to_problem(&ctx).detail(),
        Some("7 not found in accounts")
    );
    assert_eq!(Wrapped(AccountError::Db(String::new())).status(), 500);
    assert_eq!(Maintenance.code(), "maintenance");
    assert!(<Never as ApiError>::catalog().is_empty());
    assert_eq!(Code::NotFound.as_str(), "not-found");
    assert_eq!(RegistryError::Missing(7).status(), 404);
    assert_eq!(RegistryError::Store.code(), "internal");
    assert_eq!(MigratingError::Current { id: 1 }.code(), "moved");
    let german = ctx.clone().with_locale("de");
    let not_found: Localized<u64> = Localized::NotFound { id: 7 };
    assert_eq!(
        not_found.to_problem(&german).detail(),
        Some("Konto 7 wurde nicht gefunden.")
    );
    let full: Localized<u64> = Localized::CartFull {
        count: 2,
        total: 10.5,
    };
    assert_eq!(
        full.to_problem(&german).detail(),
        Some("2 Artikel sind über dem Limit (Summe 10,5).")
    );
}

/// The user's own use of a deprecated item still warns; this test allows it.
#[test]
#[allow(deprecated)]
fn deprecated_types_render() {
    let ctx = Context::default().with_trace_id(TraceId::parse("t-1").expect("a valid trace id"));
    let gone = LegacyError::Gone(3);
    assert_eq!(gone.to_response(&ctx).headers()["x-legacy"], "3");
    assert_eq!(MigratingError::Old.code(), "old");
    assert_eq!(LegacyCode::Moved.as_str(), "moved");
}

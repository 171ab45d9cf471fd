//! JSON snapshots of the documents the example of DESIGN.md answers with, kept in
//! `tests/snapshots/*.json` and compared as parsed JSON, with a fixed trace id.
//!
//! To write a new snapshot or accept a changed one, run
//!
//! ```text
//! APIERROR_BLESS_SNAPSHOTS=1 cargo test -p apierror-tests --test snapshots
//! ```
//!
//! which rewrites the files instead of comparing them; then read every changed file
//! (`git diff tests/snapshots`) before keeping it.

use apierror::{ApiError, Context, FieldViolation, Format, Policy, TraceId};

mod support;
use support::{assert_snapshot, response_document};

const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";

#[derive(Debug, thiserror::Error)]
#[error("connection reset by db-primary:5432")]
pub struct DbError;

#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[api(type_base = "https://billing.example.com/errors/")]
pub enum BillingError {
    /// The card was declined by its issuer.
    #[error("card declined: {reason}")]
    #[api(code = "card_declined", status = 402, title = "Card declined")]
    CardDeclined {
        reason: &'static str,
        #[api(extension)]
        decline_code: &'static str,
    },
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[api(type_base = "https://errors.example.com/")]
pub enum AccountError {
    /// The account does not exist or is not visible to the caller.
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404, title = "Account not found")]
    NotFound { id: u64 },

    #[error("invalid request: {} violations", .0.len())]
    #[api(
        code = "validation_failed",
        status = 422,
        message = "The request is invalid."
    )]
    Invalid(#[api(violations)] Vec<FieldViolation>),

    #[error("too many requests")]
    #[api(code = "rate_limited", status = 429)]
    RateLimited {
        #[api(header = "Retry-After")]
        retry_after_secs: u64,
    },

    #[error("database: {0}")]
    #[api(code = "internal_error", status = 500)]
    Db(#[from] DbError),

    #[error(transparent)]
    #[api(transparent)]
    Billing(#[from] BillingError),
}

/// A struct without `type_base`: its type is `about:blank`.
#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[error("email {email} is already registered")]
#[api(
    code = "email_taken",
    status = 409,
    message = "This email is already registered."
)]
pub struct EmailTaken {
    #[api(field)]
    field: &'static str,
    email: &'static str,
    #[api(extension = "sign_in_url")]
    sign_in: &'static str,
}

fn ctx() -> Context {
    Context::default().with_trace_id(TraceId::parse(TRACE_ID).expect("a valid trace id"))
}

/// Snapshots the problem document and the envelope of `error` as
/// `{name}.problem.json` and `{name}.envelope.json`.
fn assert_bodies(name: &str, error: &impl ApiError, ctx: &Context) {
    let problem = support::body(error, &ctx.clone().with_format(Format::Problem));
    assert_snapshot(&format!("{name}.problem"), &problem);
    let envelope = support::body(error, &ctx.clone().with_format(Format::Envelope));
    assert_snapshot(&format!("{name}.envelope"), &envelope);
}

#[test]
fn not_found() {
    assert_bodies(
        "account_not_found",
        &AccountError::NotFound { id: 7 },
        &ctx(),
    );
}

#[test]
fn not_found_with_instance() {
    let ctx = ctx().with_instance("/accounts/7");
    let error = AccountError::NotFound { id: 7 };
    assert_snapshot(
        "account_not_found.instance.problem",
        &support::body(&error, &ctx),
    );
}

#[test]
fn validation_failed() {
    let error = AccountError::Invalid(vec![
        FieldViolation::new("profile.color", "must be one of red, green, blue")
            .with_code("invalid_choice"),
        FieldViolation::new("items[2].name", "is required"),
        FieldViolation::new("a/b~c", "is not a valid key"),
    ]);
    assert_bodies("validation_failed", &error, &ctx());
}

#[test]
fn rate_limited_response() {
    let error = AccountError::RateLimited {
        retry_after_secs: 30,
    };
    assert_snapshot("rate_limited.response", &response_document(&error, &ctx()));
    let envelope_ctx = ctx().with_format(Format::Envelope);
    assert_snapshot(
        "rate_limited.envelope.response",
        &response_document(&error, &envelope_ctx),
    );
}

#[test]
fn internal_error_in_production() {
    assert_bodies("internal_error", &AccountError::Db(DbError), &ctx());
}

#[test]
fn internal_error_in_development() {
    let ctx = ctx().with_policy(Policy::Development);
    assert_bodies(
        "internal_error.development",
        &AccountError::Db(DbError),
        &ctx,
    );
}

#[test]
fn transparent_billing_error() {
    let error = AccountError::Billing(BillingError::CardDeclined {
        reason: "issuer says stolen card",
        decline_code: "do_not_honor",
    });
    assert_bodies("card_declined", &error, &ctx());
}

#[test]
fn struct_without_type_base() {
    let error = EmailTaken {
        field: "email",
        email: "ada@example.com",
        sign_in: "https://example.com/sign-in",
    };
    assert_bodies("email_taken", &error, &ctx());
}

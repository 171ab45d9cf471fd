//! `#[api(transparent)]`: a variant (or struct) that forwards its descriptor, body
//! and headers to the one field's `ApiError`.

use apierror::catalog::Catalog;
use apierror::{ApiError, ErrorDescriptor, OPAQUE_SERVER_MESSAGE};
use serde_json::json;

mod support;
use support::{ctx, envelope, problem};

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://billing.example.com/errors/")]
pub enum BillingError {
    /// The card was declined by the issuer.
    #[error("card ending {last4} declined")]
    #[api(code = "card_declined", status = 402, title = "Card declined")]
    CardDeclined {
        last4: &'static str,
        #[api(extension)]
        decline_code: &'static str,
    },

    #[error("rate limited by the processor")]
    #[api(code = "billing_rate_limited", status = 429)]
    RateLimited {
        #[api(header = "Retry-After")]
        retry_after: u32,
    },

    #[error("processor returned {0}")]
    #[api(code = "billing_unavailable", status = 503)]
    Unavailable(String),
}

#[derive(Debug, thiserror::Error)]
#[error("ledger write failed: {0}")]
pub struct LedgerFailure(String);

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
pub enum AccountError {
    /// The account does not exist.
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404, title = "Account not found")]
    NotFound { id: u64 },

    #[error(transparent)]
    #[api(transparent)]
    Billing(#[from] BillingError),

    #[error("ledger")]
    #[api(code = "ledger_failed", status = 500)]
    Ledger(#[source] LedgerFailure),
}

#[test]
fn the_descriptor_is_the_inner_one() {
    let inner = BillingError::CardDeclined {
        last4: "4242",
        decline_code: "insufficient_funds",
    };
    let inner_descriptor: *const ErrorDescriptor = inner.descriptor();
    let outer = AccountError::from(inner);
    assert!(std::ptr::eq(outer.descriptor(), inner_descriptor));
    assert_eq!(outer.code(), "card_declined");
    assert_eq!(outer.status(), 402);
    assert_eq!(outer.title(), "Card declined");
    assert_eq!(
        outer.descriptor().type_uri(),
        "https://billing.example.com/errors/card_declined"
    );
    assert_eq!(
        outer.descriptor().description(),
        Some("The card was declined by the issuer.")
    );
}

#[test]
fn the_body_is_the_inner_one() {
    let make = || BillingError::CardDeclined {
        last4: "4242",
        decline_code: "insufficient_funds",
    };
    let outer = AccountError::Billing(make());
    assert_eq!(problem(&outer), problem(&make()));
    assert_eq!(envelope(&outer), envelope(&make()));
    assert_eq!(
        problem(&outer),
        json!({
            "type": "https://billing.example.com/errors/card_declined",
            "title": "Card declined",
            "status": 402,
            "code": "card_declined",
            "detail": "card ending 4242 declined",
            "decline_code": "insufficient_funds",
            "trace_id": "trace-1",
        })
    );
}

#[test]
fn headers_are_the_inner_ones() {
    let outer = AccountError::Billing(BillingError::RateLimited { retry_after: 12 });
    let response = outer.to_response(&ctx());
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "12");
    assert_eq!(response.headers()["x-trace-id"], "trace-1");
}

#[test]
fn an_opaque_inner_error_stays_opaque() {
    let outer = AccountError::Billing(BillingError::Unavailable("processor key sk_live_9".into()));
    assert!(!outer.expose());
    for body in [problem(&outer), envelope(&outer)] {
        assert!(!body.to_string().contains("sk_live_9"), "{body}");
    }
    assert_eq!(problem(&outer)["detail"], OPAQUE_SERVER_MESSAGE);
    assert_eq!(problem(&outer)["status"], 503);
}

fn codes(descriptors: &[ErrorDescriptor]) -> Vec<&'static str> {
    descriptors.iter().map(ErrorDescriptor::code).collect()
}

#[test]
fn catalog_lists_only_the_types_own_variants() {
    assert_eq!(
        codes(AccountError::catalog()),
        ["account_not_found", "ledger_failed"]
    );
    assert_eq!(
        codes(BillingError::catalog()),
        [
            "card_declined",
            "billing_rate_limited",
            "billing_unavailable"
        ]
    );
}

/// Visiting, which `Catalog` does, follows transparent variants into the types they
/// forward to.
#[test]
fn the_catalog_follows_transparent_variants() {
    let catalog = Catalog::new().with::<AccountError>();
    let visited: Vec<&str> = catalog.descriptors().iter().map(|d| d.code()).collect();
    assert_eq!(
        visited,
        [
            "account_not_found",
            "ledger_failed",
            "card_declined",
            "billing_rate_limited",
            "billing_unavailable",
        ]
    );
    let inner = AccountError::Billing(BillingError::RateLimited { retry_after: 1 });
    assert!(
        catalog
            .descriptors()
            .iter()
            .any(|descriptor| std::ptr::eq(*descriptor, inner.descriptor()))
    );
}

/// A transparent struct: a newtype that re-badges nothing.
#[derive(Debug, thiserror::Error, ApiError)]
#[error(transparent)]
#[api(transparent)]
pub struct ApiFailure(#[from] AccountError);

#[derive(Debug, thiserror::Error, ApiError)]
pub enum Top {
    #[error(transparent)]
    #[api(transparent)]
    Failure(ApiFailure),

    #[error(transparent)]
    #[api(transparent)]
    Named { inner: BillingError },
}

#[test]
fn transparency_nests_through_structs_and_named_fields() {
    let nested = Top::Failure(ApiFailure(AccountError::Billing(
        BillingError::RateLimited { retry_after: 3 },
    )));
    assert_eq!(nested.code(), "billing_rate_limited");
    let response = nested.to_response(&ctx());
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "3");
    let body = support::parse(response.body());
    assert_eq!(body["detail"], "rate limited by the processor");

    let named = Top::Named {
        inner: BillingError::RateLimited { retry_after: 4 },
    };
    assert_eq!(named.to_response(&ctx()).headers()["retry-after"], "4");

    let not_found = ApiFailure(AccountError::NotFound { id: 9 });
    assert_eq!(problem(&not_found)["detail"], "account 9 not found");
    assert_eq!(problem(&not_found)["title"], "Account not found");
}

#[test]
fn a_type_of_only_transparent_variants_has_an_empty_catalog_but_visits_all() {
    assert!(Top::catalog().is_empty());
    assert!(ApiFailure::catalog().is_empty());
    let catalog = Catalog::new().with::<Top>();
    let visited: Vec<&str> = catalog.descriptors().iter().map(|d| d.code()).collect();
    // Billing is reached twice (through ApiFailure and directly) and listed once.
    assert_eq!(
        visited,
        [
            "account_not_found",
            "ledger_failed",
            "card_declined",
            "billing_rate_limited",
            "billing_unavailable",
        ]
    );
    assert!(catalog.check().is_empty());
}

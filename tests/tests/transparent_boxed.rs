//! `#[api(transparent)]` over `Box<Inner>` and `Arc<Inner>`: boxing a large error is
//! what `clippy::result_large_err` recommends, and the boxed error answers exactly as
//! the inner one does.

use std::sync::Arc;

use apierror::catalog::Catalog;
use apierror::{ApiError, ErrorDescriptor};
use serde_json::json;

mod support;
use support::{ctx, envelope, problem};

#[derive(Debug, thiserror::Error)]
#[error("gateway refused")]
pub struct GatewayRefusal;

/// A large error that callers box.
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
        #[source]
        cause: GatewayRefusal,
    },

    #[error("rate limited by the processor")]
    #[api(code = "billing_rate_limited", status = 429)]
    RateLimited {
        #[api(header = "Retry-After")]
        retry_after: u32,
    },
}

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
pub enum AccountError {
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404, title = "Account not found")]
    NotFound { id: u64 },

    #[error(transparent)]
    #[api(transparent)]
    Boxed(Box<BillingError>),

    #[error(transparent)]
    #[api(transparent)]
    Shared { inner: Arc<BillingError> },
}

/// A transparent struct over a box, as a newtype wraps a large error.
#[derive(Debug, thiserror::Error, ApiError)]
#[error(transparent)]
#[api(transparent)]
pub struct Failure(#[from] Box<BillingError>);

fn declined() -> BillingError {
    BillingError::CardDeclined {
        last4: "4242",
        decline_code: "insufficient_funds",
        cause: GatewayRefusal,
    }
}

/// The same inner error, boxed and shared, in every wrapper.
fn wrapped(make: fn() -> BillingError) -> [Box<dyn Fn() -> Rendered>; 4] {
    [
        Box::new(move || Rendered::of(&AccountError::Boxed(Box::new(make())))),
        Box::new(move || {
            Rendered::of(&AccountError::Shared {
                inner: Arc::new(make()),
            })
        }),
        Box::new(move || Rendered::of(&Failure::from(Box::new(make())))),
        Box::new(move || Rendered::of(&Box::new(make()))),
    ]
}

/// Everything an error answers with, gathered so that wrappers compare in one line.
#[derive(Debug, PartialEq)]
struct Rendered {
    descriptor: *const ErrorDescriptor,
    status: u16,
    code: &'static str,
    title: &'static str,
    expose: bool,
    problem: serde_json::Value,
    envelope: serde_json::Value,
    headers: Vec<(String, String)>,
    sources: Vec<String>,
}

impl Rendered {
    fn of(error: &impl ApiError) -> Self {
        let response = error.to_response(&ctx());
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
            .collect();
        let mut sources = Vec::new();
        let mut source = error.source();
        while let Some(cause) = source {
            sources.push(cause.to_string());
            source = cause.source();
        }
        Self {
            descriptor: error.descriptor(),
            status: error.status().as_u16(),
            code: error.code(),
            title: error.title(),
            expose: error.expose(),
            problem: problem(error),
            envelope: envelope(error),
            headers,
            sources,
        }
    }
}

#[test]
fn boxed_and_shared_errors_answer_as_the_inner_one() {
    for make in [declined as fn() -> BillingError, || {
        BillingError::RateLimited { retry_after: 12 }
    }] {
        let inner = Rendered::of(&make());
        for render in wrapped(make) {
            assert_eq!(render(), inner);
        }
    }
}

#[test]
fn the_inner_body_headers_and_source_chain_go_through() {
    let boxed = AccountError::Boxed(Box::new(declined()));
    assert_eq!(
        problem(&boxed),
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
    assert_eq!(Rendered::of(&boxed).sources, ["gateway refused"]);

    let shared = AccountError::Shared {
        inner: Arc::new(BillingError::RateLimited { retry_after: 7 }),
    };
    let response = shared.to_response(&ctx());
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "7");
    assert_eq!(response.headers()["x-trace-id"], "trace-1");
}

fn codes(descriptors: &[ErrorDescriptor]) -> Vec<&'static str> {
    descriptors.iter().map(ErrorDescriptor::code).collect()
}

#[test]
fn the_catalog_of_a_box_or_arc_is_the_inner_types() {
    assert_eq!(
        codes(<Box<BillingError>>::catalog()),
        codes(BillingError::catalog())
    );
    assert_eq!(
        codes(<Arc<BillingError>>::catalog()),
        ["card_declined", "billing_rate_limited"]
    );
    let visited = |catalog: Catalog| -> Vec<&'static str> {
        catalog.descriptors().iter().map(|d| d.code()).collect()
    };
    assert_eq!(
        visited(Catalog::new().with::<AccountError>()),
        ["account_not_found", "card_declined", "billing_rate_limited"]
    );
    assert_eq!(
        visited(Catalog::new().with::<Failure>()),
        ["card_declined", "billing_rate_limited"]
    );
    assert_eq!(
        visited(Catalog::new().with::<Arc<Box<BillingError>>>()),
        ["card_declined", "billing_rate_limited"]
    );
}

/// A type that forwards to itself, as a tree of errors may.
#[derive(Debug, thiserror::Error, ApiError)]
pub enum Nesting {
    #[error("leaf")]
    #[api(code = "leaf", status = 404)]
    Leaf,
    #[error(transparent)]
    #[api(transparent)]
    Nested(Box<Nesting>),
}

/// Two types that forward to each other.
#[derive(Debug, thiserror::Error, ApiError)]
pub enum Ping {
    #[error("ping")]
    #[api(code = "ping", status = 409)]
    Ping,
    #[error(transparent)]
    #[api(transparent)]
    Pong(Box<Pong>),
}

#[derive(Debug, thiserror::Error, ApiError)]
pub enum Pong {
    #[error("pong")]
    #[api(code = "pong", status = 410)]
    Pong,
    #[error(transparent)]
    #[api(transparent)]
    Ping(Arc<Ping>),
}

#[test]
fn a_type_that_forwards_to_itself_is_walked_once() {
    let codes = |catalog: Catalog| -> Vec<&'static str> {
        catalog
            .descriptors()
            .iter()
            .map(|descriptor| descriptor.code())
            .collect()
    };
    assert_eq!(codes(Catalog::new().with::<Nesting>()), ["leaf"]);
    assert_eq!(codes(Catalog::new().with::<Ping>()), ["ping", "pong"]);
    assert_eq!(codes(Catalog::new().with::<Box<Pong>>()), ["pong", "ping"]);
    let responses = apierror::openapi::responses::<Ping>();
    assert_eq!(
        responses["409"]["x-error-codes"].as_array().map(Vec::len),
        Some(1),
        "{responses}"
    );
    // Rendering was never affected: the outermost variant answers.
    let nested = Nesting::Nested(Box::new(Nesting::Nested(Box::new(Nesting::Leaf))));
    assert_eq!(problem(&nested)["code"], "leaf");
    assert_eq!(nested.descriptor().code(), "leaf");
}

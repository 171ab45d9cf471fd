//! Each `#[api(...)]` attribute, on enums and structs, seen through the public API:
//! the descriptor, the problem document and the envelope.

use std::fmt;

use apierror::{ApiError, LogLevel, OPAQUE_CLIENT_MESSAGE};
use serde::Serialize;
use serde_json::json;

mod support;
use support::{ctx, envelope, problem};

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
enum OrderError {
    /// The order does not exist or is not visible to the caller.
    #[error("order {id} not found")]
    #[api(code = "order_not_found", status = 404, title = "Order not found")]
    NotFound { id: u64 },

    /// Payment was declined.
    ///
    /// The provider's reason is not shown.
    #[error("payment declined by {provider}")]
    #[api(
        code = "payment_declined",
        status = 402,
        title = "Payment declined",
        type = "https://payments.example.com/problems/declined"
    )]
    PaymentDeclined { provider: String },

    #[error("conflict")]
    #[api(code = "order.state-conflict", status = 409)]
    Conflict,

    #[error("upstream {0} is down")]
    #[api(code = "upstream_down", status = 502, expose = true)]
    UpstreamDown(String),

    #[error("upstream {0} timed out")]
    #[api(code = "upstream_timeout", status = 504, expose)]
    UpstreamTimeout(&'static str),

    #[error("user {user} may not read {path}")]
    #[api(code = "forbidden", status = 403, expose = false)]
    Forbidden { user: String, path: String },

    #[error("user {user} is suspended for fraud")]
    #[api(
        code = "suspended",
        status = 403,
        expose = false,
        message = "This account is suspended; contact support."
    )]
    Suspended { user: String },
}

#[test]
fn code_and_status_reach_the_descriptor_and_the_body() {
    let error = OrderError::NotFound { id: 7 };
    assert_eq!(error.code(), "order_not_found");
    assert_eq!(error.status(), http::StatusCode::NOT_FOUND);
    assert_eq!(error.descriptor().code(), "order_not_found");
    assert_eq!(error.descriptor().status(), 404);
    assert_eq!(error.descriptor().status_u16(), 404);
    let body = problem(&error);
    assert_eq!(body["code"], "order_not_found");
    assert_eq!(body["status"], 404);
}

#[test]
fn codes_may_hold_dots_and_dashes() {
    let error = OrderError::Conflict;
    assert_eq!(error.code(), "order.state-conflict");
    assert_eq!(
        error.descriptor().type_uri(),
        "https://errors.example.com/order.state-conflict"
    );
    assert_eq!(envelope(&error)["error"]["code"], "order.state-conflict");
}

#[test]
fn title_is_used_as_written() {
    let error = OrderError::NotFound { id: 7 };
    assert_eq!(error.title(), "Order not found");
    assert_eq!(error.descriptor().title(), "Order not found");
    assert_eq!(problem(&error)["title"], "Order not found");
}

#[test]
fn type_base_is_joined_with_the_code() {
    let error = OrderError::NotFound { id: 7 };
    assert_eq!(
        error.descriptor().type_uri(),
        "https://errors.example.com/order_not_found"
    );
    assert_eq!(
        problem(&error)["type"],
        "https://errors.example.com/order_not_found"
    );
}

#[test]
fn an_explicit_type_wins_over_type_base() {
    let error = OrderError::PaymentDeclined {
        provider: "acme".into(),
    };
    assert_eq!(
        error.descriptor().type_uri(),
        "https://payments.example.com/problems/declined"
    );
    assert_eq!(
        problem(&error)["type"],
        "https://payments.example.com/problems/declined"
    );
}

#[test]
fn expose_true_shows_a_5xx_message() {
    let error = OrderError::UpstreamDown("billing".into());
    assert!(error.expose());
    assert!(error.descriptor().expose());
    assert_eq!(problem(&error)["detail"], "upstream billing is down");
    assert_eq!(
        envelope(&error)["error"]["message"],
        "upstream billing is down"
    );

    let bare_flag = OrderError::UpstreamTimeout("ledger");
    assert!(bare_flag.expose());
    assert_eq!(problem(&bare_flag)["detail"], "upstream ledger timed out");
}

#[test]
fn expose_false_hides_a_4xx_message_and_fields() {
    let error = OrderError::Forbidden {
        user: "mallory".into(),
        path: "/admin/keys".into(),
    };
    assert!(!error.expose());
    let body = problem(&error);
    assert_eq!(body["detail"], OPAQUE_CLIENT_MESSAGE);
    assert_eq!(body["status"], 403);
    let text = body.to_string() + &envelope(&error).to_string();
    assert!(!text.contains("mallory"), "{text}");
    assert!(!text.contains("/admin/keys"), "{text}");
}

#[test]
fn expose_false_with_a_constant_message_shows_that_message() {
    let error = OrderError::Suspended {
        user: "mallory".into(),
    };
    assert_eq!(
        error.descriptor().message(),
        Some("This account is suspended; contact support.")
    );
    assert_eq!(
        problem(&error)["detail"],
        "This account is suspended; contact support."
    );
    assert_eq!(
        envelope(&error)["error"]["message"],
        "This account is suspended; contact support."
    );
    assert!(!problem(&error).to_string().contains("mallory"));
}

#[test]
fn doc_comments_become_descriptions() {
    assert_eq!(
        OrderError::NotFound { id: 1 }.descriptor().description(),
        Some("The order does not exist or is not visible to the caller.")
    );
    assert_eq!(
        OrderError::PaymentDeclined {
            provider: String::new()
        }
        .descriptor()
        .description(),
        Some("Payment was declined.\n\nThe provider's reason is not shown.")
    );
    assert_eq!(OrderError::Conflict.descriptor().description(), None);
}

#[test]
fn doc_comments_stay_out_of_the_body() {
    let body = problem(&OrderError::NotFound { id: 1 });
    assert!(
        !body.to_string().contains("visible to the caller"),
        "{body}"
    );
}

#[derive(Debug, thiserror::Error, ApiError)]
enum Templated {
    #[error("internal: account {id} of tenant {tenant} missing")]
    #[api(code = "named", status = 404, message = "account {id} not found")]
    Named { id: u64, tenant: String },

    #[error("internal: positional {0} {1}")]
    #[api(code = "positional", status = 400, message = "{1} is not a valid {0}")]
    Positional(&'static str, String),

    #[error("internal: debug")]
    #[api(
        code = "debugged",
        status = 400,
        message = "unknown currency {currency:?}"
    )]
    Debugged { currency: String },

    #[error("internal: tuple debug")]
    #[api(code = "tuple_debugged", status = 400, message = "bad value {0:?}")]
    TupleDebugged(Option<u8>),

    #[error("internal: braces")]
    #[api(
        code = "braces",
        status = 400,
        message = "send {{\"id\": {id}}} instead of {{}}"
    )]
    Braces { id: u32 },

    #[error("internal: constant braces")]
    #[api(
        code = "constant_braces",
        status = 400,
        message = "use {{ and }} literally"
    )]
    ConstantBraces,

    #[error("internal: repeated")]
    #[api(
        code = "repeated",
        status = 409,
        message = "{name} conflicts with {name}"
    )]
    Repeated { name: String },

    #[error("internal: spec")]
    #[api(code = "spec", status = 400, message = "[{id:>5}] [{ratio:.2}]")]
    Spec { id: u32, ratio: f64 },
}

#[test]
fn message_templates_interpolate_named_fields_and_ignore_display() {
    let error = Templated::Named {
        id: 7,
        tenant: "acme".into(),
    };
    assert_eq!(error.descriptor().message(), None);
    let body = problem(&error);
    assert_eq!(body["detail"], "account 7 not found");
    assert!(!body.to_string().contains("acme"), "{body}");
    assert_eq!(envelope(&error)["error"]["message"], "account 7 not found");
}

#[test]
fn message_templates_interpolate_tuple_fields() {
    let error = Templated::Positional("date", "2024-13-01".into());
    assert_eq!(problem(&error)["detail"], "2024-13-01 is not a valid date");
}

#[test]
fn message_templates_take_debug_formatting() {
    let error = Templated::Debugged {
        currency: "X\"Y".into(),
    };
    assert_eq!(problem(&error)["detail"], r#"unknown currency "X\"Y""#);
    let error = Templated::TupleDebugged(Some(3));
    assert_eq!(problem(&error)["detail"], "bad value Some(3)");
}

#[test]
fn message_templates_unescape_doubled_braces() {
    let error = Templated::Braces { id: 5 };
    assert_eq!(problem(&error)["detail"], r#"send {"id": 5} instead of {}"#);
    let constant = Templated::ConstantBraces;
    assert_eq!(
        constant.descriptor().message(),
        Some("use { and } literally")
    );
    assert_eq!(problem(&constant)["detail"], "use { and } literally");
    assert_eq!(
        envelope(&constant)["error"]["message"],
        "use { and } literally"
    );
}

#[test]
fn message_templates_may_name_a_field_twice() {
    let error = Templated::Repeated { name: "a".into() };
    assert_eq!(problem(&error)["detail"], "a conflicts with a");
}

#[test]
fn message_templates_keep_format_specs() {
    let error = Templated::Spec { id: 42, ratio: 0.5 };
    assert_eq!(problem(&error)["detail"], "[   42] [0.50]");
}

#[derive(Debug, thiserror::Error, ApiError)]
enum Logged {
    #[error("a")]
    #[api(code = "default_404", status = 404)]
    Default404,
    #[error("b")]
    #[api(code = "default_429", status = 429)]
    Default429,
    #[error("c")]
    #[api(code = "default_500", status = 500)]
    Default500,
    #[error("d")]
    #[api(code = "info_404", status = 404, log = "info")]
    Info,
    #[error("e")]
    #[api(code = "error_400", status = 400, log = "error")]
    Error,
    #[error("f")]
    #[api(code = "warn_400", status = 400, log = "warn")]
    Warn,
    #[error("g")]
    #[api(code = "debug_503", status = 503, log = "debug")]
    Debug,
    #[error("h")]
    #[api(code = "off_500", status = 500, log = "off")]
    Off,
}

#[test]
fn log_levels_default_by_status_and_can_be_chosen() {
    let level = |error: Logged| error.descriptor().log_level();
    assert_eq!(level(Logged::Default404), LogLevel::Debug);
    assert_eq!(level(Logged::Default429), LogLevel::Warn);
    assert_eq!(level(Logged::Default500), LogLevel::Error);
    assert_eq!(level(Logged::Info), LogLevel::Info);
    assert_eq!(level(Logged::Error), LogLevel::Error);
    assert_eq!(level(Logged::Warn), LogLevel::Warn);
    assert_eq!(level(Logged::Debug), LogLevel::Debug);
    assert_eq!(level(Logged::Off), LogLevel::Off);
}

/// A field type with its own `Display`, to show `field` takes any `Display`.
#[derive(Debug, Clone, Copy)]
enum Input {
    Email,
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Input::Email => f.write_str("contact.email"),
        }
    }
}

#[derive(Debug, Serialize)]
struct Window {
    seconds: u32,
    burst: Option<u32>,
}

#[derive(Debug, Serialize)]
struct RetryPolicy {
    strategy: &'static str,
    windows: Vec<Window>,
    jitter: bool,
}

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
enum FieldError {
    #[error("{field} is required")]
    #[api(code = "required", status = 422)]
    Required {
        #[api(field)]
        field: &'static str,
    },

    #[error("bad input")]
    #[api(code = "bad_input", status = 422, message = "check {0}")]
    BadInput(#[api(field)] Input),

    #[error("limit exceeded")]
    #[api(code = "limit_exceeded", status = 429, message = "slow down")]
    Limited {
        #[api(extension)]
        limit: u32,
        #[api(extension = "retry_policy")]
        policy: RetryPolicy,
        #[api(extension)]
        tags: Vec<&'static str>,
        internal_note: &'static str,
    },

    #[error("stock")]
    #[api(code = "out_of_stock", status = 409, message = "out of stock")]
    OutOfStock(#[api(extension = "sku_list")] Vec<String>, &'static str),

    #[error("balance")]
    #[api(
        code = "low_balance",
        status = 403,
        message = "your balance is too low"
    )]
    LowBalance {
        #[api(field)]
        field: &'static str,
        #[api(extension)]
        balance: i64,
        #[api(extension)]
        accounts: [&'static str; 2],
    },
}

fn retry_policy() -> RetryPolicy {
    RetryPolicy {
        strategy: "exponential",
        windows: vec![
            Window {
                seconds: 1,
                burst: Some(5),
            },
            Window {
                seconds: 60,
                burst: None,
            },
        ],
        jitter: true,
    }
}

#[test]
fn field_names_the_request_field_in_both_formats() {
    let error = FieldError::Required {
        field: "profile.name",
    };
    assert_eq!(
        problem(&error),
        json!({
            "type": "https://errors.example.com/required",
            "title": "Unprocessable Content",
            "status": 422,
            "code": "required",
            "detail": "profile.name is required",
            "field": "profile.name",
            "trace_id": "trace-1",
        })
    );
    assert_eq!(
        envelope(&error),
        json!({"error": {
            "code": "required",
            "message": "profile.name is required",
            "field": "profile.name",
            "trace_id": "trace-1",
        }})
    );
}

#[test]
fn field_takes_any_display_and_tuple_fields() {
    let error = FieldError::BadInput(Input::Email);
    let body = problem(&error);
    assert_eq!(body["field"], "contact.email");
    assert_eq!(body["detail"], "check contact.email");
    assert_eq!(envelope(&error)["error"]["field"], "contact.email");
}

#[test]
fn extensions_serialize_nested_values_as_members_and_details() {
    let error = FieldError::Limited {
        limit: 100,
        policy: retry_policy(),
        tags: vec!["api", "burst"],
        internal_note: "noisy tenant 42",
    };
    let policy = json!({
        "strategy": "exponential",
        "windows": [{"seconds": 1, "burst": 5}, {"seconds": 60, "burst": null}],
        "jitter": true,
    });
    assert_eq!(
        problem(&error),
        json!({
            "type": "https://errors.example.com/limit_exceeded",
            "title": "Too Many Requests",
            "status": 429,
            "code": "limit_exceeded",
            "detail": "slow down",
            "limit": 100,
            "retry_policy": policy,
            "tags": ["api", "burst"],
            "trace_id": "trace-1",
        })
    );
    assert_eq!(
        envelope(&error),
        json!({"error": {
            "code": "limit_exceeded",
            "message": "slow down",
            "details": {"limit": 100, "retry_policy": policy, "tags": ["api", "burst"]},
            "trace_id": "trace-1",
        }})
    );
}

#[test]
fn a_named_extension_on_a_tuple_field() {
    let error = FieldError::OutOfStock(vec!["A-1".into(), "B-2".into()], "warehouse 3 empty");
    let body = problem(&error);
    assert_eq!(body["sku_list"], json!(["A-1", "B-2"]));
    assert!(!body.to_string().contains("warehouse"), "{body}");
    assert_eq!(
        envelope(&error)["error"]["details"],
        json!({"sku_list": ["A-1", "B-2"]})
    );
}

#[test]
fn field_and_extensions_together() {
    let error = FieldError::LowBalance {
        field: "amount",
        balance: -30,
        accounts: ["/account/12345", "/account/67890"],
    };
    assert_eq!(
        problem(&error),
        json!({
            "type": "https://errors.example.com/low_balance",
            "title": "Forbidden",
            "status": 403,
            "code": "low_balance",
            "detail": "your balance is too low",
            "field": "amount",
            "balance": -30,
            "accounts": ["/account/12345", "/account/67890"],
            "trace_id": "trace-1",
        })
    );
    assert_eq!(
        envelope(&error),
        json!({"error": {
            "code": "low_balance",
            "message": "your balance is too low",
            "field": "amount",
            "details": {"balance": -30, "accounts": ["/account/12345", "/account/67890"]},
            "trace_id": "trace-1",
        }})
    );
}

#[test]
fn unannotated_fields_never_reach_the_client() {
    let error = FieldError::Limited {
        limit: 1,
        policy: retry_policy(),
        tags: Vec::new(),
        internal_note: "noisy tenant 42",
    };
    for body in [problem(&error), envelope(&error)] {
        assert!(!body.to_string().contains("noisy tenant"), "{body}");
    }
}

/// The quota of the calling plan is used up.
#[derive(Debug, thiserror::Error, ApiError)]
#[error("tenant {tenant} used {used} of {limit} requests")]
#[api(
    type_base = "https://errors.example.com/",
    code = "quota_exceeded",
    status = 429,
    title = "Quota exceeded",
    message = "you used {used} of {limit} requests",
    log = "info"
)]
struct QuotaExceeded {
    tenant: String,
    #[api(extension)]
    used: u32,
    #[api(extension)]
    limit: u32,
    #[api(header = "Retry-After")]
    retry_after: u64,
}

#[test]
fn structs_take_every_attribute_a_variant_takes() {
    let error = QuotaExceeded {
        tenant: "acme".into(),
        used: 120,
        limit: 100,
        retry_after: 30,
    };
    let descriptor = error.descriptor();
    assert_eq!(descriptor.code(), "quota_exceeded");
    assert_eq!(descriptor.status(), 429);
    assert_eq!(descriptor.title(), "Quota exceeded");
    assert_eq!(
        descriptor.type_uri(),
        "https://errors.example.com/quota_exceeded"
    );
    assert_eq!(descriptor.log_level(), LogLevel::Info);
    assert_eq!(
        descriptor.description(),
        Some("The quota of the calling plan is used up.")
    );
    assert_eq!(QuotaExceeded::catalog(), std::slice::from_ref(descriptor));

    assert_eq!(
        problem(&error),
        json!({
            "type": "https://errors.example.com/quota_exceeded",
            "title": "Quota exceeded",
            "status": 429,
            "code": "quota_exceeded",
            "detail": "you used 120 of 100 requests",
            "used": 120,
            "limit": 100,
            "trace_id": "trace-1",
        })
    );
    let response = error.to_response(&ctx());
    assert_eq!(response.headers()["retry-after"], "30");
}

#[derive(Debug, thiserror::Error, ApiError)]
#[error("gone: {0}")]
#[api(code = "gone", status = 410)]
struct Gone(&'static str);

#[derive(Debug, thiserror::Error, ApiError)]
#[error("maintenance")]
#[api(code = "maintenance", status = 503, message = "Back soon.")]
struct Maintenance;

#[test]
fn tuple_and_unit_structs() {
    assert_eq!(problem(&Gone("order 7"))["detail"], "gone: order 7");
    assert_eq!(Gone("x").title(), "Gone");
    assert_eq!(problem(&Maintenance)["detail"], "Back soon.");
    assert_eq!(problem(&Maintenance)["status"], 503);
}

/// A crate that re-exports apierror under another name, as a framework would.
mod framework {
    pub use apierror as errors;
}

#[derive(Debug, thiserror::Error, framework::errors::ApiError)]
#[api(crate = "framework::errors")]
enum Reexported {
    #[error("missing")]
    #[api(code = "missing", status = 404)]
    Missing,
}

#[test]
fn crate_points_generated_code_at_a_reexport() {
    assert_eq!(Reexported::Missing.code(), "missing");
    assert_eq!(problem(&Reexported::Missing)["detail"], "missing");
}

#[derive(Debug, thiserror::Error, ApiError)]
enum Documented {
    /** A block doc comment. */
    #[error("a")]
    #[api(code = "block", status = 400)]
    Block,

    /**
     * A block doc comment
     * decorated with asterisks.
     */
    #[error("b")]
    #[api(code = "decorated", status = 400)]
    Decorated,

    #[doc = "An explicit doc attribute."]
    #[doc = ""]
    #[doc = "    indented code stays indented"]
    #[error("c")]
    #[api(code = "explicit", status = 400)]
    Explicit,

    /// Attributes may be split over several `#[api]`.
    #[error("d")]
    #[api(code = "split")]
    #[api(status = 404)]
    #[api(message = "split over attributes")]
    Split,
}

#[test]
fn every_form_of_doc_comment_becomes_a_description() {
    let description = |error: Documented| error.descriptor().description();
    assert_eq!(description(Documented::Block), Some("A block doc comment."));
    assert_eq!(
        description(Documented::Explicit),
        Some("An explicit doc attribute.\n\n   indented code stays indented")
    );
}

/// rustdoc strips the ` * ` decoration of block doc comments; descriptions, shown in
/// the catalog and OpenAPI, should too.
#[test]
fn block_doc_comments_lose_their_asterisk_decoration() {
    let description = |error: Documented| error.descriptor().description();
    assert_eq!(
        description(Documented::Decorated),
        Some("A block doc comment\ndecorated with asterisks.")
    );
}

#[test]
fn api_attributes_may_be_split() {
    assert_eq!(Documented::Split.code(), "split");
    assert_eq!(Documented::Split.status(), 404);
    assert_eq!(
        problem(&Documented::Split)["detail"],
        "split over attributes"
    );
}

#[derive(Debug, thiserror::Error, ApiError)]
enum Documentable {
    #[error("slow down")]
    #[api(code = "slow_down", status = 429, message = "Retry in {0} seconds.")]
    SlowDown(
        #[api(header = "Retry-After")] u32,
        #[api(header = "X-RateLimit-Scope")] &'static str,
    ),
    #[error("plain")]
    #[api(code = "plain", status = 400)]
    Plain,
}

#[test]
fn descriptors_carry_the_template_and_header_names_for_docs() {
    let slow = Documentable::SlowDown(3, "user").descriptor();
    assert_eq!(slow.message_template(), Some("Retry in {0} seconds."));
    assert_eq!(slow.headers(), ["Retry-After", "X-RateLimit-Scope"]);
    let plain = Documentable::Plain.descriptor();
    assert_eq!(plain.message_template(), None);
    assert!(plain.headers().is_empty());
}

mod domain {
    use apierror::{ApiError, ErrorCodes};

    #[derive(Clone, Copy, Debug, ErrorCodes)]
    #[api(domain = "billing.example.com")]
    enum BillingCode {
        #[api(code = "payment_declined", status = 402)]
        PaymentDeclined,
    }

    #[derive(Clone, Copy, Debug, ErrorCodes)]
    enum PlainCode {
        #[api(code = "gone", status = 410)]
        Gone,
    }

    #[derive(Debug, thiserror::Error, ApiError)]
    #[api(domain = "accounts.example.com")]
    enum AccountError {
        #[error("not found")]
        #[api(code = "account_not_found", status = 404)]
        NotFound,
        #[error("declined")]
        #[api(code = BillingCode::PaymentDeclined)]
        Declined,
        #[error("gone")]
        #[api(code = PlainCode::Gone)]
        Gone,
    }

    #[derive(Debug, thiserror::Error, ApiError)]
    enum NoDomain {
        #[error("declined")]
        #[api(code = BillingCode::PaymentDeclined)]
        Declined,
        #[error("conflict")]
        #[api(code = "conflict", status = 409)]
        Conflict,
    }

    #[derive(Debug, thiserror::Error, ApiError)]
    #[error("conflict")]
    #[api(domain = "orders.example.com", code = "order_conflict", status = 409)]
    struct OrderConflict;

    #[test]
    fn the_types_domain_is_on_every_descriptor_and_replaces_a_registrys() {
        assert_eq!(
            AccountError::NotFound.descriptor().domain(),
            Some("accounts.example.com")
        );
        assert_eq!(
            AccountError::Declined.descriptor().domain(),
            Some("accounts.example.com")
        );
        assert_eq!(
            AccountError::Gone.descriptor().domain(),
            Some("accounts.example.com")
        );
        assert_eq!(
            OrderConflict.descriptor().domain(),
            Some("orders.example.com")
        );
    }

    #[test]
    fn without_its_own_a_type_keeps_the_registrys_domain() {
        assert_eq!(
            BillingCode::PaymentDeclined.descriptor().domain(),
            Some("billing.example.com")
        );
        assert_eq!(
            NoDomain::Declined.descriptor().domain(),
            Some("billing.example.com")
        );
        assert_eq!(NoDomain::Conflict.descriptor().domain(), None);
        assert_eq!(PlainCode::Gone.descriptor().domain(), None);
    }
}

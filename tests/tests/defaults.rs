//! What a variant gets when it leaves an attribute out: exposure by status class,
//! the reason phrase as title, `type_base + code` or `about:blank` as type, the
//! `Display` or a generic sentence as message, the log level by status.

use apierror::{ApiError, Context, LogLevel, OPAQUE_CLIENT_MESSAGE, OPAQUE_SERVER_MESSAGE};
use serde_json::json;

mod support;
use support::{envelope, problem};

#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[api(type_base = "https://errors.example.com/")]
enum Based {
    #[error("widget {0} not found")]
    #[api(code = "widget_not_found", status = 404)]
    NotFound(u32),

    #[error("too large: {size} bytes")]
    #[api(code = "too_large", status = 413)]
    TooLarge { size: u64 },

    #[error("db password=hunter2 rejected the query")]
    #[api(code = "internal_error", status = 500)]
    Internal,

    #[error("upstream at 10.0.0.7 refused")]
    #[api(code = "upstream_unavailable", status = 503)]
    Unavailable,
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum Blank {
    #[error("no such page {0}")]
    #[api(code = "page_not_found", status = 404)]
    NotFound(String),

    #[error("invalid")]
    #[api(code = "invalid", status = 422, title = "Unprocessable Content")]
    Invalid,

    #[error("secret {0}")]
    #[api(code = "boom", status = 500)]
    Boom(String),
}

#[test]
fn four_hundreds_are_exposed_and_five_hundreds_are_not() {
    assert!(Based::NotFound(1).expose());
    assert!(Based::TooLarge { size: 1 }.expose());
    assert!(Blank::NotFound("x".into()).expose());
    assert!(!Based::Internal.expose());
    assert!(!Based::Unavailable.expose());
    assert!(!Blank::Boom("x".into()).expose());
}

#[test]
fn titles_default_to_the_reason_phrase() {
    assert_eq!(Based::NotFound(1).title(), "Not Found");
    assert_eq!(Based::Internal.title(), "Internal Server Error");
    assert_eq!(Based::Unavailable.title(), "Service Unavailable");
    // RFC 9110's names, which replaced "Payload Too Large" and "Unprocessable Entity".
    assert_eq!(Based::TooLarge { size: 1 }.title(), "Content Too Large");
    assert_eq!(problem(&Based::NotFound(1))["title"], "Not Found");
}

#[test]
fn types_default_to_type_base_and_code() {
    assert_eq!(
        Based::NotFound(1).descriptor().type_uri(),
        "https://errors.example.com/widget_not_found"
    );
    assert_eq!(
        Based::Internal.descriptor().type_uri(),
        "https://errors.example.com/internal_error"
    );
}

#[test]
fn types_are_about_blank_without_type_base() {
    for error in [
        Blank::NotFound("x".into()),
        Blank::Invalid,
        Blank::Boom("x".into()),
    ] {
        assert_eq!(error.descriptor().type_uri(), "about:blank");
        assert_eq!(problem(&error)["type"], "about:blank");
    }
    // With about:blank, a title equal to the reason phrase is allowed.
    assert_eq!(Blank::Invalid.title(), "Unprocessable Content");
}

#[test]
fn an_exposed_message_defaults_to_display() {
    let error = Blank::NotFound("/docs".into());
    assert_eq!(error.descriptor().message(), None);
    assert_eq!(
        problem(&error),
        json!({
            "type": "about:blank",
            "title": "Not Found",
            "status": 404,
            "code": "page_not_found",
            "detail": "no such page /docs",
            "trace_id": "trace-1",
        })
    );
    assert_eq!(
        envelope(&error),
        json!({"error": {
            "code": "page_not_found",
            "message": "no such page /docs",
            "trace_id": "trace-1",
        }})
    );
}

#[test]
fn an_opaque_message_defaults_to_a_generic_sentence() {
    assert_eq!(
        problem(&Based::Internal),
        json!({
            "type": "https://errors.example.com/internal_error",
            "title": "Internal Server Error",
            "status": 500,
            "code": "internal_error",
            "detail": OPAQUE_SERVER_MESSAGE,
            "trace_id": "trace-1",
        })
    );
    assert_eq!(
        envelope(&Based::Unavailable),
        json!({"error": {
            "code": "upstream_unavailable",
            "message": OPAQUE_SERVER_MESSAGE,
            "trace_id": "trace-1",
        }})
    );
    assert_eq!(
        problem(&Blank::Boom("s3cr3t".into()))["detail"],
        OPAQUE_SERVER_MESSAGE
    );
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[error("token {0} is revoked")]
#[api(code = "token_revoked", status = 401, expose = false)]
struct TokenRevoked(String);

#[test]
fn an_opaque_4xx_gets_the_client_sentence() {
    let error = TokenRevoked("tok_live_123".into());
    assert_eq!(problem(&error)["detail"], OPAQUE_CLIENT_MESSAGE);
    assert_eq!(envelope(&error)["error"]["message"], OPAQUE_CLIENT_MESSAGE);
    assert_ne!(OPAQUE_CLIENT_MESSAGE, OPAQUE_SERVER_MESSAGE);
}

#[test]
fn log_levels_default_by_status() {
    assert_eq!(Based::NotFound(1).descriptor().log_level(), LogLevel::Debug);
    assert_eq!(Based::Internal.descriptor().log_level(), LogLevel::Error);
    assert_eq!(Based::Unavailable.descriptor().log_level(), LogLevel::Error);
    assert_eq!(
        TokenRevoked(String::new()).descriptor().log_level(),
        LogLevel::Debug
    );
}

#[test]
fn no_doc_comment_means_no_description() {
    assert_eq!(Based::NotFound(1).descriptor().description(), None);
}

/// A struct with only the required attributes.
#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[error("conflict on {key}")]
#[api(code = "conflict", status = 409)]
struct Conflict {
    key: String,
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[error("cache node {node} lost")]
#[api(
    type_base = "https://errors.example.com/",
    code = "cache_lost",
    status = 500
)]
struct CacheLost {
    node: String,
}

#[test]
fn structs_get_the_same_defaults() {
    let conflict = Conflict { key: "k1".into() };
    assert!(conflict.expose());
    assert_eq!(conflict.title(), "Conflict");
    assert_eq!(conflict.descriptor().type_uri(), "about:blank");
    assert_eq!(
        conflict.descriptor().description(),
        Some("A struct with only the required attributes.")
    );
    assert_eq!(problem(&conflict)["detail"], "conflict on k1");

    let lost = CacheLost {
        node: "cache-3.internal".into(),
    };
    assert!(!lost.expose());
    assert_eq!(lost.title(), "Internal Server Error");
    assert_eq!(
        lost.descriptor().type_uri(),
        "https://errors.example.com/cache_lost"
    );
    let body = problem(&lost);
    assert_eq!(body["detail"], OPAQUE_SERVER_MESSAGE);
    assert!(!body.to_string().contains("cache-3"), "{body}");
}

#[test]
fn catalog_lists_every_variant_in_order() {
    let codes: Vec<_> = Based::catalog().iter().map(|d| d.code()).collect();
    assert_eq!(
        codes,
        [
            "widget_not_found",
            "too_large",
            "internal_error",
            "upstream_unavailable"
        ]
    );
    assert_eq!(Based::catalog()[0], *Based::NotFound(9).descriptor());
    assert_eq!(Conflict::catalog().len(), 1);
}

#[test]
fn a_default_context_is_production_problem_format() {
    let response = Based::NotFound(1).to_response(&Context::default());
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let body = support::parse(response.body());
    assert!(body.get("debug").is_none(), "{body}");
    assert!(body.get("instance").is_none(), "{body}");
}

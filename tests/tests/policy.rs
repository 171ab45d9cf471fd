//! `Policy::Production` never shows the inside of an error; `Policy::Development`
//! adds a `debug` member with the internal message, the type name and the source
//! chain, for opaque errors too.

use apierror::{ApiError, Context, Format, OPAQUE_SERVER_MESSAGE, Policy, TraceId};
use serde_json::{Value, json};

mod support;

#[derive(Debug, thiserror::Error)]
#[error("connection to db-primary:5432 refused (password=hunter2)")]
pub struct ConnectError;

#[derive(Debug, thiserror::Error)]
#[error("query SELECT * FROM users failed")]
pub struct QueryError(#[source] ConnectError);

#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[api(type_base = "https://errors.example.com/")]
pub enum StoreError {
    #[error("database unavailable for tenant acme")]
    #[api(code = "store_unavailable", status = 503)]
    Unavailable(#[source] QueryError),

    #[error("record {id} not found")]
    #[api(code = "record_not_found", status = 404)]
    NotFound { id: u32, owner: &'static str },

    #[error(transparent)]
    #[api(transparent)]
    Inner(#[from] InnerError),
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[error("inner failure on shard 9")]
#[api(code = "inner_failure", status = 500)]
pub struct InnerError {
    #[source]
    cause: ConnectError,
}

fn trace_id() -> TraceId {
    TraceId::parse("trace-1").expect("a valid trace id")
}

fn body(error: &impl ApiError, policy: Policy, format: Format) -> Value {
    let ctx = Context::default()
        .with_trace_id(trace_id())
        .with_policy(policy)
        .with_format(format);
    support::parse(error.to_response(&ctx).body())
}

fn unavailable() -> StoreError {
    StoreError::Unavailable(QueryError(ConnectError))
}

const SECRETS: [&str; 5] = ["hunter2", "db-primary", "SELECT", "acme", "shard 9"];

#[test]
fn production_is_the_default_policy() {
    assert_eq!(Context::default().policy(), Policy::Production);
    assert_eq!(Policy::default(), Policy::Production);
}

#[test]
fn production_never_writes_debug_nor_internals() {
    let errors: [&dyn Fn(Format) -> Value; 3] = [
        &|format| body(&unavailable(), Policy::Production, format),
        &|format| {
            body(
                &StoreError::Inner(InnerError {
                    cause: ConnectError,
                }),
                Policy::Production,
                format,
            )
        },
        &|format| {
            body(
                &StoreError::NotFound {
                    id: 1,
                    owner: "acme",
                },
                Policy::Production,
                format,
            )
        },
    ];
    for render in errors {
        for format in [Format::Problem, Format::Envelope] {
            let body = render(format);
            assert!(body.get("debug").is_none(), "{body}");
            assert!(body["error"].get("debug").is_none(), "{body}");
            let text = body.to_string();
            for secret in SECRETS {
                assert!(!text.contains(secret), "{secret} in {text}");
            }
        }
    }
}

#[test]
fn development_adds_debug_to_an_opaque_problem() {
    let body = body(&unavailable(), Policy::Development, Format::Problem);
    assert_eq!(
        body,
        json!({
            "type": "https://errors.example.com/store_unavailable",
            "title": "Service Unavailable",
            "status": 503,
            "code": "store_unavailable",
            "detail": OPAQUE_SERVER_MESSAGE,
            "trace_id": "trace-1",
            "debug": {
                "message": "database unavailable for tenant acme",
                "type": "policy::StoreError",
                "source": [
                    "query SELECT * FROM users failed",
                    "connection to db-primary:5432 refused (password=hunter2)",
                ],
            },
        })
    );
}

#[test]
fn development_adds_debug_inside_the_envelope() {
    let body = body(&unavailable(), Policy::Development, Format::Envelope);
    assert_eq!(
        body,
        json!({"error": {
            "code": "store_unavailable",
            "message": OPAQUE_SERVER_MESSAGE,
            "trace_id": "trace-1",
            "debug": {
                "message": "database unavailable for tenant acme",
                "type": "policy::StoreError",
                "source": [
                    "query SELECT * FROM users failed",
                    "connection to db-primary:5432 refused (password=hunter2)",
                ],
            },
        }})
    );
}

#[test]
fn development_adds_debug_to_exposed_errors_too() {
    let error = StoreError::NotFound {
        id: 4,
        owner: "acme",
    };
    let body = body(&error, Policy::Development, Format::Problem);
    assert_eq!(body["detail"], "record 4 not found");
    assert_eq!(
        body["debug"],
        json!({"message": "record 4 not found", "type": "policy::StoreError", "source": []})
    );
}

#[test]
fn development_follows_a_transparent_variant_into_its_source() {
    let error = StoreError::Inner(InnerError {
        cause: ConnectError,
    });
    let body = body(&error, Policy::Development, Format::Problem);
    assert_eq!(body["code"], "inner_failure");
    assert_eq!(body["detail"], OPAQUE_SERVER_MESSAGE);
    assert_eq!(body["debug"]["message"], "inner failure on shard 9");
    assert_eq!(body["debug"]["type"], "policy::StoreError");
    assert_eq!(
        body["debug"]["source"],
        json!(["connection to db-primary:5432 refused (password=hunter2)"])
    );
}

#[test]
fn development_changes_neither_status_nor_headers() {
    let production = Context::default().with_trace_id(trace_id());
    let development = production.clone().with_policy(Policy::Development);
    let error = unavailable();
    let (a, b) = (
        error.to_response(&production),
        error.to_response(&development),
    );
    assert_eq!(a.status(), b.status());
    assert_eq!(a.headers(), b.headers());
}

#[test]
fn to_problem_and_to_envelope_follow_the_policy() {
    let ctx = Context::default()
        .with_trace_id(trace_id())
        .with_policy(Policy::Development);
    let problem = unavailable().to_problem(&ctx);
    assert_eq!(
        problem
            .extension("debug")
            .and_then(|debug| debug.get("type")),
        Some(&json!("policy::StoreError"))
    );
    let envelope = unavailable().to_envelope(&ctx);
    assert_eq!(
        envelope
            .error
            .debug
            .as_ref()
            .and_then(|debug| debug.get("message")),
        Some(&json!("database unavailable for tenant acme"))
    );

    let production = Context::default().with_trace_id(trace_id());
    assert!(
        unavailable()
            .to_problem(&production)
            .extension("debug")
            .is_none()
    );
    assert!(unavailable().to_envelope(&production).error.debug.is_none());
}

/// An error whose `source()` is itself, for the first `LIMIT` calls: a buggy chain
/// that never ends. The counter only keeps the test from hanging if rendering
/// follows it.
#[derive(Debug, Default)]
pub struct Cyclic {
    calls: std::sync::atomic::AtomicUsize,
}

impl Cyclic {
    const LIMIT: usize = 10_000;
}

impl std::fmt::Display for Cyclic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cyclic")
    }
}

impl std::error::Error for Cyclic {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        let calls = self
            .calls
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        (calls < Cyclic::LIMIT).then_some(self as &(dyn std::error::Error + 'static))
    }
}

/// An error whose `source()` panics.
#[derive(Debug)]
pub struct SourcePanics;

impl std::fmt::Display for SourcePanics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("source panics")
    }
}

impl std::error::Error for SourcePanics {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        panic!("source() of SourcePanics panicked")
    }
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
pub enum Chains {
    #[error("cyclic chain")]
    #[api(code = "cyclic", status = 500)]
    Cyclic(#[source] Cyclic),

    #[error("panicking chain")]
    #[api(code = "panicking", status = 500)]
    Panicking(#[source] SourcePanics),
}

#[test]
fn development_bounds_a_source_chain_that_never_ends() {
    let error = Chains::Cyclic(Cyclic::default());
    let body = body(&error, Policy::Development, Format::Problem);
    let sources = body["debug"]["source"].as_array().expect("a source list");
    assert!(!sources.is_empty());
    assert!(
        sources.len() < 100,
        "the renderer followed a cyclic chain {} causes deep",
        sources.len()
    );
    assert!(sources.iter().all(|source| source == "cyclic"));
}

#[test]
fn development_survives_a_panicking_source() {
    let error = Chains::Panicking(SourcePanics);
    for format in [Format::Problem, Format::Envelope] {
        let ctx = Context::default()
            .with_trace_id(trace_id())
            .with_policy(Policy::Development)
            .with_format(format);
        let rendered = std::panic::catch_unwind(|| error.to_response(&ctx));
        let response = rendered.expect("rendering does not panic");
        assert_eq!(response.status(), 500);
        let body = support::parse(response.body());
        let debug = match format {
            Format::Envelope => &body["error"]["debug"],
            _ => &body["debug"],
        };
        assert_eq!(debug["message"], "panicking chain");
        assert_eq!(debug["source"], json!(["source panics"]));
    }
}

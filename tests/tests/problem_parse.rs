//! A client parsing problem documents: RFC 9457 section 3.1 says a member of the
//! wrong type is ignored, not an error, and unknown members are extensions.

use apierror::{ApiError, Envelope, FieldViolation, Problem};
use http::StatusCode;
use serde_json::{Value, json};

mod support;
use support::ctx;

fn parse_problem(value: Value) -> Problem {
    serde_json::from_value(value).expect("a problem document")
}

#[test]
fn every_member_of_the_right_type_is_read() {
    let problem: Problem = serde_json::from_str(
        r#"{
            "type": "https://example.com/probs/out-of-credit",
            "title": "You do not have enough credit.",
            "status": 403,
            "detail": "Your current balance is 30, but that costs 50.",
            "instance": "/account/12345/msgs/abc",
            "balance": 30,
            "accounts": ["/account/12345", "/account/67890"],
            "code": "out_of_credit",
            "trace_id": "t-1"
        }"#,
    )
    .expect("the RFC 9457 example parses");
    assert_eq!(
        problem.type_uri(),
        "https://example.com/probs/out-of-credit"
    );
    assert_eq!(problem.title(), Some("You do not have enough credit."));
    assert_eq!(problem.status(), Some(403));
    assert_eq!(
        problem.detail(),
        Some("Your current balance is 30, but that costs 50.")
    );
    assert_eq!(problem.instance(), Some("/account/12345/msgs/abc"));
    assert_eq!(problem.code(), Some("out_of_credit"));
    assert_eq!(problem.trace_id(), Some("t-1"));
    assert_eq!(problem.extension("balance"), Some(&json!(30)));
    assert_eq!(
        problem.extension("accounts"),
        Some(&json!(["/account/12345", "/account/67890"]))
    );
    assert_eq!(problem.extensions().len(), 4);
}

#[test]
fn members_of_the_wrong_type_are_ignored() {
    let problem = parse_problem(json!({
        "type": 42,
        "title": ["not", "a", "string"],
        "status": "404",
        "detail": {"text": "nested"},
        "instance": null,
        "code": "still_read",
    }));
    assert_eq!(problem.type_uri(), "about:blank");
    assert_eq!(problem.title(), None);
    assert_eq!(problem.status(), None);
    assert_eq!(problem.detail(), None);
    assert_eq!(problem.instance(), None);
    assert_eq!(problem.code(), Some("still_read"));
    // Ignored means gone: a wrong-typed standard member does not become an extension.
    assert_eq!(problem.extensions().len(), 1);
    assert_eq!(
        serde_json::to_value(&problem).expect("serializes"),
        json!({"code": "still_read"})
    );
}

#[test]
fn a_status_must_be_an_integer_http_status() {
    for status in [
        json!(404.0),
        json!(-1),
        json!(99),
        json!(600),
        json!(70_000),
        json!(true),
    ] {
        let problem = parse_problem(json!({"status": status}));
        assert_eq!(problem.status(), None, "{status}");
    }
    for status in [100, 404, 599] {
        assert_eq!(
            parse_problem(json!({"status": status})).status(),
            Some(status)
        );
    }
}

#[test]
fn extensions_of_any_shape_are_kept() {
    let extensions = json!({
        "errors": [{"detail": "must be a positive integer", "pointer": "#/age"}],
        "nested": {"a": {"b": [1, 2.5, null, true, "x"]}},
        "nothing": null,
        "flag": false,
        "big": 18_446_744_073_709_551_615_u64,
        "negative": -12,
        "unicode": "日本語 \u{202e}",
    });
    let mut document = extensions.clone();
    document["type"] = json!("https://example.com/validation");
    let problem = parse_problem(document);
    assert_eq!(Value::Object(problem.extensions().clone()), extensions);
    assert_eq!(problem.code(), None);
    assert_eq!(problem.trace_id(), None);
}

#[test]
fn a_non_string_code_or_trace_id_is_kept_but_not_read_as_text() {
    let problem = parse_problem(json!({"code": 7, "trace_id": ["t"]}));
    assert_eq!(problem.code(), None);
    assert_eq!(problem.trace_id(), None);
    assert_eq!(problem.extension("code"), Some(&json!(7)));
}

#[test]
fn an_empty_object_is_a_blank_problem() {
    let problem = parse_problem(json!({}));
    assert_eq!(problem.type_uri(), "about:blank");
    assert_eq!(problem, Problem::default());
}

#[test]
fn anything_but_an_object_is_an_error() {
    for text in ["[]", "\"problem\"", "404", "null", "true"] {
        let error = serde_json::from_str::<Problem>(text).expect_err(text);
        assert!(error.to_string().contains("JSON object"), "{error}");
    }
    for text in ["", "{", r#"{"title": "\ud800"}"#, r#"{"a":1} trailing"#] {
        assert!(serde_json::from_str::<Problem>(text).is_err(), "{text}");
    }
}

#[test]
fn built_problems_serialize_and_parse_back() {
    let problem = Problem::new(StatusCode::FORBIDDEN)
        .with_type("https://example.com/probs/out-of-credit")
        .with_title("You do not have enough credit.")
        .with_detail("Your current balance is 30, but that costs 50.")
        .with_instance("/account/12345/msgs/abc")
        .with_extension("balance", 30)
        .with_extension("accounts", ["/account/12345", "/account/67890"])
        .with_extension("status", 200)
        .with_extension("title", "ignored: a standard member");
    assert_eq!(problem.status(), Some(403));
    assert_eq!(problem.title(), Some("You do not have enough credit."));
    let value = serde_json::to_value(&problem).expect("serializes");
    assert_eq!(
        value,
        json!({
            "type": "https://example.com/probs/out-of-credit",
            "title": "You do not have enough credit.",
            "status": 403,
            "detail": "Your current balance is 30, but that costs 50.",
            "instance": "/account/12345/msgs/abc",
            "balance": 30,
            "accounts": ["/account/12345", "/account/67890"],
        })
    );
    assert_eq!(parse_problem(value), problem);
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[api(type_base = "https://errors.example.com/")]
enum Rendered {
    #[error("invalid")]
    #[api(code = "validation_failed", status = 422, title = "Validation failed")]
    Invalid {
        #[api(violations)]
        violations: Vec<FieldViolation>,
        #[api(extension)]
        hint: &'static str,
    },
}

#[test]
fn a_rendered_body_parses_into_the_same_problem() {
    let error = Rendered::Invalid {
        violations: vec![FieldViolation::new("age", "must be positive").with_code("min")],
        hint: "see the docs",
    };
    let ctx = ctx().with_instance("/people");
    let response = error.to_response(&ctx);
    let parsed: Problem = serde_json::from_slice(response.body()).expect("a problem");
    assert_eq!(parsed, error.to_problem(&ctx));
    assert_eq!(parsed.status(), Some(response.status().as_u16()));
    assert_eq!(parsed.code(), Some("validation_failed"));
    assert_eq!(
        parsed.extension("errors"),
        Some(&json!([{"detail": "must be positive", "pointer": "#/age", "code": "min"}]))
    );
    assert_eq!(parsed.extension("hint"), Some(&json!("see the docs")));
    let reserialized = serde_json::to_vec(&parsed).expect("serializes");
    assert_eq!(
        support::parse(&reserialized),
        support::parse(response.body())
    );
}

#[test]
fn envelopes_parse_with_optional_members_absent() {
    let envelope: Envelope =
        serde_json::from_str(r#"{"error":{"code":"rate_limited","message":"Slow down."}}"#)
            .expect("an envelope");
    assert_eq!(envelope.error.code, "rate_limited");
    assert_eq!(envelope.error.message, "Slow down.");
    assert_eq!(envelope.error.field, None);
    assert_eq!(envelope.error.details, None);
    assert_eq!(envelope.error.trace_id, None);
    assert_eq!(envelope.error.debug, None);
    assert_eq!(
        serde_json::to_value(&envelope).expect("serializes"),
        json!({"error": {"code": "rate_limited", "message": "Slow down."}})
    );
}

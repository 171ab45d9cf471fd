//! The two body formats, exactly as DESIGN.md gives them: the RFC 9457 problem
//! document and the `{"error": {…}}` envelope, their media types, and the typed
//! `Problem` and `Envelope` that `to_problem` and `to_envelope` return.

use apierror::{ApiError, Context, Envelope, FieldViolation, Format, PROBLEM_JSON, Problem};
use serde_json::json;

mod support;
use support::{TRACE_ID, ctx, envelope, parse, problem};

#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[api(type_base = "https://errors.example.com/")]
enum AccountError {
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

    #[error("email taken")]
    #[api(
        code = "email_taken",
        status = 409,
        message = "This email is already registered."
    )]
    EmailTaken {
        #[api(field)]
        field: &'static str,
        #[api(extension)]
        suggestion: &'static str,
    },

    #[error("db down")]
    #[api(code = "internal_error", status = 500)]
    Db,
}

fn invalid() -> AccountError {
    AccountError::Invalid(vec![
        FieldViolation::new("profile.color", "must be a color").with_code("invalid_color"),
        FieldViolation::new("age", "must be positive"),
    ])
}

#[test]
fn problem_is_the_default_format() {
    assert_eq!(Format::default(), Format::Problem);
    assert_eq!(Context::default().format(), Format::Problem);
}

#[test]
fn media_types() {
    assert_eq!(PROBLEM_JSON, "application/problem+json");
    assert_eq!(Format::Problem.content_type(), "application/problem+json");
    assert_eq!(Format::Envelope.content_type(), "application/json");
    let error = AccountError::NotFound { id: 1 };
    let problem = error.to_response(&ctx());
    assert_eq!(
        problem.headers()["content-type"],
        "application/problem+json"
    );
    let envelope = error.to_response(&ctx().with_format(Format::Envelope));
    assert_eq!(envelope.headers()["content-type"], "application/json");
    assert_eq!(problem.headers().get_all("content-type").iter().count(), 1);
}

#[test]
fn a_problem_document_has_the_rfc_9457_members_and_the_extensions() {
    assert_eq!(
        problem(&AccountError::NotFound { id: 7 }),
        json!({
            "type": "https://errors.example.com/account_not_found",
            "title": "Account not found",
            "status": 404,
            "code": "account_not_found",
            "detail": "account 7 not found",
            "trace_id": TRACE_ID,
        })
    );
    assert_eq!(
        problem(&AccountError::EmailTaken {
            field: "email",
            suggestion: "sign in instead",
        }),
        json!({
            "type": "https://errors.example.com/email_taken",
            "title": "Conflict",
            "status": 409,
            "code": "email_taken",
            "detail": "This email is already registered.",
            "field": "email",
            "suggestion": "sign in instead",
            "trace_id": TRACE_ID,
        })
    );
}

#[test]
fn a_problem_document_carries_the_instance() {
    let ctx = ctx().with_instance("/accounts/7?view=full&x=\"y\"");
    let body = support::body(&AccountError::NotFound { id: 7 }, &ctx);
    assert_eq!(body["instance"], "/accounts/7?view=full&x=\"y\"");
    assert_eq!(
        AccountError::NotFound { id: 7 }.to_problem(&ctx).instance(),
        Some("/accounts/7?view=full&x=\"y\"")
    );
}

#[test]
fn an_envelope_has_code_message_field_details_and_trace_id() {
    assert_eq!(
        envelope(&AccountError::NotFound { id: 7 }),
        json!({"error": {
            "code": "account_not_found",
            "message": "account 7 not found",
            "trace_id": TRACE_ID,
        }})
    );
    assert_eq!(
        envelope(&AccountError::EmailTaken {
            field: "email",
            suggestion: "sign in instead",
        }),
        json!({"error": {
            "code": "email_taken",
            "message": "This email is already registered.",
            "field": "email",
            "details": {"suggestion": "sign in instead"},
            "trace_id": TRACE_ID,
        }})
    );
}

#[test]
fn an_envelope_has_no_instance() {
    let ctx = ctx()
        .with_instance("/accounts/7")
        .with_format(Format::Envelope);
    let body = support::body(&AccountError::NotFound { id: 7 }, &ctx);
    assert!(!body.to_string().contains("/accounts/7"), "{body}");
}

#[test]
fn violations_render_per_format() {
    assert_eq!(
        problem(&invalid()),
        json!({
            "type": "https://errors.example.com/validation_failed",
            "title": "Unprocessable Content",
            "status": 422,
            "code": "validation_failed",
            "detail": "The request is invalid.",
            "errors": [
                {"detail": "must be a color", "pointer": "#/profile/color", "code": "invalid_color"},
                {"detail": "must be positive", "pointer": "#/age"},
            ],
            "trace_id": TRACE_ID,
        })
    );
    assert_eq!(
        envelope(&invalid()),
        json!({"error": {
            "code": "validation_failed",
            "message": "The request is invalid.",
            "details": {"errors": [
                {"field": "profile.color", "message": "must be a color", "code": "invalid_color"},
                {"field": "age", "message": "must be positive"},
            ]},
            "trace_id": TRACE_ID,
        }})
    );
}

#[test]
fn to_problem_is_the_response_body_typed() {
    let ctx = ctx().with_instance("/signup");
    for error in [
        AccountError::NotFound { id: 3 },
        invalid(),
        AccountError::EmailTaken {
            field: "email",
            suggestion: "x",
        },
        AccountError::Db,
    ] {
        let problem = error.to_problem(&ctx);
        let body = support::body(&error, &ctx);
        assert_eq!(serde_json::to_value(&problem).expect("serializes"), body);
        assert_eq!(problem.status(), Some(error.status().as_u16()));
        assert_eq!(problem.type_uri(), error.descriptor().type_uri());
        assert_eq!(problem.title(), Some(error.title()));
        assert_eq!(problem.code(), Some(error.code()));
        assert_eq!(problem.trace_id(), Some(TRACE_ID));
        assert_eq!(problem.instance(), Some("/signup"));
    }
}

#[test]
fn to_envelope_is_the_response_body_typed() {
    let ctx = ctx().with_format(Format::Envelope);
    for error in [
        AccountError::NotFound { id: 3 },
        invalid(),
        AccountError::Db,
    ] {
        let envelope = error.to_envelope(&ctx);
        let body = support::body(&error, &ctx);
        assert_eq!(serde_json::to_value(&envelope).expect("serializes"), body);
        let parsed: Envelope = serde_json::from_value(body).expect("an envelope");
        assert_eq!(parsed, envelope);
        assert_eq!(envelope.error.code, error.code());
        assert_eq!(envelope.error.trace_id.as_deref(), Some(TRACE_ID));
    }
}

#[test]
fn to_problem_and_to_envelope_ignore_the_context_format() {
    let error = AccountError::NotFound { id: 3 };
    let envelope_ctx = ctx().with_format(Format::Envelope);
    assert_eq!(error.to_problem(&envelope_ctx), error.to_problem(&ctx()));
    assert_eq!(error.to_envelope(&ctx()), error.to_envelope(&envelope_ctx));
}

#[test]
fn a_typed_problem_exposes_its_members() {
    let problem: Problem = AccountError::EmailTaken {
        field: "email",
        suggestion: "sign in instead",
    }
    .to_problem(&ctx());
    assert_eq!(problem.detail(), Some("This email is already registered."));
    assert_eq!(problem.extension("field"), Some(&json!("email")));
    assert_eq!(
        problem.extension("suggestion"),
        Some(&json!("sign in instead"))
    );
    let names: Vec<&str> = problem.extensions().keys().map(String::as_str).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, ["code", "field", "suggestion", "trace_id"]);
}

#[test]
fn both_bodies_are_strict_json_for_every_variant() {
    for format in [Format::Problem, Format::Envelope] {
        for error in [
            AccountError::NotFound { id: u64::MAX },
            invalid(),
            AccountError::Invalid(Vec::new()),
            AccountError::EmailTaken {
                field: "",
                suggestion: "",
            },
            AccountError::Db,
        ] {
            let response = error.to_response(&ctx().with_format(format));
            let body = parse(response.body());
            assert!(body.is_object(), "{body}");
        }
    }
}

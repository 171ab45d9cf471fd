//! Property: any string a variant exposes — a `message` template's field, an
//! `#[api(field)]`, an `#[api(extension)]`, a violation's field, message and code,
//! the context's instance, a `Display`-based message with redaction off — renders as
//! valid JSON that parses back to exactly that string, in both formats, through
//! `to_response`, `to_problem` and `to_envelope` alike.
//!
//! With redaction on (the default), a `Display`-based message is still valid JSON and
//! is exactly what [`apierror::redact::redact`] makes of it.

use apierror::{ApiError, Context, FieldViolation, Format, Limits, TraceId};
use apierror_tests::strict_json;
use proptest::prelude::*;
use serde_json::Value;

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
pub enum Exposed {
    /// Everything exposed through annotations and a template.
    #[error("templated")]
    #[api(code = "templated", status = 422, message = "{text}")]
    Templated {
        text: String,
        #[api(field)]
        field: String,
        #[api(extension)]
        note: String,
        #[api(violations)]
        violations: Vec<FieldViolation>,
    },

    /// A template that writes the field with `Debug`, inside fixed text.
    #[error("debugged")]
    #[api(code = "debugged", status = 400, message = "before {text:?} after")]
    Debugged { text: String },

    /// A message from `Display`.
    #[error("{text}")]
    #[api(code = "displayed", status = 409)]
    Displayed { text: String },
}

/// Limits far above the strings generated, so nothing is cut.
fn ctx(format: Format) -> Context {
    Context::default()
        .with_trace_id(TraceId::parse("trace-1").expect("a valid trace id"))
        .with_format(format)
        .with_limits(Limits {
            max_message_chars: 1 << 20,
            max_violations: 1 << 10,
            ..Limits::default()
        })
}

/// Hostile text: any Unicode, or a mix dense in what JSON must escape.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\"\\\\/\u{0}-\u{1f}\u{7f}\u{80}-\u{9f}\u{2028}\u{2029}\u{202e}\u{feff}\u{fffd}\u{10ffff}a{}\\[\\]:,]{0,40}",
    ]
}

fn violation() -> impl Strategy<Value = FieldViolation> {
    (text(), text(), proptest::option::of(text())).prop_map(|(field, message, code)| {
        let violation = FieldViolation::new(field, message);
        match code {
            Some(code) => violation.with_code(code),
            None => violation,
        }
    })
}

/// The body of `error` in `format`, parsed strictly, with its message member, the
/// object holding `field`, and the object holding extensions and `errors`.
fn rendered(error: &Exposed, ctx: &Context) -> Value {
    let response = error.to_response(ctx);
    let body = strict_json(response.body());
    // The typed views are the same document.
    match ctx.format() {
        Format::Problem => {
            let typed = serde_json::to_value(error.to_problem(ctx)).expect("a problem serializes");
            assert_eq!(typed, body);
        }
        Format::Envelope => {
            let typed =
                serde_json::to_value(error.to_envelope(ctx)).expect("an envelope serializes");
            assert_eq!(typed, body);
        }
        other => unreachable!("only the problem and the envelope are rendered here, not {other:?}"),
    }
    body
}

fn message(body: &Value, format: Format) -> &Value {
    match format {
        Format::Envelope => &body["error"]["message"],
        _ => &body["detail"],
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn exposed_strings_round_trip_exactly(
        text in text(),
        field in text(),
        note in text(),
        instance in text(),
        violations in proptest::collection::vec(violation(), 0..4),
    ) {
        let error = Exposed::Templated { text: text.clone(), field: field.clone(), note: note.clone(), violations: violations.clone() };

        let problem_ctx = ctx(Format::Problem).with_instance(instance.clone());
        let body = rendered(&error, &problem_ctx);
        prop_assert_eq!(body["detail"].as_str(), Some(text.as_str()));
        prop_assert_eq!(body["field"].as_str(), Some(field.as_str()));
        prop_assert_eq!(body["note"].as_str(), Some(note.as_str()));
        prop_assert_eq!(body["instance"].as_str(), Some(instance.as_str()));
        let errors = body["errors"].as_array().expect("errors");
        prop_assert_eq!(errors.len(), violations.len());
        for (json, violation) in errors.iter().zip(&violations) {
            prop_assert_eq!(json["detail"].as_str(), Some(violation.message()));
            let pointer = violation.pointer();
            prop_assert_eq!(json["pointer"].as_str(), Some(pointer.as_str()));
            prop_assert!(pointer.is_ascii());
            prop_assert_eq!(json.get("code").and_then(Value::as_str), violation.code());
        }

        let body = rendered(&error, &ctx(Format::Envelope).with_instance(instance));
        let inner = &body["error"];
        prop_assert_eq!(inner["message"].as_str(), Some(text.as_str()));
        prop_assert_eq!(inner["field"].as_str(), Some(field.as_str()));
        prop_assert_eq!(inner["details"]["note"].as_str(), Some(note.as_str()));
        prop_assert!(inner.get("instance").is_none());
        let errors = inner["details"]["errors"].as_array().expect("errors");
        prop_assert_eq!(errors.len(), violations.len());
        for (json, violation) in errors.iter().zip(&violations) {
            prop_assert_eq!(json["field"].as_str(), Some(violation.field()));
            prop_assert_eq!(json["message"].as_str(), Some(violation.message()));
            prop_assert_eq!(json.get("code").and_then(Value::as_str), violation.code());
        }
    }

    #[test]
    fn a_debug_template_round_trips(text in text()) {
        let error = Exposed::Debugged { text: text.clone() };
        let expected = format!("before {text:?} after");
        for format in [Format::Problem, Format::Envelope] {
            let body = rendered(&error, &ctx(format));
            prop_assert_eq!(message(&body, format).as_str(), Some(expected.as_str()));
        }
    }

    #[test]
    fn a_display_message_round_trips_without_redaction(text in text()) {
        prop_assume!(!text.is_empty());
        let error = Exposed::Displayed { text: text.clone() };
        for format in [Format::Problem, Format::Envelope] {
            let body = rendered(&error, &ctx(format).with_redaction(false));
            prop_assert_eq!(message(&body, format).as_str(), Some(text.as_str()));
        }
    }

    #[test]
    fn a_redacted_display_message_is_still_valid_json(text in redactable()) {
        let error = Exposed::Displayed { text: text.clone() };
        let expected = apierror::redact::redact(&text).unwrap_or_else(|| text.clone());
        for format in [Format::Problem, Format::Envelope] {
            let body = rendered(&error, &ctx(format));
            prop_assert_eq!(message(&body, format).as_str(), Some(expected.as_str()));
        }
    }
}

/// Text dense in what the redactor looks for, cut and mixed with hostile characters.
fn redactable() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        text(),
        Just("postgres://app:hunter2@db:5432/x".to_owned()),
        Just("Bearer ".to_owned()),
        Just("password=".to_owned()),
        Just("token: \"".to_owned()),
        Just("10.0.0.5:5432".to_owned()),
        Just("fe80::1".to_owned()),
        Just("/home/app/.env".to_owned()),
        Just("C:\\app\\x".to_owned()),
        Just("sk_live_4eC39HqLyjWDarjtT1zdp7dcAbCdEf12".to_owned()),
        Just("://".to_owned()),
        Just("é".to_owned()),
        Just(" ".to_owned()),
    ];
    proptest::collection::vec(piece, 1..8).prop_map(|pieces| pieces.concat())
}

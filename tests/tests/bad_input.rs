//! Hostile and broken input: text that must be escaped, messages over the limits,
//! `Display` and `Serialize` impls that fail or panic, and opaque errors full of
//! secrets. Every body stays strict JSON and every status stays right.

use std::collections::BTreeMap;
use std::fmt;

use apierror::{
    ApiError, Context, FieldViolation, Format, Limits, OPAQUE_CLIENT_MESSAGE,
    OPAQUE_SERVER_MESSAGE, Policy,
};
use serde::{Serialize, Serializer};
use serde_json::{Value, json};

mod support;
use support::{TRACE_ID, ctx, envelope, parse, problem};

/// Every control character, then text that looks like escapes, surrogates,
/// markup or JSON, then the Unicode that trips naive escapers.
fn hostile_texts() -> Vec<String> {
    let controls: String = (0u8..0x20).chain([0x7f]).map(char::from).collect();
    let c1: String = ('\u{80}'..='\u{9f}').collect();
    vec![
        controls,
        c1,
        r#"she said "hi" and 'bye'"#.to_owned(),
        r"back\slash \\ \n \t \u0041 \".to_owned(),
        r"\ud800 lone \udfff surrogates \ud83d\ude00".to_owned(),
        "\u{fffd}\u{feff}\u{fffe}\u{ffff}".to_owned(),
        "\u{202e}evil\u{202c} \u{200f}rtl\u{200e} \u{2066}iso\u{2069}".to_owned(),
        "line\u{2028}separator\u{2029}paragraph".to_owned(),
        "𝄞 😀 👩‍👩‍👧 \u{10ffff} e\u{301}".to_owned(),
        r#"","status":200,"x":""#.to_owned(),
        r#"{"injected":true}"}]}"#.to_owned(),
        "</script><script>alert(1)</script>".to_owned(),
        "%00 %0d%0a {0} {} {{}} %s".to_owned(),
        String::new(),
    ]
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum EchoError {
    #[error("{0}")]
    #[api(code = "display", status = 400)]
    Display(String),

    #[error("internal")]
    #[api(code = "template", status = 400, message = "value [{value}] rejected")]
    Template {
        #[api(field)]
        value: String,
        #[api(extension)]
        echo: String,
    },

    #[error("internal")]
    #[api(code = "violations", status = 422, message = "invalid")]
    Violations(#[api(violations)] Vec<FieldViolation>),
}

#[test]
fn hostile_text_round_trips_exactly_through_every_member() {
    for text in hostile_texts() {
        let display = EchoError::Display(text.clone());
        assert_eq!(problem(&display)["detail"], text.as_str());
        assert_eq!(envelope(&display)["error"]["message"], text.as_str());
        assert_eq!(display.to_problem(&ctx()).detail(), Some(text.as_str()));

        let template = EchoError::Template {
            value: text.clone(),
            echo: text.clone(),
        };
        let body = problem(&template);
        assert_eq!(body["detail"], format!("value [{text}] rejected"));
        assert_eq!(body["field"], text.as_str());
        assert_eq!(body["echo"], text.as_str());
        let body = envelope(&template);
        assert_eq!(body["error"]["field"], text.as_str());
        assert_eq!(body["error"]["details"]["echo"], text.as_str());

        let violations = EchoError::Violations(vec![
            FieldViolation::new(text.clone(), text.clone()).with_code(text.clone()),
        ]);
        let body = problem(&violations);
        assert_eq!(body["errors"][0]["detail"], text.as_str());
        assert_eq!(body["errors"][0]["code"], text.as_str());
        let pointer = body["errors"][0]["pointer"].as_str().expect("a pointer");
        assert!(pointer.starts_with('#'), "{pointer}");
        assert!(
            pointer.bytes().all(|b| b.is_ascii_graphic()),
            "a pointer is a URI fragment: {pointer}"
        );
        let body = envelope(&violations);
        let entry = &body["error"]["details"]["errors"][0];
        assert_eq!(
            entry,
            &json!({"field": text, "message": text, "code": text})
        );

        let ctx = ctx().with_instance(text.clone());
        assert_eq!(support::body(&display, &ctx)["instance"], text.as_str());
        assert_eq!(support::body(&display, &ctx)["status"], 400);
    }
}

#[test]
fn hostile_text_stays_inside_its_member() {
    let error = EchoError::Display(r#"","status":200,"code":"ok","x":""#.to_owned());
    let body = problem(&error);
    assert_eq!(body["status"], 400);
    assert_eq!(body["code"], "display");
    assert!(body.get("x").is_none(), "{body}");
}

#[test]
fn hostile_text_round_trips_through_the_debug_member() {
    for text in hostile_texts() {
        let ctx = ctx().with_policy(Policy::Development);
        let body = support::body(&EchoError::Display(text.clone()), &ctx);
        assert_eq!(body["debug"]["message"], text.as_str());
    }
}

fn char_limit(max_message_chars: usize) -> Context {
    ctx().with_limits(Limits {
        max_message_chars,
        ..Limits::default()
    })
}

#[test]
fn the_default_limit_cuts_long_messages_with_an_ellipsis() {
    assert_eq!(Limits::default().max_message_chars, 2048);
    let long = "x".repeat(5000);
    let detail = problem(&EchoError::Display(long)).get("detail").cloned();
    let expected = format!("{}…", "x".repeat(2048));
    assert_eq!(detail, Some(Value::String(expected)));

    let exact = "y".repeat(2048);
    assert_eq!(problem(&EchoError::Display(exact.clone()))["detail"], exact);
}

#[test]
fn limits_cut_at_a_character_boundary() {
    // Two-, three- and four-byte characters, and characters that JSON escapes:
    // the limit counts characters, never bytes nor escapes.
    for (text, limit, expected) in [
        ("ééééé", 3, "ééé…"),
        ("日本語のテキスト", 4, "日本語の…"),
        ("😀😀😀", 1, "😀…"),
        ("\"\"\"\"", 2, "\"\"…"),
        ("\n\u{1}\n\u{1}", 3, "\n\u{1}\n…"),
        ("abc", 3, "abc"),
        ("abc", 0, "…"),
    ] {
        let ctx = char_limit(limit);
        let error = EchoError::Display(text.to_owned());
        assert_eq!(support::body(&error, &ctx)["detail"], expected, "{text:?}");
        let envelope_ctx = ctx.clone().with_format(Format::Envelope);
        assert_eq!(
            support::body(&error, &envelope_ctx)["error"]["message"],
            expected,
            "{text:?}"
        );
    }
}

#[test]
fn limits_cut_templates_fields_violations_and_debug_too() {
    let ctx = char_limit(4).with_policy(Policy::Development);
    let error = EchoError::Template {
        value: "ñññññññ".into(),
        echo: "extensions are data, not cut".into(),
    };
    let body = support::body(&error, &ctx);
    assert_eq!(body["detail"], "valu…");
    assert_eq!(body["field"], "ññññ…");
    assert_eq!(body["echo"], "extensions are data, not cut");

    let error = EchoError::Violations(vec![
        FieldViolation::new("a", "ΩΩΩΩΩΩ").with_code("abcdefg"),
    ]);
    let body = support::body(&error, &ctx);
    assert_eq!(body["errors"][0]["detail"], "ΩΩΩΩ…");
    assert_eq!(body["errors"][0]["code"], "abcd…");

    let body = support::body(&EchoError::Display("🙂🙂🙂🙂🙂".into()), &ctx);
    assert_eq!(body["debug"]["message"], "🙂🙂🙂🙂…");
}

/// A value whose `Display` writes a little, then fails.
#[derive(Debug)]
struct FailsMidway;

impl fmt::Display for FailsMidway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("partial \"output")?;
        Err(fmt::Error)
    }
}

/// A value whose `Display` writes a little, then panics.
#[derive(Debug)]
struct PanicsMidway;

impl fmt::Display for PanicsMidway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("partial \"output")?;
        panic!("Display of PanicsMidway panicked")
    }
}

/// A value whose `Serialize` writes a little, then panics.
#[derive(Debug)]
struct SerializePanics;

impl Serialize for SerializePanics {
    fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        panic!("Serialize of SerializePanics panicked")
    }
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum Broken {
    #[error("{0}")]
    #[api(code = "display_fails", status = 404)]
    DisplayFails(FailsMidway),

    #[error("{0}")]
    #[api(code = "display_panics", status = 409)]
    DisplayPanics(PanicsMidway),

    #[error("internal")]
    #[api(code = "template_fails", status = 400, message = "value {0} rejected")]
    TemplateFails(FailsMidway),

    #[error("internal")]
    #[api(code = "template_panics", status = 400, message = "value {0} rejected")]
    TemplatePanics(PanicsMidway),

    #[error("fine message")]
    #[api(code = "field_panics", status = 422)]
    FieldPanics(#[api(field)] PanicsMidway),

    #[error("fine message")]
    #[api(code = "field_fails", status = 422)]
    FieldFails(#[api(field)] FailsMidway),

    #[error("fine message")]
    #[api(code = "extension_panics", status = 422)]
    ExtensionPanics {
        #[api(extension)]
        first: u8,
        #[api(extension)]
        broken: SerializePanics,
    },

    #[error("fine message")]
    #[api(code = "extension_fails", status = 422)]
    ExtensionFails {
        #[api(extension)]
        first: u8,
        #[api(extension)]
        map: BTreeMap<(u8, u8), u8>,
        #[api(extension)]
        last: u8,
    },

    #[error("{0}")]
    #[api(code = "opaque_panics", status = 500)]
    OpaquePanics(PanicsMidway),

    #[error("header")]
    #[api(code = "header_panics", status = 429)]
    HeaderPanics {
        #[api(header = "X-Before")]
        before: u8,
        #[api(header = "X-Broken")]
        broken: PanicsMidway,
    },
}

fn bodies(error: &Broken) -> [(Value, u16); 2] {
    bodies_of(error)
}

fn bodies_of(error: &impl ApiError) -> [(Value, u16); 2] {
    [Format::Problem, Format::Envelope].map(|format| {
        let response = error.to_response(&ctx().with_format(format));
        (parse(response.body()), response.status().as_u16())
    })
}

fn message(body: &Value) -> &Value {
    match body.get("error") {
        Some(error) => &error["message"],
        None => &body["detail"],
    }
}

#[test]
fn a_failing_or_panicking_message_falls_back_to_the_generic_one() {
    for (error, status) in [
        (Broken::DisplayFails(FailsMidway), 404),
        (Broken::DisplayPanics(PanicsMidway), 409),
        (Broken::TemplateFails(FailsMidway), 400),
        (Broken::TemplatePanics(PanicsMidway), 400),
    ] {
        for (body, http_status) in bodies(&error) {
            assert_eq!(http_status, status, "{body}");
            assert_eq!(message(&body), OPAQUE_CLIENT_MESSAGE, "{body}");
            assert!(!body.to_string().contains("partial"), "{body}");
            if body.get("error").is_none() {
                assert_eq!(body["status"], status);
                assert_eq!(body["trace_id"], TRACE_ID);
            }
        }
    }
}

#[test]
fn a_failing_or_panicking_field_is_written_empty() {
    for error in [
        Broken::FieldPanics(PanicsMidway),
        Broken::FieldFails(FailsMidway),
    ] {
        let [(problem, status), (envelope, _)] = bodies(&error);
        assert_eq!(status, 422);
        assert_eq!(problem["detail"], "fine message");
        assert_eq!(problem["field"], "");
        assert_eq!(envelope["error"]["message"], "fine message");
        assert_eq!(envelope["error"]["field"], "");
    }
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[error("{reason}")]
#[api(code = "failing_with_details", status = 422)]
struct FailingWithDetails {
    reason: FailsMidway,
    #[api(extension)]
    limit: u32,
    #[api(violations)]
    violations: Vec<FieldViolation>,
}

#[test]
fn a_failing_message_beside_details_falls_back_at_the_top_level() {
    let error = FailingWithDetails {
        reason: FailsMidway,
        limit: 5,
        violations: vec![FieldViolation::new("name", "is required")],
    };
    let [(problem, _), (envelope, status)] = bodies_of(&error);
    assert_eq!(status, 422);
    assert_eq!(
        problem,
        json!({
            "type": "about:blank",
            "title": "Unprocessable Content",
            "status": 422,
            "code": "failing_with_details",
            "detail": OPAQUE_CLIENT_MESSAGE,
            "errors": [{"detail": "is required", "pointer": "#/name"}],
            "limit": 5,
            "trace_id": TRACE_ID,
        })
    );
    assert_eq!(
        envelope,
        json!({"error": {
            "code": "failing_with_details",
            "message": OPAQUE_CLIENT_MESSAGE,
            "details": {
                "errors": [{"field": "name", "message": "is required"}],
                "limit": 5,
            },
            "trace_id": TRACE_ID,
        }})
    );
    let typed = error.to_envelope(&ctx());
    assert_eq!(typed.error.message, OPAQUE_CLIENT_MESSAGE);
}

#[test]
fn a_panicking_extension_rolls_back_every_member() {
    let error = Broken::ExtensionPanics {
        first: 1,
        broken: SerializePanics,
    };
    let [(problem, status), (envelope, _)] = bodies(&error);
    assert_eq!(status, 422);
    assert_eq!(
        problem,
        json!({
            "type": "about:blank",
            "title": "Unprocessable Content",
            "status": 422,
            "code": "extension_panics",
            "detail": OPAQUE_CLIENT_MESSAGE,
            "trace_id": TRACE_ID,
        })
    );
    assert_eq!(
        envelope,
        json!({"error": {
            "code": "extension_panics",
            "message": OPAQUE_CLIENT_MESSAGE,
            "trace_id": TRACE_ID,
        }})
    );
}

#[test]
fn an_extension_that_fails_to_serialize_is_left_out() {
    let error = Broken::ExtensionFails {
        first: 1,
        map: BTreeMap::from([((1, 2), 3)]),
        last: 9,
    };
    let [(problem, _), (envelope, _)] = bodies(&error);
    assert_eq!(problem["detail"], "fine message");
    assert_eq!(problem["first"], 1);
    assert_eq!(problem["last"], 9);
    assert!(problem.get("map").is_none(), "{problem}");
    assert_eq!(envelope["error"]["details"], json!({"first": 1, "last": 9}));
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[error("only extension fails")]
#[api(code = "only_extension_fails", status = 422)]
struct OnlyExtensionFails {
    #[api(extension)]
    map: BTreeMap<(u8, u8), u8>,
}

#[test]
fn an_envelope_whose_only_extension_fails_has_no_details() {
    let error = OnlyExtensionFails {
        map: BTreeMap::from([((1, 2), 3)]),
    };
    let [(problem, _), (envelope, _)] = bodies_of(&error);
    assert!(problem.get("map").is_none(), "{problem}");
    assert_eq!(
        envelope,
        json!({"error": {
            "code": "only_extension_fails",
            "message": "only extension fails",
            "trace_id": TRACE_ID,
        }})
    );
}

#[test]
fn an_opaque_error_whose_display_panics_renders_in_development() {
    let ctx = ctx().with_policy(Policy::Development);
    let response = Broken::OpaquePanics(PanicsMidway).to_response(&ctx);
    assert_eq!(response.status(), 500);
    let body = parse(response.body());
    assert_eq!(body["detail"], OPAQUE_SERVER_MESSAGE);
    assert_eq!(body["debug"]["message"], "");
}

#[test]
fn a_panicking_header_value_leaves_the_response_whole() {
    let error = Broken::HeaderPanics {
        before: 3,
        broken: PanicsMidway,
    };
    let response = error.to_response(&ctx());
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["x-before"], "3");
    assert!(response.headers().get("x-broken").is_none());
    assert_eq!(response.headers()["x-trace-id"], TRACE_ID);
    assert_eq!(parse(response.body())["detail"], "header");
}

#[derive(Debug, thiserror::Error)]
#[error("TLS handshake with 10.1.2.3 failed: key=SECRET-CAUSE")]
struct Cause;

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum Opaque {
    #[error("SECRET-DISPLAY for {user}")]
    #[api(code = "internal_error", status = 500)]
    Internal {
        user: &'static str,
        #[source]
        cause: Cause,
    },

    #[error("SECRET-DISPLAY {0}")]
    #[api(code = "hidden_conflict", status = 409, expose = false)]
    Hidden(&'static str, #[source] Cause),

    #[error("SECRET-DISPLAY")]
    #[api(code = "constant", status = 502, message = "The upstream failed.")]
    Constant { token: &'static str },
}

#[test]
fn an_opaque_error_leaks_nothing_in_body_or_headers() {
    let errors = [
        Opaque::Internal {
            user: "SECRET-FIELD",
            cause: Cause,
        },
        Opaque::Hidden("SECRET-FIELD", Cause),
        Opaque::Constant {
            token: "SECRET-FIELD",
        },
    ];
    for error in &errors {
        assert!(!error.expose());
        for format in [Format::Problem, Format::Envelope] {
            let response = error.to_response(&ctx().with_format(format));
            let body = String::from_utf8(response.body().to_vec()).expect("UTF-8");
            let headers = format!("{:?}", response.headers());
            for text in [&body, &headers] {
                for secret in ["SECRET", "10.1.2.3", "TLS"] {
                    assert!(!text.contains(secret), "{secret} leaked: {text}");
                }
            }
            let body = parse(body.as_bytes());
            let expected = match error {
                Opaque::Internal { .. } => OPAQUE_SERVER_MESSAGE,
                Opaque::Hidden(..) => OPAQUE_CLIENT_MESSAGE,
                Opaque::Constant { .. } => "The upstream failed.",
            };
            assert_eq!(message(&body), expected, "{body}");
        }
        let problem = error.to_problem(&ctx());
        assert_eq!(problem.extensions().len(), 2, "only code and trace_id");
        let envelope = error.to_envelope(&ctx());
        assert_eq!((envelope.error.field, envelope.error.details), (None, None));
    }
}

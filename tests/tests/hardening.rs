//! Defensive behaviour under hostile values (issue 7): a user `Display` that fails
//! or panics while an exposed message is written, header values that may not be
//! sent, messages and violation lists far over the limits, and redaction vectors
//! end to end through `to_response`. Each test tries to break the renderer and checks
//! that the response stays well formed, with the same status, and that the failure
//! is logged.
//!
//! (Header values with CR/LF are covered in `headers.rs`, the violation count limits
//! in `violations.rs`, hostile trace ids in `headers.rs` and the e2e tests.)

use std::fmt;
use std::io;
use std::sync::{Arc, Mutex};

use apierror::{
    ApiError, Context, FieldViolation, Format, Limits, OPAQUE_CLIENT_MESSAGE, Policy, TraceId,
};
use apierror_tests::strict_json;
use serde::{Serialize, Serializer};
use serde_json::Value;

const TRACE_ID: &str = "trace-hardening";

fn ctx() -> Context {
    Context::default().with_trace_id(TraceId::parse(TRACE_ID).expect("a valid trace id"))
}

/// The log lines written while `f` runs on this thread.
fn logged<R>(f: impl FnOnce() -> R) -> (R, String) {
    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);
    impl io::Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0
                .lock()
                .expect("the log buffer")
                .extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .without_time()
        .finish();
    let result = tracing::subscriber::with_default(subscriber, f);
    let text = String::from_utf8_lossy(&buffer.0.lock().expect("the log buffer")).into_owned();
    (result, text)
}

fn message(body: &Value) -> &str {
    body.get("detail")
        .or_else(|| body["error"].get("message"))
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no message in {body}"))
}

// ---------------------------------------------------------------------------------
// A `Display` that fails or panics.

/// Writes a prefix, then fails.
#[derive(Debug)]
struct FailsAfter(&'static str);

impl fmt::Display for FailsAfter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)?;
        Err(fmt::Error)
    }
}

/// Writes a prefix, then panics.
#[derive(Debug)]
struct PanicsAfter(&'static str);

impl fmt::Display for PanicsAfter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)?;
        panic!("PANIC-IN-DISPLAY")
    }
}

/// A value whose serialization panics.
#[derive(Debug)]
struct PanicsSerializing;

impl Serialize for PanicsSerializing {
    fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        panic!("PANIC-IN-SERIALIZE")
    }
}

/// A value whose serialization fails.
#[derive(Debug)]
struct FailsSerializing;

impl Serialize for FailsSerializing {
    fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("FAILED-SERIALIZE"))
    }
}

const PARTIAL: &str = "PARTIAL-TEXT";

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum Faulty {
    #[error("{0}")]
    #[api(code = "display_fails", status = 400)]
    DisplayFails(FailsAfter),

    #[error("{0}")]
    #[api(code = "display_panics", status = 400)]
    DisplayPanics(PanicsAfter),

    #[error("faulty")]
    #[api(code = "template_fails", status = 422, message = "value {0} rejected")]
    TemplateFails(FailsAfter),

    #[error("faulty")]
    #[api(code = "template_panics", status = 422, message = "value {0} rejected")]
    TemplatePanics(PanicsAfter),

    #[error("faulty")]
    #[api(code = "field_panics", status = 409, message = "Fixed.")]
    FieldPanics(#[api(field)] PanicsAfter),

    #[error("faulty")]
    #[api(code = "extension_panics", status = 409, message = "Fixed.")]
    ExtensionPanics(#[api(extension = "broken")] PanicsSerializing),

    #[error("faulty")]
    #[api(code = "extension_fails", status = 409, message = "Fixed.")]
    ExtensionFails(
        #[api(extension = "broken")] FailsSerializing,
        #[api(extension = "kept")] u8,
    ),
}

/// Every variant renders a well-formed body with its own status in both formats, with
/// and without redaction, and nothing of what the failing `Display` wrote before it
/// failed; returns each body with the log written while it rendered.
fn render_all(error: &Faulty) -> Vec<(Value, String)> {
    let mut out = Vec::new();
    for format in [Format::Problem, Format::Envelope] {
        for redaction in [true, false] {
            let ctx = ctx().with_format(format).with_redaction(redaction);
            let (response, log) = logged(|| error.to_response(&ctx));
            assert_eq!(response.status(), error.status(), "{error:?}");
            assert_eq!(response.headers()["x-trace-id"], TRACE_ID);
            let text = String::from_utf8_lossy(response.body()).into_owned();
            assert!(!text.contains(PARTIAL), "{error:?}: {text}");
            assert!(!text.contains("PANIC-IN"), "{error:?}: {text}");
            let body = strict_json(response.body());
            match format {
                Format::Envelope => assert_eq!(body["error"]["code"], error.code()),
                _ => assert_eq!(body["status"], error.status().as_u16()),
            }
            out.push((body, log));
        }
    }
    out
}

#[test]
fn a_display_that_fails_during_an_exposed_message_leaves_a_generic_one_and_is_logged() {
    for error in [
        Faulty::DisplayFails(FailsAfter(PARTIAL)),
        Faulty::TemplateFails(FailsAfter(PARTIAL)),
    ] {
        for (body, log) in render_all(&error) {
            assert_eq!(message(&body), OPAQUE_CLIENT_MESSAGE, "{error:?}: {body}");
            assert!(
                log.contains(TRACE_ID) && log.contains("apierror"),
                "the failure of {error:?} was not logged: {log:?}"
            );
        }
    }
}

#[test]
fn a_display_that_panics_during_an_exposed_message_leaves_a_generic_one_and_is_logged() {
    for error in [
        Faulty::DisplayPanics(PanicsAfter(PARTIAL)),
        Faulty::TemplatePanics(PanicsAfter(PARTIAL)),
    ] {
        for (body, log) in render_all(&error) {
            assert_eq!(message(&body), OPAQUE_CLIENT_MESSAGE, "{error:?}: {body}");
            assert!(
                log.contains(TRACE_ID) && log.contains("panicked"),
                "the panic of {error:?} was not logged: {log:?}"
            );
        }
    }
}

#[test]
fn a_panicking_field_is_written_empty_and_logged() {
    let error = Faulty::FieldPanics(PanicsAfter(PARTIAL));
    for (body, log) in render_all(&error) {
        assert_eq!(message(&body), "Fixed.", "{body}");
        let members = body.get("error").unwrap_or(&body);
        assert_eq!(members["field"], "", "{body}");
        assert!(
            log.contains(TRACE_ID) && log.contains("apierror"),
            "not logged: {log:?}"
        );
    }
}

#[test]
fn a_panicking_extension_falls_back_to_the_constant_message_and_is_logged() {
    let error = Faulty::ExtensionPanics(PanicsSerializing);
    for (body, log) in render_all(&error) {
        assert_eq!(message(&body), "Fixed.", "{body}");
        let details = body.get("error").map_or(&body, |error| &error["details"]);
        assert!(details.get("broken").is_none(), "{body}");
        assert!(
            log.contains(TRACE_ID) && log.contains("panicked"),
            "{log:?}"
        );
    }
}

#[test]
fn an_extension_that_fails_to_serialize_is_left_out_and_the_rest_kept() {
    let error = Faulty::ExtensionFails(FailsSerializing, 7);
    for (body, log) in render_all(&error) {
        assert_eq!(message(&body), "Fixed.");
        let details = body.get("error").map_or(&body, |error| &error["details"]);
        assert!(details.get("broken").is_none(), "{body}");
        assert_eq!(details["kept"], 7, "{body}");
        assert!(
            log.contains(TRACE_ID) && log.contains("apierror"),
            "not logged: {log:?}"
        );
    }
}

#[test]
fn a_failure_in_development_policy_is_contained_too() {
    let error = Faulty::DisplayPanics(PanicsAfter(PARTIAL));
    let ctx = ctx().with_policy(Policy::Development);
    let response = error.to_response(&ctx);
    assert_eq!(response.status(), 400);
    let body = strict_json(response.body());
    assert_eq!(body["detail"], OPAQUE_CLIENT_MESSAGE);
    assert!(body["debug"]["message"].is_string(), "{body}");
}

// ---------------------------------------------------------------------------------
// Header values that fail, panic or may not be sent.

#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[error("limited")]
#[api(code = "limited", status = 429)]
struct Limited {
    #[api(header = "X-Quota")]
    quota: PanicsAfter,
    #[api(header = "Retry-After")]
    retry_after: u32,
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[error("moved")]
#[api(code = "moved", status = 409)]
struct Moved {
    #[api(header = "Location")]
    location: String,
    #[api(header = "Retry-After")]
    retry_after: u32,
}

#[test]
fn a_header_display_that_panics_leaves_the_headers_out_and_the_response_whole() {
    let error = Limited {
        quota: PanicsAfter(PARTIAL),
        retry_after: 3,
    };
    let (response, log) = logged(|| error.to_response(&ctx()));
    assert_eq!(response.status(), 429);
    assert!(response.headers().get("x-quota").is_none());
    assert_eq!(response.headers()["x-trace-id"], TRACE_ID);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    for value in response.headers().values() {
        assert!(
            !value
                .as_bytes()
                .windows(PARTIAL.len())
                .any(|w| w == PARTIAL.as_bytes())
        );
    }
    assert_eq!(strict_json(response.body())["status"], 429);
    assert!(
        log.contains(TRACE_ID) && log.contains("panicked"),
        "{log:?}"
    );
}

#[test]
fn a_header_value_that_may_not_be_sent_is_left_out_and_logged() {
    for hostile in [
        "/a\r\nSet-Cookie: s=1",
        "/a\u{0}b",
        "/a\u{1b}[31m",
        "/a\u{7f}",
    ] {
        let error = Moved {
            location: hostile.to_owned(),
            retry_after: 1,
        };
        let (response, log) = logged(|| error.to_response(&ctx()));
        assert_eq!(response.status(), 409);
        assert!(response.headers().get("location").is_none(), "{hostile:?}");
        assert!(response.headers().get("set-cookie").is_none());
        assert_eq!(response.headers()["retry-after"], "1");
        assert!(
            log.contains("location") && log.contains(TRACE_ID),
            "{hostile:?} was not logged with the response's trace id: {log:?}"
        );
        assert!(
            !log.contains("Set-Cookie"),
            "the logged line holds the value: {log:?}"
        );
    }
}

// ---------------------------------------------------------------------------------
// Limits.

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum Large {
    #[error("{0}")]
    #[api(code = "displayed", status = 400)]
    Displayed(String),

    #[error("large")]
    #[api(code = "templated", status = 422, message = "{0}")]
    Templated(String),

    #[error("large")]
    #[api(code = "fields", status = 422, message = "Fixed.")]
    Fields(#[api(field)] String, #[api(violations)] Vec<FieldViolation>),

    #[error("{0}")]
    #[api(code = "opaque", status = 500)]
    Opaque(String),
}

fn chars(value: &Value) -> usize {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not a string: {value}"))
        .chars()
        .count()
}

#[test]
fn a_huge_message_is_cut_at_the_default_limit_with_a_marker() {
    let huge = "é".repeat(1_000_000);
    for error in [
        Large::Displayed(huge.clone()),
        Large::Templated(huge.clone()),
    ] {
        for format in [Format::Problem, Format::Envelope] {
            for redaction in [true, false] {
                let ctx = ctx().with_format(format).with_redaction(redaction);
                let response = error.to_response(&ctx);
                assert!(
                    response.body().len() < 8 * 1024,
                    "{} bytes",
                    response.body().len()
                );
                let body = strict_json(response.body());
                let text = message(&body);
                assert_eq!(text.chars().count(), 2048 + 1);
                assert!(text.ends_with("é…"), "{}", &text[text.len() - 10..]);
            }
        }
    }
}

#[test]
fn the_limit_counts_characters_not_bytes_nor_escapes() {
    let limits = Limits {
        max_message_chars: 5,
        ..Limits::default()
    };
    let cases = [
        ("日本語テキスト", "日本語テキ…"),
        ("\n\n\n\n\n\n\n", "\n\n\n\n\n…"),
        ("\"\"\"\"\"\"", "\"\"\"\"\"…"),
        ("😀😀😀😀😀😀", "😀😀😀😀😀…"),
        ("exact", "exact"),
        ("four", "four"),
        ("", ""),
    ];
    for (input, expected) in cases {
        for error in [
            Large::Displayed(input.to_owned()),
            Large::Templated(input.to_owned()),
        ] {
            if matches!(error, Large::Displayed(_)) && input.is_empty() {
                continue; // An empty Display message falls back to the generic one.
            }
            for format in [Format::Problem, Format::Envelope] {
                let ctx = ctx().with_format(format).with_limits(limits);
                let body = strict_json(error.to_response(&ctx).body());
                assert_eq!(message(&body), expected, "{error:?} in {format:?}");
            }
        }
    }
}

#[test]
fn a_zero_limit_writes_only_the_marker() {
    let limits = Limits {
        max_message_chars: 0,
        max_violations: 0,
        max_extension_bytes: 0,
    };
    let error = Large::Templated("anything".to_owned());
    let body = strict_json(error.to_response(&ctx().with_limits(limits)).body());
    assert_eq!(body["detail"], "…");
}

#[test]
fn fields_and_violations_are_cut_too_and_the_body_stays_bounded() {
    let long = "x".repeat(10_000);
    let violations: Vec<FieldViolation> = (0..1_000)
        .map(|index| {
            FieldViolation::new(format!("f{index}.{long}"), long.clone()).with_code(long.clone())
        })
        .collect();
    let error = Large::Fields(long.clone(), violations);
    for format in [Format::Problem, Format::Envelope] {
        let response = error.to_response(&ctx().with_format(format));
        let size = response.body().len();
        // 100 violations of two or three 2,049-character strings and, in a problem,
        // a pointer (a JSON Pointer is not cut: a cut one would point elsewhere), and
        // the field: far below the 30 MB the error holds.
        assert!(size < 2 * 1024 * 1024, "{size} bytes");
        let body = strict_json(response.body());
        let (members, details) = match format {
            Format::Envelope => (&body["error"], &body["error"]["details"]),
            _ => (&body, &body),
        };
        assert_eq!(chars(&members["field"]), 2049);
        let errors = details["errors"].as_array().expect("errors");
        assert_eq!(errors.len(), 100);
        assert_eq!(details["errors_truncated"], 900);
        for violation in errors {
            let message = violation
                .get("detail")
                .or(violation.get("message"))
                .expect("a message");
            assert_eq!(chars(message), 2049);
            assert_eq!(chars(&violation["code"]), 2049);
        }
    }
}

#[test]
fn development_debug_text_is_cut_too() {
    let error = Large::Opaque("y".repeat(1_000_000));
    let response = error.to_response(&ctx().with_policy(Policy::Development));
    assert!(response.body().len() < 8 * 1024);
    let body = strict_json(response.body());
    assert_eq!(chars(&body["debug"]["message"]), 2049);
}

// ---------------------------------------------------------------------------------
// Redaction, end to end.

/// Each vector: a `Display` message and the secrets it must not show.
const VECTORS: &[(&str, &[&str])] = &[
    (
        "connect postgres://app:hunter2@db.internal:5432/main failed",
        &["hunter2", "app:"],
    ),
    ("GET https://user:s3cr3t@example.com/x", &["s3cr3t"]),
    ("redis://:hunter2@10.1.2.3:6379", &["hunter2", "10.1.2.3"]),
    (
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig",
        &["eyJhbGciOiJIUzI1NiJ9"],
    ),
    ("authorization: bearer abc.def.ghi", &["abc.def.ghi"]),
    ("login failed: password=hunter2&user=bob", &["hunter2"]),
    ("PASSWORD: 'hunter2'", &["hunter2"]),
    ("config {\"api_key\": \"abc123xyz\"}", &["abc123xyz"]),
    ("?access_token=tok123&x=1", &["tok123"]),
    ("client_secret=cs_999", &["cs_999"]),
    ("pwd=p4ss passwd=p5ss apikey=k1", &["p4ss", "p5ss", "k1"]),
    (
        "key sk_live_4eC39HqLyjWDarjtT1zdp7dcAbCdEf12 used",
        &["sk_live_4eC39HqLyjWDarjtT1zdp7dcAbCdEf12"],
    ),
    (
        "github ghp_16C7e42F292c6912E7710c838347Ae178B4a rejected",
        &["ghp_16C7e42F292c6912E7710c838347Ae178B4a"],
    ),
    ("peer 10.0.0.5:5432 refused", &["10.0.0.5"]),
    // An internal (unique-local) address: public ones are left alone since the
    // redaction corpus (tests/corpus/redaction) showed them to be the client's own.
    (
        "peer fd12:3456:789a::8a2e:370:7334 down",
        &["fd12:3456:789a::8a2e:370:7334"],
    ),
    ("open /home/app/.env: denied", &["/home/app/.env"]),
    ("open(\"/etc/shadow\")", &["/etc/shadow"]),
    ("read C:\\app\\secrets.txt", &["C:\\app\\secrets.txt"]),
    ("env DB_PASSWORD=hunter2 set", &["hunter2"]),
    ("aws_secret_access_key=wJalrXUtnFEMI", &["wJalrXUtnFEMI"]),
    ("header x-api-key: k-123456", &["k-123456"]),
    (
        "Authorization: Basic dXNlcjpodW50ZXIy",
        &["dXNlcjpodW50ZXIy"],
    ),
];

#[test]
fn redaction_vectors_end_to_end_through_to_response() {
    let mut leaks = Vec::new();
    for (input, secrets) in VECTORS {
        let error = Large::Displayed((*input).to_owned());
        for format in [Format::Problem, Format::Envelope] {
            let response = error.to_response(&ctx().with_format(format));
            let raw = String::from_utf8_lossy(response.body()).into_owned();
            let body = strict_json(response.body());
            let shown = message(&body);
            for secret in *secrets {
                let escaped = serde_json::to_string(secret).expect("a string");
                if shown.contains(secret) || raw.contains(&escaped[1..escaped.len() - 1]) {
                    leaks.push(format!("{input:?} showed {secret:?}: {shown:?}"));
                }
                for value in response.headers().values() {
                    assert!(!String::from_utf8_lossy(value.as_bytes()).contains(secret));
                }
            }
            if !shown.contains("[redacted]") {
                leaks.push(format!("{input:?} was not redacted: {shown:?}"));
            }
        }
    }
    leaks.dedup();
    assert!(leaks.is_empty(), "{leaks:#?}");
}

#[test]
fn ordinary_text_near_the_patterns_is_left_alone() {
    for text in [
        "basic validation failed",
        "Basic Auth is disabled",
        "token_count=5 max_tokens=7",
        "the password is too short",
        "secrets: none",
        "version 1.2.3 of a/b",
        "a-b-c-d-e-f-g",
    ] {
        let body = strict_json(Large::Displayed(text.to_owned()).to_response(&ctx()).body());
        assert_eq!(body["detail"], text);
    }
}

/// The redactor runs on every `Display`-based message, which may hold a megabyte of
/// request data: it must stay linear in the length of the text, whatever its shape.
#[test]
fn redaction_stays_linear_on_adversarial_text() {
    let size = 200_000;
    let shapes = [
        "é".repeat(size),
        "-a".repeat(size / 2),
        ".1".repeat(size / 2),
        "a:".repeat(size / 2),
        "(/(".repeat(size / 3),
        "=/x".repeat(size / 3),
        "x".repeat(size),
        "password\"".repeat(size / 9),
        "://".repeat(size / 3),
        "C:\\".repeat(size / 3),
        "Bearer".repeat(size / 6),
        // Keys whose value turns out not to be one, and word starts.
        "token:".repeat(size / 6),
        "pin ".repeat(size / 4),
        "'password' ".repeat(size / 11),
        "password (".repeat(size / 10),
        " a:b@c".repeat(size / 6),
    ];
    for text in shapes {
        let started = std::time::Instant::now();
        let _ = apierror::redact::redact(&text);
        let elapsed = started.elapsed();
        assert!(
            elapsed < std::time::Duration::from_secs(2),
            "{elapsed:?} for {:?}…",
            &text[..12]
        );
    }
}

#[test]
fn redaction_happens_before_the_limit_cuts() {
    let limits = Limits {
        max_message_chars: 12,
        ..Limits::default()
    };
    let error = Large::Displayed("password=hunter2hunter2".to_owned());
    let body = strict_json(error.to_response(&ctx().with_limits(limits)).body());
    assert_eq!(body["detail"], "password=[re…");
}

#[test]
fn redaction_is_switchable_and_templates_are_never_redacted() {
    let input = "connect postgres://app:hunter2@10.0.0.5/main";
    let shown = |error: &Large, ctx: &Context| {
        message(&strict_json(error.to_response(ctx).body())).to_owned()
    };
    let displayed = Large::Displayed(input.to_owned());
    assert_eq!(
        shown(&displayed, &ctx()),
        "connect postgres://[redacted]@[redacted]/main"
    );
    assert_eq!(shown(&displayed, &ctx().with_redaction(false)), input);
    // A template names exactly what may be shown: the user chose to show it.
    let templated = Large::Templated(input.to_owned());
    assert_eq!(shown(&templated, &ctx()), input);
}

#[test]
fn opaque_errors_never_show_secrets_whatever_the_redaction_setting() {
    let error = Large::Opaque("postgres://app:hunter2@10.0.0.5/main".to_owned());
    for redaction in [true, false] {
        let response = error.to_response(&ctx().with_redaction(redaction));
        let raw = String::from_utf8_lossy(response.body()).into_owned();
        assert!(
            !raw.contains("hunter2") && !raw.contains("10.0.0.5"),
            "{raw}"
        );
    }
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[error("too many ids")]
#[api(code = "too_many_ids", status = 400)]
struct TooManyIds {
    #[api(extension)]
    rejected_ids: Vec<u64>,
}

/// An extension value cannot amplify a response: over `max_extension_bytes` it is
/// left out, and the rest of the document is intact.
#[test]
fn an_oversized_extension_is_left_out() {
    let error = TooManyIds {
        rejected_ids: (0..100_000).collect(),
    };
    for format in [Format::Problem, Format::Envelope] {
        let response = error.to_response(&ctx().with_format(format));
        assert!(
            response.body().len() < 1024,
            "{} bytes",
            response.body().len()
        );
        let body = strict_json(response.body());
        let text = body.to_string();
        assert!(!text.contains("rejected_ids"), "{text}");
        assert!(text.contains("too_many_ids"), "{text}");
    }
    let small = TooManyIds {
        rejected_ids: vec![1, 2, 3],
    };
    let body = strict_json(small.to_response(&ctx()).body());
    assert_eq!(body["rejected_ids"], serde_json::json!([1, 2, 3]));
    let raised = ctx().with_limits(Limits {
        max_extension_bytes: 1 << 20,
        ..Limits::default()
    });
    let body = strict_json(error.to_response(&raised).body());
    assert_eq!(body["rejected_ids"].as_array().map(Vec::len), Some(100_000));
}

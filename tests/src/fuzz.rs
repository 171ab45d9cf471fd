//! The logic and assertions of each fuzz target, as plain functions over bytes, so
//! that `fuzz/` (cargo-fuzz, nightly) and `tests/fuzz_corpus.rs` (stable, in
//! `cargo test`) run exactly the same checks.
//!
//! Each function panics when a property fails; any panic is a finding.
//!
//! Inputs are split into parts at `0xFF` bytes, which never occur in UTF-8, so a seed
//! file stays readable: `x-trace-id value` `0xFF` `x-request-id value` …

use std::fmt;

use apierror::{
    ApiError, Context, FieldViolation, Format, HttpError, Limits, OPAQUE_SERVER_MESSAGE, Policy,
    Problem, TraceId,
};
use http::{HeaderMap, HeaderValue, StatusCode};
use serde_json::{Map, Value};

use crate::strict_json;

/// The separator of the parts of a fuzz input.
pub const SEPARATOR: u8 = 0xFF;

/// The standard members of a problem document (RFC 9457 section 3.1).
const STANDARD: [&str; 5] = ["type", "title", "status", "detail", "instance"];

fn split(data: &[u8]) -> Vec<&[u8]> {
    data.split(|&byte| byte == SEPARATOR).collect()
}

fn text(part: Option<&&[u8]>) -> String {
    part.map(|part| String::from_utf8_lossy(part).into_owned())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------
// Target `problem`: `Problem` from arbitrary bytes.

/// `Problem` deserialization from arbitrary bytes.
///
/// - never panics;
/// - a JSON object always parses (deserialization is lenient), anything else never;
/// - `type`, `title`, `detail`, `instance` are what the object held when it held a
///   string there, and absent otherwise (RFC 9457 section 3.1: a member of the wrong
///   type is ignored); `status` is the number when it is an integer in 100..=599;
/// - every other member is kept as an extension, unchanged;
/// - serializing and parsing again gives the same standard members and extension names.
pub fn problem(data: &[u8]) {
    let parsed = serde_json::from_slice::<Problem>(data);
    let value = serde_json::from_slice::<Value>(data);
    let members = match (parsed, value) {
        (Ok(problem), Ok(Value::Object(members))) => {
            check_problem_members(&problem, &members);
            problem
        }
        (Err(_), Ok(Value::Object(members))) => {
            panic!("a JSON object must parse as a Problem: {members:?}")
        }
        (Ok(problem), other) => panic!("parsed {problem:?} from a non-object: {other:?}"),
        (Err(_), _) => return,
    };
    let again = serde_json::to_vec(&members).expect("a Problem serializes");
    let reparsed: Problem = serde_json::from_slice(&again).expect("a serialized Problem parses");
    assert_eq!(reparsed.type_uri(), members.type_uri());
    assert_eq!(reparsed.title(), members.title());
    assert_eq!(reparsed.status(), members.status());
    assert_eq!(reparsed.detail(), members.detail());
    assert_eq!(reparsed.instance(), members.instance());
    let names = |problem: &Problem| problem.extensions().keys().cloned().collect::<Vec<_>>();
    let (mut before, mut after) = (names(&members), names(&reparsed));
    before.sort();
    after.sort();
    assert_eq!(before, after);
}

fn check_problem_members(problem: &Problem, members: &Map<String, Value>) {
    let string = |name: &str| members.get(name).and_then(Value::as_str);
    assert_eq!(problem.type_uri(), string("type").unwrap_or("about:blank"));
    assert_eq!(problem.title(), string("title"));
    assert_eq!(problem.detail(), string("detail"));
    assert_eq!(problem.instance(), string("instance"));
    let status = members
        .get("status")
        .and_then(Value::as_u64)
        .filter(|status| (100..=599).contains(status))
        .and_then(|status| u16::try_from(status).ok());
    assert_eq!(problem.status(), status);
    for name in STANDARD {
        assert!(
            problem.extension(name).is_none(),
            "standard member {name} kept as an extension"
        );
    }
    let extensions = members
        .iter()
        .filter(|(name, _)| !STANDARD.contains(&name.as_str()));
    assert_eq!(problem.extensions().len(), extensions.clone().count());
    for (name, value) in extensions {
        assert_eq!(problem.extension(name), Some(value), "extension {name}");
    }
    assert_eq!(problem.code(), string("code"));
    assert_eq!(problem.trace_id(), string("trace_id"));
}

// ---------------------------------------------------------------------------------
// Target `trace_id`: `TraceId::parse`, `from_headers`, `from_traceparent`.

/// Whether `text` is a trace id the crate may echo: 1 to 128 characters of
/// `[A-Za-z0-9._:-]`.
pub fn is_valid_trace_id(text: &str) -> bool {
    (1..=128).contains(&text.len())
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b':' | b'-'))
}

fn is_lower_hex(text: &str, len: usize) -> bool {
    text.len() == len
        && text
            .bytes()
            .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
}

/// `TraceId::parse`, `TraceId::from_traceparent` and `TraceId::from_headers` on
/// arbitrary bytes.
///
/// - never panic;
/// - `parse` accepts exactly the valid ids, and gives back the same text;
/// - `from_traceparent` accepts only `00-<32 hex>-<16 hex>-<2 hex>` in lowercase with
///   neither id all zeros, and gives back the 32 hex digits;
/// - `from_headers` (parts: `x-trace-id`, `x-request-id`, `traceparent`, raw bytes)
///   takes the first header that validates, in that order;
/// - whatever is accepted is a valid header value, and a response rendered with it
///   carries it unchanged in the header and the body.
pub fn trace_id(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let parsed = TraceId::parse(text);
        assert_eq!(parsed.is_some(), is_valid_trace_id(text), "parse({text:?})");
        if let Some(id) = parsed {
            assert_eq!(id.as_str(), text);
            assert_eq!(text.parse::<TraceId>().ok(), Some(id));
        }
        check_traceparent(text);
    }
    let parts = split(data);
    let mut headers = HeaderMap::new();
    for (name, part) in ["x-trace-id", "x-request-id", "traceparent"]
        .into_iter()
        .zip(&parts)
    {
        if let Ok(value) = HeaderValue::from_bytes(part) {
            headers.insert(name, value);
        }
    }
    let header_text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let expected = header_text("x-trace-id")
        .filter(|text| is_valid_trace_id(text))
        .or_else(|| header_text("x-request-id").filter(|text| is_valid_trace_id(text)))
        .map(str::to_owned)
        .or_else(|| header_text("traceparent").and_then(expected_traceparent));
    let found = TraceId::from_headers(&headers);
    assert_eq!(
        found.map(|id| id.as_str().to_owned()),
        expected,
        "{headers:?}"
    );
    if let Some(id) = found {
        check_echo(id);
    }
}

fn check_traceparent(text: &str) {
    let found = TraceId::from_traceparent(text);
    let expected = expected_traceparent(text);
    assert_eq!(
        found.map(|id| id.as_str().to_owned()),
        expected,
        "from_traceparent({text:?})"
    );
    if let Some(id) = found {
        assert!(is_lower_hex(id.as_str(), 32), "{id:?}");
        assert!(is_valid_trace_id(id.as_str()));
    }
}

/// The W3C rule, written out independently of the runtime's.
fn expected_traceparent(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split('-').collect();
    let [version, trace, parent, flags] = parts[..] else {
        return None;
    };
    let valid = version == "00"
        && is_lower_hex(trace, 32)
        && is_lower_hex(parent, 16)
        && is_lower_hex(flags, 2)
        && trace.bytes().any(|byte| byte != b'0')
        && parent.bytes().any(|byte| byte != b'0');
    valid.then(|| trace.to_owned())
}

fn check_echo(id: TraceId) {
    assert!(is_valid_trace_id(id.as_str()), "{id:?}");
    assert!(HeaderValue::from_str(id.as_str()).is_ok());
    assert_eq!(TraceId::parse(id.as_str()), Some(id));
    let response =
        HttpError::new(StatusCode::NOT_FOUND).to_response(&Context::default().with_trace_id(id));
    assert_eq!(response.headers()["x-trace-id"], id.as_str());
    assert_eq!(strict_json(response.body())["trace_id"], id.as_str());
}

// ---------------------------------------------------------------------------------
// Target `render`: rendering errors that carry arbitrary strings.

/// A request field or message rendered through `Display`.
#[derive(Debug)]
pub struct Text(pub String);

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Errors whose every client-visible part holds fuzz data.
#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[api(type_base = "https://errors.example.com/")]
pub enum FuzzError {
    /// Exposed, message from `Display` (redacted unless turned off).
    #[error("{text}")]
    #[api(code = "displayed", status = 409)]
    Displayed {
        /// The message.
        text: String,
        /// The request field at fault.
        #[api(field)]
        field: Text,
        /// An extension member.
        #[api(extension)]
        note: String,
        /// The violations.
        #[api(violations)]
        violations: Vec<FieldViolation>,
        /// A header.
        #[api(header = "X-Note")]
        header: Text,
    },

    /// Exposed, message from a template (never redacted).
    #[error("templated")]
    #[api(code = "templated", status = 422, message = "{text}")]
    Templated {
        /// The message.
        text: String,
        /// The request field at fault.
        #[api(field)]
        field: Text,
        /// An extension member.
        #[api(extension)]
        note: String,
    },

    /// Opaque: nothing of it may reach the client but its header.
    #[error("hidden {text}")]
    #[api(code = "hidden", status = 503)]
    Hidden {
        /// Internal text.
        text: String,
        /// A header, sent even for an opaque error.
        #[api(header = "Retry-After")]
        retry: Text,
    },
}

/// Rendering with arbitrary strings, in both formats, both policies, with or
/// without redaction, default or small limits.
///
/// Input: a flags byte, a variant byte, two status bytes, then parts (trace id,
/// instance, text, field, note, header, then violation field/message/code triples).
///
/// - never panics;
/// - the body is strict JSON (UTF-8, one value, no member twice);
/// - the status member (problem) equals the HTTP status; code, type and title are
///   the descriptor's; `Content-Type` matches the format;
/// - `X-Trace-Id` equals the body's `trace_id` and is a valid trace id;
/// - every header value is free of control bytes; a header field is sent exactly as
///   written or not at all;
/// - exposed strings come back exactly (template, field, extension, violations),
///   redacted when from `Display`, cut at the limit with `…`; the violation list is
///   capped and the rest counted;
/// - nothing of an opaque error's text reaches a production body;
/// - `HttpError` with any status and message answers a 4xx or 5xx whose body status
///   is the HTTP status.
pub fn render(data: &[u8]) {
    let (header, rest) = data.split_at(data.len().min(4));
    let byte = |index: usize| header.get(index).copied().unwrap_or(0);
    let flags = byte(0);
    let format = if flags & 1 == 0 {
        Format::Problem
    } else {
        Format::Envelope
    };
    let policy = if flags & 2 == 0 {
        Policy::Production
    } else {
        Policy::Development
    };
    let limits = if flags & 8 == 0 {
        Limits::default()
    } else {
        Limits {
            max_message_chars: usize::from(byte(2) % 64),
            max_violations: usize::from(byte(3) % 8),
            ..Limits::default()
        }
    };
    let parts = split(rest);
    let mut ctx = Context::default()
        .with_format(format)
        .with_policy(policy)
        .with_limits(limits)
        .with_redaction(flags & 4 == 0);
    if let Some(id) = std::str::from_utf8(parts[0]).ok().and_then(TraceId::parse) {
        ctx = ctx.with_trace_id(id);
    }
    if flags & 16 != 0 {
        ctx = ctx.with_instance(text(parts.get(1)));
    }
    let violations: Vec<FieldViolation> = parts
        .get(6..)
        .unwrap_or_default()
        .chunks(3)
        .map(|chunk| {
            let violation = FieldViolation::new(text(chunk.first()), text(chunk.get(1)));
            match chunk.get(2) {
                Some(code) => violation.with_code(String::from_utf8_lossy(code).into_owned()),
                None => violation,
            }
        })
        .collect();
    let (txt, field, note, head) = (
        text(parts.get(2)),
        text(parts.get(3)),
        text(parts.get(4)),
        text(parts.get(5)),
    );
    match byte(1) % 4 {
        0 => check_render(
            &FuzzError::Displayed {
                text: txt,
                field: Text(field),
                note,
                violations,
                header: Text(head),
            },
            &ctx,
        ),
        1 => check_render(
            &FuzzError::Templated {
                text: txt,
                field: Text(field),
                note,
            },
            &ctx,
        ),
        2 => check_render(
            &FuzzError::Hidden {
                text: txt,
                retry: Text(head),
            },
            &ctx,
        ),
        _ => {
            let status = u16::from_be_bytes([byte(2), byte(3)]) % 1000;
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
            let error = HttpError::new(status).with_message(txt);
            let response = error.to_response(&ctx);
            assert!(
                response.status().is_client_error() || response.status().is_server_error(),
                "{status} answered {}",
                response.status()
            );
            check_response(&error, &ctx, &response);
        }
    }
}

fn check_render(error: &FuzzError, ctx: &Context) {
    let response = error.to_response(ctx);
    let body = check_response(error, ctx, &response);
    let limits = ctx.limits();
    let cut = |text: &str| limited(text, limits.max_message_chars);
    let (message, members) = match ctx.format() {
        Format::Envelope => (&body["error"]["message"], &body["error"]),
        _ => (&body["detail"], &body),
    };
    let details = match ctx.format() {
        Format::Envelope => &body["error"]["details"],
        _ => &body,
    };
    match error {
        FuzzError::Displayed {
            text,
            field,
            note,
            violations,
            header,
        } => {
            let shown = if ctx.redaction() {
                apierror::redact::redact(text).unwrap_or_else(|| text.clone())
            } else {
                text.clone()
            };
            assert_eq!(
                message.as_str(),
                Some(cut(&shown).as_str()),
                "message of {text:?}"
            );
            assert_eq!(members["field"].as_str(), Some(cut(&field.0).as_str()));
            assert_eq!(details["note"].as_str(), Some(note.as_str()));
            check_violations(details, violations, ctx);
            check_header(&response, "x-note", &header.0);
        }
        FuzzError::Templated { text, field, note } => {
            assert_eq!(message.as_str(), Some(cut(text).as_str()));
            assert_eq!(members["field"].as_str(), Some(cut(&field.0).as_str()));
            assert_eq!(details["note"].as_str(), Some(note.as_str()));
        }
        FuzzError::Hidden { text, retry } => {
            assert_eq!(message.as_str(), Some(OPAQUE_SERVER_MESSAGE));
            assert!(members.get("field").is_none());
            check_header(&response, "retry-after", &retry.0);
            if ctx.policy() == Policy::Production {
                let baseline = FuzzError::Hidden {
                    text: String::new(),
                    retry: Text(String::new()),
                };
                let baseline = baseline.to_response(ctx);
                assert_no_window(text, response.body(), baseline.body());
            } else {
                let debug = &body_debug(&body, ctx.format())["message"];
                assert_eq!(
                    debug.as_str(),
                    Some(cut(&format!("hidden {text}")).as_str())
                );
            }
        }
    }
}

fn body_debug(body: &Value, format: Format) -> &Value {
    match format {
        Format::Envelope => &body["error"]["debug"],
        _ => &body["debug"],
    }
}

/// Checks what every response must be, and returns its body.
fn check_response<E: ApiError, B: AsRef<[u8]>>(
    error: &E,
    ctx: &Context,
    response: &http::Response<B>,
) -> Value {
    let raw = response.body().as_ref();
    let status = response.status();
    assert_eq!(status, error.status());
    let headers = response.headers();
    assert_eq!(headers["content-type"], ctx.format().content_type());
    for (name, value) in headers {
        assert!(
            value
                .as_bytes()
                .iter()
                .all(|&byte| byte == b'\t' || (byte >= 0x20 && byte != 0x7f)),
            "{name}: {value:?}"
        );
    }
    let trace_id = headers["x-trace-id"].to_str().expect("an ASCII trace id");
    assert!(is_valid_trace_id(trace_id), "{trace_id:?}");
    if let Some(given) = ctx.trace_id() {
        assert_eq!(trace_id, given.as_str());
    }
    let body = strict_json(raw);
    let descriptor = error.descriptor();
    let inner = match ctx.format() {
        Format::Envelope => {
            let envelope: apierror::Envelope =
                serde_json::from_slice(raw).expect("an envelope parses");
            assert_eq!(envelope.error.trace_id.as_deref(), Some(trace_id));
            &body["error"]
        }
        _ => {
            assert_eq!(
                body["status"].as_u64(),
                Some(u64::from(status.as_u16())),
                "{body}"
            );
            assert_eq!(body["type"].as_str(), Some(descriptor.type_uri()));
            assert_eq!(body["title"].as_str(), Some(descriptor.title()));
            assert_eq!(body["instance"].as_str(), ctx.instance());
            let problem: Problem = serde_json::from_slice(raw).expect("a problem parses");
            assert_eq!(problem.status(), Some(status.as_u16()));
            assert_eq!(problem.trace_id(), Some(trace_id));
            &body
        }
    };
    assert_eq!(inner["code"].as_str(), Some(descriptor.code()));
    assert_eq!(inner["trace_id"].as_str(), Some(trace_id));
    assert_eq!(
        inner.get("debug").is_some(),
        ctx.policy() == Policy::Development
    );
    body
}

fn check_violations(details: &Value, violations: &[FieldViolation], ctx: &Context) {
    let limits = ctx.limits();
    let cut = |text: &str| limited(text, limits.max_message_chars);
    let written = details["errors"].as_array().expect("errors is an array");
    assert_eq!(written.len(), violations.len().min(limits.max_violations));
    let omitted = violations.len().saturating_sub(limits.max_violations);
    if omitted > 0 {
        assert_eq!(details["errors_truncated"].as_u64(), Some(omitted as u64));
    } else {
        assert!(details.get("errors_truncated").is_none());
    }
    for (json, violation) in written.iter().zip(violations) {
        match ctx.format() {
            Format::Envelope => {
                assert_eq!(
                    json["field"].as_str(),
                    Some(cut(violation.field()).as_str())
                );
                assert_eq!(
                    json["message"].as_str(),
                    Some(cut(violation.message()).as_str())
                );
            }
            _ => {
                assert_eq!(
                    json["detail"].as_str(),
                    Some(cut(violation.message()).as_str())
                );
                assert_eq!(json["pointer"].as_str(), Some(violation.pointer().as_str()));
            }
        }
        let code = violation.code().map(cut);
        assert_eq!(json.get("code").and_then(Value::as_str), code.as_deref());
    }
}

/// A header field is sent exactly as written, or left out when it may not be sent.
fn check_header<B>(response: &http::Response<B>, name: &str, written: &str) {
    let sent = response.headers().get(name);
    match HeaderValue::from_str(written) {
        Ok(_) => assert_eq!(
            sent.map(HeaderValue::as_bytes),
            Some(written.as_bytes()),
            "{name}"
        ),
        Err(_) => assert!(sent.is_none(), "{name}: {written:?} was sent as {sent:?}"),
    }
}

/// `text` as the renderer writes it under a budget of `max` characters.
pub fn limited(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Asserts that no run of 9 or more characters of `secret` occurs in `output`, unless
/// it occurs in `baseline` too (the same rendering without the secret: fixed text).
pub fn assert_no_window(secret: &str, output: &[u8], baseline: &[u8]) {
    let output = String::from_utf8_lossy(output);
    let baseline = String::from_utf8_lossy(baseline);
    let chars: Vec<char> = secret.chars().take(256).collect();
    for window in chars.windows(9) {
        let window: String = window.iter().collect();
        assert!(
            !output.contains(&window) || baseline.contains(&window),
            "{window:?} of the secret leaked into {output}"
        );
    }
}

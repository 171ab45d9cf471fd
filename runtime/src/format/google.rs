//! Google's AIP-193: the JSON form of `google.rpc.Status`.

use http::HeaderMap;
use http::header::RETRY_AFTER;
use serde_json::json;

use super::direct::{Builtin, DebugParts, Facts, push_trace_id, replay};
use super::heads::{self, Part};
use super::{ErrorView, WireFormat, push_constant, push_json_text, push_status};
use crate::constants::ENVELOPE_JSON;
use crate::{ErrorDescriptor, FieldViolation, GrpcCode, Limits, json};

/// [`Format::Google`](crate::Format::Google).
pub(crate) struct Google;

/// `{"@type":"type.googleapis.com/google.rpc.NAME"` (open), joined at compile time.
macro_rules! detail_head {
    ($name:literal) => {
        concat!("{\"@type\":\"type.googleapis.com/google.rpc.", $name, "\"")
    };
}

impl WireFormat for Google {
    fn media_type(&self) -> &'static str {
        ENVELOPE_JSON
    }

    fn name(&self) -> &'static str {
        "GoogleError"
    }

    fn write_body(&self, error: &ErrorView<'_>, out: &mut Vec<u8>) {
        replay(Builtin::Google, error, out);
    }

    fn schema(&self) -> serde_json::Value {
        json!({
            "type": "object",
            "description": "Google AIP-193: the JSON form of google.rpc.Status.",
            "required": ["error"],
            "properties": { "error": {
                "type": "object",
                "required": ["code", "message", "status"],
                "properties": {
                    "code": { "type": "integer", "description": "The HTTP status." },
                    "message": { "type": "string" },
                    "status": { "type": "string", "description": "The google.rpc.Code name, such as NOT_FOUND." },
                    "details": { "type": "array", "items": {
                        "type": "object",
                        "required": ["@type"],
                        "properties": {
                            "@type": { "type": "string" },
                            "reason": { "type": "string", "pattern": "^[A-Z][A-Z0-9_]*$", "maxLength": 63 },
                            "domain": { "type": "string" },
                            "metadata": { "type": "object", "additionalProperties": { "type": "string" } },
                            "fieldViolations": { "type": "array", "items": {
                                "type": "object",
                                "properties": {
                                    "field": { "type": "string" },
                                    "description": { "type": "string" },
                                    "reason": { "type": "string" }
                                }
                            } },
                            "retryDelay": { "type": "string", "pattern": "^[0-9]+s$" },
                            "requestId": { "type": "string" }
                        }
                    } }
                }
            } }
        })
    }
}

/// `{"error":{"code":404,"status":"NOT_FOUND","message":`: the status code's
/// `google.rpc.Code` name is `#[api(grpc = "…")]`, else the HTTP mapping. Written
/// once per descriptor ([`heads`]).
pub(super) fn head(descriptor: &'static ErrorDescriptor, out: &mut Vec<u8>) {
    heads::push(out, descriptor, Part::GoogleHead, |out| {
        out.extend_from_slice(b"{\"error\":{\"code\":");
        push_status(out, descriptor.status_u16());
        out.extend_from_slice(b",\"status\":\"");
        out.extend_from_slice(status_name(descriptor.grpc_code()).as_bytes());
        out.extend_from_slice(b"\",\"message\":");
    });
}

/// The `google.rpc.Code` name `status` holds: [`GrpcCode::name`] in
/// UPPER_SNAKE_CASE, written out here rather than converted per response.
fn status_name(code: GrpcCode) -> &'static str {
    const NAMES: [&str; 17] = [
        "OK",
        "CANCELLED",
        "UNKNOWN",
        "INVALID_ARGUMENT",
        "DEADLINE_EXCEEDED",
        "NOT_FOUND",
        "ALREADY_EXISTS",
        "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED",
        "FAILED_PRECONDITION",
        "ABORTED",
        "OUT_OF_RANGE",
        "UNIMPLEMENTED",
        "INTERNAL",
        "UNAVAILABLE",
        "DATA_LOSS",
        "UNAUTHENTICATED",
    ];
    usize::try_from(code.number())
        .ok()
        .and_then(|number| NAMES.get(number))
        .unwrap_or(&"UNKNOWN")
}

/// After the message: `details` opens with the `ErrorInfo`'s reason and domain; its
/// `metadata` (the field and the extension members) follows as they are written.
/// Written once per descriptor ([`heads`]), the code's reason with it.
pub(super) fn error_info_head(descriptor: &'static ErrorDescriptor, out: &mut Vec<u8>) {
    heads::push(out, descriptor, Part::GoogleErrorInfo, |out| {
        out.extend_from_slice(
            concat!(
                ",\"details\":[",
                detail_head!("ErrorInfo"),
                ",\"reason\":\""
            )
            .as_bytes(),
        );
        push_reason(out, descriptor.code());
        out.push(b'"');
        if let Some(domain) = descriptor.domain() {
            out.extend_from_slice(b",\"domain\":");
            push_constant(out, domain);
        }
    });
}

/// A metadata value is a string: a JSON string stays as it is, any other JSON value
/// (from `value_start` to the end) becomes the string of its text.
pub(super) fn stringify_metadata(value_start: usize, out: &mut Vec<u8>) {
    if out.get(value_start) == Some(&b'"') {
        return;
    }
    let text = String::from_utf8_lossy(&out[value_start..]).into_owned();
    out.truncate(value_start);
    json::push_string(out, &text);
}

/// `BadRequest`, open for its `fieldViolations`.
pub(super) fn bad_request_head(out: &mut Vec<u8>) {
    out.extend_from_slice(
        concat!(",", detail_head!("BadRequest"), ",\"fieldViolations\":[").as_bytes(),
    );
}

/// One `fieldViolations` entry: `field`, `description`, and the code as `reason`.
pub(super) fn field_violation(violation: &FieldViolation, limits: Limits, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"field\":");
    push_json_text(out, violation.field(), limits);
    out.extend_from_slice(b",\"description\":");
    push_json_text(out, violation.message(), limits);
    if let Some(code) = violation.code() {
        out.extend_from_slice(b",\"reason\":");
        push_reason_string(out, code);
    }
    out.push(b'}');
}

/// The details after `ErrorInfo` and `BadRequest`, and the closing brackets:
/// `RetryInfo`, `RequestInfo` with the trace id (where it is, returned), and in
/// development `DebugInfo`.
pub(super) fn tail(facts: &Facts<'_>, debug: Option<DebugParts<'_>>, out: &mut Vec<u8>) -> usize {
    retry_info(facts.headers, out);
    out.extend_from_slice(concat!(",", detail_head!("RequestInfo"), ",\"requestId\":").as_bytes());
    let trace_at = push_trace_id(facts.trace_id, out);
    out.push(b'}');
    if let Some(debug) = debug {
        debug_info(&debug, out);
    }
    out.extend_from_slice(b"]}}");
    trace_at
}

/// `RetryInfo`, when `Retry-After` is a number of seconds.
fn retry_info(headers: &HeaderMap, out: &mut Vec<u8>) {
    let Some(seconds) = headers
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .filter(|value| !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()))
    else {
        return;
    };
    out.push(b',');
    out.extend_from_slice(detail_head!("RetryInfo").as_bytes());
    out.extend_from_slice(b",\"retryDelay\":\"");
    out.extend_from_slice(seconds.as_bytes());
    out.extend_from_slice(b"s\"}");
}

/// `DebugInfo`, development policy only: the internal `Display` as `detail`, the
/// type name then the source chain as `stackEntries`.
fn debug_info(debug: &DebugParts<'_>, out: &mut Vec<u8>) {
    out.push(b',');
    out.extend_from_slice(detail_head!("DebugInfo").as_bytes());
    out.extend_from_slice(b",\"detail\":");
    out.extend_from_slice(debug.message());
    out.extend_from_slice(b",\"stackEntries\":[");
    json::push_string(out, debug.type_name());
    let sources = debug.sources();
    if sources.len() > 2 {
        out.push(b',');
        out.extend_from_slice(&sources[1..sources.len() - 1]);
    }
    out.extend_from_slice(b"]}");
}

/// Appends `code`'s reason as a JSON string. A violation's code is the caller's
/// text: one of only letters, digits, `_`, `.` and `-` (the usual) needs no
/// escaping, and is written in place.
fn push_reason_string(out: &mut Vec<u8>, code: &str) {
    let plain = code
        .bytes()
        .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'.' | b'-'));
    if plain {
        out.push(b'"');
        push_reason(out, code);
        out.push(b'"');
    } else {
        json::push_string(out, &reason(code));
    }
}

/// Appends `code` in UPPER_SNAKE_CASE: `.` and `-` become `_`, and a lowercase
/// letter or digit followed by an uppercase letter gets a `_` between
/// (`accountNotFound` is `ACCOUNT_NOT_FOUND`). The derive converts the same way to
/// check at compile time that each code's reason is AIP-193's
/// `[A-Z][A-Z0-9_]*`, at most 63 characters.
fn push_reason(out: &mut Vec<u8>, code: &str) {
    let start = out.len();
    out.extend_from_slice(code.as_bytes());
    if to_reason(code.as_bytes(), &mut out[start..]) {
        return;
    }
    // A short code, or one with uppercase letters (or other than ASCII).
    out.truncate(start);
    push_reason_by_bytes(out, code);
}

/// [`push_reason`] byte by byte, for any code.
fn push_reason_by_bytes(out: &mut Vec<u8>, code: &str) {
    let mut previous = b'_';
    for byte in code.bytes() {
        if byte.is_ascii_uppercase() && (previous.is_ascii_lowercase() || previous.is_ascii_digit())
        {
            out.push(b'_');
        }
        out.push(reason_byte(byte));
        previous = byte;
    }
}

/// One byte of a code as it is in a reason: uppercase, `_` for `.` and `-`.
fn reason_byte(byte: u8) -> u8 {
    match byte {
        b'.' | b'-' => b'_',
        other => other.to_ascii_uppercase(),
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Writes the reason of the common code (eight bytes or more, ASCII, no uppercase
/// letter, so one byte of reason per byte) into `out`, as long as `code`, eight
/// bytes at a time, the last word overlapping the one before: the reason is
/// written on every Google-format response. `false` for any other code.
fn to_reason(code: &[u8], out: &mut [u8]) -> bool {
    let Some(last) = code.len().checked_sub(8) else {
        return false;
    };
    let mut at = 0;
    loop {
        let at_word = at.min(last);
        let mut word = [0; 8];
        word.copy_from_slice(&code[at_word..at_word + 8]);
        let Some(reason) = reason_word(u64::from_le_bytes(word)) else {
            return false;
        };
        out[at_word..at_word + 8].copy_from_slice(&reason.to_le_bytes());
        if at_word == last {
            return true;
        }
        at += 8;
    }
}

/// [`reason_byte`] of each byte of `word`, if all are ASCII and none is an
/// uppercase letter. For bytes below 0x80, adding `0x80 - n` to each sets its high
/// bit exactly when it is at least `n`, without a carry into the next.
fn reason_word(word: u64) -> Option<u64> {
    let at_least = |n: u64| word.wrapping_add(ONES * (0x80 - n)) & HIGH;
    let uppercase = at_least(b'A'.into()) & !at_least(u64::from(b'Z') + 1);
    if word & HIGH != 0 || uppercase != 0 {
        return None;
    }
    let lowercase = at_least(b'a'.into()) & !at_least(u64::from(b'z') + 1);
    // A byte equal to `n` is zero after `^`, the one byte that `+ 0x7f` leaves below 0x80.
    let equal = |n: u8| !((word ^ (ONES * u64::from(n))) + ONES * 0x7f) & HIGH;
    let separator = equal(b'.') | equal(b'-');
    let upper = word - (lowercase >> 2);
    let replaced = (separator >> 7) * 0xff;
    Some((upper & !replaced) | ((ONES * u64::from(b'_')) & replaced))
}

/// `code` as [`Format::Google`](crate::Format::Google) writes it as AIP-193's
/// `ErrorInfo.reason`: `account_not_found` is `ACCOUNT_NOT_FOUND`.
///
/// ```
/// assert_eq!(apierror::format::google_reason("accountNotFound"), "ACCOUNT_NOT_FOUND");
/// assert_eq!(apierror::format::google_reason("quota.exceeded-daily"), "QUOTA_EXCEEDED_DAILY");
/// ```
pub fn reason(code: &str) -> String {
    let mut out = Vec::with_capacity(code.len() + 4);
    push_reason(&mut out, code);
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::{push_reason_by_bytes, reason, status_name};
    use crate::GrpcCode;

    /// The reason byte by byte.
    fn reason_by_bytes(code: &str) -> String {
        let mut out = Vec::new();
        push_reason_by_bytes(&mut out, code);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn reasons_eight_bytes_at_a_time_are_the_byte_by_byte_ones() {
        let alphabet: Vec<char> = "az09AZ_.-`{@[/:~\u{7f}é".chars().collect();
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for length in 0..40 {
            for _ in 0..200 {
                let code: String = (0..length)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        alphabet[(seed % alphabet.len() as u64) as usize]
                    })
                    .collect();
                assert_eq!(reason(&code), reason_by_bytes(&code), "{code:?}");
            }
        }
        assert_eq!(reason("internal_error"), "INTERNAL_ERROR");
        assert_eq!(reason("quota.exceeded-daily.v2"), "QUOTA_EXCEEDED_DAILY_V2");
    }

    #[test]
    fn status_names_are_the_codes_names_in_upper_snake_case() {
        for code in GrpcCode::ALL {
            assert_eq!(status_name(code), reason(code.name()), "{code:?}");
        }
    }
}

//! Google's AIP-193: the JSON form of `google.rpc.Status`.

use http::header::RETRY_AFTER;
use serde_json::json;

use super::{ErrorView, WireFormat, push_json_text, push_key, push_status};
use crate::constants::ENVELOPE_JSON;
use crate::json;

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
        out.extend_from_slice(b"{\"error\":{\"code\":");
        push_status(out, error.status());
        out.extend_from_slice(b",\"message\":");
        out.extend_from_slice(error.message_raw());
        // The `google.rpc.Code` name: `#[api(grpc = "…")]`, else the HTTP mapping.
        out.extend_from_slice(b",\"status\":\"");
        push_reason(out, error.descriptor().grpc_code().name());
        out.extend_from_slice(b"\",\"details\":[");
        error_info(error, out);
        bad_request(error, out);
        retry_info(error, out);
        out.extend_from_slice(
            concat!(",", detail_head!("RequestInfo"), ",\"requestId\":").as_bytes(),
        );
        error.push_trace_id(out);
        out.push(b'}');
        debug_info(error, out);
        out.extend_from_slice(b"]}}");
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

/// `ErrorInfo`: reason, domain, and the field and extension members as metadata.
fn error_info(error: &ErrorView<'_>, out: &mut Vec<u8>) {
    out.extend_from_slice(concat!(detail_head!("ErrorInfo"), ",\"reason\":\"").as_bytes());
    push_reason(out, error.code());
    out.push(b'"');
    if let Some(domain) = error.descriptor().domain() {
        out.extend_from_slice(b",\"domain\":");
        json::push_string(out, domain);
    }
    let field = error.field_raw();
    if field.is_some() || error.extensions_raw().len() > 0 {
        out.extend_from_slice(b",\"metadata\":{");
        let mut first = true;
        for (name, value) in field
            .map(|field| ("field", field))
            .into_iter()
            .chain(error.extensions_raw())
        {
            push_key(out, name, first);
            first = false;
            push_metadata_value(out, value);
        }
        out.push(b'}');
    }
    out.push(b'}');
}

/// A metadata value is a string: a JSON string stays as it is, any other JSON value
/// becomes the string of its text.
fn push_metadata_value(out: &mut Vec<u8>, value: &[u8]) {
    if value.starts_with(b"\"") {
        out.extend_from_slice(value);
    } else {
        json::push_string(out, std::str::from_utf8(value).unwrap_or_default());
    }
}

/// `BadRequest` with one `fieldViolations` entry per violation.
fn bad_request(error: &ErrorView<'_>, out: &mut Vec<u8>) {
    let violations = error.violations();
    if violations.is_empty() {
        return;
    }
    out.push(b',');
    out.extend_from_slice(detail_head!("BadRequest").as_bytes());
    out.extend_from_slice(b",\"fieldViolations\":[");
    for (index, violation) in violations.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"field\":");
        push_json_text(out, violation.field(), error.limits());
        out.extend_from_slice(b",\"description\":");
        push_json_text(out, violation.message(), error.limits());
        if let Some(code) = violation.code() {
            out.extend_from_slice(b",\"reason\":");
            let mut reason = Vec::with_capacity(code.len());
            push_reason(&mut reason, code);
            json::push_string(out, &String::from_utf8_lossy(&reason));
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
}

/// `RetryInfo`, when `Retry-After` is a number of seconds.
fn retry_info(error: &ErrorView<'_>, out: &mut Vec<u8>) {
    let Some(seconds) = error
        .headers()
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
fn debug_info(error: &ErrorView<'_>, out: &mut Vec<u8>) {
    let (Some(message), Some(sources), Some(type_name)) = (
        error.debug_message_json(),
        error.debug_sources_json(),
        error.debug_type_name(),
    ) else {
        return;
    };
    out.push(b',');
    out.extend_from_slice(detail_head!("DebugInfo").as_bytes());
    out.extend_from_slice(b",\"detail\":");
    out.extend_from_slice(message.as_bytes());
    out.extend_from_slice(b",\"stackEntries\":[");
    json::push_string(out, type_name);
    if sources.len() > 2 {
        out.push(b',');
        out.extend_from_slice(&sources.as_bytes()[1..sources.len() - 1]);
    }
    out.extend_from_slice(b"]}");
}

/// Appends `code` in UPPER_SNAKE_CASE: `.` and `-` become `_`, and a lowercase
/// letter or digit followed by an uppercase letter gets a `_` between
/// (`accountNotFound` is `ACCOUNT_NOT_FOUND`). The derive converts the same way to
/// check at compile time that each code's reason is AIP-193's
/// `[A-Z][A-Z0-9_]*`, at most 63 characters.
fn push_reason(out: &mut Vec<u8>, code: &str) {
    let start = out.len();
    if !code.bytes().any(|byte| byte.is_ascii_uppercase()) {
        // The common snake_case code: copied, then changed in place.
        out.extend_from_slice(code.as_bytes());
        for byte in &mut out[start..] {
            *byte = reason_byte(*byte);
        }
        return;
    }
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

/// One byte of a code as it is in a reason: uppercase, `_` for `.` and `-`. A table
/// lookup per byte: the reason is written on every Google-format response.
fn reason_byte(byte: u8) -> u8 {
    REASON_BYTES[usize::from(byte)]
}

/// [`reason_byte`] of every byte, built at compile time.
const REASON_BYTES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = match byte as u8 {
            b'.' | b'-' => b'_',
            other => other.to_ascii_uppercase(),
        };
        byte += 1;
    }
    table
};

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

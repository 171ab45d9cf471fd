//! The Microsoft (and Azure) REST API guidelines' error response.

use http::HeaderMap;
use http::header::HeaderName;
use serde_json::json;

use super::{ErrorView, WireFormat, push_json_text, push_key, set_static_header};
use crate::constants::ENVELOPE_JSON;
use crate::json;

/// [`Format::Microsoft`](crate::Format::Microsoft).
pub(crate) struct Microsoft;

/// The header the guidelines require beside the body, equal to `error.code`.
const ERROR_CODE_HEADER: HeaderName = HeaderName::from_static("x-ms-error-code");

impl WireFormat for Microsoft {
    fn media_type(&self) -> &'static str {
        ENVELOPE_JSON
    }

    fn name(&self) -> &'static str {
        "MicrosoftError"
    }

    fn headers(&self, error: &ErrorView<'_>, headers: &mut HeaderMap) {
        set_static_header(headers, ERROR_CODE_HEADER, error.code());
    }

    fn write_body(&self, error: &ErrorView<'_>, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"error\":{\"code\":");
        json::push_string(out, error.code());
        out.extend_from_slice(b",\"message\":");
        out.extend_from_slice(error.message_raw());
        if let Some(field) = error.field_raw() {
            out.extend_from_slice(b",\"target\":");
            out.extend_from_slice(field);
        }
        details(error, out);
        inner_error(error, out);
        out.extend_from_slice(b"}}");
    }

    fn schema(&self) -> serde_json::Value {
        let error = json!({
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": { "type": "string" },
                "message": { "type": "string" },
                "target": { "type": "string" },
                "details": { "type": "array", "items": {
                    "type": "object",
                    "required": ["message"],
                    "properties": {
                        "code": { "type": "string" },
                        "message": { "type": "string" },
                        "target": { "type": "string" }
                    }
                } },
                "innererror": {
                    "type": "object",
                    "description": "The extension members, trace_id, instance and, in development, debug.",
                    "properties": { "trace_id": { "type": "string" } },
                    "additionalProperties": true
                }
            }
        });
        json!({
            "type": "object",
            "description": "The Microsoft REST API guidelines' error response; the x-ms-error-code header repeats error.code.",
            "required": ["error"],
            "properties": { "error": error }
        })
    }
}

/// One `details` entry per violation: `{"code"?, "message", "target"}`.
fn details(error: &ErrorView<'_>, out: &mut Vec<u8>) {
    let violations = error.violations();
    if violations.is_empty() {
        return;
    }
    out.extend_from_slice(b",\"details\":[");
    for (index, violation) in violations.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        out.push(b'{');
        if let Some(code) = violation.code() {
            out.extend_from_slice(b"\"code\":");
            push_json_text(out, code, error.limits());
            out.push(b',');
        }
        out.extend_from_slice(b"\"message\":");
        push_json_text(out, violation.message(), error.limits());
        out.extend_from_slice(b",\"target\":");
        push_json_text(out, violation.field(), error.limits());
        out.push(b'}');
    }
    out.push(b']');
}

/// `innererror`: `trace_id`, the extension members, then `errors_truncated`,
/// `instance` and `debug`.
fn inner_error(error: &ErrorView<'_>, out: &mut Vec<u8>) {
    out.extend_from_slice(b",\"innererror\":{\"trace_id\":");
    error.push_trace_id(out);
    for (name, value) in error.extensions_raw() {
        push_key(out, name, false);
        out.extend_from_slice(value);
    }
    if error.violations_omitted() > 0 {
        push_key(out, "errors_truncated", false);
        out.extend_from_slice(error.violations_omitted().to_string().as_bytes());
    }
    if let Some(instance) = error.instance() {
        push_key(out, "instance", false);
        json::push_string(out, instance);
    }
    if let Some(debug) = error.debug_json() {
        push_key(out, "debug", false);
        out.extend_from_slice(debug.as_bytes());
    }
    out.push(b'}');
}

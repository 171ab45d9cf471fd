//! The Microsoft (and Azure) REST API guidelines' error response.

use http::HeaderMap;
use http::header::HeaderName;
use serde_json::json;

use super::direct::{Builtin, replay};
use super::heads::{self, Part};
use super::{ErrorView, WireFormat, push_constant, push_json_text, static_header_value};
use crate::constants::ENVELOPE_JSON;
use crate::{ErrorDescriptor, FieldViolation, Limits};

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
        set_error_code(error.descriptor(), headers);
    }

    fn write_body(&self, error: &ErrorView<'_>, out: &mut Vec<u8>) {
        replay(Builtin::Microsoft, error, out);
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
                    "required": ["code", "message", "target"],
                    "properties": {
                        "code": { "type": "string", "description": "The violation's code, else the error's own." },
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

/// `{"error":{"code":…,"message":`. The `target`, the `details` and the
/// `innererror` (the extension members, then `trace_id`, `errors_truncated`,
/// `instance` and `debug`) follow as they are written. The head is written once per
/// descriptor ([`heads`]).
pub(super) fn head(descriptor: &'static ErrorDescriptor, out: &mut Vec<u8>) {
    heads::push(out, descriptor, Part::MicrosoftHead, |out| {
        out.extend_from_slice(b"{\"error\":{\"code\":");
        push_constant(out, descriptor.code());
        out.extend_from_slice(b",\"message\":");
    });
}

/// One `details` entry: `{"code", "message", "target"}`. The guidelines require a
/// code on every error object: a violation without one takes the error's own
/// (`parent_code`, such as `validation_failed`).
pub(super) fn detail(
    violation: &FieldViolation,
    parent_code: &'static str,
    limits: Limits,
    out: &mut Vec<u8>,
) {
    out.extend_from_slice(b"{\"code\":");
    match violation.code() {
        Some(code) => push_json_text(out, code, limits),
        None => push_constant(out, parent_code),
    }
    out.extend_from_slice(b",\"message\":");
    push_json_text(out, violation.message(), limits);
    out.extend_from_slice(b",\"target\":");
    push_json_text(out, violation.field(), limits);
    out.push(b'}');
}

/// Sets `x-ms-error-code`, equal to the body's `error.code`. The value is made once
/// per descriptor ([`heads`]).
pub(crate) fn set_error_code(descriptor: &'static ErrorDescriptor, headers: &mut HeaderMap) {
    let value = heads::header_value(descriptor, Part::MicrosoftCodeHeader, || {
        static_header_value(descriptor.code())
    });
    if let Some(value) = value {
        headers.insert(ERROR_CODE_HEADER, value);
    }
}

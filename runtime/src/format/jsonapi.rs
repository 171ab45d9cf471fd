//! JSON:API's error objects (`application/vnd.api+json`).

use serde_json::json;

use super::{ErrorView, WireFormat, push_json_text, push_key, push_plain_pointer, push_status};
use crate::json;
use crate::{FieldViolation, Location};

/// [`Format::JsonApi`](crate::Format::JsonApi).
pub(crate) struct JsonApi;

/// JSON:API's media type.
pub(crate) const JSON_API: &str = "application/vnd.api+json";

impl WireFormat for JsonApi {
    fn media_type(&self) -> &'static str {
        JSON_API
    }

    fn name(&self) -> &'static str {
        "JsonApiErrors"
    }

    fn write_body(&self, error: &ErrorView<'_>, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"errors\":[");
        let head_start = out.len();
        object_head(error, out);
        // Every object of the response starts the same: copied, not written again.
        let head = head_start..out.len();
        out.extend_from_slice(b",\"code\":");
        json::push_string(out, error.code());
        out.extend_from_slice(b",\"detail\":");
        out.extend_from_slice(error.message_raw());
        if let Some(field) = error.field() {
            out.extend_from_slice(b",\"source\":{\"pointer\":");
            push_plain_pointer(out, &field);
            out.push(b'}');
        }
        links(error, out);
        meta(error, out);
        out.push(b'}');
        for violation in error.violations() {
            out.push(b',');
            out.extend_from_within(head.clone());
            if let Some(code) = violation.code() {
                out.extend_from_slice(b",\"code\":");
                push_json_text(out, code, error.limits());
            }
            out.extend_from_slice(b",\"detail\":");
            push_json_text(out, violation.message(), error.limits());
            push_source(out, violation, error.limits());
            out.push(b'}');
        }
        out.extend_from_slice(b"]}");
    }

    fn schema(&self) -> serde_json::Value {
        json!({
            "type": "object",
            "description": "JSON:API error objects: the error first, then one per violation.",
            "required": ["errors"],
            "properties": { "errors": { "type": "array", "items": {
                "type": "object",
                "properties": {
                    "id": { "type": "string", "description": "The trace id." },
                    "status": { "type": "string" },
                    "code": { "type": "string" },
                    "title": { "type": "string" },
                    "detail": { "type": "string" },
                    "source": { "type": "object", "properties": {
                        "pointer": { "type": "string" },
                        "parameter": { "type": "string" },
                        "header": { "type": "string" }
                    } },
                    "links": { "type": "object", "properties": {
                        "type": { "type": "string" },
                        "about": { "type": "string" }
                    } },
                    "meta": { "type": "object", "additionalProperties": true }
                }
            } } }
        })
    }
}

/// `{"id":…,"status":"404","title":…` (open): what every error object of the
/// response shares.
fn object_head(error: &ErrorView<'_>, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"id\":");
    error.push_trace_id(out);
    out.extend_from_slice(b",\"status\":\"");
    push_status(out, error.status());
    out.extend_from_slice(b"\",\"title\":");
    json::push_string(out, error.descriptor().title());
}

/// `source`: a body field's JSON Pointer, or the parameter or header named; the
/// members are the problem document's names for the locations, as JSON:API's are.
fn push_source(out: &mut Vec<u8>, violation: &FieldViolation, limits: crate::Limits) {
    let location = violation.location();
    out.extend_from_slice(b",\"source\":{\"");
    out.extend_from_slice(location.problem_member().as_bytes());
    out.extend_from_slice(b"\":");
    match location {
        Location::Body => push_plain_pointer(out, violation.field()),
        _ => push_json_text(out, violation.field(), limits),
    }
    out.push(b'}');
}

/// `links`: `type` (the type URI, unless `about:blank`) and `about` (the instance).
fn links(error: &ErrorView<'_>, out: &mut Vec<u8>) {
    let type_uri = Some(error.descriptor().type_uri()).filter(|uri| *uri != "about:blank");
    if type_uri.is_none() && error.instance().is_none() {
        return;
    }
    out.extend_from_slice(b",\"links\":{");
    let mut first = true;
    for (name, value) in [("type", type_uri), ("about", error.instance())] {
        if let Some(value) = value {
            push_key(out, name, first);
            first = false;
            json::push_string(out, value);
        }
    }
    out.push(b'}');
}

/// `meta`: the extension members, `errors_truncated` and, in development, `debug`.
fn meta(error: &ErrorView<'_>, out: &mut Vec<u8>) {
    let omitted = error.violations_omitted();
    if error.extensions_raw().len() == 0 && omitted == 0 && error.debug_json().is_none() {
        return;
    }
    out.extend_from_slice(b",\"meta\":{");
    let mut first = true;
    for (name, value) in error.extensions_raw() {
        push_key(out, name, first);
        first = false;
        out.extend_from_slice(value);
    }
    if omitted > 0 {
        push_key(out, "errors_truncated", first);
        first = false;
        out.extend_from_slice(omitted.to_string().as_bytes());
    }
    if let Some(debug) = error.debug_json() {
        push_key(out, "debug", first);
        out.extend_from_slice(debug.as_bytes());
    }
    out.push(b'}');
}

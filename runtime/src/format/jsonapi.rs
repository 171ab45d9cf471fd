//! JSON:API's error objects (`application/vnd.api+json`).

use std::fmt::{self, Write as _};
use std::ops::Range;

use serde_json::json;

use super::direct::{Builtin, Facts, push_trace_id, replay};
use super::heads::{self, Part};
use super::{
    ErrorView, WireFormat, push_constant, push_json_text, push_key, push_plain_pointer, push_status,
};
use crate::json::{self, TRUNCATION_MARKER};
use crate::{FieldViolation, Limits, Location};

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
        replay(Builtin::JsonApi, error, out);
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

/// `{"errors":[{"id":…,"status":"404","title":…,"code":…,"links":…,"detail":`.
/// Returns where the part every error object of the body shares is (up to the
/// title), and where the trace id is.
pub(super) fn head(facts: &Facts<'_>, out: &mut Vec<u8>) -> (Range<usize>, usize) {
    let descriptor = facts.descriptor;
    out.extend_from_slice(b"{\"errors\":[");
    let start = out.len();
    out.extend_from_slice(b"{\"id\":");
    let trace_at = push_trace_id(facts.trace_id, out);
    heads::push(out, descriptor, Part::JsonApiStatus, |out| {
        out.extend_from_slice(b",\"status\":\"");
        push_status(out, descriptor.status_u16());
        out.extend_from_slice(b"\",\"title\":");
        push_constant(out, descriptor.title());
    });
    let shared = start..out.len();
    let type_uri = Some(descriptor.type_uri()).filter(|uri| *uri != "about:blank");
    heads::push(out, descriptor, Part::JsonApiCode, |out| {
        out.extend_from_slice(b",\"code\":");
        push_constant(out, descriptor.code());
        if let Some(type_uri) = type_uri {
            out.extend_from_slice(b",\"links\":{\"type\":");
            push_constant(out, type_uri);
        }
    });
    about_link(type_uri.is_some(), facts.instance, out);
    out.extend_from_slice(b",\"detail\":");
    (shared, trace_at)
}

/// `source.pointer` of the `#[api(field)]`: its `Display` (cut at `budget`
/// characters, as the other formats' texts are) as a JSON Pointer. `false` if the
/// `Display` failed.
pub(super) fn field_source(value: &dyn fmt::Display, budget: usize, out: &mut Vec<u8>) -> bool {
    let mut text = String::new();
    if write!(text, "{value}").is_err() {
        return false;
    }
    if let Some((cut, _)) = text.char_indices().nth(budget) {
        text.truncate(cut);
        text.push_str(TRUNCATION_MARKER);
    }
    out.extend_from_slice(b",\"source\":{\"pointer\":");
    push_plain_pointer(out, &text);
    out.push(b'}');
    true
}

/// One error object per violation: the shared head (`shared`, earlier in `out`),
/// its code, message and `source`.
pub(super) fn violation_object(
    shared: Range<usize>,
    violation: &FieldViolation,
    limits: Limits,
    out: &mut Vec<u8>,
) {
    out.push(b',');
    out.extend_from_within(shared);
    if let Some(code) = violation.code() {
        out.extend_from_slice(b",\"code\":");
        push_json_text(out, code, limits);
    }
    out.extend_from_slice(b",\"detail\":");
    push_json_text(out, violation.message(), limits);
    push_source(out, violation, limits);
    out.push(b'}');
}

/// `source`: a body field's JSON Pointer, or the parameter or header named; the
/// members are the problem document's names for the locations, as JSON:API's are.
fn push_source(out: &mut Vec<u8>, violation: &FieldViolation, limits: Limits) {
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

/// The rest of `links` after its `type` (the type URI, unless `about:blank`, which
/// the head holds when `has_type`): `about`, the instance, and the closing brace.
fn about_link(has_type: bool, instance: Option<&str>, out: &mut Vec<u8>) {
    match (has_type, instance) {
        (false, None) => return,
        (false, Some(_)) => out.extend_from_slice(b",\"links\":{"),
        (true, _) => {}
    }
    if let Some(instance) = instance {
        push_key(out, "about", !has_type);
        json::push_string(out, instance);
    }
    out.push(b'}');
}

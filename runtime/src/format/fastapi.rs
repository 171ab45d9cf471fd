//! FastAPI's `{"detail": …}`.

use serde_json::json;

use super::direct::{Builtin, replay};
use super::{ErrorView, WireFormat, each_segment, is_plain_path, path_segments, push_json_text};
use crate::constants::ENVELOPE_JSON;
use crate::json;
use crate::{FieldViolation, Limits, Location};

/// [`Format::FastApi`](crate::Format::FastApi).
pub(crate) struct FastApi;

/// The `type` of a violation that has no code: what pydantic calls a failed
/// validator.
pub(crate) const UNTYPED_VIOLATION: &str = "value_error";

impl WireFormat for FastApi {
    fn media_type(&self) -> &'static str {
        ENVELOPE_JSON
    }

    fn name(&self) -> &'static str {
        "FastApiError"
    }

    fn write_body(&self, error: &ErrorView<'_>, out: &mut Vec<u8>) {
        replay(Builtin::FastApi, error, out);
    }

    fn schema(&self) -> serde_json::Value {
        json!({
            "type": "object",
            "description": "FastAPI's error body: the message, or one entry per invalid field.",
            "required": ["detail"],
            "properties": { "detail": { "oneOf": [
                { "type": "string" },
                { "type": "array", "items": {
                    "type": "object",
                    "required": ["loc", "msg", "type"],
                    "properties": {
                        "loc": { "type": "array", "items": { "oneOf": [{ "type": "string" }, { "type": "integer" }] } },
                        "msg": { "type": "string" },
                        "type": { "type": "string" }
                    }
                } }
            ] } }
        })
    }
}

/// One `detail` entry: `{"loc", "msg", "type"}`.
pub(super) fn detail(violation: &FieldViolation, limits: Limits, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"loc\":");
    push_loc(out, violation, limits);
    out.extend_from_slice(b",\"msg\":");
    push_json_text(out, violation.message(), limits);
    out.extend_from_slice(b",\"type\":");
    push_json_text(out, violation.code().unwrap_or(UNTYPED_VIOLATION), limits);
    out.push(b'}');
}

/// `loc`: `["body", "profile", "color"]` for a body field (an index as a number),
/// `["query", "limit"]` for a parameter (FastAPI says `query` or `path`; one
/// `Location::Parameter` covers both), `["header", "X-Tenant"]` for a header.
fn push_loc(out: &mut Vec<u8>, violation: &FieldViolation, limits: Limits) {
    let place: &[u8] = match violation.location() {
        Location::Body => b"[\"body\"",
        Location::Parameter => b"[\"query\"",
        Location::Header => b"[\"header\"",
    };
    out.extend_from_slice(place);
    if violation.location() != Location::Body {
        out.push(b',');
        push_json_text(out, violation.field(), limits);
        out.push(b']');
        return;
    }
    let field = violation.field();
    if is_plain_path(field) {
        each_segment(field, |segment, is_index| {
            out.push(b',');
            let number = is_index && segment.iter().all(u8::is_ascii_digit);
            if !number {
                out.push(b'"');
            }
            out.extend_from_slice(segment);
            if !number {
                out.push(b'"');
            }
        });
    } else {
        for (segment, is_index) in path_segments(field) {
            out.push(b',');
            let number = is_index && segment.bytes().all(|byte| byte.is_ascii_digit());
            if number {
                out.extend_from_slice(segment.as_bytes());
            } else {
                json::push_string(out, segment);
            }
        }
    }
    out.push(b']');
}

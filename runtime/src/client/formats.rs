//! The client side of the wire formats beside the problem document and the
//! envelope: each reads a body of its format back into the same facts
//! ([`Members`] and the code) that a problem document gives.

use serde_json::{Map, Value};

use super::{Members, items};
use crate::violation::field_from_pointer;
use crate::{FieldViolation, Location};

/// The shapes of body a client tells apart, by their members.
pub(super) enum Shape {
    Problem,
    Envelope,
    Google,
    Microsoft,
    JsonApi,
    FastApi,
}

impl Shape {
    /// Which format wrote `object`: an `error` with a numeric `code` and a `status`
    /// is Google's, one with a `details` list, an `innererror` or a `target`
    /// Microsoft's; a top-level `errors` list with nothing beside it but JSON:API's
    /// own members is JSON:API's, a `detail` list with nothing beside it but `debug`
    /// FastAPI's. A problem document may hold `errors` (its violations) or a `detail`
    /// of any type, so anything else is one.
    pub(super) fn of(object: &Map<String, Value>) -> Shape {
        if let Some(Value::Object(error)) = object.get("error") {
            let google = error.get("code").is_some_and(Value::is_number)
                && error.get("status").is_some_and(Value::is_string);
            let microsoft = error.get("details").is_some_and(Value::is_array)
                || error.contains_key("innererror")
                || error.contains_key("target");
            return match (google, microsoft) {
                (true, _) => Shape::Google,
                (false, true) => Shape::Microsoft,
                (false, false) => Shape::Envelope,
            };
        }
        let only = |allowed: &[&str]| object.keys().all(|key| allowed.contains(&key.as_str()));
        match (object.get("errors"), object.get("detail")) {
            (Some(Value::Array(_)), _) if only(&["errors", "meta", "jsonapi", "links"]) => {
                Shape::JsonApi
            }
            (_, Some(Value::Array(_))) if only(&["detail", "debug"]) => Shape::FastApi,
            _ => Shape::Problem,
        }
    }
}

fn text(value: &Value, name: &str) -> Option<String> {
    value.get(name).and_then(Value::as_str).map(str::to_owned)
}

fn object(value: Option<Value>) -> Map<String, Value> {
    match value {
        Some(Value::Object(object)) => object,
        _ => Map::new(),
    }
}

/// A violation from its parts; `None` without a field path or a message.
fn violation(
    field: Option<String>,
    message: Option<String>,
    code: Option<String>,
) -> Option<FieldViolation> {
    let violation = FieldViolation::new(field?, message?);
    Some(match code {
        Some(code) => violation.with_code(code),
        None => violation,
    })
}

/// Google AIP-193: the code is `ErrorInfo.reason` in lowercase (`ACCOUNT_NOT_FOUND`
/// is `account_not_found`; the reason does not keep a code's `.`, `-` or capitals,
/// so `payment.declined` reads back as `payment_declined`), the field and extensions
/// its `metadata` (strings, as
/// AIP-193 has them), the violations `BadRequest.fieldViolations`, the trace id
/// `RequestInfo.requestId`.
pub(super) fn google(mut body: Map<String, Value>) -> (Option<String>, Members) {
    let error = body.remove("error").unwrap_or_default();
    let mut code = None;
    let mut members = Members {
        detail: text(&error, "message"),
        ..Members::default()
    };
    for detail in items(error.get("details").cloned().unwrap_or_default()) {
        let kind = detail
            .get("@type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        match kind.rsplit('.').next().unwrap_or_default() {
            "ErrorInfo" => {
                code = text(&detail, "reason").map(|reason| reason.to_ascii_lowercase());
                let mut metadata = object(detail.get("metadata").cloned());
                members.field = super::take_string(&mut metadata, "field");
                members.extensions = metadata;
            }
            "BadRequest" => {
                members.violations =
                    items(detail.get("fieldViolations").cloned().unwrap_or_default())
                        .filter_map(|item| {
                            let code =
                                text(&item, "reason").map(|reason| reason.to_ascii_lowercase());
                            violation(text(&item, "field"), text(&item, "description"), code)
                        })
                        .collect();
            }
            "RequestInfo" => members.trace_id = text(&detail, "requestId"),
            _ => {}
        }
    }
    (code, members)
}

/// Microsoft: `code`, `message`, `target` (the field), `details` (the violations,
/// their `target` the field path), and `innererror` holding the trace id, the
/// instance and the extension members.
pub(super) fn microsoft(mut body: Map<String, Value>) -> (Option<String>, Members) {
    let mut error = object(body.remove("error"));
    let mut inner = object(error.remove("innererror"));
    inner.remove("debug");
    inner.remove("errors_truncated");
    // The codes of an `#[api(inner)]` chain, nested: not a fact the other formats
    // carry.
    inner.remove("code");
    inner.remove("innererror");
    let code = super::take_string(&mut error, "code");
    // A detail without a code of its own repeats the error's (the guidelines require
    // one): that is no violation code.
    let own_code = |item: &Value| text(item, "code").filter(|detail| code.as_ref() != Some(detail));
    let violations = items(error.remove("details").unwrap_or_default())
        .filter_map(|item| {
            violation(
                text(&item, "target"),
                text(&item, "message"),
                own_code(&item),
            )
        })
        .collect();
    let members = Members {
        detail: super::take_string(&mut error, "message"),
        field: super::take_string(&mut error, "target"),
        violations,
        trace_id: super::take_string(&mut inner, "trace_id"),
        instance: super::take_string(&mut inner, "instance"),
        extensions: inner,
        ..Members::default()
    };
    (code, members)
}

/// JSON:API: the first error object is the error (`id` the trace id, `links.type`
/// the type URI, `links.about` the instance, `source.pointer` the field, `meta` the
/// extension members); each further one with a `source.pointer` is a violation.
pub(super) fn json_api(mut body: Map<String, Value>) -> (Option<String>, Members) {
    let mut errors = items(body.remove("errors").unwrap_or_default());
    let Some(first) = errors.next() else {
        return (None, Members::default());
    };
    let pointer = |item: &Value| {
        item.pointer("/source/pointer")
            .and_then(Value::as_str)
            .map(field_from_pointer)
    };
    // A violation's `source`: a body field's pointer, or a parameter or header.
    let located = |item: &Value| -> Option<(String, Location)> {
        let source = item.get("source")?;
        [Location::Body, Location::Parameter, Location::Header]
            .into_iter()
            .find_map(|location| {
                let name = source.get(location.problem_member())?.as_str()?;
                let field = match location {
                    Location::Body => field_from_pointer(name),
                    _ => name.to_owned(),
                };
                Some((field, location))
            })
    };
    let mut meta = object(first.get("meta").cloned());
    meta.remove("debug");
    meta.remove("errors_truncated");
    let members = Members {
        type_uri: first
            .pointer("/links/type")
            .and_then(Value::as_str)
            .map(str::to_owned),
        title: text(&first, "title"),
        detail: text(&first, "detail"),
        field: pointer(&first),
        violations: errors
            .filter_map(|item| {
                let (field, location) = located(&item)?;
                let found = violation(Some(field), text(&item, "detail"), text(&item, "code"))?;
                Some(found.at(location))
            })
            .collect(),
        extensions: meta,
        trace_id: text(&first, "id"),
        instance: first
            .pointer("/links/about")
            .and_then(Value::as_str)
            .map(str::to_owned),
    };
    (text(&first, "code"), members)
}

/// FastAPI: `detail` is the message, or the list of violations, each with its
/// `loc` after `body` as the field path and its `type` as the code (none for
/// `value_error`, what the format writes for a violation without one). The body
/// names no code.
pub(super) fn fast_api(mut body: Map<String, Value>) -> (Option<String>, Members) {
    let violations = items(body.remove("detail").unwrap_or_default())
        .filter_map(|item| {
            let mut loc = items(item.get("loc").cloned().unwrap_or_default());
            let location = match loc.next()?.as_str()? {
                "body" => Location::Body,
                "header" => Location::Header,
                _ => Location::Parameter,
            };
            let field = match location {
                Location::Body => field_from_pointer(&loc_pointer(loc)),
                _ => loc.next()?.as_str()?.to_owned(),
            };
            let code = text(&item, "type").filter(|code| code != crate::format::UNTYPED_VIOLATION);
            let found = violation(Some(field), text(&item, "msg"), code)?;
            Some(found.at(location))
        })
        .collect();
    (
        None,
        Members {
            violations,
            ..Members::default()
        },
    )
}

/// The JSON Pointer of a body field's `loc` after `body`: `["profile", "color"]` is
/// `/profile/color`, an index a segment of digits.
fn loc_pointer(segments: impl Iterator<Item = Value>) -> String {
    segments
        .map(|segment| match segment {
            Value::String(text) => text.replace('~', "~0").replace('/', "~1"),
            other => other.to_string(),
        })
        .fold(String::new(), |pointer, segment| pointer + "/" + &segment)
}

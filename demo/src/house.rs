//! The demo's own wire format, written through `apierror::WireFormat` to show that
//! the trait is enough for a house shape: clients of this service read
//! `{"ok": false, "error": {"code", "message", "field"?, "violations"?, "details"?,
//! "trace_id"}}`. `APIERROR_FORMAT=house cargo run -p demo` serves it.

use apierror::format::push_json_string;
use apierror::{ErrorView, WireFormat};
use serde_json::json;

/// `{"ok": false, "error": {…}}`, `application/json`.
pub struct House;

impl WireFormat for House {
    fn media_type(&self) -> &'static str {
        "application/json"
    }

    fn name(&self) -> &'static str {
        "HouseError"
    }

    fn write_body(&self, error: &ErrorView<'_>, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"ok\":false,\"error\":{\"code\":");
        push_json_string(out, error.code());
        // The message, field and extension values come escaped, cut and redacted.
        out.extend_from_slice(b",\"message\":");
        out.extend_from_slice(error.message_json().as_bytes());
        if let Some(field) = error.field_json() {
            out.extend_from_slice(b",\"field\":");
            out.extend_from_slice(field.as_bytes());
        }
        if !error.violations().is_empty() {
            // Violations are the caller's values: serialize them like any other.
            out.extend_from_slice(b",\"violations\":");
            let _ = serde_json::to_writer(&mut *out, error.violations());
        }
        let mut extensions = error.extensions().peekable();
        if extensions.peek().is_some() {
            out.extend_from_slice(b",\"details\":{");
            for (index, (name, value)) in extensions.enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                push_json_string(out, name);
                out.push(b':');
                out.extend_from_slice(value.as_bytes());
            }
            out.push(b'}');
        }
        out.extend_from_slice(b",\"trace_id\":");
        push_json_string(out, error.trace_id().as_str());
        out.extend_from_slice(b"}}");
    }

    fn schema(&self) -> serde_json::Value {
        json!({
            "type": "object",
            "required": ["ok", "error"],
            "properties": {
                "ok": { "const": false },
                "error": {
                    "type": "object",
                    "required": ["code", "message", "trace_id"],
                    "properties": {
                        "code": { "type": "string" },
                        "message": { "type": "string" },
                        "field": { "type": "string" },
                        "violations": { "type": "array", "items": {
                            "type": "object",
                            "required": ["field", "message"],
                            "properties": {
                                "field": { "type": "string" },
                                "message": { "type": "string" },
                                "code": { "type": "string" }
                            }
                        } },
                        "details": { "type": "object" },
                        "trace_id": { "type": "string" }
                    }
                }
            }
        })
    }
}

//! The `$ref`s of an OpenAPI document, for the tests that check a document resolves
//! (the runtime's samples, the README's utoipa example, the demo's `/openapi.json`).

use std::collections::BTreeSet;

use serde_json::Value;

/// Every `$ref` in `value`.
pub fn refs(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                out.insert(target.clone());
            }
            map.values().for_each(|value| refs(value, out));
        }
        Value::Array(items) => items.iter().for_each(|value| refs(value, out)),
        _ => {}
    }
}

/// The `$ref`s of `document` that point at nothing in it, sorted: those whose JSON
/// Pointer (`#/components/schemas/Problem`) finds no value, and every reference
/// outside the document, which a self-contained document must not have.
pub fn dangling_refs(document: &Value) -> Vec<String> {
    let mut targets = BTreeSet::new();
    refs(document, &mut targets);
    targets
        .into_iter()
        .filter(|target| {
            target
                .strip_prefix('#')
                .and_then(|pointer| document.pointer(pointer))
                .is_none()
        })
        .collect()
}

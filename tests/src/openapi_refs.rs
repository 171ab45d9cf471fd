//! The `$ref`s of an OpenAPI document, for the tests that check a document resolves
//! (the runtime's samples, the README's utoipa example, the demo's `/openapi.json`),
//! the files those tests write for `.ci/openapi-check.sh`, and the problem examples
//! of one response, for the tests of what utoipa and aide documents show.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

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

/// Writes an OpenAPI 3.1 document to the path in the environment variable `var`, else
/// to `default`, and its OpenAPI 3.0.3 rewrite
/// ([`apierror::openapi::downgrade_to_3_0`]) beside it (`x.json` and `x-3.0.json`),
/// for `.ci/openapi-check.sh` to validate both.
pub fn write_documents(var: &str, default: &Path, document: &Value) {
    let path = std::env::var_os(var).map_or_else(|| default.to_owned(), PathBuf::from);
    std::fs::write(&path, pretty(document)).expect("the document can be written");
    let mut downgraded = document.clone();
    apierror::openapi::downgrade_to_3_0(&mut downgraded);
    let stem = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or("openapi");
    let path_3_0 = path.with_file_name(format!("{stem}-3.0.json"));
    std::fs::write(path_3_0, pretty(&downgraded)).expect("the 3.0 document can be written");
}

/// A document as the snapshots and the checked files hold it.
fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).expect("a JSON value serializes") + "\n"
}

/// The problem document examples of one response of `document` (`path`, `method`,
/// `status`), by name: each name with its body's `type`.
pub fn example_types(
    document: &Value,
    (path, method): (&str, &str),
    status: &str,
) -> Vec<(String, String)> {
    let response = &document["paths"][path][method]["responses"][status];
    let examples = response["content"]["application/problem+json"]["examples"]
        .as_object()
        .unwrap_or_else(|| panic!("{method} {path} {status} has problem examples"));
    let type_of = |example: &Value| example["value"]["type"].as_str().map(str::to_owned);
    examples
        .iter()
        .map(|(name, example)| (name.clone(), type_of(example).expect("a type")))
        .collect()
}

/// `pairs` as [`example_types`] gives them, to compare with.
pub fn named(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let pairs = pairs.iter();
    pairs
        .map(|(name, ty)| ((*name).to_owned(), (*ty).to_owned()))
        .collect()
}

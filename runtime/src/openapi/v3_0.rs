//! OpenAPI 3.0.3 from a 3.1 document: what this crate writes, and what utoipa writes,
//! for client generators that read only 3.0 (progenitor, older openapi-generator
//! templates).
//!
//! OpenAPI 3.1 schemas are JSON Schema 2020-12; 3.0's are an older, narrower
//! dialect. The walk knows where a document holds schemas (components, parameters,
//! headers, request bodies, responses, media types, callbacks) and rewrites each:
//!
//! | 3.1 | 3.0 |
//! | --- | --- |
//! | `"type": ["string", "null"]` | `"type": "string", "nullable": true` |
//! | `"type": ["string", "integer"]` | `"anyOf": [{"type": "string"}, {"type": "integer"}]` |
//! | `"type": "null"` | `"type": "string", "nullable": true, "enum": [null]` (3.0 has no null type) |
//! | `oneOf`/`anyOf` with a `{"type": "null"}` branch | the other branches, `"nullable": true` |
//! | `"examples": [a, …]` in a schema | `"example": a` |
//! | `"const": v` | `"enum": [v]` |
//! | `"exclusiveMinimum": n` | `"minimum": n, "exclusiveMinimum": true` (and the maximum) |
//! | `$ref` beside other keywords | `"allOf": [{"$ref": …}]` beside them |
//! | keywords 3.0 does not have (`$schema`, `$id`, `$defs`, `$comment`, `prefixItems`, `contentMediaType`, `if`, `patternProperties`, …) | left out |
//!
//! and at the document's level: `openapi` becomes `3.0.3`; `webhooks`,
//! `jsonSchemaDialect`, `components.pathItems`, `info.summary` and
//! `info.license.identifier` are left out; `paths`, optional in 3.1, is added empty
//! where missing. A Reference Object outside a schema keeps only its `$ref` (3.1
//! allows a `summary` and `description` beside it).
//!
//! A media type's `examples` (a map of Example Objects) is the same in both versions
//! and is kept.

use serde_json::{Map, Value, json};

/// Schema keywords of JSON Schema 2020-12 that OpenAPI 3.0's schema object does not
/// have; a 3.0 validator rejects them.
const UNKNOWN_TO_3_0: [&str; 21] = [
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$dynamicRef",
    "$defs",
    "$comment",
    "$vocabulary",
    "prefixItems",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
    "unevaluatedProperties",
    "patternProperties",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "if",
    "then",
    "else",
];

/// Keywords that hold a schema, and those that hold a list or a map of them.
const SUBSCHEMA: [&str; 3] = ["items", "not", "additionalProperties"];
const SUBSCHEMA_LISTS: [&str; 3] = ["allOf", "anyOf", "oneOf"];
const SUBSCHEMA_MAPS: [&str; 1] = ["properties"];

const OPERATIONS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Rewrites a whole OpenAPI 3.1 document as OpenAPI 3.0.3, in place.
///
/// ```
/// use serde_json::json;
///
/// let mut document = json!({
///     "openapi": "3.1.0",
///     "info": { "title": "Accounts", "version": "1", "license": { "name": "MIT", "identifier": "MIT" } },
///     "paths": {},
///     "components": { "schemas": { "Account": {
///         "type": "object",
///         "properties": { "nickname": { "type": ["string", "null"], "examples": ["ada"] } },
///     } } },
/// });
/// apierror::openapi::downgrade_to_3_0(&mut document);
/// assert_eq!(document["openapi"], "3.0.3");
/// assert_eq!(
///     document["info"]["license"],
///     json!({ "name": "MIT", "url": "https://spdx.org/licenses/MIT.html" })
/// );
/// let nickname = &document["components"]["schemas"]["Account"]["properties"]["nickname"];
/// assert_eq!(nickname, &json!({ "type": "string", "nullable": true, "example": "ada" }));
/// ```
pub fn downgrade(document: &mut Value) {
    let Some(document) = document.as_object_mut() else {
        return;
    };
    document.insert("openapi".to_owned(), json!("3.0.3"));
    document.remove("webhooks");
    document.remove("jsonSchemaDialect");
    if let Some(info) = document.get_mut("info").and_then(Value::as_object_mut) {
        info.remove("summary");
        if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
            license_url_for_identifier(license);
        }
    }
    let paths = document
        .entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    for path_item in values_mut(paths) {
        downgrade_path_item(path_item);
    }
    if let Some(components) = document.get_mut("components") {
        downgrade_components(components);
    }
}

/// 3.1's SPDX `identifier` is a `url` in 3.0: the identifier's page on spdx.org, or
/// for an expression (`MIT OR Apache-2.0`) the list the identifiers come from.
fn license_url_for_identifier(license: &mut Map<String, Value>) {
    let Some(Value::String(identifier)) = license.remove("identifier") else {
        return;
    };
    if license.contains_key("url") {
        return;
    }
    let url = if identifier.contains(' ') {
        "https://spdx.org/licenses/".to_owned()
    } else {
        format!("https://spdx.org/licenses/{identifier}.html")
    };
    license.insert("url".to_owned(), Value::String(url));
}

/// Rewrites a `components` object.
pub(crate) fn downgrade_components(components: &mut Value) {
    let Some(components) = components.as_object_mut() else {
        return;
    };
    components.remove("pathItems");
    let each = |components: &mut Map<String, Value>, key: &str, f: fn(&mut Value)| {
        if let Some(map) = components.get_mut(key) {
            values_mut(map).for_each(f);
        }
    };
    each(components, "schemas", downgrade_schema);
    each(components, "parameters", downgrade_parameter);
    each(components, "headers", downgrade_parameter);
    each(components, "requestBodies", downgrade_request_body);
    each(components, "responses", downgrade_response);
}

/// Rewrites a Responses object (keyed by status).
pub(crate) fn downgrade_responses(responses: &mut Value) {
    values_mut(responses).for_each(downgrade_response);
}

fn downgrade_path_item(path_item: &mut Value) {
    if only_reference(path_item) {
        return;
    }
    let Some(item) = path_item.as_object_mut() else {
        return;
    };
    if let Some(parameters) = item.get_mut("parameters") {
        elements_mut(parameters).for_each(downgrade_parameter);
    }
    for method in OPERATIONS {
        if let Some(operation) = item.get_mut(method) {
            downgrade_operation(operation);
        }
    }
}

fn downgrade_operation(operation: &mut Value) {
    let Some(operation) = operation.as_object_mut() else {
        return;
    };
    if let Some(parameters) = operation.get_mut("parameters") {
        elements_mut(parameters).for_each(downgrade_parameter);
    }
    if let Some(body) = operation.get_mut("requestBody") {
        downgrade_request_body(body);
    }
    if let Some(responses) = operation.get_mut("responses") {
        downgrade_responses(responses);
    }
    if let Some(callbacks) = operation.get_mut("callbacks") {
        for callback in values_mut(callbacks) {
            if !only_reference(callback) {
                values_mut(callback).for_each(downgrade_path_item);
            }
        }
    }
}

/// A Parameter or a Header object.
fn downgrade_parameter(parameter: &mut Value) {
    if only_reference(parameter) {
        return;
    }
    if let Some(schema) = parameter.get_mut("schema") {
        downgrade_schema(schema);
    }
    downgrade_content(parameter);
}

fn downgrade_request_body(body: &mut Value) {
    if !only_reference(body) {
        downgrade_content(body);
    }
}

fn downgrade_response(response: &mut Value) {
    if only_reference(response) {
        return;
    }
    if let Some(headers) = response.get_mut("headers") {
        values_mut(headers).for_each(downgrade_parameter);
    }
    downgrade_content(response);
}

/// The media types of an object's `content`: their schemas, and their encodings'
/// headers.
fn downgrade_content(holder: &mut Value) {
    let Some(content) = holder.get_mut("content") else {
        return;
    };
    for media_type in values_mut(content) {
        if let Some(schema) = media_type.get_mut("schema") {
            downgrade_schema(schema);
        }
        if let Some(encoding) = media_type.get_mut("encoding") {
            for property in values_mut(encoding) {
                if let Some(headers) = property.get_mut("headers") {
                    values_mut(headers).for_each(downgrade_parameter);
                }
            }
        }
    }
}

/// A Reference Object outside a schema keeps only its `$ref`; whether it was one.
fn only_reference(value: &mut Value) -> bool {
    let Some(object) = value.as_object_mut() else {
        return false;
    };
    if !object.contains_key("$ref") {
        return false;
    }
    object.retain(|key, _| key == "$ref");
    true
}

/// Rewrites one schema and every schema inside it.
pub(crate) fn downgrade_schema(schema: &mut Value) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    for keyword in UNKNOWN_TO_3_0 {
        object.remove(keyword);
    }
    for keyword in SUBSCHEMA {
        if let Some(inner) = object.get_mut(keyword) {
            // `items` as a list is 2019's tuple form; 3.0 takes one schema.
            if let Value::Array(list) = inner {
                *inner = list.first().cloned().unwrap_or(json!({}));
            }
            downgrade_schema(inner);
        }
    }
    for keyword in SUBSCHEMA_LISTS {
        if let Some(list) = object.get_mut(keyword) {
            elements_mut(list).for_each(downgrade_schema);
        }
    }
    for keyword in SUBSCHEMA_MAPS {
        if let Some(map) = object.get_mut(keyword) {
            values_mut(map).for_each(downgrade_schema);
        }
    }
    null_branches_to_nullable(object);
    type_list_to_nullable(object);
    if let Some(Value::Array(examples)) = object.remove("examples")
        && let Some(first) = examples.into_iter().next()
    {
        object.entry("example").or_insert(first);
    }
    if let Some(value) = object.remove("const") {
        object.insert("enum".to_owned(), Value::Array(vec![value]));
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(limit) = object
            .get(exclusive)
            .filter(|limit| limit.is_number())
            .cloned()
        {
            object.insert(bound.to_owned(), limit);
            object.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
    reference_beside_keywords(object);
}

/// `"type": ["string", "null"]` is `"type": "string", "nullable": true`; several
/// types that are not null become an `anyOf`.
fn type_list_to_nullable(object: &mut Map<String, Value>) {
    let types = match object.get("type") {
        Some(Value::Array(types)) => types.clone(),
        Some(Value::String(single)) if single == "null" => vec![json!("null")],
        _ => return,
    };
    object.remove("type");
    let (nulls, others): (Vec<Value>, Vec<Value>) = types.into_iter().partition(|ty| ty == "null");
    if !nulls.is_empty() {
        object.insert("nullable".to_owned(), Value::Bool(true));
    }
    match others.as_slice() {
        [] if nulls.is_empty() => {}
        // Only null: 3.0 has no null type, and `nullable` means nothing without a
        // type, so any type, nullable, whose one value is null.
        [] => {
            object.insert("type".to_owned(), json!("string"));
            object.insert("enum".to_owned(), json!([null]));
        }
        [single] => {
            object.insert("type".to_owned(), single.clone());
        }
        many => {
            let branches = many.iter().map(|ty| json!({ "type": ty })).collect();
            object.insert("anyOf".to_owned(), Value::Array(branches));
        }
    }
}

/// A `oneOf`/`anyOf` branch `{"type": "null"}` (how utoipa writes `Option<T>` of a
/// referenced `T`) is `"nullable": true`; one remaining branch becomes an `allOf`.
fn null_branches_to_nullable(object: &mut Map<String, Value>) {
    for keyword in ["oneOf", "anyOf"] {
        let Some(Value::Array(branches)) = object.get_mut(keyword) else {
            continue;
        };
        let before = branches.len();
        branches.retain(|branch| !is_null_schema(branch));
        if branches.len() == before {
            continue;
        }
        object.insert("nullable".to_owned(), Value::Bool(true));
        if let Some(Value::Array(rest)) = object.get(keyword)
            && rest.len() == 1
        {
            let rest = object.remove(keyword).unwrap_or_default();
            object.insert("allOf".to_owned(), rest);
        }
    }
}

/// Whether a schema admits only `null`, as 3.1 writes it (already rewritten or not).
fn is_null_schema(schema: &Value) -> bool {
    schema.get("type") == Some(&json!("null"))
        || (schema.get("nullable") == Some(&Value::Bool(true))
            && schema.get("enum") == Some(&json!([null])))
}

/// In 3.0 a `$ref` replaces the whole schema it sits in, so one beside other
/// keywords moves into an `allOf`.
fn reference_beside_keywords(object: &mut Map<String, Value>) {
    if object.len() < 2 || !object.contains_key("$ref") {
        return;
    }
    let reference = object.remove("$ref").unwrap_or_default();
    let branch = json!({ "$ref": reference });
    match object.get_mut("allOf") {
        Some(Value::Array(all_of)) => all_of.insert(0, branch),
        _ => {
            object.insert("allOf".to_owned(), json!([branch]));
        }
    }
}

fn values_mut(value: &mut Value) -> impl Iterator<Item = &mut Value> {
    value
        .as_object_mut()
        .into_iter()
        .flat_map(|map| map.values_mut())
}

fn elements_mut(value: &mut Value) -> impl Iterator<Item = &mut Value> {
    value
        .as_array_mut()
        .into_iter()
        .flat_map(|list| list.iter_mut())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{downgrade, downgrade_schema};

    fn schema(mut value: serde_json::Value) -> serde_json::Value {
        downgrade_schema(&mut value);
        value
    }

    #[test]
    fn type_lists_become_nullable_or_any_of() {
        assert_eq!(
            schema(json!({ "type": ["integer", "null"], "minimum": 0 })),
            json!({ "type": "integer", "nullable": true, "minimum": 0 })
        );
        assert_eq!(
            schema(json!({ "type": ["string", "integer"] })),
            json!({ "anyOf": [{ "type": "string" }, { "type": "integer" }] })
        );
        assert_eq!(
            schema(json!({ "type": "null" })),
            json!({ "type": "string", "nullable": true, "enum": [null] })
        );
    }

    #[test]
    fn a_null_branch_becomes_nullable() {
        assert_eq!(
            schema(
                json!({ "oneOf": [{ "type": "null" }, { "$ref": "#/components/schemas/Account" }] })
            ),
            json!({ "allOf": [{ "$ref": "#/components/schemas/Account" }], "nullable": true })
        );
        assert_eq!(
            schema(
                json!({ "anyOf": [{ "type": "string" }, { "type": "integer" }, { "type": "null" }] })
            ),
            json!({ "anyOf": [{ "type": "string" }, { "type": "integer" }], "nullable": true })
        );
    }

    #[test]
    fn examples_const_and_exclusive_bounds_take_their_3_0_forms() {
        assert_eq!(
            schema(json!({ "type": "string", "examples": ["a", "b"], "const": "a" })),
            json!({ "type": "string", "example": "a", "enum": ["a"] })
        );
        assert_eq!(
            schema(json!({ "type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10 })),
            json!({ "type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": true })
        );
    }

    #[test]
    fn a_reference_beside_keywords_moves_into_all_of() {
        assert_eq!(
            schema(json!({ "$ref": "#/components/schemas/Money", "description": "The balance." })),
            json!({ "allOf": [{ "$ref": "#/components/schemas/Money" }], "description": "The balance." })
        );
        assert_eq!(
            schema(json!({ "$ref": "#/components/schemas/Money" })),
            json!({ "$ref": "#/components/schemas/Money" })
        );
    }

    #[test]
    fn nested_schemas_are_rewritten_and_unknown_keywords_left_out() {
        let rewritten = schema(json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {
                "tags": { "type": "array", "items": { "type": ["string", "null"] }, "prefixItems": [] },
                "const": { "type": "string", "const": "x" },
            },
            "additionalProperties": { "type": ["integer", "null"] },
            "patternProperties": { "^x-": {} },
        }));
        assert_eq!(
            rewritten,
            json!({
                "type": "object",
                "properties": {
                    "tags": { "type": "array", "items": { "type": "string", "nullable": true } },
                    "const": { "type": "string", "enum": ["x"] },
                },
                "additionalProperties": { "type": "integer", "nullable": true },
            })
        );
    }

    #[test]
    fn a_documents_schemas_are_found_where_openapi_keeps_them() {
        let nullable = json!({ "type": ["string", "null"] });
        let mut document = json!({
            "openapi": "3.1.0",
            "info": { "title": "t", "version": "1", "summary": "s" },
            "webhooks": {},
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "paths": { "/a": {
                "parameters": [{ "name": "q", "in": "query", "schema": nullable }],
                "post": {
                    "requestBody": { "content": { "application/json": { "schema": nullable } } },
                    "responses": {
                        "200": {
                            "description": "ok",
                            "headers": { "X-A": { "schema": nullable } },
                            "content": { "application/json": {
                                "schema": nullable,
                                "examples": { "one": { "value": null } },
                            } },
                        },
                        "404": { "$ref": "#/components/responses/NotFound", "description": "x" },
                    },
                },
            } },
            "components": { "pathItems": {}, "parameters": { "P": { "name": "p", "in": "query", "schema": nullable } } },
        });
        downgrade(&mut document);
        let converted = json!({ "type": "string", "nullable": true });
        let a = &document["paths"]["/a"];
        assert_eq!(document["openapi"], "3.0.3");
        assert!(document.get("webhooks").is_none() && document.get("jsonSchemaDialect").is_none());
        assert!(document["info"].get("summary").is_none());
        assert!(document["components"].get("pathItems").is_none());
        assert_eq!(a["parameters"][0]["schema"], converted);
        assert_eq!(
            a["post"]["requestBody"]["content"]["application/json"]["schema"],
            converted
        );
        let ok = &a["post"]["responses"]["200"];
        assert_eq!(ok["headers"]["X-A"]["schema"], converted);
        assert_eq!(ok["content"]["application/json"]["schema"], converted);
        // A media type's examples map is the same in 3.0 and stays.
        assert_eq!(
            ok["content"]["application/json"]["examples"]["one"],
            json!({ "value": null })
        );
        assert_eq!(
            a["post"]["responses"]["404"],
            json!({ "$ref": "#/components/responses/NotFound" })
        );
        assert_eq!(
            document["components"]["parameters"]["P"]["schema"],
            converted
        );
    }

    #[test]
    fn a_license_identifier_becomes_a_url() {
        let license = |license| {
            let mut document = json!({ "openapi": "3.1.0", "info": { "title": "t", "version": "1", "license": license } });
            downgrade(&mut document);
            document["info"]["license"].clone()
        };
        assert_eq!(
            license(json!({ "name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0" })),
            json!({ "name": "MIT OR Apache-2.0", "url": "https://spdx.org/licenses/" })
        );
        assert_eq!(
            license(json!({ "name": "MIT", "url": "https://example.com/LICENSE" })),
            json!({ "name": "MIT", "url": "https://example.com/LICENSE" })
        );
    }

    #[test]
    fn a_document_without_paths_gets_empty_ones() {
        let mut document = json!({ "openapi": "3.1.0", "info": { "title": "t", "version": "1" } });
        downgrade(&mut document);
        assert_eq!(document["paths"], json!({}));
    }
}

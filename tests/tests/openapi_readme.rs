//! The README's utoipa section, compiled as written: the document it builds refers
//! to nothing it lacks. Written for `.ci/openapi-check.sh` (to
//! `$APIERROR_README_UTOIPA_OUT`, or `openapi-readme-utoipa.json` under cargo's
//! temporary directory), which validates it with openapi-spec-validator, jsonschema
//! and Redocly CLI.

use std::path::PathBuf;

use serde_json::Value;

use apierror_tests::dangling_refs;

/// The README's block, byte for byte (`the_readme_shows_the_block_as_tested` keeps
/// the two the same).
#[allow(dead_code)] // The block's handler and `main` are only read through the document.
mod readme {
    include!("openapi_readme/utoipa.rs");

    /// The document the README's `main` prints.
    pub fn document() -> utoipa::openapi::OpenApi {
        ApiDoc::openapi()
    }
}

const BLOCK: &str = include_str!("openapi_readme/utoipa.rs");

#[test]
fn the_readme_shows_the_block_as_tested() {
    let readme = include_str!("../../README.md");
    assert!(
        readme.contains(&format!("```rust\n{BLOCK}```\n")),
        "README.md's utoipa section differs from tests/tests/openapi_readme/utoipa.rs"
    );
}

#[test]
fn the_readme_document_has_no_dangling_ref() {
    let document = serde_json::to_value(readme::document()).expect("the document serializes");
    assert!(
        document["paths"]["/accounts/{id}"]["get"]["responses"]["404"].is_object(),
        "the errors are documented: {document}"
    );
    assert_eq!(dangling_refs(&document), Vec::<String>::new(), "{document}");

    let default = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("openapi-readme-utoipa.json");
    apierror_tests::write_documents("APIERROR_README_UTOIPA_OUT", &default, &document);
}

/// The walk finds what it must: a reference into nothing, and one outside the document.
#[test]
fn dangling_refs_finds_missing_targets() {
    let document: Value = serde_json::json!({
        "components": { "schemas": { "Problem": {} } },
        "a": { "$ref": "#/components/schemas/Problem" },
        "b": [{ "$ref": "#/components/schemas/Envelope" }],
        "c": { "$ref": "https://example.com/schema.json" },
    });
    assert_eq!(
        dangling_refs(&document),
        [
            "#/components/schemas/Envelope",
            "https://example.com/schema.json"
        ]
    );
}

//! Integration tests for apierror live in `tests/`. This library holds what they, the
//! demo's tests and the fuzz targets share (the fuzz targets' checks, a strict JSON
//! parser, the `$ref`s of an OpenAPI document), and runs the README's examples as doc
//! tests, so the README cannot drift from the code.

#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

pub mod fuzz;
mod openapi_refs;
mod strict;

pub use openapi_refs::{dangling_refs, example_types, named, refs, write_documents};
pub use strict::strict_json;

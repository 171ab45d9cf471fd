//! Integration tests for apierror live in `tests/`. This library holds what they and
//! the fuzz targets share (the fuzz targets' checks, a strict JSON parser), and runs
//! the README's examples as doc tests, so the README cannot drift from the code.

#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

pub mod fuzz;
mod strict;

pub use strict::strict_json;

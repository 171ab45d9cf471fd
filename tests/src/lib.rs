//! Integration tests for apierror live in `tests/`; this library only runs the
//! README's examples as doc tests, so the README cannot drift from the code.

#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

pub mod fuzz;

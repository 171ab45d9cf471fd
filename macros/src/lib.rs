//! Derive macros for [`apierror`](https://docs.rs/apierror): `#[derive(ApiError)]`
//! and `#[derive(ErrorCodes)]`. Use them through the `apierror` crate, whose docs hold
//! the attribute reference.
//!
//! Both derives go through the same stages, `ApiError` in the top-level files and
//! `ErrorCodes` in `registry/` under the same names:
//!
//! - parse: `attr.rs` reads `#[api(...)]` into typed keys (names in `symbol.rs`,
//!   errors gathered by `ctxt.rs`); `ast.rs` is the input as the derive sees it
//!   (`template.rs` parses a `message`);
//! - check: `valid.rs` reports every mistake (`secrets.rs`: secret fields a message
//!   would send); `rules.rs` holds the rules of a code both derives apply;
//! - model: `model.rs` is the checked input the expansion reads;
//! - expand: `expand.rs` (bounds from `generics.rs`), the descriptor call both write
//!   in `descriptor.rs`, its JSON escaped by `json.rs`; after an error, `fallback.rs`
//!   writes the errors and stubs.
//!
//! `locales/` (feature `fluent`) reads a type's Fluent files while it is parsed
//! (`mod.rs`), checks each variant's messages (`check.rs`) and writes the catalog and
//! the variables (`expand.rs`).
//!
//! `facts.rs` holds the copies of runtime facts (reason phrases, code syntax, reserved
//! headers and members) that `tests/tests/facts_copies.rs` holds equal to the runtime.

mod ast;
mod attr;
mod ctxt;
mod descriptor;
mod example;
mod expand;
mod facts;
mod fallback;
mod generics;
mod input;
mod json;
mod locales;
mod model;
#[cfg(test)]
mod never_panics;
mod registry;
mod rules;
mod secrets;
mod symbol;
mod template;
mod valid;

use proc_macro::TokenStream;

/// Derives `apierror::ApiError`. See the `apierror` crate for the attributes.
#[proc_macro_derive(ApiError, attributes(api))]
pub fn derive_api_error(input: TokenStream) -> TokenStream {
    let input = match input::parse(input.into()) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error().into(),
    };
    expand::derive(&input).into()
}

/// Derives a code registry: `as_str`, `status`, `title`, `ALL`, `Display`, `FromStr`,
/// `Serialize`, `Deserialize` and the descriptors. See `apierror::ErrorCodes`.
#[proc_macro_derive(ErrorCodes, attributes(api))]
pub fn derive_error_codes(input: TokenStream) -> TokenStream {
    let input = match input::parse(input.into()) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error().into(),
    };
    registry::derive(&input).into()
}

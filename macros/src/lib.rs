//! Derive macros for [`apierror`](https://docs.rs/apierror): `#[derive(ApiError)]`
//! and `#[derive(ErrorCodes)]`. Use them through the `apierror` crate, whose docs hold
//! the attribute reference.

mod ast;
mod attr;
mod ctxt;
mod descriptor;
mod expand;
mod facts;
mod fallback;
mod generics;
mod json;
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
use syn::{DeriveInput, parse_macro_input};

/// Derives `apierror::ApiError`. See the `apierror` crate for the attributes.
#[proc_macro_derive(ApiError, attributes(api))]
pub fn derive_api_error(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}

/// Derives a code registry: `as_str`, `status`, `title`, `ALL`, `Display`, `FromStr`,
/// `Serialize`, `Deserialize` and the descriptors. See `apierror::ErrorCodes`.
#[proc_macro_derive(ErrorCodes, attributes(api))]
pub fn derive_error_codes(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    registry::derive(&input).into()
}

//! Derive macros for [`apierror`](https://docs.rs/apierror): `#[derive(ApiError)]`
//! and `#[derive(ErrorCodes)]`. Use them through the `apierror` crate, whose docs hold
//! the attribute reference.

mod ast;
mod attr;
mod ctxt;
mod expand;
mod fallback;
mod generics;
mod json;
mod status;
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

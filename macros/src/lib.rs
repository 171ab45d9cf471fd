//! Derive macros for `apierror`. Use them through the `apierror` crate.
use proc_macro::TokenStream;

/// See `apierror::ApiError`.
#[proc_macro_derive(ApiError, attributes(api))]
pub fn derive_api_error(input: TokenStream) -> TokenStream {
    let _ = input;
    TokenStream::new()
}

//! After an error: the errors, and stubs of the registry's API.

use proc_macro2::TokenStream;
use quote::quote;

use super::ast::Registry;

/// After an error: the errors, and the registry's API as stubs, so that its uses
/// elsewhere (`Code::NotFound.status()`, `code = Code::NotFound`, `parse::<Code>()`)
/// do not pile up secondary errors. Nothing here runs: the crate does not compile.
pub fn registry(registry: &Registry, errors: &syn::Error) -> TokenStream {
    let errors = errors.to_compile_error();
    let node = registry.original;
    let krate = &registry.krate;
    // A generic enum was reported as such; stubs without its parameters would only
    // add "missing generics for enum" under it.
    if !node.generics.params.is_empty() {
        return errors;
    }
    let private = quote!(#krate::__private);
    let ident = &node.ident;
    quote! {
        #errors
        #[allow(unused_qualifications, unreachable_code, deprecated, clippy::all)]
        const _: () = {
            #[automatically_derived]
            impl #ident {
                pub const ALL: &'static [Self] = &[];
                pub const fn as_str(self) -> &'static str { #private::PLACEHOLDER.code() }
                pub const fn status(self) -> #private::http::StatusCode { #private::PLACEHOLDER.status() }
                pub const fn title(self) -> &'static str { #private::PLACEHOLDER.title() }
                // Error types that name an entry evaluate this in a `static`: a panic
                // here would be one more error, so it answers a placeholder.
                pub const fn descriptor(self) -> &'static #private::ErrorDescriptor { &#private::PLACEHOLDER }
            }

            #[automatically_derived]
            impl #private::ErrorCodes for #ident {
                fn all() -> &'static [Self] { ::core::unreachable!() }
                fn descriptor(self) -> &'static #private::ErrorDescriptor { ::core::unreachable!() }
            }

            #[automatically_derived]
            impl ::core::fmt::Display for #ident {
                fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result { ::core::unreachable!() }
            }

            #[automatically_derived]
            impl ::core::str::FromStr for #ident {
                type Err = #private::UnknownCode;
                fn from_str(_: &str) -> ::core::result::Result<Self, Self::Err> { ::core::unreachable!() }
            }
        };
    }
}

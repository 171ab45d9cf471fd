//! After an error: the `compile_error!`s plus a stub impl, so that uses of the type
//! elsewhere do not pile up secondary errors (thiserror's `fallback.rs`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::expand::krate_of;
use crate::generics::Bounds;

pub fn api_error(node: &DeriveInput, errors: Option<syn::Error>) -> TokenStream {
    let errors = errors.map(|errors| errors.to_compile_error());
    // A union is never an `Error`, so a stub impl would only add "the trait bound
    // `Bits: std::error::Error` is not satisfied" under the real error.
    if let syn::Data::Union(_) = node.data {
        return quote!(#errors);
    }
    let krate = krate_of(node);
    let ident = &node.ident;
    let (impl_generics, ty_generics, _) = node.generics.split_for_impl();
    // The derive's own bounds, so a type that is no error adds nothing here either.
    let where_clause = Bounds::new(&node.generics).where_clause(quote!(#ident #ty_generics));
    quote! {
        #errors
        #[allow(unused_qualifications, deprecated)]
        const _: () = {
            #[automatically_derived]
            impl #impl_generics #krate::__private::ApiError for #ident #ty_generics #where_clause {
                fn descriptor(&self) -> &'static #krate::__private::ErrorDescriptor {
                    ::core::unreachable!()
                }

                fn catalog() -> &'static [#krate::__private::ErrorDescriptor] {
                    ::core::unreachable!()
                }
            }
        };
    }
}

//! After an error: the `compile_error!`s plus a stub impl, so that uses of the type
//! elsewhere do not pile up secondary errors (thiserror's `fallback.rs`).

use proc_macro2::TokenStream;
use quote::quote;

use crate::ast::Input;
use crate::generics::Bounds;

/// The errors, and a stub `ApiError` impl for the type.
pub fn api_error(input: &Input, errors: syn::Error) -> TokenStream {
    let errors = errors.to_compile_error();
    let node = input.original;
    let krate = &input.krate;
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

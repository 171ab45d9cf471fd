//! Code generation for `ErrorCodes`.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::Ident;

use crate::ast::name;
use crate::descriptor::{DescriptorParts, catalog, literal_descriptor, with_domain};

use super::model::RegistryModel;

/// The registry's inherent API, its `ErrorCodes`, `Display`, `FromStr`, `Serialize`
/// and `Deserialize` impls, and its static descriptors.
pub fn registry(model: &RegistryModel) -> TokenStream {
    let krate = &model.registry.krate;
    let private = quote!(#krate::__private);
    let private_text = private.to_string();
    let ident = &model.registry.original.ident;
    let entries = &model.entries;
    let type_name = name(ident);
    let variants: Vec<&Ident> = entries.iter().map(|entry| entry.ident).collect();
    let codes: Vec<&str> = entries
        .iter()
        .map(|entry| entry.code.code.as_str())
        .collect();
    let indices = 0..entries.len();
    let count = entries.len();
    let descriptors = entries.iter().map(|entry| {
        let parts =
            DescriptorParts::entry((type_name.clone(), name(entry.ident)), entry.description);
        let descriptor = literal_descriptor(&private_text, &entry.code, parts);
        with_domain(model.registry.attrs.domain.as_ref(), descriptor)
    });
    let catalog = catalog(&private_text, &type_name, descriptors.collect());
    let expecting = format!("one of the error codes of `{type_name}`");
    let visitor = Ident::new("__ApiCodeVisitor", Span::mixed_site());
    let code_of = Ident::new("__api_code_of", Span::mixed_site());
    // `deprecated`: as for `ApiError`, a deprecated registry or code is named by
    // every generated item.
    quote! {
        #[allow(unused_qualifications, deprecated)]
        const _: () = {
            static __API_REGISTRY: [#private::ErrorDescriptor; #count] = #catalog;

            // By reference, so only `ErrorCodes` itself needs `Copy`: an enum without
            // it gets that one error, not one more per method that takes `self`.
            const fn #code_of(__api_code: &#ident) -> &'static str {
                match *__api_code { #(#ident::#variants => #codes,)* }
            }

            #[automatically_derived]
            impl #ident {
                /// Every code of the registry, in declaration order.
                pub const ALL: &'static [Self] = &[#(Self::#variants),*];

                /// The code as clients see it, such as `"not_found"`.
                #[must_use]
                pub const fn as_str(self) -> &'static str {
                    #code_of(&self)
                }

                /// The HTTP status of the code.
                #[must_use]
                pub const fn status(self) -> #private::http::StatusCode {
                    self.descriptor().status()
                }

                /// The constant title of the code.
                #[must_use]
                pub const fn title(self) -> &'static str {
                    self.descriptor().title()
                }

                /// All static facts of the code: status, title, type URI, exposure,
                /// description.
                #[must_use]
                pub const fn descriptor(self) -> &'static #private::ErrorDescriptor {
                    match self { #(Self::#variants => &__API_REGISTRY[#indices],)* }
                }
            }

            #[automatically_derived]
            impl #private::ErrorCodes for #ident {
                fn all() -> &'static [Self] {
                    Self::ALL
                }

                fn descriptor(self) -> &'static #private::ErrorDescriptor {
                    #ident::descriptor(self)
                }
            }

            #[automatically_derived]
            impl ::core::fmt::Display for #ident {
                fn fmt(&self, __api_f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    __api_f.write_str(#code_of(self))
                }
            }

            #[automatically_derived]
            impl ::core::str::FromStr for #ident {
                type Err = #private::UnknownCode;

                fn from_str(__api_code: &str) -> ::core::result::Result<Self, Self::Err> {
                    match __api_code {
                        #(#codes => ::core::result::Result::Ok(Self::#variants),)*
                        _ => ::core::result::Result::Err(#private::UnknownCode::new(__api_code, #type_name)),
                    }
                }
            }

            #[automatically_derived]
            impl #private::serde::Serialize for #ident {
                fn serialize<S: #private::serde::Serializer>(&self, __api_serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    __api_serializer.serialize_str(#code_of(self))
                }
            }

            #[automatically_derived]
            impl<'de> #private::serde::Deserialize<'de> for #ident {
                fn deserialize<D: #private::serde::Deserializer<'de>>(__api_deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    struct #visitor;

                    impl #private::serde::de::Visitor<'_> for #visitor {
                        type Value = #ident;

                        fn expecting(&self, __api_f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                            __api_f.write_str(#expecting)
                        }

                        fn visit_str<E: #private::serde::de::Error>(self, __api_code: &str) -> ::core::result::Result<#ident, E> {
                            match __api_code {
                                #(#codes => ::core::result::Result::Ok(#ident::#variants),)*
                                _ => ::core::result::Result::Err(E::unknown_variant(__api_code, &[#(#codes),*])),
                            }
                        }
                    }

                    __api_deserializer.deserialize_str(#visitor)
                }
            }
        };
    }
}

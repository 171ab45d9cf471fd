//! `#[derive(ErrorCodes)]`: a service's codes declared once, as a plain enum.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::{DeriveInput, Ident, LitStr};

use crate::ast::krate_path;
use crate::attr::{self, Attrs, CodeValue, Position};
use crate::ctxt::Ctxt;
use crate::json;
use crate::rules::{check_blank_title, check_code, check_title, check_type_base, check_uri};
use crate::status::reason_phrase;

/// One checked registry entry.
struct Entry<'a> {
    ident: &'a Ident,
    code: String,
    status: u16,
    title: String,
    type_uri: String,
    expose: bool,
    description: Option<String>,
}

pub fn derive(node: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let (container, entries) = check(&cx, node);
    let krate = krate_path(&container);
    match cx.check() {
        Ok(()) => expand(node, &krate, &entries),
        Err(errors) => fallback(node, &krate, &errors),
    }
}

/// After an error: the errors, and the registry's API as stubs, so that its uses
/// elsewhere (`Code::NotFound.status()`, `code = Code::NotFound`, `parse::<Code>()`)
/// do not pile up secondary errors. Nothing here runs: the crate does not compile.
fn fallback(node: &DeriveInput, krate: &syn::Path, errors: &syn::Error) -> TokenStream {
    let errors = errors.to_compile_error();
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

fn check<'a>(cx: &Ctxt, node: &'a DeriveInput) -> (Attrs, Vec<Entry<'a>>) {
    let syn::Data::Enum(data) = &node.data else {
        cx.error_spanned_by(
            &node.ident,
            "ErrorCodes is derived for enums of unit variants",
        );
        return (attr::parse(cx, &node.attrs, Position::Registry), Vec::new());
    };
    if !node.generics.params.is_empty() {
        cx.error_spanned_by(
            &node.generics,
            "an ErrorCodes enum takes no generic parameters",
        );
    }
    let container = attr::parse(cx, &node.attrs, Position::Registry);
    if let Some(base) = &container.type_base {
        check_type_base(cx, &base.value);
    }
    let rule = container
        .rename_all
        .as_ref()
        .map_or_else(|| "snake_case".to_owned(), |rule| rule.value.value());
    let mut entries: Vec<Entry> = Vec::new();
    for variant in &data.variants {
        if !matches!(variant.fields, syn::Fields::Unit) {
            cx.error_spanned_by(
                &variant.fields,
                "an ErrorCodes variant is a plain name: it holds no fields",
            );
        }
        if let Some((_, discriminant)) = &variant.discriminant {
            cx.error_spanned_by(discriminant, "an ErrorCodes variant takes no discriminant");
        }
        let attrs = attr::parse(cx, &variant.attrs, Position::RegistryVariant);
        let Some(entry) = check_entry(cx, &container, &rule, variant, &attrs) else {
            continue;
        };
        if let Some(first) = entries.iter().find(|other| other.code == entry.code) {
            let at = code_tokens(&attrs, &variant.ident);
            cx.error_spanned_by(
                at,
                format!(
                    "code `{}` is also the code of `{}`: codes are unique",
                    entry.code, first.ident
                ),
            );
        }
        entries.push(entry);
    }
    (container, entries)
}

fn code_tokens(attrs: &Attrs, ident: &Ident) -> TokenStream {
    match attrs.code.as_ref().map(|code| &code.value) {
        Some(CodeValue::Literal(lit)) => lit.to_token_stream(),
        _ => ident.to_token_stream(),
    }
}

fn check_entry<'a>(
    cx: &Ctxt,
    container: &Attrs,
    rule: &str,
    variant: &'a syn::Variant,
    attrs: &Attrs,
) -> Option<Entry<'a>> {
    let ident = &variant.ident;
    let code = match attrs.code.as_ref().map(|code| &code.value) {
        Some(CodeValue::Literal(lit)) => lit.clone(),
        Some(CodeValue::Registry(path)) => {
            cx.error_spanned_by(path, "a registry code is a string: `code = \"not_found\"`");
            return None;
        }
        None => LitStr::new(&rename(&crate::ast::name(ident), rule), ident.span()),
    };
    check_code(cx, &code);
    let Some(status) = &attrs.status else {
        // A `status` that did not parse was reported already.
        if attrs.unparsed.may_have_meant(crate::symbol::STATUS) {
            return None;
        }
        cx.error_spanned_by(
            ident,
            format!("missing `status` on `{ident}`: add `#[api(status = 404)]` (400..=599)"),
        );
        return None;
    };
    let status = status.value.1;
    let title = match &attrs.title {
        Some(title) => {
            check_title(cx, &title.value);
            title.value.value()
        }
        None => match reason_phrase(status) {
            Some(phrase) => phrase.to_owned(),
            None => {
                cx.error_spanned_by(
                    ident,
                    format!("status {status} has no standard reason phrase; add `title = \"...\"`"),
                );
                return None;
            }
        },
    };
    let type_uri = match (&attrs.type_uri, &container.type_base) {
        (Some(type_uri), _) => {
            check_uri(cx, &type_uri.value, "type");
            type_uri.value.value()
        }
        (None, Some(base)) => format!("{}{}", base.value.value(), code.value()),
        (None, None) => "about:blank".to_owned(),
    };
    if let Some(title) = &attrs.title {
        check_blank_title(cx, &type_uri, &title.value, status);
    }
    Some(Entry {
        ident,
        code: code.value(),
        status,
        title,
        type_uri,
        expose: attrs
            .expose
            .as_ref()
            .map_or(status < 500, |expose| expose.value),
        description: attr::doc_comment(&variant.attrs),
    })
}

/// The code of a variant under a `rename_all` rule (serde's rules for PascalCase).
fn rename(variant: &str, rule: &str) -> String {
    let mut snake = String::with_capacity(variant.len() + 4);
    for (index, ch) in variant.chars().enumerate() {
        if ch.is_uppercase() && index > 0 {
            snake.push('_');
        }
        snake.push(ch.to_ascii_lowercase());
    }
    match rule {
        "SCREAMING_SNAKE_CASE" => snake.to_ascii_uppercase(),
        "kebab-case" => snake.replace('_', "-"),
        "lowercase" => variant.to_ascii_lowercase(),
        "camelCase" => {
            let mut chars = variant.chars();
            chars
                .next()
                .map(|first| first.to_ascii_lowercase().to_string() + chars.as_str())
                .unwrap_or_default()
        }
        _ => snake,
    }
}

fn expand(node: &DeriveInput, krate: &syn::Path, entries: &[Entry]) -> TokenStream {
    let private = quote!(#krate::__private);
    let ident = &node.ident;
    let type_name = crate::ast::name(ident);
    let variants: Vec<&Ident> = entries.iter().map(|entry| entry.ident).collect();
    let codes: Vec<&str> = entries.iter().map(|entry| entry.code.as_str()).collect();
    let indices = 0..entries.len();
    let count = entries.len();
    let descriptors = entries.iter().map(|entry| {
        let Entry { code, status, title, type_uri, expose, .. } = entry;
        let variant = crate::ast::name(entry.ident);
        let description = match &entry.description {
            Some(text) => quote!(::core::option::Option::Some(#text)),
            None => quote!(::core::option::Option::None),
        };
        let problem_head = json::problem_head(type_uri, title, *status, code);
        let envelope_head = json::envelope_head(code);
        quote! {
            #private::descriptor(
                (#type_name, #variant), #code, #status, #title, #type_uri, #expose, #description,
                #private::LogLevel::for_status(#status), ::core::option::Option::None,
                #private::descriptor_json(#problem_head, #envelope_head, ::core::option::Option::None),
            )
        }
    });
    let expecting = format!("one of the error codes of `{type_name}`");
    let visitor = Ident::new("__ApiCodeVisitor", Span::mixed_site());
    let code_of = Ident::new("__api_code_of", Span::mixed_site());
    // `deprecated`: as for `ApiError`, a deprecated registry or code is named by
    // every generated item.
    quote! {
        #[allow(unused_qualifications, deprecated)]
        const _: () = {
            static __API_REGISTRY: [#private::ErrorDescriptor; #count] = [#(#descriptors),*];

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

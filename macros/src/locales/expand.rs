//! What a type with Fluent files generates: its catalog, and the Fluent variables of
//! each variant.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use super::{Catalog, fluent_id};
use crate::ast::{Field, member_name};
use crate::descriptor::Descriptor;
use crate::generics::Bounds;
use crate::model::{CodeOrigin, Described, Kind, Model, VariantModel};

/// `static __API_LOCALES`: every file, by locale, `include_str!`ed by absolute path.
pub fn catalog_static(catalog: &Catalog) -> TokenStream {
    let locales = catalog.locales.iter().map(|locale| {
        let tag = &locale.tag;
        let files = locale.files.iter().map(|file| {
            let path = file.path.to_string_lossy();
            quote!(::core::include_str!(#path))
        });
        quote!((#tag, &[#(#files),*]))
    });
    let default = &catalog.locales[catalog.default].tag;
    let fallback = catalog.fallback;
    quote! {
        static __API_LOCALES: __api::Localizer =
            __api::Localizer::new(&[#(#locales),*], #default, #fallback);
    }
}

/// `fn __fluent_args`: per variant, the fields its messages name (a transparent
/// variant: its field's); nothing when no variant has any.
pub fn methods(model: &Model, catalog: Option<&Catalog>, bounds: &mut Bounds) -> TokenStream {
    // Without the feature the runtime has no such method (and no catalog was read).
    if !cfg!(feature = "fluent") {
        return TokenStream::new();
    }
    let mut arms = Vec::new();
    for checked in &model.variants {
        match (&checked.kind, catalog) {
            (Kind::Transparent(field), _) => arms.push(forward(checked, field)),
            (Kind::Described(own), Some(catalog)) => {
                arms.extend(args_arm(catalog, checked, own, bounds));
            }
            (Kind::Described(_), None) => {}
        }
    }
    if arms.is_empty() {
        return TokenStream::new();
    }
    let rest = (arms.len() < model.variants.len()).then(|| quote!(_ => {}));
    quote! {
        fn __fluent_args<'__api_a>(&'__api_a self, __api_args: &mut __api::FieldArgs<'__api_a>) {
            #[allow(unused_imports)]
            use __api::{FluentViaDisplay as _, FluentViaValue as _};
            match self { #(#arms)* #rest }
        }
    }
}

/// A descriptor of a type with Fluent files: pointing to its catalog, appended as
/// `.with_localizer(…)`, so a type without files writes nothing for it.
pub fn with_localizer(mut descriptor: Descriptor) -> Descriptor {
    descriptor.append(".with_localizer(&__API_LOCALES)");
    descriptor
}

/// A transparent variant's arm: the field's own method.
fn forward(checked: &VariantModel, field: &Field) -> TokenStream {
    let ty = &field.original.ty;
    let path = checked.variant.path();
    let member = &field.member;
    quote_spanned!(ty.span()=> #path { #member: __api_field, .. } => <#ty as __api::ApiError>::__fluent_args(__api_field, __api_args),)
}

/// The arm that sets each field a message of the variant names, as a Fluent number
/// when it is one, else as its `Display` text. A registry code is known only when the
/// user's crate compiles: its variant sets each of its fields that some message of the
/// catalog names (not the violations, nor a secret-named one), and the runtime passes
/// them only when the entry is exposed.
fn args_arm(
    catalog: &Catalog,
    checked: &VariantModel,
    own: &Described,
    bounds: &mut Bounds,
) -> Option<TokenStream> {
    let names = match &own.origin {
        CodeOrigin::Literal(code) if code.expose => {
            variables(catalog, Some(&fluent_id(&code.code)))
        }
        CodeOrigin::Literal(_) => return None,
        CodeOrigin::Registry { .. } => variables(catalog, None),
    };
    let fields: Vec<&Field> = names
        .iter()
        .filter_map(|name| checked.variant.field_named(name))
        .filter(|field| {
            field.original.ident.is_some()
                && field.attrs.violations.is_none()
                && !crate::secrets::is_secret(&member_name(&field.member))
        })
        .collect();
    if fields.is_empty() {
        return None;
    }
    let path = checked.variant.path();
    let sets = fields.iter().enumerate().map(|(index, field)| {
        bounds.require(&field.original.ty, quote!(::core::fmt::Display));
        let member = &field.member;
        let binding = format_ident!("__api_{}", index, span = Span::mixed_site());
        let name = member_name(member);
        let span = field.original.ty.span();
        (
            quote!(#member: #binding),
            quote_spanned!(span=> __api_args.set(#name, (&__api::FluentArg(#binding)).__fluent_value());),
        )
    });
    let (bindings, sets): (Vec<_>, Vec<_>) = sets.unzip();
    Some(quote!(#path { #(#bindings,)* .. } => { #(#sets)* }))
}

/// The variables the messages of `id` use in any locale; of every message for `None`.
fn variables<'c>(catalog: &'c Catalog, id: Option<&str>) -> Vec<&'c str> {
    let mut names: Vec<&str> = Vec::new();
    let messages = catalog
        .locales
        .iter()
        .flat_map(|locale| &locale.messages)
        .filter(|message| id.is_none_or(|id| message.id == id));
    for (name, _) in messages.flat_map(|message| &message.value_variables) {
        if !names.contains(&name.as_str()) {
            names.push(name);
        }
    }
    names
}

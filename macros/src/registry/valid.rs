//! Checks of an `ErrorCodes` input: its shape (a plain enum of unit variants), each
//! entry's code under the rules `ApiError` applies too, and unique codes.

use quote::ToTokens;

use crate::attr::CodeValue;
use crate::ctxt::Ctxt;
use crate::rules::{self, CodeKeys};
use crate::symbol::STATUS;

use super::ast::{Entry, Registry};

/// Reports every mistake of `registry` to `cx`.
pub fn check(cx: &Ctxt, registry: &Registry) {
    let node = registry.original;
    if !node.generics.params.is_empty() {
        cx.error_spanned_by(
            &node.generics,
            "an ErrorCodes enum takes no generic parameters",
        );
    }
    if let Some(base) = &registry.attrs.type_base {
        rules::check_type_base(cx, &base.value);
    }
    let type_base = rules::type_base_text(registry.attrs.type_base.as_ref());
    let type_base = type_base.as_deref();
    if let Some(domain) = &registry.attrs.domain {
        rules::check_domain(cx, &domain.value);
    }
    let mut codes: Vec<(String, &Entry)> = Vec::new();
    for entry in &registry.entries {
        check_shape(cx, entry.original);
        let Some(code) = check_entry(cx, entry, type_base) else {
            continue;
        };
        if let Some((_, first)) = codes.iter().find(|(other, _)| *other == code) {
            cx.error_spanned_by(
                entry.code.to_token_stream(),
                format!(
                    "code `{code}` is also the code of `{}`: codes are unique",
                    first.ident
                ),
            );
        }
        codes.push((code, entry));
    }
}

/// An entry is a plain name: no fields, no discriminant.
fn check_shape(cx: &Ctxt, variant: &syn::Variant) {
    if !matches!(variant.fields, syn::Fields::Unit) {
        cx.error_spanned_by(
            &variant.fields,
            "an ErrorCodes variant is a plain name: it holds no fields",
        );
    }
    if let Some((_, discriminant)) = &variant.discriminant {
        cx.error_spanned_by(discriminant, "an ErrorCodes variant takes no discriminant");
    }
}

/// Checks an entry's code and keys; its code when it and its title are known.
fn check_entry(cx: &Ctxt, entry: &Entry, type_base: Option<&str>) -> Option<String> {
    let attrs = &entry.attrs;
    if let Some(CodeValue::Registry(path)) = attrs.code.as_ref().map(|code| &code.value) {
        cx.error_spanned_by(path, "a registry code is a string: `code = \"not_found\"`");
        return None;
    }
    let code = entry.code.as_ref()?;
    let checked = rules::check_literal_code(
        cx,
        &CodeKeys {
            ident: entry.ident,
            code,
            status: attrs.status.as_ref().map(|status| &status.value),
            title: attrs.title.as_ref().map(|title| &title.value),
            type_uri: attrs.type_uri.as_ref().map(|type_uri| &type_uri.value),
            type_base,
            status_reported: attrs.unparsed.may_have_meant(STATUS),
            type_reported: false,
        },
    )?;
    checked.title.is_some().then_some(checked.code)
}

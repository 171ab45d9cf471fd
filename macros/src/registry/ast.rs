//! An `ErrorCodes` input as the derive sees it: the enum, its container attributes,
//! and its entries with their codes.

use syn::{DeriveInput, Ident, LitStr};

use crate::ast::{krate_path, name};
use crate::attr::{self, Attrs, CodeValue, Position};
use crate::ctxt::Ctxt;

/// The `ErrorCodes` input.
pub struct Registry<'a> {
    pub original: &'a DeriveInput,
    pub attrs: Attrs,
    /// The runtime crate's path: `crate = "..."`, or `::apierror`.
    pub krate: syn::Path,
    /// Empty for an input that is no enum (reported).
    pub entries: Vec<Entry<'a>>,
}

/// One variant: one code.
pub struct Entry<'a> {
    pub original: &'a syn::Variant,
    pub ident: &'a Ident,
    pub attrs: Attrs,
    /// `code = "..."`, or the variant's name under `rename_all` (spanned on the name);
    /// `None` for a path, which `valid.rs` reports.
    pub code: Option<LitStr>,
    pub doc: Option<String>,
}

impl<'a> Registry<'a> {
    /// Parses the input's attributes, reporting each bad one to `cx`.
    pub fn from_syn(cx: &Ctxt, node: &'a DeriveInput) -> Self {
        let variants = match &node.data {
            syn::Data::Enum(data) => Some(&data.variants),
            _ => {
                cx.error_spanned_by(
                    &node.ident,
                    "ErrorCodes is derived for enums of unit variants",
                );
                None
            }
        };
        let attrs = attr::parse(cx, &node.attrs, Position::Registry);
        let rule = attrs
            .rename_all
            .as_ref()
            .map(|rule| rule.value)
            .unwrap_or_default();
        let entries = variants
            .into_iter()
            .flatten()
            .map(|variant| {
                let attrs = attr::parse(cx, &variant.attrs, Position::RegistryVariant);
                let code = match attrs.code.as_ref().map(|code| &code.value) {
                    Some(CodeValue::Literal(lit)) => Some(lit.clone()),
                    Some(CodeValue::Registry(_)) => None,
                    None => Some(LitStr::new(
                        &rule.apply(&name(&variant.ident)),
                        variant.ident.span(),
                    )),
                };
                Entry {
                    original: variant,
                    ident: &variant.ident,
                    code,
                    doc: attr::doc_comment(&variant.attrs),
                    attrs,
                }
            })
            .collect();
        Registry {
            original: node,
            krate: krate_path(&attrs),
            attrs,
            entries,
        }
    }
}

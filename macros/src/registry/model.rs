//! The checked `ErrorCodes` input as the expansion reads it: per entry, its code's
//! facts with the defaults applied. Built only after `valid.rs` found nothing wrong.

use syn::Ident;

use crate::model::LiteralCode;
use crate::rules;

use super::ast::Registry;

/// The registry and its entries, in declaration order.
pub struct RegistryModel<'a> {
    pub registry: &'a Registry<'a>,
    pub entries: Vec<EntryModel<'a>>,
}

/// One entry: its variant, its code's facts and its doc comment.
pub struct EntryModel<'a> {
    pub ident: &'a Ident,
    pub code: LiteralCode,
    pub description: Option<&'a str>,
}

impl<'a> RegistryModel<'a> {
    /// The model of a registry `valid::check` passed.
    pub fn from_registry(registry: &'a Registry<'a>) -> Self {
        let type_base = rules::type_base_text(registry.attrs.type_base.as_ref());
        let type_base = type_base.as_deref();
        let entries = registry
            .entries
            .iter()
            .filter_map(|entry| {
                Some(EntryModel {
                    ident: entry.ident,
                    code: LiteralCode::new(entry.code.as_ref()?, &entry.attrs, type_base)?,
                    description: entry.doc.as_deref(),
                })
            })
            .collect();
        RegistryModel { registry, entries }
    }
}

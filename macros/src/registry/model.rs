//! The checked `ErrorCodes` input as the expansion reads it: per entry, its code's
//! facts with the defaults applied. Built only after `valid.rs` found nothing wrong.

use syn::Ident;

use crate::model::LiteralCode;

use super::ast::Registry;

pub struct RegistryModel<'a> {
    pub registry: &'a Registry<'a>,
    pub entries: Vec<EntryModel<'a>>,
}

pub struct EntryModel<'a> {
    pub ident: &'a Ident,
    pub code: LiteralCode,
    pub description: Option<&'a str>,
}

impl<'a> RegistryModel<'a> {
    pub fn from_registry(registry: &'a Registry<'a>) -> Self {
        let type_base = registry.attrs.type_base.as_ref().map(|base| &base.value);
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

//! The checks of a variant's messages against its code and fields.

use syn::LitStr;

use super::{Catalog, fluent_id};
use crate::ast::{Variant, member_name};
use crate::ctxt::Ctxt;

/// Checks the messages of one variant's literal `code`: present in the default
/// locale, and in every other unless `fallback = true`; each variable an exposed field;
/// a constant title. `expose` is `None` when a mistyped key left it unknown.
pub fn check_variant(
    cx: &Ctxt,
    catalog: &Catalog,
    variant: &Variant,
    code: &LitStr,
    expose: Option<bool>,
) {
    let id = fluent_id(&code.value());
    // The default locale first: a code missing there is one error, not one per locale.
    let order = std::iter::once(catalog.default)
        .chain((0..catalog.locales.len()).filter(|index| *index != catalog.default));
    for index in order {
        let locale = &catalog.locales[index];
        let Some(message) = catalog.message(index, &id) else {
            if locale.has_syntax_error {
                // Perhaps in what the syntax error made Fluent skip: that error says
                // what to fix.
                continue;
            } else if index == catalog.default {
                cx.error_spanned_by(
                    code,
                    format!(
                        "no message for the code `{}` in the default locale `{}`: add \
                         `{id} = ...` to a file in {}/ (a code's Fluent id has `-` for `_` and `.`)",
                        code.value(),
                        locale.tag,
                        locale.shown,
                    ),
                );
                return;
            } else if !catalog.fallback {
                cx.error_spanned_by(
                    code,
                    format!(
                        "no message for the code `{}` in the locale `{}`: add `{id} = ...` to a \
                         file in {}/, or set `fallback = true` on the type to answer in `{}` there",
                        code.value(),
                        locale.tag,
                        locale.shown,
                        catalog.locales[catalog.default].tag,
                    ),
                );
            }
            continue;
        };
        if index == catalog.default && !message.has_value {
            cx.error_spanned_by(
                code,
                format!(
                    "{}: the message `{id}` has no value in the default locale: its value is the \
                     response's `detail`",
                    message.at
                ),
            );
        }
        for (name, at) in &message.title_variables {
            cx.error_spanned_by(
                code,
                format!(
                    "{at}: the `.title` of `{id}` uses `{{ ${name} }}`, but a title is the same \
                     for every occurrence (RFC 9457): move the value to the message's detail"
                ),
            );
        }
        for (name, at) in &message.value_variables {
            if let Some(problem) = variable_problem(variant, name, expose) {
                cx.error_spanned_by(code, format!("{at}: `{{ ${name} }}` in `{id}` {problem}"));
            }
        }
    }
}

/// Why `$name` may not stand in a message of `variant`, if it may not.
fn variable_problem(variant: &Variant, name: &str, expose: Option<bool>) -> Option<String> {
    let ident = variant.ident;
    if expose == Some(false) {
        return Some(format!(
            "sends a field, but `{ident}` is not exposed (5xx, or `expose = false`), so its \
             messages take no placeholders"
        ));
    }
    let Some(field) = variant
        .fields
        .iter()
        .find(|field| field.original.ident.is_some() && member_name(&field.member) == name)
    else {
        let names: Vec<String> = variant
            .fields
            .iter()
            .filter(|field| field.original.ident.is_some())
            .map(|field| format!("`{}`", member_name(&field.member)))
            .collect();
        let fields = match names.is_empty() {
            true => "it has no named fields".to_owned(),
            false => format!("its fields: {}", names.join(", ")),
        };
        let known: Vec<&str> = names.iter().map(|name| name.trim_matches('`')).collect();
        let hint = crate::attr::did_you_mean(name, &known)
            .map(|close| format!("; did you mean `{{ ${close} }}`?"))
            .unwrap_or_default();
        return Some(format!("names no field of `{ident}` ({fields}){hint}"));
    };
    if field.attrs.violations.is_some() {
        return Some(format!(
            "names the violations of `{ident}`, which are their own member, not a text"
        ));
    }
    crate::secrets::is_secret(name).then(|| {
        format!(
            "sends the field `{name}` to the client, and its name says secret: leave it out of \
             the message"
        )
    })
}

//! Checks across the attributes and variants of an `ApiError` input. Every check
//! reports to the `Ctxt` and goes on, so all mistakes are reported together; what the
//! expansion writes is decided by `model.rs`, once nothing here found a mistake.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::LitStr;

use crate::ast::{Field, Input, Variant, member_name};
use crate::attr::{CodeValue, Keyed, did_you_mean};
use crate::ctxt::Ctxt;
use crate::facts::{GRPC_CODES, RESERVED_HEADERS, RESERVED_MEMBERS, grpc_for_status};
use crate::rules::{self, CheckedCode, CodeKeys};
use crate::symbol::{CODE, EXPOSE, GRPC, MESSAGE, STATUS, TYPE, TYPE_BASE};

/// A literal code as checked, for the check that one code means one thing.
struct UsedCode<'a> {
    variant: &'a Variant<'a>,
    code: &'a LitStr,
    checked: CheckedCode,
}

/// Reports every mistake of `input` to `cx`; per variant, in order, its literal code
/// as checked, which the model takes rather than reading the code's keys again.
pub fn check(cx: &Ctxt, input: &Input) -> Vec<Option<CheckedCode>> {
    if let Some(base) = &input.attrs.type_base {
        rules::check_type_base(cx, &base.value);
    }
    let type_base = rules::type_base_text(input.attrs.type_base.as_ref());
    let type_base = type_base.as_deref();
    if let Some(domain) = &input.attrs.domain {
        rules::check_domain(cx, &domain.value);
    }
    // A mistyped container key (`type_bse`) must not turn into an error on every
    // variant that relied on it.
    let container_broken = input.attrs.unparsed.may_have_meant(TYPE_BASE);
    let used: Vec<Option<UsedCode>> = input
        .variants()
        .iter()
        .map(|variant| check_variant(cx, variant, type_base, container_broken))
        .collect();
    let codes: Vec<&UsedCode> = used.iter().flatten().collect();
    check_codes_agree(cx, &codes);
    if let Some(catalog) = &input.locales {
        for used in &codes {
            let expose = used
                .variant
                .attrs
                .expose
                .as_ref()
                .map(|expose| expose.value);
            let expose = expose.or_else(|| {
                (!used.variant.attrs.unparsed.may_have_meant(EXPOSE))
                    .then(|| rules::default_expose(used.checked.status))
            });
            crate::locales::check::check_variant(cx, catalog, used.variant, used.code, expose);
        }
    }
    used.into_iter()
        .map(|used| used.map(|used| used.checked))
        .collect()
}

/// Checks one variant; its literal code, when it has one whose status is known.
fn check_variant<'a>(
    cx: &Ctxt,
    variant: &'a Variant<'a>,
    type_base: Option<&str>,
    container_broken: bool,
) -> Option<UsedCode<'a>> {
    let attrs = &variant.attrs;
    crate::example::check(cx, variant);
    if let Some(transparent) = &attrs.transparent {
        check_transparent(cx, variant, transparent);
        return None;
    }
    let Some(code) = &attrs.code else {
        // A key that did not parse was already reported, maybe this very `code`.
        if !may_have_meant(variant, CODE) {
            cx.error_spanned_by(
                variant.ident,
                format!("missing `#[api(code = \"...\")]` on `{}`", variant.ident),
            );
        }
        return None;
    };
    // An `expose = ...` that did not parse: whether the variant is exposed is
    // unknown, so no check that depends on it reports.
    let expose_unknown = attrs.unparsed.may_have_meant(EXPOSE);
    let explicit_expose = attrs.expose.as_ref().map(|expose| expose.value);
    let (expose, used) = match &code.value {
        CodeValue::Literal(lit) => {
            let checked = rules::check_literal_code(
                cx,
                &CodeKeys {
                    ident: variant.ident,
                    code: lit,
                    status: attrs.status.as_ref().map(|status| &status.value),
                    title: attrs.title.as_ref().map(|title| &title.value),
                    type_uri: attrs.type_uri.as_ref().map(|type_uri| &type_uri.value),
                    type_base,
                    status_reported: may_have_meant(variant, STATUS),
                    // A mistyped key may be the `type` or `type_base` that was meant.
                    type_reported: container_broken
                        || attrs.unparsed.may_have_meant(TYPE)
                        || attrs.unparsed.may_have_meant(TYPE_BASE),
                },
            )?;
            let expose = match explicit_expose {
                None if expose_unknown => None,
                None => Some(rules::default_expose(checked.status)),
                explicit => explicit,
            };
            let used = UsedCode {
                variant,
                code: lit,
                checked,
            };
            (expose, Some(used))
        }
        CodeValue::Registry(path) => {
            check_registry_code(cx, variant, path);
            (explicit_expose, None)
        }
    };
    check_message(cx, variant, expose);
    // A `message` that did not parse was meant to replace `Display`.
    let display_sent = attrs.message.is_none() && !attrs.unparsed.may_have_meant(MESSAGE);
    if expose == Some(true) && display_sent {
        crate::secrets::check_display(cx, variant);
    }
    check_fields(cx, variant, expose);
    used
}

/// A registry entry supplies status, title and type: none of them stands beside it.
fn check_registry_code(cx: &Ctxt, variant: &Variant, path: &syn::Path) {
    let attrs = &variant.attrs;
    let path = path.to_token_stream().to_string().replace(' ', "");
    let keys = [
        key_of(&attrs.status),
        key_of(&attrs.title),
        key_of(&attrs.type_uri),
        key_of(&attrs.grpc),
    ];
    report_keys(cx, keys, |key| {
        format!(
            "`{key}` comes from the registry entry `{path}`: the registry is the source of truth, so remove it here"
        )
    });
}

/// Whether `key` may have been meant by an attribute already reported: on the
/// variant, or written on one of its fields (`#[api(code = ...)]` one line too low),
/// where the error said where it belongs.
fn may_have_meant(variant: &Variant, key: &str) -> bool {
    variant.attrs.unparsed.may_have_meant(key)
        || variant
            .fields
            .iter()
            .any(|field| field.attrs.unparsed.named(key))
}

fn key_of<T>(keyed: &Option<Keyed<T>>) -> Option<&syn::Path> {
    keyed.as_ref().map(|keyed| &keyed.key)
}

fn check_transparent(cx: &Ctxt, variant: &Variant, transparent: &Keyed<()>) {
    let attrs = &variant.attrs;
    let beside = [
        key_of(&attrs.code),
        key_of(&attrs.status),
        key_of(&attrs.title),
        key_of(&attrs.type_uri),
        key_of(&attrs.expose),
        key_of(&attrs.message),
        key_of(&attrs.log),
        key_of(&attrs.grpc),
    ];
    report_keys(cx, beside, |key| {
        format!(
            "`transparent` forwards everything to the field's ApiError, so `{key}` cannot stand beside it"
        )
    });
    let [field] = variant.fields.as_slice() else {
        cx.error_spanned_by(
            &transparent.key,
            format!(
                "`transparent` needs exactly one field, and `{}` has {}",
                variant.ident,
                variant.fields.len()
            ),
        );
        return;
    };
    for key in field_keys(field) {
        cx.error_spanned_by(
            key,
            "a transparent variant's field forwards everything; it takes no api attributes",
        );
    }
}

fn field_keys<'f>(field: &'f Field) -> impl Iterator<Item = &'f syn::Path> {
    let attrs = &field.attrs;
    [
        key_of(&attrs.field),
        key_of(&attrs.extension),
        key_of(&attrs.violations),
        key_of(&attrs.inner),
        key_of(&attrs.header),
    ]
    .into_iter()
    .flatten()
}

fn check_message(cx: &Ctxt, variant: &Variant, expose: Option<bool>) {
    let (Some(message), Some(template)) = (&variant.attrs.message, &variant.template) else {
        return;
    };
    let lit = &message.value;
    let template = match template {
        Ok(template) => template,
        Err(problem) => {
            cx.error_spanned_by(lit, problem);
            return;
        }
    };
    if template.placeholders.is_empty() {
        return;
    }
    if expose == Some(false) {
        cx.error_spanned_by(
            lit,
            "this variant is not exposed (5xx, or `expose = false`), so its message must be constant: \
             nothing of the value may reach the client",
        );
    }
    let names: Vec<String> = variant
        .fields
        .iter()
        .map(|field| member_name(&field.member))
        .collect();
    let placeholders = template
        .placeholders
        .iter()
        .map(|p| (p, format!("{{{}}}", p.member)));
    let counts = template
        .counts
        .iter()
        .map(|p| (p, format!("{}$", p.member)));
    for (placeholder, written) in placeholders.chain(counts) {
        if variant.field_named(&placeholder.member).is_none() {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let hint = match did_you_mean(&placeholder.member, &names) {
                Some(name) => format!("; did you mean `{name}`?"),
                None => String::new(),
            };
            cx.error_spanned_by(
                lit,
                format!(
                    "message names `{written}`, but `{}` has no such field{hint}",
                    variant.ident
                ),
            );
        }
    }
}

/// The roles of a variant's fields that may occur once, met so far.
#[derive(Default)]
struct FieldRoles {
    field: bool,
    violations: bool,
    inner: bool,
    extensions: Vec<String>,
    headers: Vec<String>,
}

fn check_fields(cx: &Ctxt, variant: &Variant, expose: Option<bool>) {
    let mut roles = FieldRoles::default();
    for field in &variant.fields {
        let attrs = &field.attrs;
        if expose == Some(false) {
            check_unexposed_field(cx, field);
        }
        if let Some(key) = &attrs.field {
            once(cx, &mut roles.field, &key.key, "field");
        }
        if let Some(key) = &attrs.violations {
            if attrs.field.is_some() {
                cx.error_spanned_by(
                    &key.key,
                    "one field cannot be both `field` and `violations`",
                );
            }
            once(cx, &mut roles.violations, &key.key, "violations");
        }
        if let Some(key) = &attrs.inner {
            if attrs.field.is_some() || attrs.violations.is_some() || attrs.extension.is_some() {
                cx.error_spanned_by(
                    &key.key,
                    "an `inner` error is shown by its code alone; it cannot also be `field`, `violations` or `extension`",
                );
            }
            once(cx, &mut roles.inner, &key.key, "inner");
        }
        if let Some(extension) = &attrs.extension
            && let Some(name) = extension_name(cx, field, extension)
        {
            if roles.extensions.contains(&name) {
                cx.error_spanned_by(
                    &extension.key,
                    format!("two extensions named `{name}` in one variant"),
                );
            }
            roles.extensions.push(name);
        }
        if let Some(header) = &attrs.header
            && let Some(name) = header_name(cx, &header.value)
        {
            if roles.headers.contains(&name) {
                cx.error_spanned_by(
                    &header.value,
                    format!(
                        "two fields set header `{}` in one variant",
                        header.value.value()
                    ),
                );
            }
            roles.headers.push(name);
        }
    }
}

/// On a variant that is not exposed, an attribute that shows a field never would.
fn check_unexposed_field(cx: &Ctxt, field: &Field) {
    let attrs = &field.attrs;
    let keys = [
        key_of(&attrs.field),
        key_of(&attrs.extension),
        key_of(&attrs.violations),
        key_of(&attrs.inner),
    ];
    report_keys(cx, keys, |key| {
        format!(
            "`{key}` on a variant that is not exposed (5xx, or `expose = false`) would never reach the client; \
             set `expose = true` on the variant or remove it"
        )
    });
}

/// An error under each key that was written, its message made from the key's name.
fn report_keys<'k>(
    cx: &Ctxt,
    keys: impl IntoIterator<Item = Option<&'k syn::Path>>,
    message: impl Fn(&TokenStream) -> String,
) {
    for key in keys.into_iter().flatten() {
        cx.error_spanned_by(key, message(&key.to_token_stream()));
    }
}

/// A role a variant gives at most one field.
fn once(cx: &Ctxt, seen: &mut bool, key: &syn::Path, role: &str) {
    if *seen {
        cx.error_spanned_by(key, format!("a variant has at most one `{role}` field"));
    }
    *seen = true;
}

/// The member name of an extension: `extension = "name"`, or the field's name.
/// RFC 9457 section 3.2: a letter first, then `[A-Za-z0-9_]`, three characters or more.
fn extension_name(cx: &Ctxt, field: &Field, extension: &Keyed<Option<LitStr>>) -> Option<String> {
    let Some((name, spanned)) = field.extension_name(extension) else {
        cx.error_spanned_by(
            &extension.key,
            "a tuple field's extension needs a name: `extension = \"name\"`",
        );
        return None;
    };
    let well_formed = name.len() >= 3
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !well_formed {
        let hint = if extension.value.is_none() {
            "; the name comes from the field, so give one: `extension = \"name\"`"
        } else {
            ""
        };
        cx.error_spanned_by(
            spanned,
            format!(
                "extension name `{name}` goes against RFC 9457 section 3.2: start with a letter, use only \
                 letters, digits and `_`, and use three characters or more{hint}"
            ),
        );
        return None;
    }
    if RESERVED_MEMBERS.contains(&name.as_str()) {
        cx.error_spanned_by(
            spanned,
            format!(
                "extension name `{name}` is a member apierror writes itself; choose another name"
            ),
        );
        return None;
    }
    Some(name)
}

/// A header name is an RFC 9110 token, and not one the renderer owns.
fn header_name(cx: &Ctxt, lit: &LitStr) -> Option<String> {
    let name = lit.value();
    let is_token = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !is_token {
        cx.error_spanned_by(
            lit,
            format!("{name:?} is not a valid header name (RFC 9110 section 5.1)"),
        );
        return None;
    }
    let lower = name.to_ascii_lowercase();
    if RESERVED_HEADERS.contains(&lower.as_str()) {
        let why = match lower.as_str() {
            "content-type" | "x-trace-id" | "x-ms-error-code" => "is set by apierror itself",
            _ => "frames the message: the server sets it",
        };
        cx.error_spanned_by(lit, format!("header `{name}` {why}"));
        return None;
    }
    Some(lower)
}

/// The gRPC code a literal code answers with (`GrpcCode` variant name): its `grpc`,
/// else its status's; `None` when a `grpc` was written but reported as wrong.
fn grpc_of(used: &UsedCode) -> Option<&'static str> {
    let attrs = &used.variant.attrs;
    match &attrs.grpc {
        Some(grpc) => Some(grpc.value),
        None if attrs.unparsed.named(GRPC) => None,
        None => Some(grpc_for_status(used.checked.status)),
    }
}

/// A `GrpcCode` variant's name as `grpc = "…"` writes it.
fn grpc_name(variant: &str) -> &'static str {
    GRPC_CODES
        .iter()
        .find(|(_, known)| *known == variant)
        .map_or("unknown", |(name, _)| *name)
}

/// One code means one status, one title, one type and one gRPC code within a type.
fn check_codes_agree(cx: &Ctxt, codes: &[&UsedCode]) {
    let mut seen: BTreeMap<&str, &UsedCode> = BTreeMap::new();
    for &used in codes {
        let code = &used.checked.code;
        let Some(first) = seen.get(code.as_str()) else {
            seen.insert(code, used);
            continue;
        };
        let (there, here) = (&first.checked, &used.checked);
        let (first_title, title) = (
            there.title.as_deref().unwrap_or_default(),
            here.title.as_deref().unwrap_or_default(),
        );
        let disagreement = if there.status != here.status {
            format!("status {} there and {} here", there.status, here.status)
        } else if first_title != title {
            format!("title {first_title:?} there and {title:?} here")
        } else if there.type_uri != here.type_uri {
            format!(
                "type {:?} there and {:?} here",
                there.type_uri, here.type_uri
            )
        } else if let (Some(first_grpc), Some(grpc)) = (grpc_of(first), grpc_of(used))
            && first_grpc != grpc
        {
            format!(
                "gRPC code \"{}\" there and \"{}\" here",
                grpc_name(first_grpc),
                grpc_name(grpc)
            )
        } else {
            continue;
        };
        cx.error_spanned_by(
            used.code,
            format!(
                "code `{code}` is also used by `{}`, with {disagreement}: one code, one meaning",
                first.variant.ident
            ),
        );
    }
}

//! Checks across attributes and variants, and the resolved model the expansion
//! is written from. Every check reports to the `Ctxt` and goes on.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::LitStr;

use crate::ast::{Field, Input, Variant, member_name};
use crate::attr::{CodeValue, Keyed, LogLevel, did_you_mean};
use crate::ctxt::Ctxt;
use crate::status::reason_phrase;
use crate::symbol::{CODE, EXPOSE, STATUS, TYPE, TYPE_BASE};
use crate::template::{self, Template};

/// The checked input: everything the expansion needs, resolved.
pub struct Model<'a> {
    pub input: &'a Input<'a>,
    pub krate: TokenStream,
    pub variants: Vec<Checked<'a>>,
}

pub struct Checked<'a> {
    pub variant: &'a Variant<'a>,
    pub kind: Kind<'a>,
}

// Built once per variant while the derive runs; boxing `Own` would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Kind<'a> {
    /// Forwards everything to the one field's `ApiError`.
    Transparent(&'a Field<'a>),
    Own(Own<'a>),
}

pub struct Own<'a> {
    pub source: Source,
    /// `None` when a registry entry decides.
    pub expose: Option<bool>,
    pub message: Message,
    pub log: Option<LogLevel>,
    pub field: Option<&'a Field<'a>>,
    pub violations: Option<&'a Field<'a>>,
    pub extensions: Vec<(String, &'a Field<'a>)>,
    /// Lowercase header names.
    pub headers: Vec<(String, &'a Field<'a>)>,
    /// The variant's place in the type's static catalog.
    pub index: usize,
}

pub enum Source {
    Literal {
        code: String,
        status: u16,
        title: String,
        type_uri: String,
    },
    Registry(syn::Path),
}

pub enum Message {
    /// The error's own `Display`.
    Display,
    Constant(String),
    Template(Template),
}

/// Members the renderer writes itself, which an extension may not shadow.
const RESERVED_MEMBERS: &[&str] = &[
    "type",
    "title",
    "status",
    "detail",
    "instance",
    "code",
    "trace_id",
    "field",
    "errors",
    "errors_truncated",
    "debug",
    "message",
    "details",
];

/// Headers the renderer sets itself or that frame the message.
const RESERVED_HEADERS: &[&str] = &[
    "content-type",
    "content-length",
    "transfer-encoding",
    "connection",
    "x-trace-id",
];

pub fn check<'a>(cx: &Ctxt, input: &'a Input<'a>) -> Model<'a> {
    let type_base = input.attrs.type_base.as_ref().map(|base| &base.value);
    if let Some(base) = type_base {
        check_type_base(cx, base);
    }
    let mut next_index = 0;
    // A mistyped container key (`type_bse`) must not turn into an error on every
    // variant that relied on it.
    let container_broken = input.attrs.unparsed.may_have_meant(TYPE_BASE);
    let variants = input
        .variants()
        .iter()
        .filter_map(|variant| {
            let kind = check_variant(cx, variant, type_base, container_broken, &mut next_index)?;
            Some(Checked { variant, kind })
        })
        .collect::<Vec<_>>();
    check_codes_agree(cx, &variants);
    Model {
        input,
        krate: input.krate.to_token_stream(),
        variants,
    }
}

fn check_variant<'a>(
    cx: &Ctxt,
    variant: &'a Variant<'a>,
    type_base: Option<&LitStr>,
    container_broken: bool,
    next_index: &mut usize,
) -> Option<Kind<'a>> {
    let attrs = &variant.attrs;
    if let Some(transparent) = &attrs.transparent {
        return check_transparent(cx, variant, transparent).map(Kind::Transparent);
    }
    let Some(code) = &attrs.code else {
        // A key that did not parse was already reported, maybe this very `code`.
        if may_have_meant(variant, CODE) {
            return None;
        }
        cx.error_spanned_by(
            variant.ident,
            format!("missing `#[api(code = \"...\")]` on `{}`", variant.ident),
        );
        return None;
    };
    let source = match &code.value {
        CodeValue::Literal(lit) => {
            check_literal_source(cx, variant, lit, type_base, container_broken)?
        }
        CodeValue::Registry(path) => {
            for key in [
                key_of(&attrs.status),
                key_of(&attrs.title),
                key_of(&attrs.type_uri),
            ]
            .into_iter()
            .flatten()
            {
                cx.error_spanned_by(
                    key,
                    format!(
                        "`{}` comes from the registry entry `{}`: the registry is the source of truth, so remove it here",
                        key.to_token_stream(),
                        path.to_token_stream().to_string().replace(' ', "")
                    ),
                );
            }
            Source::Registry(path.clone())
        }
    };
    let expose = match (&attrs.expose, &source) {
        (Some(expose), _) => Some(expose.value),
        // An `expose = ...` that did not parse: whether the variant is exposed is
        // unknown, so no check that depends on it reports.
        (None, _) if attrs.unparsed.may_have_meant(EXPOSE) => None,
        (None, Source::Literal { status, .. }) => Some(*status < 500),
        (None, Source::Registry(_)) => None,
    };
    let message = check_message(cx, variant, expose);
    // A `message` that did not parse was meant to replace `Display`.
    let display_sent =
        attrs.message.is_none() && !attrs.unparsed.may_have_meant(crate::symbol::MESSAGE);
    if expose == Some(true) && display_sent {
        crate::secrets::check_display(cx, variant);
    }
    let mut own = Own {
        source,
        expose,
        message,
        log: attrs.log.as_ref().map(|log| log.value),
        field: None,
        violations: None,
        extensions: Vec::new(),
        headers: Vec::new(),
        index: *next_index,
    };
    check_fields(cx, variant, &mut own);
    *next_index += 1;
    Some(Kind::Own(own))
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

fn check_transparent<'a>(
    cx: &Ctxt,
    variant: &'a Variant<'a>,
    transparent: &Keyed<()>,
) -> Option<&'a Field<'a>> {
    let attrs = &variant.attrs;
    let beside = [
        key_of(&attrs.code),
        key_of(&attrs.status),
        key_of(&attrs.title),
        key_of(&attrs.type_uri),
        key_of(&attrs.expose),
        key_of(&attrs.message),
        key_of(&attrs.log),
    ];
    for key in beside.into_iter().flatten() {
        cx.error_spanned_by(
            key,
            format!("`transparent` forwards everything to the field's ApiError, so `{}` cannot stand beside it", key.to_token_stream()),
        );
    }
    let [field] = variant.fields.as_slice() else {
        cx.error_spanned_by(
            &transparent.key,
            format!(
                "`transparent` needs exactly one field, and `{}` has {}",
                variant.ident,
                variant.fields.len()
            ),
        );
        return None;
    };
    for key in field_keys(field) {
        cx.error_spanned_by(
            key,
            "a transparent variant's field forwards everything; it takes no api attributes",
        );
    }
    Some(field)
}

fn field_keys<'f>(field: &'f Field) -> impl Iterator<Item = &'f syn::Path> {
    let attrs = &field.attrs;
    [
        key_of(&attrs.field),
        key_of(&attrs.extension),
        key_of(&attrs.violations),
        key_of(&attrs.header),
    ]
    .into_iter()
    .flatten()
}

fn check_literal_source(
    cx: &Ctxt,
    variant: &Variant,
    code: &LitStr,
    type_base: Option<&LitStr>,
    container_broken: bool,
) -> Option<Source> {
    let attrs = &variant.attrs;
    check_code(cx, code);
    if let Some(title) = &attrs.title {
        check_title(cx, &title.value);
    }
    let Some(status) = &attrs.status else {
        if may_have_meant(variant, STATUS) {
            return None;
        }
        cx.error_spanned_by(
            variant.ident,
            format!(
                "missing `status` on `{}`: add `#[api(status = 404)]` (400..=599)",
                variant.ident
            ),
        );
        return None;
    };
    let status = status.value.1;
    let type_uri = match (&attrs.type_uri, type_base) {
        (Some(type_uri), _) => {
            check_uri(cx, &type_uri.value, "type");
            type_uri.value.value()
        }
        (None, Some(base)) => format!("{}{}", base.value(), code.value()),
        (None, None) => "about:blank".to_owned(),
    };
    // A mistyped key may be the `type` or `type_base` that was meant.
    let type_may_be_missing = container_broken
        || attrs.unparsed.may_have_meant(TYPE)
        || attrs.unparsed.may_have_meant(TYPE_BASE);
    let title = match &attrs.title {
        Some(title) => {
            if !type_may_be_missing {
                check_blank_title(cx, &type_uri, &title.value, status);
            }
            title.value.value()
        }
        None => match reason_phrase(status) {
            Some(phrase) => phrase.to_owned(),
            None => {
                let also_type = if type_uri == "about:blank" {
                    " and a problem type URI (`#[api(type_base = \"https://errors.example.com/\")]` \
                     on the type or `type = \"https://...\"` here)"
                } else {
                    ""
                };
                cx.error_spanned_by(
                    status_lit(variant),
                    format!(
                        "status {status} has no standard reason phrase to use as the title; \
                         add `title = \"...\"`{also_type}"
                    ),
                );
                String::new()
            }
        },
    };
    Some(Source::Literal {
        code: code.value(),
        status,
        title,
        type_uri,
    })
}

fn status_lit(variant: &Variant) -> TokenStream {
    variant
        .attrs
        .status
        .as_ref()
        .map(|status| status.value.0.to_token_stream())
        .unwrap_or_default()
}

/// RFC 9457 section 4.2.1: with type `about:blank`, the title is the status phrase.
pub fn check_blank_title(cx: &Ctxt, type_uri: &str, title: &LitStr, status: u16) {
    if type_uri == "about:blank" && reason_phrase(status) != Some(title.value().as_str()) {
        cx.error_spanned_by(
            title,
            "a custom title needs a problem type URI: with type `about:blank`, RFC 9457 wants the status phrase as the title; \
             add `#[api(type_base = \"https://errors.example.com/\")]` on the type or `type = \"https://...\"` here",
        );
    }
}

/// A code is 1 to 64 characters of `[A-Za-z][A-Za-z0-9_.-]*`.
pub fn check_code(cx: &Ctxt, code: &LitStr) {
    let text = code.value();
    let problem = if text.is_empty() {
        Some("a code cannot be empty")
    } else if text.len() > 64 {
        Some("a code has at most 64 characters")
    } else if !text.starts_with(|c: char| c.is_ascii_alphabetic())
        || !text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        Some("a code starts with a letter and holds only letters, digits, `_`, `.` and `-`")
    } else {
        None
    };
    if let Some(problem) = problem {
        cx.error_spanned_by(code, format!("invalid code {:?}: {problem}", text));
    }
}

/// RFC 9457: the title does not change from occurrence to occurrence.
pub fn check_title(cx: &Ctxt, title: &LitStr) {
    if title.value().contains(['{', '}']) {
        cx.error_spanned_by(
            title,
            "a title is constant (RFC 9457: it does not change between occurrences); put per-occurrence text in `message`",
        );
    }
}

/// A `type_base` is a type URI that the code is appended to, so it must end where a
/// code can follow: `https://errors.example.com` would give `https://errors.example.coma`.
pub fn check_type_base(cx: &Ctxt, base: &LitStr) {
    check_uri(cx, base, TYPE_BASE);
    let text = base.value();
    if !text.ends_with(['/', '#', ':', '=']) {
        // A URL takes a path segment; a URN (`urn:example:errors`) takes a name part.
        let separator = if text.contains("://") { '/' } else { ':' };
        cx.error_spanned_by(
            base,
            format!(
                "the code is appended to `type_base`, so it ends in `/`, `#`, `:` or `=`: write {:?}",
                format!("{text}{separator}")
            ),
        );
    }
}

/// A type URI is absolute (it has a scheme) and holds no character a URI cannot.
pub fn check_uri(cx: &Ctxt, uri: &LitStr, key: &str) {
    let text = uri.value();
    let scheme = text
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .unwrap_or_default();
    let has_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let bad_char = text
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "\"<>\\^`{|}".contains(*c));
    if !has_scheme {
        cx.error_spanned_by(
            uri,
            format!("`{key}` must be an absolute URI such as \"https://errors.example.com/\""),
        );
    } else if let Some(bad) = bad_char {
        cx.error_spanned_by(
            uri,
            format!("`{key}` holds {bad:?}, which a URI cannot; percent-encode it"),
        );
    }
}

fn check_message(cx: &Ctxt, variant: &Variant, expose: Option<bool>) -> Message {
    let Some(message) = &variant.attrs.message else {
        return Message::Display;
    };
    let lit = &message.value;
    let template = match template::parse(&lit.value()) {
        Ok(template) => template,
        Err(problem) => {
            cx.error_spanned_by(lit, problem);
            return Message::Display;
        }
    };
    if let Some(text) = template.constant_text() {
        return Message::Constant(text);
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
    for placeholder in &template.placeholders {
        if variant.field_named(&placeholder.member).is_none() {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let hint = match did_you_mean(&placeholder.member, &names) {
                Some(name) => format!("; did you mean `{name}`?"),
                None => String::new(),
            };
            cx.error_spanned_by(
                lit,
                format!(
                    "message names `{{{}}}`, but `{}` has no such field{hint}",
                    placeholder.member, variant.ident
                ),
            );
        }
    }
    Message::Template(template)
}

fn check_fields<'a>(cx: &Ctxt, variant: &'a Variant<'a>, own: &mut Own<'a>) {
    for field in &variant.fields {
        let attrs = &field.attrs;
        if own.expose == Some(false) {
            let keys = [
                key_of(&attrs.field),
                key_of(&attrs.extension),
                key_of(&attrs.violations),
            ];
            for key in keys.into_iter().flatten() {
                cx.error_spanned_by(
                    key,
                    format!(
                        "`{}` on a variant that is not exposed (5xx, or `expose = false`) would never reach the client; \
                         set `expose = true` on the variant or remove it",
                        key.to_token_stream()
                    ),
                );
            }
        }
        if let Some(key) = &attrs.field {
            set_once(cx, &mut own.field, field, &key.key, "field");
        }
        if let Some(key) = &attrs.violations {
            if attrs.field.is_some() {
                cx.error_spanned_by(
                    &key.key,
                    "one field cannot be both `field` and `violations`",
                );
            }
            set_once(cx, &mut own.violations, field, &key.key, "violations");
        }
        if let Some(extension) = &attrs.extension
            && let Some(name) = extension_name(cx, field, extension)
        {
            if own.extensions.iter().any(|(other, _)| *other == name) {
                cx.error_spanned_by(
                    &extension.key,
                    format!("two extensions named `{name}` in one variant"),
                );
            }
            own.extensions.push((name, field));
        }
        if let Some(header) = &attrs.header
            && let Some(name) = header_name(cx, &header.value)
        {
            if own.headers.iter().any(|(other, _)| *other == name) {
                cx.error_spanned_by(
                    &header.value,
                    format!(
                        "two fields set header `{}` in one variant",
                        header.value.value()
                    ),
                );
            }
            own.headers.push((name, field));
        }
    }
}

fn set_once<'a>(
    cx: &Ctxt,
    slot: &mut Option<&'a Field<'a>>,
    field: &'a Field<'a>,
    key: &syn::Path,
    role: &str,
) {
    if slot.is_some() {
        cx.error_spanned_by(key, format!("a variant has at most one `{role}` field"));
    } else {
        *slot = Some(field);
    }
}

/// The member name of an extension: `extension = "name"`, or the field's name.
/// RFC 9457 section 3.2: a letter first, then `[A-Za-z0-9_]`, three characters or more.
fn extension_name(cx: &Ctxt, field: &Field, extension: &Keyed<Option<LitStr>>) -> Option<String> {
    let (name, spanned): (String, TokenStream) = match (&extension.value, &field.original.ident) {
        (Some(lit), _) => (lit.value(), lit.to_token_stream()),
        (None, Some(ident)) => (crate::ast::name(ident), extension.key.to_token_stream()),
        (None, None) => {
            cx.error_spanned_by(
                &extension.key,
                "a tuple field's extension needs a name: `extension = \"name\"`",
            );
            return None;
        }
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
        cx.error_spanned_by(lit, format!("header `{name}` is set by apierror itself"));
        return None;
    }
    Some(lower)
}

/// One code means one status, one title and one type within a type.
fn check_codes_agree(cx: &Ctxt, variants: &[Checked]) {
    let mut seen: BTreeMap<&str, (&Checked, u16, &str, &str)> = BTreeMap::new();
    for checked in variants {
        let Kind::Own(Own {
            source:
                Source::Literal {
                    code,
                    status,
                    title,
                    type_uri,
                },
            ..
        }) = &checked.kind
        else {
            continue;
        };
        let Some((first, first_status, first_title, first_type)) = seen.get(code.as_str()) else {
            seen.insert(code, (checked, *status, title, type_uri));
            continue;
        };
        let disagreement = if first_status != status {
            Some(format!("status {first_status} there and {status} here"))
        } else if first_title != title {
            Some(format!("title {first_title:?} there and {title:?} here"))
        } else if first_type != type_uri {
            Some(format!("type {first_type:?} there and {type_uri:?} here"))
        } else {
            None
        };
        if let (Some(disagreement), Some(code_attr)) = (disagreement, &checked.variant.attrs.code) {
            let CodeValue::Literal(lit) = &code_attr.value else {
                continue;
            };
            cx.error_spanned_by(
                lit,
                format!("code `{code}` is also used by `{}`, with {disagreement}: one code, one meaning", first.variant.ident),
            );
        }
    }
}

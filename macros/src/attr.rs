//! Parses `#[api(...)]` into typed values. Every value keeps the key it came with,
//! so a later check can put its caret under the right token.

use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::{Attribute, Lit, LitBool, LitStr, Token};

use crate::ctxt::Ctxt;
use crate::facts::GRPC_CODES;
use crate::symbol::*;

/// A value and the key path it was given under.
pub struct Keyed<T> {
    pub key: syn::Path,
    pub value: T,
}

/// `code = "snake_case"` or `code = Codes::Variant`.
pub enum CodeValue {
    Literal(LitStr),
    Registry(syn::Path),
}

/// Where an `#[api(...)]` attribute stands, which decides the keys it may hold.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Enum,
    Struct,
    Variant,
    Field,
    Registry,
    RegistryVariant,
}

impl Position {
    fn keys(self) -> &'static [&'static str] {
        match self {
            Position::Enum => ENUM_KEYS,
            Position::Struct => STRUCT_KEYS,
            Position::Variant => VARIANT_KEYS,
            Position::Field => FIELD_KEYS,
            Position::Registry => REGISTRY_KEYS,
            Position::RegistryVariant => REGISTRY_VARIANT_KEYS,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Position::Enum => "an enum",
            Position::Struct => "a struct",
            Position::Variant => "a variant",
            Position::Field => "a field",
            Position::Registry => "an `ErrorCodes` enum",
            Position::RegistryVariant => "an `ErrorCodes` variant",
        }
    }
}

/// Every key any position may hold; a position fills only its own.
#[derive(Default)]
pub struct Attrs {
    pub code: Option<Keyed<CodeValue>>,
    /// The status's token (only an error's place: the value is the number) and value.
    pub status: Option<Keyed<(proc_macro2::Literal, u16)>>,
    pub title: Option<Keyed<LitStr>>,
    pub type_uri: Option<Keyed<LitStr>>,
    pub expose: Option<Keyed<bool>>,
    pub message: Option<Keyed<LitStr>>,
    pub log: Option<Keyed<LogLevel>>,
    pub transparent: Option<Keyed<()>>,
    pub type_base: Option<Keyed<LitStr>>,
    /// `domain = "accounts.example.com"`: the service that defines the codes.
    pub domain: Option<Keyed<LitStr>>,
    /// `grpc = "already_exists"`: the gRPC code, as the runtime's `GrpcCode` variant.
    pub grpc: Option<Keyed<&'static str>>,
    pub krate: Option<Keyed<syn::Path>>,
    /// `skip_impl(axum, ...)`: the integrations whose impls are left out.
    pub skip_impl: Option<Keyed<Vec<syn::Ident>>>,
    pub rename_all: Option<Keyed<RenameRule>>,
    pub field: Option<Keyed<()>>,
    pub extension: Option<Keyed<Option<LitStr>>>,
    pub violations: Option<Keyed<()>>,
    /// `inner`: a field that is itself an `ApiError`, whose code (and its own
    /// `inner`'s) the Microsoft format nests in `innererror`.
    pub inner: Option<Keyed<()>>,
    pub header: Option<Keyed<LitStr>>,
    /// `example(id = 42, name = "ada")`: sample values of a variant's fields for its
    /// documented examples.
    pub example: Option<Keyed<Vec<ExampleValue>>>,
    /// `locales = "locales"`: the folder of the Fluent files (`locales.rs`).
    pub locales: Option<Keyed<LitStr>>,
    /// `default_locale = "en"`: the locale answered in when no other fits.
    pub default_locale: Option<Keyed<LitStr>>,
    /// `fallback = true`: a message missing from a locale comes from the default one.
    pub fallback: Option<Keyed<bool>>,
    /// Keys that were written but did not parse (`status = 200`, `stauts = 404`),
    /// already reported. Checks that would only repeat the mistake (a `missing
    /// status` right after it) stay silent.
    pub unparsed: Unparsed,
}

/// The keys a position meant to set but whose key or value was reported as wrong.
#[derive(Default)]
pub struct Unparsed {
    keys: Vec<&'static str>,
    /// Something unreadable (`#[api]`, a missing comma, an unknown key with no close
    /// match) that may have meant any key.
    any: bool,
}

impl Unparsed {
    /// Whether `key` may have been meant by something already reported.
    pub fn may_have_meant(&self, key: &str) -> bool {
        self.any || self.keys.contains(&key)
    }

    /// Whether `key` itself was written and reported (not just something unreadable).
    pub fn named(&self, key: &str) -> bool {
        self.keys.contains(&key)
    }

    fn mark(&mut self, written: &str, position: Position) {
        let known = [
            Position::Struct,
            Position::Field,
            Position::Registry,
            Position::RegistryVariant,
        ]
        .into_iter()
        .flat_map(|position| position.keys())
        .find(|key| **key == written);
        match known
            .copied()
            .or_else(|| did_you_mean(written, position.keys()))
        {
            Some(key) => self.keys.push(key),
            None => self.any = true,
        }
    }
}

/// Parses every `#[api(...)]` among `attrs`, reporting each bad key or value to `cx`
/// and going on with the next one, so all mistakes are reported together.
pub fn parse(cx: &Ctxt, attrs: &[Attribute], position: Position) -> Attrs {
    parse_api(
        cx,
        attrs.iter().filter(|attr| attr.path().is_ident(API)),
        position,
    )
}

/// [`parse`] of attributes already known to be `#[api(...)]`.
pub fn parse_api<'a>(
    cx: &Ctxt,
    attrs: impl IntoIterator<Item = &'a Attribute>,
    position: Position,
) -> Attrs {
    let mut parsed = Attrs::default();
    for attr in attrs {
        if let syn::Meta::Path(path) = &attr.meta {
            cx.error_spanned_by(
                path,
                "expected `#[api(...)]` with keys inside, such as `#[api(code = \"not_found\", status = 404)]`",
            );
            parsed.unparsed.any = true;
            continue;
        }
        if !parse_literal_keys(cx, &mut parsed, attr, position) {
            parse_nested(cx, &mut parsed, attr, position);
        }
    }
    parsed
}

/// One `#[api(...)]` read key by key with syn, each mistake reported.
fn parse_nested(cx: &Ctxt, parsed: &mut Attrs, attr: &Attribute, position: Position) {
    let mut unparsed = Unparsed::default();
    let result = attr.parse_nested_meta(|meta| {
        let key = key_name(&meta.path);
        if !position.keys().contains(&key.as_str()) {
            cx.syn_error(meta.error(misplaced_key_message(&key, position)));
            unparsed.mark(&key, position);
            return skip_value(meta.input);
        }
        if let Err(error) = parse_key(cx, parsed, &key, &meta) {
            cx.syn_error(error);
            unparsed.mark(&key, position);
            return skip_value(meta.input);
        }
        Ok(())
    });
    if let Err(error) = result {
        cx.syn_error(error);
        // The rest of the attribute was not read.
        unparsed.any = true;
    }
    parsed.unparsed.keys.extend(unparsed.keys);
    parsed.unparsed.any |= unparsed.any;
}

/// The common `#[api(code = "…", status = 404, message = "…")]`, read from its
/// tokens: each key one this position takes, each value a plain string literal (an
/// integer in 400..=599 for `status`). `false` for anything else, left to
/// `parse_nested_meta`, which also reports every mistake. On a large enum the full
/// parse of each variant's attribute, unoptimized, cost more than the rest of it.
fn parse_literal_keys(cx: &Ctxt, parsed: &mut Attrs, attr: &Attribute, position: Position) -> bool {
    let syn::Meta::List(list) = &attr.meta else {
        return false;
    };
    let trees: Vec<proc_macro2::TokenTree> = list.tokens.clone().into_iter().collect();
    let mut keys = Vec::new();
    for chunk in trees.chunks(4) {
        let Some((key, name, value)) = literal_key(chunk, position) else {
            return false;
        };
        keys.push((key, name, value));
    }
    for (key, name, value) in keys {
        let path = syn::Path::from(key);
        match (name.as_str(), value) {
            (CODE, LiteralValue::Str(lit)) => {
                set(cx, &mut parsed.code, &path, CodeValue::Literal(lit));
            }
            (STATUS, LiteralValue::Status(lit, status)) => {
                set(cx, &mut parsed.status, &path, (lit, status));
            }
            (TITLE, LiteralValue::Str(lit)) => set(cx, &mut parsed.title, &path, lit),
            (TYPE, LiteralValue::Str(lit)) => set(cx, &mut parsed.type_uri, &path, lit),
            (MESSAGE, LiteralValue::Str(lit)) => set(cx, &mut parsed.message, &path, lit),
            _ => unreachable!("literal_key takes only these"),
        }
    }
    true
}

enum LiteralValue {
    Str(LitStr),
    Status(proc_macro2::Literal, u16),
}

/// `key = value` (and its comma) as [`parse_literal_keys`] reads it: the key, its
/// name and the value.
fn literal_key(
    chunk: &[proc_macro2::TokenTree],
    position: Position,
) -> Option<(proc_macro2::Ident, String, LiteralValue)> {
    use proc_macro2::TokenTree;
    let [
        TokenTree::Ident(key),
        TokenTree::Punct(eq),
        TokenTree::Literal(value),
        rest @ ..,
    ] = chunk
    else {
        return None;
    };
    let comma = match rest {
        [] => true,
        [TokenTree::Punct(comma)] => comma.as_char() == ',',
        _ => false,
    };
    let name = key.to_string();
    if eq.as_char() != '=' || !comma || !position.keys().contains(&name.as_str()) {
        return None;
    }
    let text = value.to_string();
    let value = match name.as_str() {
        CODE | TITLE | TYPE | MESSAGE => {
            LiteralValue::Str(LitStr::new(plain_string(&text)?, value.span()))
        }
        // Digits alone (no suffix, no `_`), the token kept as it is: `Lit::new` or
        // `LitInt::new` would lex its text again.
        STATUS if text.bytes().all(|byte| byte.is_ascii_digit()) => match text.parse::<u16>() {
            Ok(status @ 400..=599) => LiteralValue::Status(value.clone(), status),
            _ => return None,
        },
        _ => return None,
    };
    Some((key.clone(), name, value))
}

fn key_name(path: &syn::Path) -> String {
    let segments: Vec<String> = path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    segments.join("::")
}

/// After a bad key or value, skips to the next `,` so parsing goes on.
fn skip_value(input: ParseStream) -> syn::Result<()> {
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<proc_macro2::TokenTree>()?;
    }
    Ok(())
}

fn parse_key(cx: &Ctxt, attrs: &mut Attrs, key: &str, meta: &ParseNestedMeta) -> syn::Result<()> {
    let path = &meta.path;
    match key {
        CODE => set(cx, &mut attrs.code, path, parse_code(meta)?),
        STATUS => set(cx, &mut attrs.status, path, parse_status(meta)?),
        TITLE => set(cx, &mut attrs.title, path, string(meta)?),
        TYPE => set(cx, &mut attrs.type_uri, path, string(meta)?),
        EXPOSE => set(cx, &mut attrs.expose, path, flag_or_bool(meta)?),
        MESSAGE => set(cx, &mut attrs.message, path, string(meta)?),
        LOG => set(cx, &mut attrs.log, path, parse_log(meta)?),
        TYPE_BASE => set(cx, &mut attrs.type_base, path, string(meta)?),
        DOMAIN => set(cx, &mut attrs.domain, path, string(meta)?),
        GRPC => set(cx, &mut attrs.grpc, path, parse_grpc(meta)?),
        CRATE => set(cx, &mut attrs.krate, path, parse_crate(meta)?),
        RENAME_ALL => set(cx, &mut attrs.rename_all, path, parse_rename_all(meta)?),
        TRANSPARENT => set(cx, &mut attrs.transparent, path, flag(meta)?),
        FIELD => set(cx, &mut attrs.field, path, flag(meta)?),
        VIOLATIONS => set(cx, &mut attrs.violations, path, flag(meta)?),
        INNER => set(cx, &mut attrs.inner, path, flag(meta)?),
        EXTENSION => {
            let name = if meta.input.peek(Token![=]) {
                Some(string(meta)?)
            } else {
                None
            };
            set(cx, &mut attrs.extension, path, name);
        }
        HEADER => set(cx, &mut attrs.header, path, string(meta)?),
        SKIP_IMPL => set(cx, &mut attrs.skip_impl, path, parse_skip_impl(cx, meta)?),
        EXAMPLE => set(cx, &mut attrs.example, path, parse_example(meta)?),
        LOCALES => set(cx, &mut attrs.locales, path, string(meta)?),
        DEFAULT_LOCALE => set(cx, &mut attrs.default_locale, path, string(meta)?),
        FALLBACK => set(cx, &mut attrs.fallback, path, flag_or_bool(meta)?),
        _ => unreachable!("every key of a position is handled"),
    }
    Ok(())
}

/// Stores a value; a second value for the same key is an error at its key.
fn set<T>(cx: &Ctxt, slot: &mut Option<Keyed<T>>, key: &syn::Path, value: T) {
    if slot.is_some() {
        cx.error_spanned_by(key, format!("duplicate api attribute `{}`", key_name(key)));
        return;
    }
    *slot = Some(Keyed {
        key: key.clone(),
        value,
    });
}

/// The `=` after a key; without it, an error under the key that says what to write.
fn value<'m>(meta: &'m ParseNestedMeta) -> syn::Result<ParseStream<'m>> {
    if !meta.input.peek(Token![=]) {
        let key = key_name(&meta.path);
        let example = match key.as_str() {
            STATUS => "404",
            EXPOSE => "false",
            CODE => "\"snake_case\"",
            _ => "\"...\"",
        };
        return Err(meta.error(format!("`{key}` takes a value: `{key} = {example}`")));
    }
    meta.value()
}

fn string(meta: &ParseNestedMeta) -> syn::Result<LitStr> {
    let value = value(meta)?;
    match value.parse::<Lit>() {
        Ok(Lit::Str(lit)) => Ok(lit),
        Ok(other) => Err(syn::Error::new(
            other.span(),
            format!("expected a string: `{} = \"...\"`", key_name(&meta.path)),
        )),
        Err(error) => Err(error),
    }
}

/// A key that stands alone. A value after it is an error under that value.
fn flag(meta: &ParseNestedMeta) -> syn::Result<()> {
    let input = meta.input;
    if !input.peek(Token![=]) && !input.peek(syn::token::Paren) {
        return Ok(());
    }
    let mut value = proc_macro2::TokenStream::new();
    while !input.is_empty() && !input.peek(Token![,]) {
        value.extend([input.parse::<proc_macro2::TokenTree>()?]);
    }
    let key = key_name(&meta.path);
    Err(syn::Error::new_spanned(
        value,
        format!("`{key}` takes no value: write `#[api({key})]`"),
    ))
}

fn flag_or_bool(meta: &ParseNestedMeta) -> syn::Result<bool> {
    if !meta.input.peek(Token![=]) {
        return Ok(true);
    }
    let value = value(meta)?;
    match value.parse::<Lit>()? {
        Lit::Bool(LitBool { value, .. }) => Ok(value),
        other => Err(syn::Error::new(other.span(), "expected `true` or `false`")),
    }
}

fn parse_code(meta: &ParseNestedMeta) -> syn::Result<CodeValue> {
    let value = value(meta)?;
    if value.peek(LitStr) {
        return Ok(CodeValue::Literal(value.parse()?));
    }
    if value.peek(Lit) {
        let lit: Lit = value.parse()?;
        return Err(syn::Error::new(
            lit.span(),
            "expected a code: `code = \"snake_case\"` or `code = Codes::Variant`",
        ));
    }
    let path: syn::Path = value.parse()?;
    if let Some(name) = forgotten_quote(&path) {
        return Err(syn::Error::new_spanned(
            &path,
            format!(
                "a code is a string literal or a registry path: write `code = \"{name}\"`, or name \
                 an `ErrorCodes` entry such as `code = Code::NotFound` (a lone lowercase name is \
                 read as a string without its quotes, since registry entries are CamelCase)"
            ),
        ));
    }
    Ok(CodeValue::Registry(path))
}

/// A path of one lowercase name (`code = not_found`) is a code missing its quotes: a
/// registry entry is a CamelCase variant, written `Code::NotFound`, or `NotFound`
/// after a `use`.
fn forgotten_quote(path: &syn::Path) -> Option<String> {
    let name = path.get_ident()?.to_string();
    let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
    name.starts_with(|c: char| c.is_lowercase() || c == '_')
        .then_some(name)
}

/// `skip_impl(axum, actix_web, utoipa)`: any non-empty subset. An unknown or repeated
/// name is reported under that name and parsing goes on with the next one.
const EXAMPLE_VALUE: &str = "an example value is a string, a number or a bool";

/// One `name = literal` of `example(...)`.
pub struct ExampleValue {
    /// The field it names: a name, or `_0` for a tuple field.
    pub field: syn::Ident,
    pub value: Lit,
}

/// `example(id = 42, name = "ada")`: each a field's name and a literal.
fn parse_example(meta: &ParseNestedMeta) -> syn::Result<Vec<ExampleValue>> {
    if !meta.input.peek(syn::token::Paren) {
        return Err(meta.error(
            "`example` takes sample values of the variant's fields: `example(id = 42, name = \"ada\")`",
        ));
    }
    let mut values = Vec::new();
    meta.parse_nested_meta(|inner| {
        let Some(field) = inner.path.get_ident() else {
            return Err(inner.error("expected a field name, such as `id` (`_0` for a tuple field)"));
        };
        let value = inner.value()?;
        let lit = if value.peek(Lit) {
            Some(value.parse::<Lit>()?)
        } else {
            None
        };
        match lit {
            Some(lit @ (Lit::Str(_) | Lit::Int(_) | Lit::Float(_) | Lit::Bool(_))) => {
                values.push(ExampleValue {
                    field: field.clone(),
                    value: lit,
                });
                Ok(())
            }
            Some(other) => Err(syn::Error::new(other.span(), EXAMPLE_VALUE)),
            None => {
                // The whole value, up to the next `,`, under one error.
                let mut tokens = proc_macro2::TokenStream::new();
                while !value.is_empty() && !value.peek(Token![,]) {
                    tokens.extend([value.parse::<proc_macro2::TokenTree>()?]);
                }
                Err(syn::Error::new_spanned(tokens, EXAMPLE_VALUE))
            }
        }
    })?;
    Ok(values)
}

fn parse_skip_impl(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Vec<syn::Ident>> {
    if !meta.input.peek(syn::token::Paren) {
        return Err(meta.error(
            "`skip_impl` takes a list of integrations: `skip_impl(axum, actix_web, utoipa)`",
        ));
    }
    let list_is_empty = {
        let fork = meta.input.fork();
        let content;
        syn::parenthesized!(content in fork);
        content.is_empty()
    };
    if list_is_empty {
        meta.input.parse::<proc_macro2::TokenTree>()?;
        return Err(syn::Error::new_spanned(
            &meta.path,
            "`skip_impl` names at least one integration: `skip_impl(axum, actix_web, utoipa)`",
        ));
    }
    let mut names: Vec<syn::Ident> = Vec::new();
    meta.parse_nested_meta(|inner| {
        match skip_impl_name(&inner, &names) {
            Ok(name) => names.push(name),
            Err(error) => cx.syn_error(error),
        }
        skip_value(inner.input)
    })?;
    Ok(names)
}

/// One name inside `skip_impl(...)`, checked against the integrations and the names
/// before it.
fn skip_impl_name(inner: &ParseNestedMeta, before: &[syn::Ident]) -> syn::Result<syn::Ident> {
    let written = key_name(&inner.path);
    if inner.input.peek(Token![-]) {
        // `actix-web` is the feature's name; here the names are identifiers.
        let rest: proc_macro2::TokenStream = std::iter::from_fn(|| {
            (!inner.input.is_empty() && !inner.input.peek(Token![,]))
                .then(|| inner.input.parse::<proc_macro2::TokenTree>().ok())
                .flatten()
        })
        .collect();
        let path = &inner.path;
        let suggestion = did_you_mean(&format!("{written}{rest}").replace('-', "_"), INTEGRATIONS)
            .map(|name| format!("; write `{name}`"))
            .unwrap_or_default();
        return Err(syn::Error::new_spanned(
            quote::quote!(#path #rest),
            format!("`skip_impl` names integrations as identifiers, not feature names{suggestion}"),
        ));
    }
    let Some(ident) = inner
        .path
        .get_ident()
        .filter(|_| INTEGRATIONS.contains(&written.as_str()))
    else {
        let hint = did_you_mean(&written, INTEGRATIONS)
            .or_else(|| {
                INTEGRATIONS
                    .iter()
                    .copied()
                    .find(|name| name.starts_with(written.as_str()))
            })
            .map(|name| format!("; did you mean `{name}`?"))
            .unwrap_or_else(|| format!("; expected one of: {}", INTEGRATIONS.join(", ")));
        return Err(inner.error(format!(
            "unknown integration `{written}` in `skip_impl`{hint}"
        )));
    };
    if before.iter().any(|name| name == ident) {
        return Err(inner.error(format!("`{written}` is named twice in `skip_impl`")));
    }
    Ok(ident.clone())
}

fn parse_status(meta: &ParseNestedMeta) -> syn::Result<(proc_macro2::Literal, u16)> {
    let value = value(meta)?;
    let lit = match value.parse::<Lit>() {
        Ok(Lit::Int(lit)) => lit,
        Ok(Lit::Str(lit)) if lit.value().parse::<u16>().is_ok() => {
            return Err(syn::Error::new(
                lit.span(),
                format!(
                    "a status is an integer, not a string: `status = {}`",
                    lit.value()
                ),
            ));
        }
        Ok(other) => {
            return Err(syn::Error::new(
                other.span(),
                "expected an integer status such as `404`",
            ));
        }
        Err(_) => {
            return Err(value.error(
                "expected an integer literal such as `404`: the status is checked at compile time, \
                 so it cannot come from a constant",
            ));
        }
    };
    if !lit.suffix().is_empty() {
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "write the status without a type suffix: `status = {}`",
                lit.base10_digits()
            ),
        ));
    }
    match lit.base10_parse::<u16>() {
        Ok(status @ 400..=599) => Ok((lit.token(), status)),
        _ => Err(syn::Error::new(
            lit.span(),
            format!(
                "status {} is not an error status: it must be in 400..=599",
                lit.base10_digits()
            ),
        )),
    }
}

/// `crate = "path"`: the runtime's path, for crates that re-export it.
fn parse_crate(meta: &ParseNestedMeta) -> syn::Result<syn::Path> {
    let lit = string(meta)?;
    lit.parse().map_err(|_| {
        syn::Error::new(
            lit.span(),
            "expected a path to the apierror crate, such as `crate = \"my_crate::apierror\"`",
        )
    })
}

/// `log = "..."`: the level an error is logged at when it becomes a response. The
/// variants are the runtime's `LogLevel`'s, which generated code names.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LogLevel {
    Off,
    Debug,
    Info,
    Warn,
    Error,
}

impl LogLevel {
    /// Each level as written in `log = "..."`, in the order of the error message.
    const WRITTEN: [(&'static str, LogLevel); 5] = [
        ("error", LogLevel::Error),
        ("warn", LogLevel::Warn),
        ("info", LogLevel::Info),
        ("debug", LogLevel::Debug),
        ("off", LogLevel::Off),
    ];

    /// The runtime's `LogLevel` variant: `Warn`.
    pub fn variant_name(self) -> &'static str {
        match self {
            LogLevel::Off => "Off",
            LogLevel::Debug => "Debug",
            LogLevel::Info => "Info",
            LogLevel::Warn => "Warn",
            LogLevel::Error => "Error",
        }
    }

    /// The level as `__private::variant` takes it: 1 to 5 for off, debug, info, warn
    /// and error (0 stands for the status's default level).
    pub fn number(self) -> u8 {
        self as u8 + 1
    }
}

/// One of the 17 gRPC code names, lowercase as `google.rpc.Code`'s with `_`; a
/// mistyped one gets the closest name, and `ok` is refused since an error is no success.
fn parse_grpc(meta: &ParseNestedMeta) -> syn::Result<&'static str> {
    let lit = string(meta)?;
    let written = lit.value();
    if let Some((_, variant)) = GRPC_CODES.iter().find(|(name, _)| *name == written) {
        if *variant != "Ok" {
            return Ok(variant);
        }
        return Err(syn::Error::new(
            lit.span(),
            "`ok` is the gRPC code of a success, not of an error: choose another code",
        ));
    }
    let names: Vec<&str> = GRPC_CODES.iter().skip(1).map(|(name, _)| *name).collect();
    let message = match did_you_mean(&written.to_ascii_lowercase(), &names) {
        Some(name) => format!("unknown gRPC code `{written}`; did you mean `{name}`?"),
        None => format!(
            "unknown gRPC code `{written}`; expected one of {}",
            names.join(", ")
        ),
    };
    Err(syn::Error::new(lit.span(), message))
}

fn parse_log(meta: &ParseNestedMeta) -> syn::Result<LogLevel> {
    one_of(meta, &LogLevel::WRITTEN)
}

/// A string that must be one of `choices`' names, as the value it names.
fn one_of<T: Copy>(meta: &ParseNestedMeta, choices: &[(&str, T)]) -> syn::Result<T> {
    let lit = string(meta)?;
    let written = lit.value();
    let chosen = choices
        .iter()
        .find(|(name, _)| *name == written)
        .map(|(_, value)| *value);
    chosen.ok_or_else(|| {
        let expected: Vec<String> = choices
            .iter()
            .map(|(name, _)| format!("\"{name}\""))
            .collect();
        syn::Error::new(
            lit.span(),
            format!("expected one of {}", expected.join(", ")),
        )
    })
}

/// `rename_all = "..."` on an `ErrorCodes` enum: how a variant's name becomes its code.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum RenameRule {
    #[default]
    SnakeCase,
    ScreamingSnakeCase,
    KebabCase,
    CamelCase,
    Lowercase,
}

impl RenameRule {
    /// Each rule as written, in the order of the error message.
    const WRITTEN: [(&'static str, RenameRule); 5] = [
        ("snake_case", RenameRule::SnakeCase),
        ("SCREAMING_SNAKE_CASE", RenameRule::ScreamingSnakeCase),
        ("kebab-case", RenameRule::KebabCase),
        ("camelCase", RenameRule::CamelCase),
        ("lowercase", RenameRule::Lowercase),
    ];

    /// The code of a PascalCase variant name under this rule (serde's rules).
    pub fn apply(self, variant: &str) -> String {
        let mut snake = String::with_capacity(variant.len() + 4);
        for (index, ch) in variant.chars().enumerate() {
            if ch.is_uppercase() && index > 0 {
                snake.push('_');
            }
            snake.push(ch.to_ascii_lowercase());
        }
        match self {
            RenameRule::SnakeCase => snake,
            RenameRule::ScreamingSnakeCase => snake.to_ascii_uppercase(),
            RenameRule::KebabCase => snake.replace('_', "-"),
            RenameRule::Lowercase => variant.to_ascii_lowercase(),
            RenameRule::CamelCase => {
                let mut chars = variant.chars();
                chars
                    .next()
                    .map(|first| first.to_ascii_lowercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            }
        }
    }
}

fn parse_rename_all(meta: &ParseNestedMeta) -> syn::Result<RenameRule> {
    one_of(meta, &RenameRule::WRITTEN)
}

/// The message for a key this position does not take: where it belongs instead, or
/// the nearest key it does take.
fn misplaced_key_message(key: &str, position: Position) -> String {
    let home = [Position::Variant, Position::Enum, Position::Field]
        .into_iter()
        .filter(|other| *other != position)
        .find(|other| other.keys().contains(&key));
    let registry = matches!(position, Position::Registry | Position::RegistryVariant);
    if registry && key == SKIP_IMPL {
        return format!(
            "api attribute `{key}` belongs on an `ApiError` type: an `ErrorCodes` enum gets no framework impls"
        );
    }
    match home {
        Some(home) if !registry => {
            format!(
                "api attribute `{key}` belongs on {}, not on {}",
                home.name(),
                position.name()
            )
        }
        _ => match did_you_mean(key, position.keys()) {
            Some(suggestion) => {
                format!(
                    "unknown api attribute `{key}` on {}; did you mean `{suggestion}`?",
                    position.name()
                )
            }
            None => format!(
                "unknown api attribute `{key}` on {}; expected one of: {}",
                position.name(),
                position.keys().join(", ")
            ),
        },
    }
}

/// The closest of `candidates` to `input`, if it is close enough to be a typo.
pub fn did_you_mean<'a>(input: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|candidate| (edit_distance(input, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// The doc comment, or `None` when there is none. Each `///` line loses one
/// leading space; a block comment (`/** … */`) loses its ` * ` decoration and its
/// common indentation, as rustdoc shows them.
/// A string literal's value. `LitStr::value` lexes the literal's text again, char by
/// char, which an unoptimized proc macro pays dearly for on every code, message and
/// doc comment of a large enum; a literal that is neither raw nor has an escape or a
/// suffix (nearly all) holds its value between its quotes.
pub fn string_value(lit: &LitStr) -> String {
    match plain_string(&lit.token().to_string()) {
        Some(value) => value.to_owned(),
        None => lit.value(),
    }
}

/// The value of the string literal written `text` when it is its text between the
/// quotes: not raw, no escape, no suffix.
pub fn plain_string(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.as_bytes().contains(&b'\\')).then_some(inner)
}

pub fn doc_comment(attrs: &[Attribute]) -> Option<String> {
    doc_comment_of(attrs.iter().filter(|attr| attr.path().is_ident("doc")))
}

/// [`doc_comment`] of attributes already known to be `#[doc …]`.
pub fn doc_comment_of<'a>(attrs: impl IntoIterator<Item = &'a Attribute>) -> Option<String> {
    let mut lines: Vec<String> = Vec::new();
    for attr in attrs {
        let syn::Meta::NameValue(syn::MetaNameValue { value, .. }) = &attr.meta else {
            continue;
        };
        let text = match value {
            syn::Expr::Lit(syn::ExprLit {
                lit: Lit::Str(lit), ..
            }) => string_value(lit),
            // As `input::parse` keeps a doc comment: its literal's token.
            syn::Expr::Verbatim(tokens) => match verbatim_string(tokens) {
                Some(text) => text,
                None => continue,
            },
            _ => continue,
        };
        match text.contains('\n') {
            true => lines.extend(block_comment_lines(&text)),
            false => lines.push(
                text.strip_prefix(' ')
                    .unwrap_or(&text)
                    .trim_end()
                    .to_owned(),
            ),
        }
    }
    let text = lines.join("\n").trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// The value of `tokens` when they are one string literal: read from its text when
/// it holds no escape, else through syn.
fn verbatim_string(tokens: &proc_macro2::TokenStream) -> Option<String> {
    let mut tokens = tokens.clone().into_iter();
    let (Some(proc_macro2::TokenTree::Literal(literal)), None) = (tokens.next(), tokens.next())
    else {
        return None;
    };
    let text = literal.to_string();
    match plain_string(&text) {
        Some(value) => Some(value.to_owned()),
        None => syn::parse_str::<LitStr>(&text).ok().map(|lit| lit.value()),
    }
}

fn block_comment_lines(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let filled = || lines.iter().filter(|line| !line.trim().is_empty());
    let decorated = filled().all(|line| line.trim_start().starts_with('*'));
    let lines: Vec<&str> = lines
        .iter()
        .map(|line| match decorated {
            true => line.trim_start().strip_prefix('*').unwrap_or(line),
            false => line,
        })
        .collect();
    let indent = lines
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|line| line.get(indent..).unwrap_or("").trim_end().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Attrs, CodeValue, Position, parse_literal_keys, parse_nested, string_value};
    use crate::ctxt::Ctxt;
    use syn::parse::Parser;

    /// What a parse kept of the keys the shortcut reads, and its errors.
    fn literal_keys(attrs: &Attrs, cx: Ctxt) -> String {
        let code = attrs.code.as_ref().map(|code| match &code.value {
            CodeValue::Literal(lit) => string_value(lit),
            CodeValue::Registry(_) => "registry".to_owned(),
        });
        let status = attrs.status.as_ref().map(|status| status.value.1);
        let strings = [&attrs.title, &attrs.type_uri, &attrs.message]
            .map(|key| key.as_ref().map(|key| string_value(&key.value)));
        let errors = cx.check().err().map(|error| error.to_string());
        format!("{code:?} {status:?} {strings:?} {errors:?}")
    }

    /// The shortcut reads the common attribute as the full parse does, and leaves any
    /// other to it.
    #[test]
    fn the_literal_keys_shortcut_reads_what_the_full_parse_reads() {
        let read = [
            r#"#[api(code = "not_found", status = 404)]"#,
            r#"#[api(code = "a", status = 599, message = "item {id} gone", title = "T", type = "x:y",)]"#,
            r#"#[api(code = "a", code = "b")]"#,
            r#"#[api()]"#,
        ];
        for text in read {
            let attrs = syn::Attribute::parse_outer
                .parse_str(text)
                .expect("an attribute");
            let (fast_cx, full_cx) = (Ctxt::new(), Ctxt::new());
            let (mut fast, mut full) = (Attrs::default(), Attrs::default());
            assert!(
                parse_literal_keys(&fast_cx, &mut fast, &attrs[0], Position::Variant),
                "{text}"
            );
            parse_nested(&full_cx, &mut full, &attrs[0], Position::Variant);
            assert_eq!(
                literal_keys(&fast, fast_cx),
                literal_keys(&full, full_cx),
                "{text}"
            );
        }
        let left = [
            r#"#[api(code = NotFound, status = 404)]"#,
            r#"#[api(status = 200)]"#,
            r#"#[api(status = 404u16)]"#,
            r#"#[api(status = "404")]"#,
            r#"#[api(code = "a\tb")]"#,
            r#"#[api(expose = false)]"#,
            r#"#[api(transparent)]"#,
            r#"#[api(type_base = "x")]"#,
            r#"#[api(code = "a" status = 404)]"#,
        ];
        for text in left {
            let attrs = syn::Attribute::parse_outer
                .parse_str(text)
                .expect("an attribute");
            let cx = Ctxt::new();
            assert!(
                !parse_literal_keys(&cx, &mut Attrs::default(), &attrs[0], Position::Variant),
                "{text}"
            );
            cx.check().expect("the shortcut reports nothing");
        }
    }

    /// The shortcut reads what `LitStr::value` reads, whatever the literal's form.
    #[test]
    fn string_value_is_the_literals_value() {
        let literals = [
            r#""not_found""#,
            r#""""#,
            r#""tab\there""#,
            r#""quote \" and \\ backslash""#,
            r#""unicode \u{e9} é""#,
            r##"r"raw \n stays""##,
            r###"r#"raw "quoted""#"###,
            r#""suffixed"x"#,
            "\"two\nlines\"",
        ];
        for text in literals {
            let lit: syn::LitStr = syn::parse_str(text).expect("a string literal");
            assert_eq!(string_value(&lit), lit.value(), "{text}");
        }
    }
}

//! The call that builds the static descriptor of a literal code, the same in both
//! derives: one `__private::compact(...)` of the two JSON heads, out of which the
//! runtime reads the type URI, title and code, since a large enum writes one per
//! variant and build time grows with the tokens.
//!
//! A literal code's descriptor is written as Rust source text and the catalog parsed
//! from it in one `TokenStream::from_str`: none of its tokens needs a span of its own
//! (they all take the call site's, as `quote!` gives them), and the compiler's lexer
//! makes tokens for a fraction of what building them one by one through `quote!` costs
//! an unoptimized proc macro (about half the derive's time on a large enum).

use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::quote;

use syn::{GenericArgument, LitStr, PathArguments, PathSegment, Type};

use crate::ast::Variant;
use crate::attr::{Keyed, LogLevel};
use crate::json;
use crate::model::{Described, LiteralCode};
use crate::rules;

/// What a descriptor holds beside its code's facts.
pub struct DescriptorParts<'a> {
    /// The type's name and the variant's, as the catalog shows them (a compact
    /// descriptor takes the type's from the catalog's `named`).
    pub source: (String, String),
    /// The doc comment.
    pub description: Option<&'a str>,
    pub log: Option<LogLevel>,
    /// A constant message.
    pub message: Option<&'a str>,
    /// The `message = "..."` literal as written.
    pub template: Option<String>,
    /// The names of the headers the variant sets, spelled as written.
    pub headers: Vec<&'a str>,
    /// The members the variant writes besides its message, as `__private::Sample`
    /// expressions (source text).
    pub members: Vec<String>,
    /// The client's part is the constant message alone (see
    /// `Described::message_only`): `Some(None)` for a `message`, `Some(Some(text))`
    /// for a constant `Display`.
    pub message_only: Option<Option<&'a str>>,
}

impl<'a> DescriptorParts<'a> {
    /// The parts of a registry entry: its source and doc comment, nothing of a variant.
    pub fn entry(source: (String, String), description: Option<&'a str>) -> Self {
        DescriptorParts {
            source,
            description,
            log: None,
            message: None,
            template: None,
            headers: Vec::new(),
            members: Vec::new(),
            message_only: None,
        }
    }
}

/// A descriptor expression: source text for a literal code, tokens for a registry
/// code (whose path keeps its span, for the error under it).
pub enum Descriptor {
    Text(String),
    Tokens(TokenStream),
}

impl Descriptor {
    /// The descriptor with `call` (source text, `.with_…(…)`) appended.
    pub fn append(&mut self, call: &str) {
        match self {
            Descriptor::Text(text) => text.push_str(call),
            Descriptor::Tokens(tokens) => tokens.extend(parse(call)),
        }
    }

    fn into_tokens(self) -> TokenStream {
        match self {
            Descriptor::Text(text) => parse(&text),
            Descriptor::Tokens(tokens) => tokens,
        }
    }
}

/// Tokens from source text the derive wrote, lexed by the compiler itself inside a
/// proc macro: `proc_macro2`'s `FromStr` first checks the text with its own lexer,
/// which, unoptimized, cost more than building the tokens one by one. The text is
/// always valid Rust; were it not (a bug), the user gets a compile error rather than
/// a panic.
pub fn parse(text: &str) -> TokenStream {
    let parsed = match proc_macro::is_available() {
        true => text
            .parse::<proc_macro::TokenStream>()
            .map(TokenStream::from)
            .ok(),
        false => text.parse().ok(),
    };
    parsed.unwrap_or_else(|| {
        let message = format!("apierror-derive wrote code that does not parse: {text}");
        quote!(::core::compile_error!(#message);)
    })
}

/// `text` as a Rust string literal: raw (`r#"…"#`), which takes it as it is, unless
/// it holds `"#` or a control character other than a line feed or tab; then as `Debug`
/// writes it, which escapes exactly what a literal must, but char by char.
pub fn literal(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        let quote_hash = byte == b'"' && bytes.get(index + 1) == Some(&b'#');
        if quote_hash || (byte < 0x20 && byte != b'\n' && byte != b'\t') {
            return format!("{text:?}");
        }
        index += 1;
    }
    let mut out = String::with_capacity(text.len() + 5);
    out.push_str("r#\"");
    out.push_str(text);
    out.push_str("\"#");
    out
}

/// The descriptor call for a literal code: one of the `__private::compact…(...)`
/// functions from the two JSON heads when the type URI, title and code need no
/// escaping (nearly always), with the variant's common parts as its arguments and a
/// `.with_…(…)` appended for each rarer fact that is not its default; else
/// `__private::variant(...)`, every fact spelled out. `private` is the runtime's
/// hidden module as source text.
pub fn literal_descriptor(private: &str, code: &LiteralCode, parts: DescriptorParts) -> Descriptor {
    let plain = [&code.code, &code.title, &code.type_uri];
    let message_only = parts.message_only;
    let (mut text, sets_message_only) = match plain.iter().all(|text| json::is_plain(text)) {
        true => compact_descriptor(private, code, parts),
        false => (long_descriptor(private, code, parts), false),
    };
    if let Some(grpc) = code.grpc {
        let _ = write!(text, ".with_grpc({private}::GrpcCode::{grpc})");
    }
    match message_only {
        _ if sets_message_only => {}
        Some(Some(display)) => {
            let _ = write!(text, ".display_only({})", literal(display));
        }
        Some(None) => text.push_str(".message_only()"),
        None => {}
    }
    Descriptor::Text(text)
}

/// One of the `__private::compact…(...)` calls, with a `.with_…(…)` appended for each
/// rarer fact the variant sets (each appended rather than a call around the call, so
/// that the text is written once); and whether the call already made the variant
/// show its constant message or `Display` alone, as `.message_only()` and
/// `.display_only(…)` would.
fn compact_descriptor(
    private: &str,
    facts: &LiteralCode,
    parts: DescriptorParts,
) -> (String, bool) {
    let (code, status, title, type_uri) =
        (&facts.code, facts.status, &facts.title, &facts.type_uri);
    let (type_len, title_len) = (type_uri.len(), title.len());
    // The variant's name is an identifier, nothing in it to escape. The three texts
    // are plain JSON, so the heads are written straight into raw literals, in one
    // call, unless one starts with `#` (a `"#` would end the raw literal).
    let variant = &parts.source.1;
    let alone = shown_alone(&parts);
    let (function, rest) = compact_function(&parts, alone);
    let mut text = if [code, title, type_uri]
        .iter()
        .any(|text| text.starts_with('#'))
    {
        format!(
            "{private}::{function}(\"{variant}\", {status}, {}, {}, {type_len}, {title_len}{rest})",
            literal(&json::problem_head(type_uri, title, status, code)),
            literal(&json::envelope_head(code)),
        )
    } else {
        format!(
            "{private}::{function}(\"{variant}\", {status}, \
             r#\"{{\"type\":\"{type_uri}\",\"title\":\"{title}\",\"status\":{status},\"code\":\"{code}\"\"#, \
             r#\"{{\"error\":{{\"code\":\"{code}\"\"#, {type_len}, {title_len}{rest})"
        )
    };
    if facts.expose != rules::default_expose(status) {
        let _ = write!(text, ".with_expose({})", facts.expose);
    }
    if let Some(log) = parts.log {
        let _ = write!(text, ".with_log({})", log.number());
    }
    if let (Some(message), None) = (parts.message, alone) {
        let json = json::string(message);
        let _ = write!(
            text,
            ".with_message({}, {})",
            literal(message),
            literal(&json)
        );
    }
    (text, alone.is_some())
}

/// What a variant shows its client and nothing else (no headers, no members), which
/// one `compact_…` call sets whole.
#[derive(Clone, Copy)]
enum Alone<'a> {
    /// Its constant `message`, which is also its template.
    Message(&'a str),
    /// Its constant `Display`.
    Display(&'a str),
}

fn shown_alone<'a>(parts: &DescriptorParts<'a>) -> Option<Alone<'a>> {
    if !parts.headers.is_empty() || !parts.members.is_empty() {
        return None;
    }
    match (parts.message_only?, parts.message) {
        (None, Some(message)) => {
            (parts.template.as_deref() == Some(message)).then_some(Alone::Message(message))
        }
        (Some(display), None) => parts.template.is_none().then_some(Alone::Display(display)),
        _ => None,
    }
}

/// Which of the `compact…` functions writes the variant, and its arguments after the
/// common ones: the doc comment, and what the variant shows `alone` or its template,
/// headers and members. Each is an argument of that one call because a `with_…`
/// call after it costs the compiler more to evaluate, per variant (a documented
/// variant with a constant message cost about 200,000 instructions more written as
/// three `with_…` calls).
fn compact_function(parts: &DescriptorParts, alone: Option<Alone>) -> (&'static str, String) {
    // Written only where the call takes it: most variants have no doc comment.
    let description = || literal(parts.description.unwrap_or_default());
    match alone {
        Some(Alone::Display(display)) => {
            let display = literal(display);
            return ("compact_display", format!(", {}, {display}", description()));
        }
        Some(Alone::Message(message)) => {
            let (json, message) = (literal(&json::string(message)), literal(message));
            let arguments = format!(", {}, {message}, {json}", description());
            return ("compact_message", arguments);
        }
        None => {}
    }
    if parts.template.is_some() || !parts.headers.is_empty() || !parts.members.is_empty() {
        let template = match &parts.template {
            Some(template) => format!("::core::option::Option::Some({})", literal(template)),
            None => "::core::option::Option::None".to_owned(),
        };
        let (headers, members) = (literals(&parts.headers), parts.members.join(", "));
        return (
            "compact_variant",
            format!(
                ", {}, {template}, &[{headers}], &[{members}]",
                description()
            ),
        );
    }
    match parts.description {
        Some(_) => ("compact_described", format!(", {}", description())),
        None => ("compact", String::new()),
    }
}

/// `__private::variant(...)`: every fact spelled out, for a code whose type URI,
/// title or code has something to escape in JSON.
fn long_descriptor(private: &str, code: &LiteralCode, parts: DescriptorParts) -> String {
    let LiteralCode {
        code,
        status,
        title,
        type_uri,
        expose,
        ..
    } = code;
    let (type_name, variant_name) = &parts.source;
    let description = parts.description.unwrap_or_default();
    let log = parts.log.map_or(0, LogLevel::number);
    let message_json = parts.message.map(json::string).unwrap_or_default();
    let message = parts.message.unwrap_or_default();
    let problem_head = json::problem_head(type_uri, title, *status, code);
    let envelope_head = json::envelope_head(code);
    let template = parts.template.unwrap_or_default();
    let strings = [
        code,
        title,
        type_uri,
        description,
        message,
        &message_json,
        &problem_head,
        &envelope_head,
        &template,
    ]
    .map(literal);
    let [
        code,
        title,
        type_uri,
        description,
        message,
        message_json,
        problem_head,
        envelope_head,
        template,
    ] = strings;
    format!(
        "{private}::variant(({}, {}), {code}, {status}, {title}, {type_uri}, {expose}, \
         {description}, {log}, {message}, {message_json}, {problem_head}, {envelope_head}, \
         {template}, &[{}], &[{}])",
        literal(type_name),
        literal(variant_name),
        literals(&parts.headers),
        parts.members.join(", "),
    )
}

/// `texts` as string literals separated by commas.
fn literals(texts: &[&str]) -> String {
    let literals: Vec<String> = texts.iter().map(|text| literal(text)).collect();
    literals.join(", ")
}

/// A type's catalog: `__private::named(type_name, [descriptors])`, parsed from its
/// text in one piece when every descriptor is text.
pub fn catalog(private: &str, type_name: &str, descriptors: Vec<Descriptor>) -> TokenStream {
    let texts: Vec<&str> = descriptors
        .iter()
        .filter_map(|descriptor| match descriptor {
            Descriptor::Text(text) => Some(text.as_str()),
            Descriptor::Tokens(_) => None,
        })
        .collect();
    if texts.len() == descriptors.len() {
        let (type_name, descriptors) = (literal(type_name), texts.join(", "));
        return parse(&format!("{private}::named({type_name}, [{descriptors}])"));
    }
    // A registry code among them: the call quoted around each descriptor's tokens.
    let private = parse(private);
    let descriptors = descriptors.into_iter().map(Descriptor::into_tokens);
    quote!(#private::named(#type_name, [#(#descriptors),*]))
}

/// A descriptor with the type's (or registry's) `domain`, when it sets one; for a
/// registry code, the type's domain replaces the entry's.
pub fn with_domain(domain: Option<&Keyed<LitStr>>, mut descriptor: Descriptor) -> Descriptor {
    if let Some(domain) = domain {
        descriptor.append(&format!(
            ".with_domain({})",
            literal(&crate::attr::string_value(&domain.value))
        ));
    }
    descriptor
}

/// The `__private::Sample`s of what a variant writes besides its message: its
/// `field`, its `errors`, and each extension with a sample value.
pub fn member_samples(private: &str, variant: &Variant, own: &Described) -> Vec<String> {
    let field = own.field.map(|field| {
        let placeholder = crate::ast::member_name(&field.member);
        format!("{private}::Sample::Field({})", literal(&placeholder))
    });
    let violations = own
        .violations
        .map(|_| format!("{private}::Sample::Violations"));
    let extensions = own.extensions.iter().map(|(name, field)| {
        let placeholder = crate::ast::member_name(&field.member);
        let sample = crate::example::extension_json(variant, field)
            .unwrap_or_else(|| sample_json(&field.original.ty, &placeholder));
        format!(
            "{private}::Sample::Extension({}, {})",
            literal(name),
            literal(&sample)
        )
    });
    field
        .into_iter()
        .chain(violations)
        .chain(extensions)
        .collect()
}

/// A sample value of `ty` as JSON, for examples: what serde writes for a value of
/// it where the type says (`0`, `0.0`, `false`, `[]`, `{}`; an `Option`, `Box`, `Arc`,
/// `Rc`, `Cow` or reference as what it holds), else the string `{placeholder}`.
fn sample_json(ty: &Type, placeholder: &str) -> String {
    match ty {
        Type::Reference(reference) => sample_json(&reference.elem, placeholder),
        Type::Paren(inner) => sample_json(&inner.elem, placeholder),
        Type::Group(inner) => sample_json(&inner.elem, placeholder),
        Type::Array(_) | Type::Slice(_) => "[]".to_owned(),
        Type::Path(path) if path.qself.is_none() => match path.path.segments.last() {
            Some(last) => path_sample(last, placeholder),
            None => json::string(&format!("{{{placeholder}}}")),
        },
        _ => json::string(&format!("{{{placeholder}}}")),
    }
}

fn path_sample(segment: &PathSegment, placeholder: &str) -> String {
    let name = segment.ident.to_string();
    let sample = match name.as_str() {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64" | "i128"
        | "isize" => "0",
        _ if name.starts_with("NonZero") => "1",
        "f32" | "f64" => "0.0",
        "bool" => "false",
        "Vec" | "VecDeque" | "BTreeSet" | "HashSet" => "[]",
        "BTreeMap" | "HashMap" => "{}",
        "Option" | "Box" | "Arc" | "Rc" | "Cow" => {
            return match first_type_argument(segment) {
                Some(inner) => sample_json(inner, placeholder),
                None => json::string(&format!("{{{placeholder}}}")),
            };
        }
        _ => return json::string(&format!("{{{placeholder}}}")),
    };
    sample.to_owned()
}

fn first_type_argument(segment: &PathSegment) -> Option<&Type> {
    let PathArguments::AngleBracketed(arguments) = &segment.arguments else {
        return None;
    };
    arguments.args.iter().find_map(|argument| match argument {
        GenericArgument::Type(ty) => Some(ty),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::{DescriptorParts, literal, literal_descriptor};
    use crate::json;
    use crate::model::LiteralCode;

    /// The heads the compact call is written with are the JSON builders' heads, the
    /// raw literals written straight or not.
    #[test]
    fn a_compact_descriptor_carries_the_json_heads() {
        for (type_uri, title) in [
            ("https://e.example/not_found", "Not Found"),
            ("#fragment", "#1 title"),
        ] {
            let code = LiteralCode {
                code: "not_found".to_owned(),
                status: 404,
                title: title.to_owned(),
                type_uri: type_uri.to_owned(),
                expose: true,
                grpc: None,
            };
            let parts = DescriptorParts::entry(("E".to_owned(), "V".to_owned()), None);
            let super::Descriptor::Text(text) = literal_descriptor("__api", &code, parts) else {
                panic!("a literal code is written as text");
            };
            // The string literals among the call's arguments.
            let tokens: proc_macro2::TokenStream = text.parse().expect("tokens");
            let arguments = tokens.into_iter().find_map(|token| match token {
                proc_macro2::TokenTree::Group(group) => Some(group),
                _ => None,
            });
            let arguments = arguments.expect("`__api::compact(...)`");
            let strings: Vec<String> = arguments
                .stream()
                .into_iter()
                .filter_map(|token| syn::parse2::<syn::LitStr>(token.into()).ok())
                .map(|lit| lit.value())
                .collect();
            let expected = [
                "V".to_owned(),
                json::problem_head(type_uri, title, 404, "not_found"),
                json::envelope_head("not_found"),
            ];
            assert_eq!(strings, expected, "{text}");
        }
    }

    /// Whatever the text, the literal written for it holds it exactly.
    #[test]
    fn a_literal_holds_its_text() {
        let texts = [
            "",
            "plain",
            r#"{"type":"https://e.example/a","title":"Not Found","status":404,"code":"a""#,
            "quote then hash: \"# and \"## inside",
            "line\nfeed\tand tab",
            "carriage\rreturn and \u{0} nul and \u{7f}",
            "back\\slash and unicode é ✓",
        ];
        for text in texts {
            let lit: syn::LitStr = syn::parse_str(&literal(text)).expect("a string literal");
            assert_eq!(lit.value(), text, "{}", literal(text));
        }
    }
}

//! The call that builds the static descriptor of a literal code, the same in both
//! derives: one `__private::compact(...)` of the two JSON heads, out of which the
//! runtime reads the type URI, title and code, since a large enum writes one per
//! variant and build time grows with the tokens.

use proc_macro2::{Ident, Literal, Span, TokenStream};
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
    /// The members the variant writes besides its message, as `__private::Sample`s.
    pub members: Vec<TokenStream>,
}

/// The descriptor call for a literal code: `__private::compact(...)` from the two
/// JSON heads when the type URI, title and code need no escaping (nearly always),
/// with a `with_*` call around it per fact that is not its default; else
/// `__private::variant(...)`, every fact spelled out.
pub fn literal_descriptor(
    private: &TokenStream,
    code: &LiteralCode,
    parts: DescriptorParts,
) -> TokenStream {
    let plain = [&code.code, &code.title, &code.type_uri];
    let descriptor = if plain.iter().all(|text| json::is_plain(text)) {
        compact_descriptor(private, code, parts)
    } else {
        long_descriptor(private, code, parts)
    };
    let mut descriptor = descriptor;
    if let Some(grpc) = code.grpc {
        let grpc = Ident::new(grpc, Span::call_site());
        descriptor.extend(quote!(.with_grpc(#private::GrpcCode::#grpc)));
    }
    descriptor
}

/// `__private::compact(...)`, wrapped in a `with_*` call per fact the variant sets.
fn compact_descriptor(
    private: &TokenStream,
    code: &LiteralCode,
    parts: DescriptorParts,
) -> TokenStream {
    let variant_name = &parts.source.1;
    let status = Literal::u16_unsuffixed(code.status);
    let problem_head = json::problem_head(&code.type_uri, &code.title, code.status, &code.code);
    let envelope_head = json::envelope_head(&code.code);
    let type_len = Literal::usize_unsuffixed(code.type_uri.len());
    let title_len = Literal::usize_unsuffixed(code.title.len());
    let mut descriptor = quote! {
        #private::compact(#variant_name, #status, #problem_head, #envelope_head, #type_len, #title_len)
    };
    // Each fact is a `.with_…(…)` appended, not a call around the call: a large
    // enum writes one per variant, and quoting the call again costs per token.
    if code.expose != rules::default_expose(code.status) {
        let expose = code.expose;
        descriptor.extend(quote!(.with_expose(#expose)));
    }
    if let Some(description) = parts.description {
        descriptor.extend(quote!(.with_description(#description)));
    }
    if let Some(log) = parts.log {
        let log = Literal::u8_unsuffixed(log.number());
        descriptor.extend(quote!(.with_log(#log)));
    }
    if let Some(message) = parts.message {
        let json = json::string(message);
        descriptor.extend(quote!(.with_message(#message, #json)));
    }
    if parts.template.is_some() || !parts.headers.is_empty() || !parts.members.is_empty() {
        let template = match parts.template {
            Some(template) => quote!(::core::option::Option::Some(#template)),
            None => quote!(::core::option::Option::None),
        };
        let (headers, members) = (parts.headers, parts.members);
        descriptor.extend(quote!(.with_variant(#template, &[#(#headers),*], &[#(#members),*])));
    }
    descriptor
}

/// `__private::variant(...)`: every fact spelled out, for a code whose type URI,
/// title or code has something to escape in JSON.
fn long_descriptor(
    private: &TokenStream,
    code: &LiteralCode,
    parts: DescriptorParts,
) -> TokenStream {
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
    let log = Literal::u8_unsuffixed(parts.log.map_or(0, LogLevel::number));
    let message_json = parts.message.map(json::string).unwrap_or_default();
    let message = parts.message.unwrap_or_default();
    let problem_head = json::problem_head(type_uri, title, *status, code);
    let envelope_head = json::envelope_head(code);
    let template = parts.template.unwrap_or_default();
    let headers = parts.headers;
    let members = parts.members;
    quote! {
        #private::variant(
            (#type_name, #variant_name), #code, #status, #title, #type_uri, #expose,
            #description, #log, #message, #message_json, #problem_head, #envelope_head,
            #template, &[#(#headers),*], &[#(#members),*],
        )
    }
}

/// A type's catalog: `__private::named(type_name, [descriptors])`.
pub fn catalog(private: &TokenStream, type_name: &str, descriptors: &[TokenStream]) -> TokenStream {
    quote!(#private::named(#type_name, [#(#descriptors),*]))
}

/// A descriptor with the type's (or registry's) `domain`, when it sets one; for a
/// registry code, the type's domain replaces the entry's.
pub fn with_domain(domain: Option<&Keyed<LitStr>>, descriptor: TokenStream) -> TokenStream {
    let mut descriptor = descriptor;
    if let Some(domain) = domain {
        let domain = &domain.value;
        descriptor.extend(quote!(.with_domain(#domain)));
    }
    descriptor
}

/// The `__private::Sample`s of what a variant writes besides its message: its
/// `field`, its `errors`, and each extension with a sample value.
pub fn member_samples(
    private: &TokenStream,
    variant: &Variant,
    own: &Described,
) -> Vec<TokenStream> {
    let field = own.field.map(|field| {
        let placeholder = crate::ast::member_name(&field.member);
        quote!(#private::Sample::Field(#placeholder))
    });
    let violations = own.violations.map(|_| quote!(#private::Sample::Violations));
    let extensions = own.extensions.iter().map(|(name, field)| {
        let placeholder = crate::ast::member_name(&field.member);
        let sample = crate::example::extension_json(variant, field)
            .unwrap_or_else(|| sample_json(&field.original.ty, &placeholder));
        quote!(#private::Sample::Extension(#name, #sample))
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

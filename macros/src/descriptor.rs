//! The call that builds the static descriptor of a literal code, the same in both
//! derives: one `__private::variant(...)` of plain literals (`""` for "none", 0 for
//! the status's log level), since a large enum writes one per variant and expansion
//! time grows with the tokens.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use syn::{GenericArgument, LitStr, PathArguments, PathSegment, Type};

use crate::ast::Variant;
use crate::attr::{Keyed, LogLevel};
use crate::json;
use crate::model::{Described, LiteralCode};

/// What a descriptor holds beside its code's facts.
pub struct DescriptorParts<'a> {
    /// The type's name and the variant's, as the catalog shows them.
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

/// `__private::variant(...)` for a literal code.
pub fn literal_descriptor(
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
        grpc,
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
    let descriptor = quote! {
        #private::variant(
            (#type_name, #variant_name), #code, #status, #title, #type_uri, #expose,
            #description, #log, #message, #message_json, #problem_head, #envelope_head,
            #template, &[#(#headers),*], &[#(#members),*],
        )
    };
    match grpc {
        Some(grpc) => {
            let grpc = Ident::new(grpc, Span::call_site());
            quote!(#private::with_grpc(#descriptor, #private::GrpcCode::#grpc))
        }
        None => descriptor,
    }
}

/// A descriptor with the type's (or registry's) `domain`, when it sets one; for a
/// registry code, the type's domain replaces the entry's.
pub fn with_domain(
    private: &TokenStream,
    domain: Option<&Keyed<LitStr>>,
    descriptor: TokenStream,
) -> TokenStream {
    match domain {
        Some(domain) => {
            let domain = &domain.value;
            quote!(#private::with_domain(#descriptor, #domain))
        }
        None => descriptor,
    }
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

//! What a variant's documented examples show: its message template rendered with
//! sample values (`account 42 not found`, not `account {id} not found`), and its
//! extension members' values. A sample is the variant's own
//! `#[api(example(id = 42))]`, else one its field's type suggests: `0` for a number,
//! `"string"` for a string, `{name}` naming the field for any other type.

use syn::{GenericArgument, Lit, PathArguments, Type};

use crate::ast::{Field, Variant, member_name, name};
use crate::attr::ExampleValue;
use crate::ctxt::Ctxt;
use crate::json;
use crate::template::Template;

/// How `example(...)` names a field: its name, or `_0` for a tuple field (`0` is no
/// identifier).
fn example_key(field: &Field) -> String {
    match &field.member {
        syn::Member::Named(_) => member_name(&field.member),
        syn::Member::Unnamed(index) => format!("_{}", index.index),
    }
}

fn examples<'v>(variant: &'v Variant) -> &'v [ExampleValue] {
    variant
        .attrs
        .example
        .as_ref()
        .map_or(&[], |example| example.value.as_slice())
}

/// Each `example(...)` key names a field of the variant, once.
pub fn check(cx: &Ctxt, variant: &Variant) {
    let keys: Vec<String> = variant.fields.iter().map(example_key).collect();
    let mut seen = Vec::new();
    for example in examples(variant) {
        let key = name(&example.field);
        if seen.contains(&key) {
            cx.error_spanned_by(&example.field, format!("`{key}` has an example already"));
        } else if !keys.contains(&key) {
            let fields = if keys.is_empty() {
                "it has no fields".to_owned()
            } else {
                format!("its fields: {}", keys.join(", "))
            };
            cx.error_spanned_by(
                &example.field,
                format!("`{key}` is not a field of `{}`; {fields}", variant.ident),
            );
        }
        seen.push(key);
    }
}

/// The variant's own example value of `field`, if it gives one.
fn example_of<'v>(variant: &'v Variant, field: &Field) -> Option<&'v Lit> {
    let key = example_key(field);
    examples(variant)
        .iter()
        .find(|example| name(&example.field) == key)
        .map(|example| &example.value)
}

/// `template` with each placeholder replaced by its field's sample, as `Display`
/// (or, with a `?` in its spec, `Debug`) would write it.
pub fn rendered(variant: &Variant, template: &Template) -> String {
    let mut out = String::with_capacity(template.format.len() + 16);
    let mut placeholders = template.placeholders.iter();
    let mut chars = template.format.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let inside: String = chars.by_ref().take_while(|&ch| ch != '}').collect();
                let debug = inside
                    .split_once(':')
                    .is_some_and(|(_, spec)| spec.contains('?'));
                if let Some(placeholder) = placeholders.next() {
                    let field = variant
                        .fields
                        .iter()
                        .find(|field| member_name(&field.member) == placeholder.member);
                    out.push_str(&sample_text(variant, field, &placeholder.member, debug));
                }
            }
            ch => out.push(ch),
        }
    }
    out
}

/// A field's sample as text in a message.
fn sample_text(variant: &Variant, field: Option<&Field>, member: &str, debug: bool) -> String {
    let quoted = |text: String| if debug { format!("{text:?}") } else { text };
    match field.and_then(|field| example_of(variant, field)) {
        Some(Lit::Str(text)) => quoted(text.value()),
        Some(Lit::Int(int)) => int.base10_digits().to_owned(),
        Some(Lit::Float(float)) => float.base10_digits().to_owned(),
        Some(Lit::Bool(flag)) => flag.value.to_string(),
        _ => match field.map(|field| type_sample(&field.original.ty)) {
            Some(TypeSample::Number(text)) => text.to_owned(),
            Some(TypeSample::Text) => quoted("string".to_owned()),
            Some(TypeSample::Other) | None => format!("{{{member}}}"),
        },
    }
}

/// The variant's own example of an extension `field` as JSON, if it gives one.
pub fn extension_json(variant: &Variant, field: &Field) -> Option<String> {
    Some(match example_of(variant, field)? {
        Lit::Str(text) => json::string(&text.value()),
        Lit::Int(int) => int.base10_digits().to_owned(),
        Lit::Float(float) => float.base10_digits().to_owned(),
        Lit::Bool(flag) => flag.value.to_string(),
        _ => return None,
    })
}

/// What a field's type suggests as a sample.
enum TypeSample {
    Number(&'static str),
    Text,
    Other,
}

fn type_sample(ty: &Type) -> TypeSample {
    match ty {
        Type::Reference(reference) => type_sample(&reference.elem),
        Type::Paren(inner) => type_sample(&inner.elem),
        Type::Group(inner) => type_sample(&inner.elem),
        Type::Path(path) if path.qself.is_none() => {
            let Some(last) = path.path.segments.last() else {
                return TypeSample::Other;
            };
            match last.ident.to_string().as_str() {
                "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64"
                | "i128" | "isize" => TypeSample::Number("0"),
                name if name.starts_with("NonZero") => TypeSample::Number("1"),
                "f32" | "f64" => TypeSample::Number("0.0"),
                "bool" => TypeSample::Number("false"),
                "String" | "str" => TypeSample::Text,
                "Box" | "Arc" | "Rc" | "Cow" => {
                    first_type_argument(&last.arguments).map_or(TypeSample::Other, type_sample)
                }
                _ => TypeSample::Other,
            }
        }
        _ => TypeSample::Other,
    }
}

fn first_type_argument(arguments: &PathArguments) -> Option<&Type> {
    let PathArguments::AngleBracketed(arguments) = arguments else {
        return None;
    };
    arguments.args.iter().find_map(|argument| match argument {
        GenericArgument::Type(ty) => Some(ty),
        _ => None,
    })
}

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
                let spec = inside.split_once(':').map_or("", |(_, spec)| spec);
                let debug = spec.contains('?');
                if let Some(placeholder) = placeholders.next() {
                    let field = variant
                        .fields
                        .iter()
                        .find(|field| member_name(&field.member) == placeholder.member);
                    let sample = sample_text(variant, field, &placeholder.member, debug);
                    out.push_str(&with_spec(&sample, spec));
                }
            }
            ch => out.push(ch),
        }
    }
    out
}

/// `sample` as a format `spec` writes it, for the specs a message commonly holds: a
/// precision (`.2`: digits of a number, characters of a text), then a width with its
/// fill and alignment (`>5`, `*^9`, `05`), as `format!` pads. A width or precision
/// taken from a field (`width$`) and the other types (`x`, `e`) leave it as it is.
fn with_spec(sample: &str, spec: &str) -> String {
    let mut rest = spec.trim_end_matches('?');
    let mut chars = rest.chars();
    let (fill, align, prefix) = match (chars.next(), chars.next()) {
        (Some(fill), Some(align @ ('<' | '^' | '>'))) => (fill, Some(align), fill.len_utf8() + 1),
        (Some(align @ ('<' | '^' | '>')), _) => (' ', Some(align), 1),
        _ => (' ', None, 0),
    };
    rest = &rest[prefix..];
    let zero = align.is_none() && rest.starts_with('0') && rest.len() > 1;
    if zero {
        rest = &rest[1..];
    }
    let (width, precision) = rest.split_once('.').unwrap_or((rest, ""));
    if !width.bytes().all(|b| b.is_ascii_digit()) || !precision.bytes().all(|b| b.is_ascii_digit())
    {
        return sample.to_owned();
    }
    let number = sample.parse::<f64>().ok();
    let mut text = match (precision.parse::<usize>(), number) {
        (Ok(digits), Some(value)) => format!("{value:.digits$}"),
        (Ok(chars), None) => sample.chars().take(chars).collect(),
        (Err(_), _) => sample.to_owned(),
    };
    let width = width.parse::<usize>().unwrap_or(0);
    let missing = width.saturating_sub(text.chars().count());
    if missing > 0 {
        let pad = |count: usize| std::iter::repeat_n(fill, count).collect::<String>();
        // Numbers go right and texts left by default, as `format!` puts them.
        text = match (align, zero, number.is_some()) {
            (None, true, _) => format!("{}{text}", pad(missing).replace(' ', "0")),
            (Some('>'), ..) | (None, false, true) => format!("{}{text}", pad(missing)),
            (Some('^'), ..) => format!("{}{text}{}", pad(missing / 2), pad(missing - missing / 2)),
            _ => format!("{text}{}", pad(missing)),
        };
    }
    text
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

#[cfg(test)]
mod tests {
    use super::with_spec;

    #[test]
    fn a_spec_writes_the_sample_as_format_does() {
        let cases: [(&str, &str, String); 11] = [
            ("42", ">5", format!("{:>5}", 42)),
            ("42", "5", format!("{:5}", 42)),
            ("42", "05", format!("{:05}", 42)),
            ("42", "*^7", format!("{:*^7}", 42)),
            ("ada", "5", format!("{:5}", "ada")),
            ("ada", ">5", format!("{:>5}", "ada")),
            ("1.23456", ".2", format!("{:.2}", 1.23456)),
            ("1.23456", "8.3", format!("{:8.3}", 1.23456)),
            ("abcdef", ".3", format!("{:.3}", "abcdef")),
            ("42", ">width$", "42".to_owned()),
            ("42", ">>5", format!("{:>>5}", 42)),
        ];
        for (sample, spec, expected) in cases {
            assert_eq!(with_spec(sample, spec), expected, "{{:{spec}}}");
        }
    }
}

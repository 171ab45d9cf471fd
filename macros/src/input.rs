//! The derive's input, parsed as syn parses a `DeriveInput`, except for the
//! attributes of the item and its variants.
//!
//! A doc comment reaches a derive as `#[doc = "…"]`, and syn parses the value of every
//! such attribute as an expression: a `LitStr`, whose text it unescapes character by
//! character (to find a suffix) in the derive's unoptimized build. On an enum with a
//! doc comment on each variant that was the largest part of parsing the input, for
//! values the derive reads only as descriptions. Here the value is kept as its token,
//! in `Expr::Verbatim`, and [`doc_comment_of`](crate::attr::doc_comment_of) reads it
//! without that pass when it holds no escape. An attribute `name(…)` (`#[api(…)]`,
//! `#[error(…)]`, two on nearly every variant) is made the `MetaList` syn would make,
//! without syn's general path parser. Everything else is syn's own parsing, in syn's
//! order: the generics, the fields (whose attributes syn reads as ever), the
//! discriminants, every other attribute. A union, which the derive rejects, is
//! parsed by syn whole.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{
    AttrStyle, Attribute, Data, DataEnum, DataStruct, DeriveInput, Expr, Fields, Generics, Ident,
    MacroDelimiter, Meta, MetaList, MetaNameValue, Token, Variant, Visibility, WhereClause, braced,
    bracketed, token,
};

/// The derive's input as syn's `DeriveInput`, with the doc comments of the item and
/// its variants as `Expr::Verbatim` literals.
pub fn parse(tokens: TokenStream) -> syn::Result<DeriveInput> {
    match derive_input.parse2(tokens.clone()) {
        Ok(Some(input)) => Ok(input),
        Ok(None) | Err(_) => syn::parse2(tokens),
    }
}

/// An enum or a struct; `None` for a union, left to syn.
fn derive_input(input: ParseStream) -> syn::Result<Option<DeriveInput>> {
    let attrs = outer_attributes(input)?;
    let vis: Visibility = input.parse()?;
    let (ident, generics, data) = if input.peek(Token![enum]) {
        let enum_token = input.parse()?;
        let (ident, mut generics) = name_and_generics(input)?;
        generics.where_clause = input.parse()?;
        let content;
        let brace_token = braced!(content in input);
        let variants = Punctuated::parse_terminated_with(&content, variant)?;
        let data = DataEnum {
            enum_token,
            brace_token,
            variants,
        };
        (ident, generics, Data::Enum(data))
    } else if input.peek(Token![struct]) {
        let struct_token = input.parse()?;
        let (ident, mut generics) = name_and_generics(input)?;
        let (where_clause, fields, semi_token) = struct_body(input)?;
        generics.where_clause = where_clause;
        let data = DataStruct {
            struct_token,
            fields,
            semi_token,
        };
        (ident, generics, Data::Struct(data))
    } else {
        return Ok(None);
    };
    Ok(Some(DeriveInput {
        attrs,
        vis,
        ident,
        generics,
        data,
    }))
}

fn name_and_generics(input: ParseStream) -> syn::Result<(Ident, Generics)> {
    Ok((input.parse()?, input.parse()?))
}

/// A struct's where clause, fields and `;`, as syn's `data_struct` reads them.
fn struct_body(
    input: ParseStream,
) -> syn::Result<(Option<WhereClause>, Fields, Option<Token![;]>)> {
    let mut where_clause: Option<WhereClause> = None;
    if input.peek(Token![where]) {
        where_clause = Some(input.parse()?);
    }
    if where_clause.is_none() && input.peek(token::Paren) {
        let fields = Fields::Unnamed(input.parse()?);
        if input.peek(Token![where]) {
            where_clause = Some(input.parse()?);
        }
        return Ok((where_clause, fields, Some(input.parse()?)));
    }
    if input.peek(token::Brace) {
        return Ok((where_clause, Fields::Named(input.parse()?), None));
    }
    Ok((where_clause, Fields::Unit, Some(input.parse()?)))
}

/// A variant, as syn's `Variant` parses it (a visibility before it is read and
/// dropped), its own attributes through [`outer_attributes`].
fn variant(input: ParseStream) -> syn::Result<Variant> {
    let attrs = outer_attributes(input)?;
    let _: Visibility = input.parse()?;
    let ident = input.parse()?;
    let fields = if input.peek(token::Brace) {
        Fields::Named(input.parse()?)
    } else if input.peek(token::Paren) {
        Fields::Unnamed(input.parse()?)
    } else {
        Fields::Unit
    };
    let discriminant = match input.peek(Token![=]) {
        true => Some((input.parse()?, input.parse()?)),
        false => None,
    };
    Ok(Variant {
        attrs,
        ident,
        fields,
        discriminant,
    })
}

/// Outer attributes, the commonest read by [`plain_meta`], the rest by syn.
fn outer_attributes(input: ParseStream) -> syn::Result<Vec<Attribute>> {
    let mut attrs = Vec::new();
    while input.peek(Token![#]) {
        let content;
        let pound_token = input.parse()?;
        let bracket_token = bracketed!(content in input);
        let meta = match plain_meta(&content)? {
            Some(meta) => meta,
            None => content.parse()?,
        };
        attrs.push(Attribute {
            pound_token,
            style: AttrStyle::Outer,
            bracket_token,
            meta,
        });
    }
    Ok(attrs)
}

/// The two commonest attributes, read from `content` without syn's general path
/// and expression parsers: `name(…)` (`#[api(…)]`, `#[error(…)]`) as the
/// `MetaList` syn makes of it, and `doc = <literal>` as a `MetaNameValue` whose
/// value is the literal's token. `None`, with nothing read, for anything else.
fn plain_meta(content: ParseStream) -> syn::Result<Option<Meta>> {
    content.step(|cursor| {
        let Some((name, rest)) = cursor.ident() else {
            return Ok((None, *cursor));
        };
        if let Some((TokenTree::Group(group), end)) = rest.token_tree()
            && group.delimiter() == Delimiter::Parenthesis
            && end.eof()
        {
            let meta = Meta::List(MetaList {
                path: name.into(),
                delimiter: MacroDelimiter::Paren(token::Paren {
                    span: group.delim_span(),
                }),
                tokens: group.stream(),
            });
            return Ok((Some(meta), end));
        }
        let Some((eq, rest)) = rest.punct().filter(|(eq, _)| eq.as_char() == '=') else {
            return Ok((None, *cursor));
        };
        let Some((literal, end)) = rest.literal().filter(|(_, end)| end.eof()) else {
            return Ok((None, *cursor));
        };
        // The name is compared last: it is the one check that asks the compiler for
        // a string.
        if name != "doc" {
            return Ok((None, *cursor));
        }
        let meta = Meta::NameValue(MetaNameValue {
            path: name.into(),
            eq_token: Token![=](eq.span()),
            value: Expr::Verbatim(TokenStream::from(TokenTree::Literal(literal))),
        });
        Ok((Some(meta), end))
    })
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;
    use syn::parse::Parser;

    use super::parse;
    use crate::attr::doc_comment;

    /// Doc comments in every place a derive sees them, attributes that look like doc
    /// comments but are not, and the syntax around them.
    const INPUTS: [&str; 8] = [
        r#"
        /// The account errors.
        #[derive(Debug)]
        #[doc(hidden)]
        pub enum E<'a, T: Clone + 'a = u8, const N: usize = 3> where T: Copy {
            /// Not found: "quoted", \ backslash, tab	here, é.
            /** A block
             * comment */
            #[api(code = "a", status = 404)]
            A { /// The id.
                id: u64, pub(crate) name: &'a str },
            #[doc = include_str!("x.md")]
            #[doc = concat!("a", "b")]
            #[doc = "suffixed"x]
            B(#[doc = "field"] T, [u8; N]),
            /// A discriminant, and lists that are not `name(…)`.
            #[my::path(x)]
            #[brackets[x]]
            #[braces{x}]
            #[empty()]
            C = 3,
            pub D = 1 + 2,
        }"#,
        r#"
        /// A struct.
        #[api(code = "s", status = 400)]
        struct S<const N: usize = { 1 + 2 }> where [u8; N]: Sized {
            /// Its field.
            #[api(header = "x")]
            pub(crate) field: [u8; N],
        }"#,
        r#"#[doc = r"raw"] struct T<U>(/** tuple field */ U) where U: Copy;"#,
        "/// Unit.\n pub(crate) struct Unit;",
        "/// Nothing.\n enum Empty {}",
        "/// A union.\n union U { a: u8 }",
        "/// Trailing comma.\n enum Trailing { /// One.\n A, }",
        r##"#[doc = r#"raw "quoted""#] enum Raw { #[doc = "\u{e9}\n\"x\""] A }"##,
    ];

    /// Each node's doc comment (the item's, each variant's, each field's), and the
    /// item printed.
    fn read(input: &syn::DeriveInput) -> (Vec<Option<String>>, String) {
        let mut docs = vec![doc_comment(&input.attrs)];
        let of_fields = |fields: &syn::Fields| -> Vec<Option<String>> {
            fields
                .iter()
                .map(|field| doc_comment(&field.attrs))
                .collect()
        };
        match &input.data {
            syn::Data::Enum(data) => {
                for variant in &data.variants {
                    docs.extend(of_fields(&variant.fields));
                    docs.push(doc_comment(&variant.attrs));
                }
            }
            syn::Data::Struct(data) => docs.extend(of_fields(&data.fields)),
            syn::Data::Union(_) => {}
        }
        (docs, input.to_token_stream().to_string())
    }

    #[test]
    fn the_input_reads_as_syn_reads_it() {
        for text in INPUTS {
            let tokens: proc_macro2::TokenStream = text.parse().expect("tokens");
            let syn_reads: syn::DeriveInput = syn::parse2(tokens.clone()).expect("syn parses it");
            // Parsed here, not handed to syn for want of an enum or a struct.
            let narrow = super::derive_input.parse2(tokens.clone());
            assert_eq!(
                narrow.ok().flatten().is_some(),
                !text.contains("union"),
                "{text}"
            );
            let parsed = parse(tokens).expect("parses");
            let (docs, printed) = read(&syn_reads);
            assert!(docs.iter().flatten().count() >= 1, "{text}");
            assert_eq!(read(&parsed), (docs, printed), "{text}");
        }
    }

    #[test]
    fn only_doc_values_that_are_literals_are_kept_as_tokens() {
        let tokens: proc_macro2::TokenStream = INPUTS[0].parse().expect("tokens");
        let input = parse(tokens).expect("parses");
        let syn::Data::Enum(data) = &input.data else {
            panic!("an enum");
        };
        let verbatim = |attrs: &[syn::Attribute]| -> Vec<bool> {
            let values = attrs.iter().filter_map(|attr| match &attr.meta {
                syn::Meta::NameValue(name_value) => Some(&name_value.value),
                _ => None,
            });
            values
                .map(|value| matches!(value, syn::Expr::Verbatim(_)))
                .collect()
        };
        assert_eq!(verbatim(&input.attrs), [true]);
        assert_eq!(verbatim(&data.variants[0].attrs), [true, true]);
        // Macros are expressions, as syn reads them.
        assert_eq!(verbatim(&data.variants[1].attrs), [false, false, true]);
    }
}

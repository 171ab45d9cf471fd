//! The input as the derive sees it: the syn nodes it borrows and their parsed
//! `#[api(...)]` attributes.

use quote::ToTokens;
use syn::{DeriveInput, Ident, LitStr, Member};

use crate::attr::{self, Attrs, Keyed, Position};
use crate::ctxt::Ctxt;
use crate::locales::Catalog;
use crate::template::{self, Template};

pub struct Input<'a> {
    pub original: &'a DeriveInput,
    pub attrs: Attrs,
    /// The runtime crate's path: `crate = "..."`, or `::apierror`.
    pub krate: syn::Path,
    pub shape: Shape<'a>,
    /// The Fluent files `locales = "..."` names, read and parsed.
    pub locales: Option<Catalog>,
}

pub enum Shape<'a> {
    Enum(Vec<Variant<'a>>),
    /// A struct is one variant whose attributes sit on the struct itself.
    Struct(Box<Variant<'a>>),
}

pub struct Variant<'a> {
    /// The variant's name, or the struct's.
    pub ident: &'a Ident,
    /// Whether this is an enum's variant, named `Self::Name`, rather than a struct,
    /// named `Self` (see [`Variant::path`]).
    pub in_enum: bool,
    pub attrs: Attrs,
    /// thiserror's `#[error(…)]`, the first if several.
    pub error_attr: Option<&'a syn::Attribute>,
    pub doc: Option<String>,
    /// `message = "..."` parsed as a template; `valid.rs` reports its error.
    pub template: Option<Result<Template, String>>,
    pub fields: Vec<Field<'a>>,
}

pub struct Field<'a> {
    pub original: &'a syn::Field,
    pub member: Member,
    pub attrs: Attrs,
}

impl<'a> Input<'a> {
    pub fn from_syn(cx: &Ctxt, node: &'a DeriveInput) -> Option<Input<'a>> {
        let mut shape = match &node.data {
            syn::Data::Enum(data) => Shape::Enum(
                data.variants
                    .iter()
                    .map(|variant| {
                        Variant::new(
                            cx,
                            &variant.ident,
                            true,
                            &variant.attrs,
                            Position::Variant,
                            &variant.fields,
                        )
                    })
                    .collect(),
            ),
            syn::Data::Struct(data) => Shape::Struct(Box::new(Variant::new(
                cx,
                &node.ident,
                false,
                &node.attrs,
                Position::Struct,
                &data.fields,
            ))),
            syn::Data::Union(data) => {
                cx.error_spanned_by(
                    data.union_token,
                    "ApiError is derived for enums and structs, not unions",
                );
                return None;
            }
        };
        // A struct's attributes were parsed once, as its one variant's; the
        // container keys move from there to the container.
        let attrs = match &mut shape {
            Shape::Enum(_) => attr::parse(cx, &node.attrs, Position::Enum),
            Shape::Struct(variant) => Attrs {
                type_base: variant.attrs.type_base.take(),
                domain: variant.attrs.domain.take(),
                krate: variant.attrs.krate.take(),
                skip_impl: variant.attrs.skip_impl.take(),
                locales: variant.attrs.locales.take(),
                default_locale: variant.attrs.default_locale.take(),
                fallback: variant.attrs.fallback.take(),
                ..Attrs::default()
            },
        };
        Some(Input {
            locales: crate::locales::load(cx, &attrs, &node.ident),
            original: node,
            krate: krate_path(&attrs),
            attrs,
            shape,
        })
    }

    pub fn variants(&self) -> &[Variant<'a>] {
        match &self.shape {
            Shape::Enum(variants) => variants,
            Shape::Struct(variant) => std::slice::from_ref(variant),
        }
    }
}

impl<'a> Variant<'a> {
    fn new(
        cx: &Ctxt,
        ident: &'a Ident,
        in_enum: bool,
        attrs: &'a [syn::Attribute],
        position: Position,
        fields: &'a syn::Fields,
    ) -> Self {
        // Each attribute named once (`is_ident` turns the name into a string at every
        // comparison), and handed to the reader of its kind.
        let (mut api, mut docs, mut error) = (Vec::new(), Vec::new(), None);
        for attr in attrs {
            let name = attr.path().get_ident().map(Ident::to_string);
            match name.as_deref() {
                Some(crate::symbol::API) => api.push(attr),
                Some("doc") => docs.push(attr),
                Some("error") => error = error.or(Some(attr)),
                _ => {}
            }
        }
        let parsed = attr::parse_api(cx, api, position);
        Variant {
            ident,
            in_enum,
            template: parsed
                .message
                .as_ref()
                .map(|message| template::parse(&attr::string_value(&message.value))),
            attrs: parsed,
            doc: attr::doc_comment_of(docs),
            error_attr: error,
            fields: fields
                .iter()
                .enumerate()
                .map(|(index, field)| Field {
                    original: field,
                    member: match &field.ident {
                        Some(ident) => Member::Named(ident.clone()),
                        None => Member::Unnamed(index.into()),
                    },
                    attrs: attr::parse(cx, &field.attrs, Position::Field),
                })
                .collect(),
        }
    }

    /// `Self::Name` for a variant, `Self` for a struct, the name with its span.
    pub fn path(&self) -> proc_macro2::TokenStream {
        let ident = self.ident;
        match self.in_enum {
            true => quote::quote!(Self::#ident),
            false => quote::quote!(Self),
        }
    }

    /// [`Variant::path`] as source text.
    pub fn path_text(&self) -> String {
        match self.in_enum {
            true => format!("Self::{}", self.ident),
            false => "Self".to_owned(),
        }
    }

    pub fn field_named(&self, name: &str) -> Option<&Field<'a>> {
        self.fields
            .iter()
            .find(|field| member_name(&field.member) == name)
    }
}

impl Field<'_> {
    /// The member name of an extension field, `extension = "name"` or the field's
    /// name, and the tokens that name it; `None` for a tuple field without one.
    pub fn extension_name(
        &self,
        extension: &Keyed<Option<LitStr>>,
    ) -> Option<(String, proc_macro2::TokenStream)> {
        match (&extension.value, &self.original.ident) {
            (Some(lit), _) => Some((lit.value(), lit.to_token_stream())),
            (None, Some(ident)) => Some((name(ident), extension.key.to_token_stream())),
            (None, None) => None,
        }
    }
}

/// The runtime crate's path a container names: `crate = "..."`, or `::apierror`.
pub fn krate_path(attrs: &Attrs) -> syn::Path {
    match &attrs.krate {
        Some(krate) => krate.value.clone(),
        None => syn::parse_quote!(::apierror),
    }
}

/// A field's name as written in a template: `id`, or `0` for a tuple field. A raw
/// identifier loses its `r#` (`r#type` is `type`), as thiserror's templates name it.
pub fn member_name(member: &Member) -> String {
    match member {
        Member::Named(ident) => name(ident),
        Member::Unnamed(index) => index.index.to_string(),
    }
}

/// An identifier as clients and templates see it: without the `r#` of a raw
/// identifier (`r#type` is `type`), so it can prefix a generated name or become JSON.
/// Its text read once: `IdentExt::unraw` reads it to look for the `r#`, then clones
/// the identifier, which is read again.
pub fn name(ident: &Ident) -> String {
    let text = ident.to_string();
    match text.strip_prefix("r#") {
        Some(unraw) => unraw.to_owned(),
        None => text,
    }
}

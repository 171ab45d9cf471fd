//! Code generation: one function per generated item.

use std::fmt::Write as _;

use proc_macro2::{Literal, Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident, LitStr};

use crate::ast::{Field, Input, Variant, member_name};
use crate::ctxt::Ctxt;
use crate::descriptor::{
    self, Descriptor, DescriptorParts, literal_descriptor, member_samples, with_domain,
};
use crate::fallback;
use crate::generics::Bounds;
use crate::json;
use crate::model::{CodeOrigin, Described, Kind, Message, Model, VariantModel};
use crate::template::{Piece, Template};
use crate::valid;

/// `#[derive(ApiError)]`: parse, check, model, expand; the errors and a stub impl
/// when the input has mistakes.
pub fn derive(node: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    // A union is never an `Error`, so it gets its error alone: a stub impl would
    // only add "the trait bound `Bits: std::error::Error` is not satisfied" under it.
    let Some(input) = Input::from_syn(&cx, node) else {
        return cx
            .check()
            .err()
            .map(|errors| errors.to_compile_error())
            .unwrap_or_default();
    };
    let checked = valid::check(&cx, &input);
    match cx.check() {
        Ok(()) => impl_api_error(&Model::from_input(&input, checked)),
        Err(errors) => fallback::api_error(&input, errors),
    }
}

fn impl_api_error(model: &Model) -> TokenStream {
    let krate = model.krate();
    let private = private();
    let node = model.input.original;
    let ident = &node.ident;
    let mut bounds = Bounds::new(&node.generics);
    let type_name = crate::ast::name(ident);
    let catalog = model
        .variants
        .iter()
        .filter_map(|checked| match &checked.kind {
            Kind::Described(own) => Some(variant_descriptor(&type_name, checked, own)),
            Kind::Transparent(_) => None,
        })
        .map(|descriptor| with_domain(model.input.attrs.domain.as_ref(), descriptor))
        .map(|descriptor| match &model.input.locales {
            Some(_) => crate::locales::expand::with_localizer(descriptor),
            None => descriptor,
        });
    let catalog: Vec<Descriptor> = catalog.collect();
    let catalog_len = catalog.len();
    let catalog = descriptor::catalog(PRIVATE, &type_name, catalog);
    let descriptor_fn = descriptor_fn(model, &mut bounds);
    let visit_fn = visit_fn(model);
    let members_fn = members_fn(model, &mut bounds);
    let headers_fn = headers_fn(model, &mut bounds);
    let locales_fns =
        crate::locales::expand::methods(model, model.input.locales.as_ref(), &mut bounds);
    let locales_static = model
        .input
        .locales
        .as_ref()
        .map(crate::locales::expand::catalog_static);
    let assertions = registry_assertions(model);
    let (impl_generics, ty_generics, _) = node.generics.split_for_impl();
    let where_clause = bounds.where_clause(quote!(#ident #ty_generics));
    let predicates = bounds.predicates(quote!(#ident #ty_generics));
    let integrations = integrations(model).map(|integration| {
        quote!(#private::#integration! { impl [#impl_generics] #ident #ty_generics, where [#predicates] })
    });
    // Generic types are bounded on `Error` and cannot be asserted without arguments.
    // The assertion is the block's value rather than a `const` item of its own: an
    // item less per type for the compiler to lower, hash and encode.
    let assert_error = node
        .generics
        .params
        .is_empty()
        .then(|| quote_spanned!(ident.span()=> __api::assert_error::<#ident>()));
    let registry_fallback = model
        .uses_registry()
        .then(|| quote!(#[allow(unused_imports)] use #private::NotARegistry as _;));
    // `deprecated`: a `#[deprecated]` type or variant is named all over the generated
    // items (and the integration impls the macro_rules inside this block expands to);
    // the user's own uses still warn.
    quote! {
        #[allow(unused_qualifications, deprecated)]
        const _: () = {
            use #krate::__private as __api;
            #registry_fallback

            static __API_CATALOG: [#private::ErrorDescriptor; #catalog_len] = #catalog;
            #(#assertions)*
            #locales_static

            #[automatically_derived]
            impl #impl_generics #private::ApiError for #ident #ty_generics #where_clause {
                #descriptor_fn

                fn catalog() -> &'static [#private::ErrorDescriptor] {
                    &__API_CATALOG
                }

                #visit_fn
                #members_fn
                #headers_fn
                #locales_fns
            }

            #(#integrations)*

            #assert_error
        };
    }
}

/// The static descriptor of one variant. A literal code is written compactly (one
/// call of the heads, each other fact a `.with_…(…)` after it), since a large enum
/// writes one per variant and build time grows with the tokens; a registry code
/// inherits its entry.
fn variant_descriptor(type_name: &str, checked: &VariantModel, own: &Described) -> Descriptor {
    let mut descriptor = code_descriptor(type_name, checked, own);
    // A templated message's examples show it rendered with sample values.
    if let Message::Template { template, .. } = &own.message {
        let rendered = crate::example::rendered(checked.variant, template);
        let rendered = descriptor::literal(&rendered);
        descriptor.append(&format!(".with_example_detail({rendered})"));
    }
    descriptor
}

/// The descriptor of a variant's code: its own literal's, or its registry entry's
/// with the variant's overrides.
/// `type_name` is the type's name as the catalog shows it.
fn code_descriptor(type_name: &str, checked: &VariantModel, own: &Described) -> Descriptor {
    let variant = checked.variant;
    let template = own.message.literal().map(LitStr::value);
    let message = own.message.constant();
    match &own.origin {
        CodeOrigin::Literal(code) => {
            let parts = DescriptorParts {
                source: (type_name.to_owned(), crate::ast::name(variant.ident)),
                description: variant.doc.as_deref(),
                log: own.log,
                message,
                template,
                headers: own.headers.iter().map(|(name, _)| name.as_str()).collect(),
                members: member_samples(PRIVATE, variant, own),
                message_only: own.message_only().then_some(match &own.message {
                    Message::DisplayConstant { text } => Some(text.as_str()),
                    _ => None,
                }),
            };
            literal_descriptor(PRIVATE, code, parts)
        }
        CodeOrigin::Registry { path, expose } => {
            // Through `registry_code`, the whole call spanned on the path (so `__api`
            // is written here, not interpolated): a path that names no `ErrorCodes`
            // enum is one error under it, and `NotARegistry` answers the
            // `.descriptor()` call that would be a second one.
            let private = private();
            let descriptor = quote_spanned!(path.span()=> __api::registry_code(#path).descriptor());
            let expose = option(expose.map(|expose| quote!(#expose)));
            let log = option(own.log.map(|level| {
                let level = Ident::new(level.variant_name(), Span::call_site());
                quote!(#private::LogLevel::#level)
            }));
            let description = option(variant.doc.as_deref().map(|text| quote!(#text)));
            let message = option(message.map(|text| {
                let json = json::string(text);
                quote!((#text, #json))
            }));
            let template = option(template.map(|text| quote!(#text)));
            let variant_name = crate::ast::name(variant.ident);
            let headers = own.headers.iter().map(|(name, _)| name);
            let members = descriptor::parse(&member_samples(PRIVATE, variant, own).join(", "));
            Descriptor::Tokens(quote! {
                #private::inherit(#descriptor, #private::Overrides {
                    source: (#type_name, #variant_name),
                    expose: #expose,
                    log: #log,
                    description: #description,
                    message: #message,
                })
                .with_variant(#template, &[#(#headers),*], &[#members])
            })
        }
    }
}

fn option(value: Option<TokenStream>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}

/// The framework impl macros to call: one per integration the runtime has turned on
/// (its features turn on the derive's), less those `skip_impl` names.
fn integrations(model: &Model) -> impl Iterator<Item = Ident> {
    let skipped: Vec<String> = model
        .input
        .attrs
        .skip_impl
        .iter()
        .flat_map(|skip| &skip.value)
        .map(Ident::to_string)
        .collect();
    [
        ("axum", "impl_axum", cfg!(feature = "axum")),
        ("actix_web", "impl_actix", cfg!(feature = "actix-web")),
        ("utoipa", "impl_utoipa", cfg!(feature = "utoipa")),
        ("tonic", "impl_tonic", cfg!(feature = "tonic")),
        ("aide", "impl_aide", cfg!(feature = "aide")),
    ]
    .into_iter()
    .filter(move |(name, _, enabled)| *enabled && !skipped.iter().any(|skipped| skipped == name))
    .map(|(_, integration, _)| Ident::new(integration, Span::call_site()))
}

/// A registry code decides exposure at compile time of the user's crate, not of the
/// derive, so what needs an exposed variant is asserted in a `const`: one assertion
/// per attribute that shows something, its panic under that attribute.
fn registry_assertions(model: &Model) -> Vec<TokenStream> {
    let mut assertions = Vec::new();
    for checked in &model.variants {
        let Kind::Described(
            own @ Described {
                origin: CodeOrigin::Registry { path, expose: None },
                ..
            },
        ) = &checked.kind
        else {
            continue;
        };
        let path = path.to_token_stream().to_string().replace(' ', "");
        let unexposed = format!(
            "the registry code `{path}` is not exposed (5xx, or `expose = false` on the entry)"
        );
        if let Message::Template { literal, .. } = &own.message {
            let message = format!(
                "this message interpolates fields, but {unexposed}, so nothing of the value may reach \
                 the client: make the message constant, or set `expose = true` on the variant"
            );
            assertions.push(exposure_assertion(
                own.catalog_index,
                literal.span(),
                &message,
            ));
        }
        for key in &own.shown_keys {
            let name = key.to_token_stream();
            let message = format!(
                "`{name}` shows this field to the client, but {unexposed}: set `expose = true` on the \
                 variant or remove `{name}`"
            );
            assertions.push(exposure_assertion(own.catalog_index, key.span(), &message));
        }
    }
    assertions
}

/// `const _: () = assert!(<catalog entry>.expose(), message)`, its panic at `span`.
/// It reads the built catalog entry, so a path that names no registry is not
/// evaluated (nor reported) twice.
fn exposure_assertion(index: usize, span: Span, message: &str) -> TokenStream {
    quote_spanned! {span=>
        const _: () = ::core::assert!(__API_CATALOG[#index].expose(), #message);
    }
}

/// The local a field is bound to: hygienic (mixed-site), but located at the field's
/// type, so a type error about the value (`Quota: Serialize` is not satisfied) points
/// at the field rather than at the derive.
fn binding(field: &Field) -> Ident {
    format_ident!(
        "__api_{}",
        member_name(&field.member),
        span = Span::mixed_site().located_at(field.original.ty.span())
    )
}

/// `Self::Variant { member: binding, .. }` binding only `fields`.
fn pattern<'f>(
    checked: &VariantModel,
    fields: impl IntoIterator<Item = &'f Field<'f>>,
) -> TokenStream {
    let path = checked.variant.path();
    let bindings = fields.into_iter().map(|field| {
        let member = &field.member;
        let binding = binding(field);
        quote!(#member: #binding)
    });
    quote!(#path { #(#bindings,)* .. })
}

/// `descriptor`: a `match` from each variant to its catalog index, under one
/// `&__API_CATALOG[…]` (written as text), or, when a `transparent` variant
/// forwards, to the descriptor itself.
fn descriptor_fn(model: &Model, bounds: &mut Bounds) -> TokenStream {
    let private = private();
    let forwards = model
        .variants
        .iter()
        .any(|checked| matches!(checked.kind, Kind::Transparent(_)));
    if !forwards && !model.variants.is_empty() {
        let body = descriptor::parse(&catalog_index_text(model));
        return quote! {
            fn descriptor(&self) -> &'static #private::ErrorDescriptor {
                #body
            }
        };
    }
    let arms = model.variants.iter().map(|checked| match &checked.kind {
        Kind::Described(own) => {
            let pattern = pattern(checked, []);
            let index = Literal::usize_unsuffixed(own.catalog_index);
            quote!(#pattern => &__API_CATALOG[#index],)
        }
        Kind::Transparent(field) => {
            bounds.require(&field.original.ty, quote!(#private::ApiError));
            forward_arm(checked, field, quote!(descriptor), TokenStream::new())
        }
    });
    let body = match_self(arms.collect(), model.variants.len());
    quote! {
        fn descriptor(&self) -> &'static #private::ErrorDescriptor {
            #body
        }
    }
}

/// `&__API_CATALOG[match self { Self::A { .. } => 0, … }]` as source text: one
/// catalog index, and no token of it needs a span of its own.
fn catalog_index_text(model: &Model) -> String {
    let mut text = String::from("&__API_CATALOG[match self {");
    for checked in &model.variants {
        if let Kind::Described(own) = &checked.kind {
            let path = checked.variant.path_text();
            let _ = write!(text, "{path} {{ .. }} => {},", own.catalog_index);
        }
    }
    text.push_str("}]");
    text
}

/// `__visit_descriptors`, when a `transparent` variant forwards: the provided one
/// visits the catalog alone, and a function less per type is less to build.
fn visit_fn(model: &Model) -> TokenStream {
    let private = private();
    let forwarded: Vec<TokenStream> = model
        .variants
        .iter()
        .filter_map(|checked| match &checked.kind {
            Kind::Transparent(field) => {
                let ty = &field.original.ty;
                let span = ty.span();
                Some(quote_spanned!(span=> <#ty as #private::ApiError>::__walk_descriptors(__api_visit);))
            }
            Kind::Described(_) => None,
        })
        .collect();
    if forwarded.is_empty() {
        return TokenStream::new();
    }
    quote! {
        // Locals are `__api_`-prefixed: a parameter is a pattern, and a plain name
        // such as `visit` would match a user's unit struct or const of that name.
        fn __visit_descriptors(__api_visit: &mut dyn ::core::ops::FnMut(&'static #private::ErrorDescriptor)) {
            __API_CATALOG.iter().for_each(&mut *__api_visit);
            #(#forwarded)*
        }
    }
}

/// `__members`: an arm per variant that writes more than its `Display` message (a
/// field, violations, extensions, an `inner` code), and per `transparent` one; the
/// rest, `Display`-only or unexposed (never called: the renderer asks only exposed
/// variants), share the wildcard's `message_display`.
fn members_fn(model: &Model, bounds: &mut Bounds) -> TokenStream {
    let private = private();
    let writer = Writer {
        method: quote!(__members),
        argument: quote!(__api_members),
        ty: quote!(#private::Members<'_>),
        rest: Some(quote!(__api_members.message_display(self))),
        // Once for the method rather than in each arm: a block with an item is a
        // module of its own for the compiler, which costs on every variant.
        prelude: writes_parts_by_value(model).then(|| {
            quote! {
                #[allow(unused_imports)]
                use #private::{PartViaDisplay as _, PartViaValue as _};
            }
        }),
    };
    writer_fn(model, &writer, |checked, own| {
        let writes_more = !own.writes_only_message() || !matches!(own.message, Message::Display);
        let needs_arm = own.expose() != Some(false) && writes_more && !own.message_only();
        needs_arm.then(|| own_members_arm(checked, own, bounds))
    })
}

fn own_members_arm(checked: &VariantModel, own: &Described, bounds: &mut Bounds) -> TokenStream {
    let private = private();
    let variant = checked.variant;
    let mut used: Vec<&Field> = Vec::new();
    let message = match &own.message {
        Message::Display | Message::DisplayConstant { .. } => {
            quote!(__api_members.message_display(self);)
        }
        Message::Constant { text, .. } => {
            let json = json::string(text);
            quote!(__api_members.message_json(#json);)
        }
        Message::Template { literal, template } => {
            match template_pieces(variant, template, &mut used, bounds) {
                Some(call) => call,
                None => format_args_message(variant, literal, template, &mut used, bounds),
            }
        }
    };
    let mut writes = vec![message];
    if let Some(field) = own.field {
        use_field(&mut used, field);
        bounds.require(&field.original.ty, quote!(::core::fmt::Display));
        writes.push(spanned_call(field, quote!(field)));
    }
    if let Some(field) = own.violations {
        use_field(&mut used, field);
        let binding = binding(field);
        let span = field.original.ty.span();
        // The binding is a reference to the field; a field that is itself a
        // reference (`&'a [FieldViolation]`) iterates once dereferenced.
        let deref = matches!(field.original.ty, syn::Type::Reference(_)).then(|| quote!(*));
        writes.push(quote_spanned!(span=> {
            let __api_value = #deref #binding;
            __api_members.violations(__api_value);
        }));
    }
    if let Some(field) = own.inner {
        use_field(&mut used, field);
        bounds.require(&field.original.ty, quote!(#private::ApiError));
        let binding = binding(field);
        let span = field.original.ty.span();
        writes.push(quote_spanned!(span=> #private::inner_error(__api_members, #binding);));
    }
    for (name, field) in &own.extensions {
        use_field(&mut used, field);
        bounds.require(&field.original.ty, quote!(#private::serde::Serialize));
        let binding = binding(field);
        let span = field.original.ty.span();
        writes.push(quote_spanned!(span=> {
            let __api_value = #binding;
            __api_members.extension(#name, __api_value);
        }));
    }
    let pattern = pattern(checked, used);
    quote!(#pattern => { #(#writes)* })
}

/// A template with a format spec (`{id:?}`), written through `format_args!`.
fn format_args_message<'f>(
    variant: &'f Variant<'f>,
    literal: &LitStr,
    template: &Template,
    used: &mut Vec<&'f Field<'f>>,
    bounds: &mut Bounds,
) -> TokenStream {
    let mut arguments: Vec<TokenStream> = Vec::new();
    let mut named: Vec<&str> = Vec::new();
    // A width or precision is a `usize` by value; a field that is both one and a
    // placeholder (`{width}`) is passed so once, `usize` being `Display` too.
    let counts = template.counts.iter().map(|count| (count, true));
    let placeholders = template.placeholders.iter().map(|shown| (shown, false));
    for (placeholder, is_count) in counts.chain(placeholders) {
        let Some(field) = variant.field_named(&placeholder.member) else {
            continue;
        };
        use_field(used, field);
        if named.contains(&placeholder.argument.as_str()) {
            continue;
        }
        named.push(&placeholder.argument);
        let argument = format_ident!("{}", placeholder.argument, span = Span::mixed_site());
        let binding = binding(field);
        arguments.push(if is_count {
            let span = field.original.ty.span();
            quote_spanned!(span=> #argument = *#binding)
        } else {
            bounds.require(&field.original.ty, quote!(::core::fmt::Display));
            quote!(#argument = #binding)
        });
    }
    let format = LitStr::new(&template.format, literal.span());
    quote!(__api_members.message(::core::format_args!(#format, #(#arguments),*));)
}

/// A template without format specs as `Part`s: its text, and each field directly
/// when its type is a number or text by name, else by its `Display`. `None` for a
/// template with a format spec, which `format_args!` writes.
fn template_pieces<'f>(
    variant: &'f Variant<'f>,
    template: &Template,
    used: &mut Vec<&'f Field<'f>>,
    bounds: &mut Bounds,
) -> Option<TokenStream> {
    let private = private();
    // The text before each field and after the last one, "" where there is none.
    let mut texts = vec![String::new()];
    let mut values = Vec::new();
    for piece in template.pieces.as_ref()? {
        match piece {
            Piece::Text(text) => texts.last_mut()?.push_str(text),
            Piece::Placeholder(index) => {
                let field = variant.field_named(&template.placeholders[*index].member)?;
                use_field(used, field);
                let binding = binding(field);
                let ty = &field.original.ty;
                values.push(if may_write_directly(ty) {
                    quote_spanned!(ty.span()=> (&#private::PartOf(#binding)).__part())
                } else {
                    bounds.require(ty, quote!(::core::fmt::Display));
                    quote_spanned!(ty.span()=> #private::Part::display(#binding))
                });
                texts.push(String::new());
            }
        }
    }
    let plain = texts.iter().all(|text| json::is_plain_ascii(text));
    Some(quote!(__api_members.message_parts(&[#(#texts),*], #plain, &[#(#values),*]);))
}

/// Whether a variant's template writes a field through `PartOf`, whose two traits
/// `__members` then brings into scope.
fn writes_parts_by_value(model: &Model) -> bool {
    model.variants.iter().any(|checked| match &checked.kind {
        Kind::Described(Described {
            message: Message::Template { template, .. },
            ..
        }) => template.placeholders.iter().any(|placeholder| {
            checked
                .variant
                .field_named(&placeholder.member)
                .is_some_and(|field| may_write_directly(&field.original.ty))
        }),
        _ => false,
    })
}

/// Whether `ty` is named like a type `Part` writes without `Display`: an integer,
/// `String` or `&str` (the runtime checks the type itself). A type alias goes through
/// `Display`, which writes the same.
fn may_write_directly(ty: &syn::Type) -> bool {
    const NAMES: &[&str] = &[
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
        "String",
    ];
    match ty {
        syn::Type::Path(path) if path.qself.is_none() => path
            .path
            .get_ident()
            .is_some_and(|name| NAMES.iter().any(|known| name == known)),
        syn::Type::Reference(reference) => matches!(
            &*reference.elem,
            syn::Type::Path(path) if path.qself.is_none() && path.path.is_ident("str")
        ),
        _ => false,
    }
}

/// Notes that an arm binds `field`, once.
fn use_field<'f>(used: &mut Vec<&'f Field<'f>>, field: &'f Field<'f>) {
    if !used.iter().any(|seen| seen.member == field.member) {
        used.push(field);
    }
}

fn spanned_call(field: &Field, method: TokenStream) -> TokenStream {
    let binding = binding(field);
    let span = field.original.ty.span();
    quote_spanned!(span=> __api_members.#method(#binding);)
}

fn headers_fn(model: &Model, bounds: &mut Bounds) -> TokenStream {
    let private = private();
    let writer = Writer {
        method: quote!(__headers),
        argument: quote!(__api_headers),
        ty: quote!(#private::Headers<'_>),
        rest: None,
        prelude: None,
    };
    writer_fn(model, &writer, |checked, own| {
        (!own.headers.is_empty()).then(|| own_headers_arm(checked, own, bounds))
    })
}

fn own_headers_arm(checked: &VariantModel, own: &Described, bounds: &mut Bounds) -> TokenStream {
    let private = private();
    let writes = own.headers.iter().map(|(name, field)| {
        // `from_static` takes only lowercase; the descriptor keeps the spelling.
        let name = name.to_ascii_lowercase();
        let binding = binding(field);
        let span = field.original.ty.span();
        let header = quote!(const { #private::HeaderName::from_static(#name) });
        // An `Option<T>` field (an optional `Retry-After`) sets the header when `Some`.
        match option_inner(&field.original.ty) {
            Some(inner) => {
                bounds.require(inner, quote!(::core::fmt::Display));
                let span = inner.span();
                quote_spanned! {span=>
                    if let ::core::option::Option::Some(__api_value) = #binding {
                        __api_headers.header(#header, __api_value);
                    }
                }
            }
            None => {
                bounds.require(&field.original.ty, quote!(::core::fmt::Display));
                quote_spanned! {span=>
                    __api_headers.header(#header, #binding);
                }
            }
        }
    });
    let writes: Vec<TokenStream> = writes.collect();
    let pattern = pattern(checked, own.headers.iter().map(|(_, field)| *field));
    quote!(#pattern => { #(#writes)* })
}

/// `T` of a field written `Option<T>` (by that name: an alias is not seen through).
fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(arguments) = &last.arguments else {
        return None;
    };
    match (last.ident == "Option", arguments.args.first()) {
        (true, Some(syn::GenericArgument::Type(inner))) if arguments.args.len() == 1 => Some(inner),
        _ => None,
    }
}

/// A provided `ApiError` method that writes a response part through a writer:
/// `fn method(&self, argument: &mut ty)`.
struct Writer {
    method: TokenStream,
    argument: TokenStream,
    ty: TokenStream,
    /// What the variants without an arm write, if anything.
    rest: Option<TokenStream>,
    /// Statements before the `match`.
    prelude: Option<TokenStream>,
}

/// The writer method overridden: a transparent variant forwards to its field's, a
/// variant with a descriptor writes what `own_arm` gives it, the rest `rest` (or
/// nothing); no override at all when no variant writes anything.
fn writer_fn<'m>(
    model: &'m Model,
    writer: &Writer,
    mut own_arm: impl FnMut(&'m VariantModel, &'m Described) -> Option<TokenStream>,
) -> TokenStream {
    let Writer {
        method,
        argument,
        ty,
        rest,
        prelude,
    } = writer;
    let arms: Vec<TokenStream> = model
        .variants
        .iter()
        .filter_map(|checked| match &checked.kind {
            Kind::Transparent(field) => Some(forward_arm(
                checked,
                field,
                method.clone(),
                argument.clone(),
            )),
            Kind::Described(own) => own_arm(checked, own),
        })
        .collect();
    let everything_has_an_arm = arms.len() == model.variants.len();
    let body = match (arms.is_empty(), rest) {
        (true, None) => return TokenStream::new(),
        (true, Some(_)) if model.variants.is_empty() => return TokenStream::new(),
        (true, Some(rest)) => quote!(#rest;),
        (false, _) if everything_has_an_arm => quote!(match self { #(#arms)* }),
        (false, rest) => {
            let rest = rest.clone().unwrap_or_else(|| quote!({}));
            quote!(match self { #(#arms)* _ => #rest, })
        }
    };
    quote!(fn #method(&self, #argument: &mut #ty) { #prelude #body })
}

/// The arm of a transparent variant: the field's own `ApiError::method`, spanned at
/// the field's type so that a field that is no `ApiError` is reported there.
fn forward_arm(
    checked: &VariantModel,
    field: &Field,
    method: TokenStream,
    argument: TokenStream,
) -> TokenStream {
    let private = private();
    let (pattern, binding) = (pattern(checked, [field]), binding(field));
    let ty = &field.original.ty;
    let arguments = match argument.is_empty() {
        true => quote!(#binding),
        false => quote!(#binding, #argument),
    };
    quote_spanned!(ty.span()=> #pattern => <#ty as #private::ApiError>::#method(#arguments),)
}

/// The runtime's hidden module, as generated code names it: a `use` at the top of
/// the generated block makes it `__api`, which keeps every path short.
fn private() -> TokenStream {
    quote!(__api)
}

/// [`private`] as the source text of the code written as text.
const PRIVATE: &str = "__api";

/// A `match self` over every variant; `match *self {}` for an empty enum.
fn match_self(arms: Vec<TokenStream>, variant_count: usize) -> TokenStream {
    if variant_count == 0 {
        return quote!(match *self {});
    }
    quote!(match self { #(#arms)* })
}

#[cfg(test)]
mod tests {
    use super::derive;

    /// The expansion of `enum E`, whitespace as `TokenStream`'s `Display` writes it.
    fn expand(input: &str) -> String {
        let node: syn::DeriveInput = syn::parse_str(input).expect("the test input parses");
        derive(&node).to_string()
    }

    /// The text of the generated `fn name`, up to the next `fn`.
    fn method<'a>(expansion: &'a str, name: &str) -> &'a str {
        let start = expansion
            .find(&format!("fn {name}"))
            .unwrap_or_else(|| panic!("no `fn {name}` in {expansion}"));
        let body = &expansion[start + 3..];
        &body[..body.find(" fn ").unwrap_or(body.len())]
    }

    #[test]
    fn a_template_without_format_specs_is_written_part_by_part() {
        let expansion = expand(
            r#"enum E {
                #[error("a")] #[api(code = "a", status = 404, message = "No {id} in {{x}} {name}{alias}.")]
                A { id: u64, name: &'static str, alias: Id },
                #[error("b")] #[api(code = "b", status = 400, message = "[{id:>4}]")]
                B { id: u64 },
            }"#,
        );
        let members = method(&expansion, "__members");
        let parts = "message_parts (& [\"No \" , \" in {x} \" , \"\" , \".\"] , true , \
                     & [(& __api :: PartOf (__api_id)) . __part () , \
                     (& __api :: PartOf (__api_name)) . __part () , \
                     __api :: Part :: display (__api_alias)]) ;";
        assert!(members.contains(parts), "{members}");
        // The traits `PartOf` needs, once for the method, not in each arm.
        assert_eq!(members.matches("use __api :: {").count(), 1, "{members}");
        assert!(
            members.contains("format_args ! (\"[{id:>4}]\""),
            "{members}"
        );
    }

    #[test]
    fn display_only_variants_write_their_message_through_one_wildcard() {
        let expansion = expand(
            r#"enum E {
                #[error("a")] #[api(code = "a", status = 404)] A,
                #[error("b {0}")] #[api(code = "b", status = 400)] B(u8),
                #[error("c")] #[api(code = "c", status = 503)] C,
            }"#,
        );
        let members = method(&expansion, "__members");
        let one_call = "__members (& self , __api_members : & mut __api :: Members < '_ >) { \
                        __api_members . message_display (self) ; }";
        assert!(members.starts_with(one_call), "{members}");
    }

    #[test]
    fn a_transparent_variant_keeps_its_arm_and_the_rest_fall_back_to_display() {
        let expansion = expand(
            r#"enum E {
                #[error("a")] #[api(code = "a", status = 404)] A,
                #[error(transparent)] #[api(transparent)] Inner(Other),
                #[error("f")] #[api(code = "f", status = 400)] F { #[api(field)] name: String },
            }"#,
        );
        let members = method(&expansion, "__members");
        assert!(!members.contains("Self :: A"), "{members}");
        assert!(members.contains("Self :: Inner"), "{members}");
        assert!(members.contains("Self :: F"), "{members}");
        assert!(
            members.contains("_ => __api_members . message_display (self) ,"),
            "{members}"
        );
    }

    #[test]
    fn only_a_forwarding_type_visits_its_descriptors_itself() {
        let own = expand(r#"enum E { #[error("a")] #[api(code = "a", status = 404)] A }"#);
        assert!(!own.contains("__visit_descriptors"), "{own}");
        let forwarding = expand(
            r#"enum E {
                #[error("a")] #[api(code = "a", status = 404)] A,
                #[error(transparent)] #[api(transparent)] Inner(Other),
            }"#,
        );
        // Through the walk that visits each type once (a type may forward to itself).
        let visit = method(&forwarding, "__visit_descriptors");
        assert!(
            visit.contains("< Other as __api :: ApiError > :: __walk_descriptors"),
            "{visit}"
        );
    }

    #[test]
    fn descriptor_indexes_the_catalog_once() {
        let expansion = expand(
            r#"enum E {
                #[error("a")] #[api(code = "a", status = 404)] A,
                #[error("b")] #[api(code = "b", status = 400)] B,
            }"#,
        );
        let descriptor = method(&expansion, "descriptor");
        assert!(
            descriptor.contains(
                "& __API_CATALOG [match self { Self :: A { .. } => 0 , Self :: B { .. } => 1 , }]"
            ),
            "{descriptor}"
        );
    }
}

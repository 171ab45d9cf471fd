//! The checked `ApiError` input as the expansion reads it: per variant, where its
//! code comes from, what it shows the client, and its place in the static catalog.
//! Built only after `valid.rs` found nothing wrong, so it relies on what the checks
//! proved (a literal code has a status, a transparent variant one field) and never
//! reports anything.

use syn::LitStr;

use crate::ast::{Field, Input, Variant};
use crate::attr::{Attrs, CodeValue, LogLevel};
use crate::rules::{self, CheckedCode};
use crate::template::Template;

/// The input and, per variant, what its expansion writes.
pub struct Model<'a> {
    pub input: &'a Input<'a>,
    pub variants: Vec<VariantModel<'a>>,
}

/// One variant and what the expansion writes for it.
pub struct VariantModel<'a> {
    pub variant: &'a Variant<'a>,
    pub kind: Kind<'a>,
}

// Built once per variant while the derive runs; boxing `Described` would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Kind<'a> {
    /// Forwards everything to the one field's `ApiError`.
    Transparent(&'a Field<'a>),
    /// Has a descriptor of its own in the type's catalog.
    Described(Described<'a>),
}

/// A variant with its own descriptor.
pub struct Described<'a> {
    pub origin: CodeOrigin,
    pub message: Message<'a>,
    /// `log = "..."`; `None` for the status's default level.
    pub log: Option<LogLevel>,
    pub field: Option<&'a Field<'a>>,
    pub violations: Option<&'a Field<'a>>,
    /// `inner`: the field whose own code nests in Microsoft's `innererror`.
    pub inner: Option<&'a Field<'a>>,
    /// Member name and field.
    pub extensions: Vec<(String, &'a Field<'a>)>,
    /// Header name, spelled as written, and field.
    pub headers: Vec<(String, &'a Field<'a>)>,
    /// The `field`, `violations` and `extension` keys, which show a field to the
    /// client: where an exposure assertion puts its error.
    pub shown_keys: Vec<&'a syn::Path>,
    /// The variant's place in the type's static catalog.
    pub catalog_index: usize,
}

/// Where a variant's code, status, title and type come from.
pub enum CodeOrigin {
    /// `code = "..."` with the variant's own status, title and type.
    Literal(LiteralCode),
    /// `code = Codes::Variant`: the registry entry decides, at the user's compile time.
    Registry {
        path: syn::Path,
        /// `expose = ...` on the variant; `None` to take the entry's.
        expose: Option<bool>,
    },
}

/// The static facts of a variant with a literal code, defaults applied.
pub struct LiteralCode {
    pub code: String,
    pub status: u16,
    pub title: String,
    pub type_uri: String,
    pub expose: bool,
    /// `grpc = "…"`: the runtime's `GrpcCode` variant replacing the status's.
    pub grpc: Option<&'static str>,
}

/// The message a client reads.
pub enum Message<'a> {
    /// The error's own `Display`.
    Display,
    /// A `message` without placeholders: `text` with `{{` and `}}` unescaped.
    Constant { literal: &'a LitStr, text: String },
    /// No `message`, and the `Display` is thiserror's `#[error("…")]` without
    /// placeholders on a variant known to be exposed: the same text every time
    /// (`text` with `{{` and `}}` unescaped), which the renderer can write from the
    /// descriptor instead of formatting the `Display`. It is still the `Display`, so
    /// it is redacted as one.
    DisplayConstant { text: String },
    /// A `message` that interpolates fields.
    Template {
        literal: &'a LitStr,
        template: &'a Template,
    },
}

impl Described<'_> {
    /// Whether the variant is exposed, when the derive knows it; `None` when a
    /// registry entry decides.
    pub fn expose(&self) -> Option<bool> {
        match &self.origin {
            CodeOrigin::Literal(facts) => Some(facts.expose),
            CodeOrigin::Registry { expose, .. } => *expose,
        }
    }

    /// Whether the variant writes its message and nothing else: no field, violations,
    /// inner error or extension member.
    pub fn writes_only_message(&self) -> bool {
        self.field.is_none()
            && self.violations.is_none()
            && self.inner.is_none()
            && self.extensions.is_empty()
    }

    /// Whether the client's whole part of an exposed variant is its constant message,
    /// which the descriptor holds: the renderer then writes it without calling the
    /// variant's `__members`, which needs no arm for it.
    pub fn message_only(&self) -> bool {
        let constant = matches!(
            self.message,
            Message::Constant { .. } | Message::DisplayConstant { .. }
        );
        self.expose() == Some(true) && self.writes_only_message() && constant
    }
}

impl<'a> Message<'a> {
    /// The `message = "..."` literal as written, for the descriptor and for spans.
    pub fn literal(&self) -> Option<&'a LitStr> {
        match self {
            Message::Display | Message::DisplayConstant { .. } => None,
            Message::Constant { literal, .. } | Message::Template { literal, .. } => Some(*literal),
        }
    }

    /// The constant text, when the message has no placeholders.
    pub fn constant(&self) -> Option<&str> {
        match self {
            Message::Constant { text, .. } => Some(text),
            _ => None,
        }
    }
}

impl<'a> Model<'a> {
    /// The model of an input `valid::check` passed, with the literal codes it checked
    /// (per variant, in order): catalog indices in variant order, skipping
    /// transparent variants, which have no descriptor of their own.
    pub fn from_input(input: &'a Input<'a>, checked: Vec<Option<CheckedCode>>) -> Self {
        let mut catalog_index = 0;
        let variants = input
            .variants()
            .iter()
            .zip(checked)
            .filter_map(|(variant, checked)| {
                let kind = match &variant.attrs.transparent {
                    Some(_) => Kind::Transparent(variant.fields.first()?),
                    None => {
                        let described = Described::new(variant, checked, catalog_index)?;
                        catalog_index += 1;
                        Kind::Described(described)
                    }
                };
                Some(VariantModel { variant, kind })
            })
            .collect();
        Model { input, variants }
    }

    /// The runtime crate's path.
    pub fn krate(&self) -> &syn::Path {
        &self.input.krate
    }

    /// Whether a variant names a registry entry.
    pub fn uses_registry(&self) -> bool {
        self.variants.iter().any(|variant| {
            matches!(
                &variant.kind,
                Kind::Described(Described {
                    origin: CodeOrigin::Registry { .. },
                    ..
                })
            )
        })
    }
}

impl<'a> Described<'a> {
    fn new(
        variant: &'a Variant<'a>,
        checked: Option<CheckedCode>,
        catalog_index: usize,
    ) -> Option<Self> {
        let attrs = &variant.attrs;
        let origin = match &attrs.code.as_ref()?.value {
            CodeValue::Literal(_) => CodeOrigin::Literal(LiteralCode::checked(checked?, attrs)?),
            CodeValue::Registry(path) => CodeOrigin::Registry {
                path: path.clone(),
                expose: attrs.expose.as_ref().map(|expose| expose.value),
            },
        };
        let message = match message(variant) {
            Message::Display if matches!(&origin, CodeOrigin::Literal(code) if code.expose) => {
                crate::secrets::constant_display(variant)
                    .map_or(Message::Display, |text| Message::DisplayConstant { text })
            }
            message => message,
        };
        let mut described = Described {
            origin,
            message,
            log: attrs.log.as_ref().map(|log| log.value),
            field: None,
            violations: None,
            inner: None,
            extensions: Vec::new(),
            headers: Vec::new(),
            shown_keys: Vec::new(),
            catalog_index,
        };
        for field in &variant.fields {
            described.add_field(field);
        }
        Some(described)
    }

    fn add_field(&mut self, field: &'a Field<'a>) {
        let attrs = &field.attrs;
        if let Some(keyed) = &attrs.field {
            self.field = Some(field);
            self.shown_keys.push(&keyed.key);
        }
        if let Some(keyed) = &attrs.violations {
            self.violations = Some(field);
            self.shown_keys.push(&keyed.key);
        }
        if let Some(keyed) = &attrs.inner {
            self.inner = Some(field);
            self.shown_keys.push(&keyed.key);
        }
        if let Some(extension) = &attrs.extension {
            if let Some((name, _)) = field.extension_name(extension) {
                self.extensions.push((name, field));
            }
            self.shown_keys.push(&extension.key);
        }
        if let Some(header) = &attrs.header {
            self.headers
                .push((crate::attr::string_value(&header.value), field));
        }
    }
}

impl LiteralCode {
    /// The facts of `code` under `attrs` (a variant's or a registry entry's), defaults
    /// applied; `None` without a status, which the checks reported.
    pub fn new(code: &LitStr, attrs: &Attrs, type_base: Option<&str>) -> Option<Self> {
        let status = attrs.status.as_ref()?.value.1;
        let code = crate::attr::string_value(code);
        let title = match &attrs.title {
            Some(title) => crate::attr::string_value(&title.value),
            None => rules::default_title(status)?.to_owned(),
        };
        let type_uri = rules::type_uri(
            attrs.type_uri.as_ref().map(|type_uri| &type_uri.value),
            type_base,
            &code,
        );
        Some(Self::with_keys(code, status, title, type_uri, attrs))
    }

    /// The facts of a code `rules::check_literal_code` checked, which read its texts
    /// already; `None` without a title (reported).
    pub fn checked(checked: CheckedCode, attrs: &Attrs) -> Option<Self> {
        let CheckedCode {
            code,
            status,
            title,
            type_uri,
        } = checked;
        Some(Self::with_keys(code, status, title?, type_uri, attrs))
    }

    /// The facts with the exposure and gRPC code `attrs` set, or the status's defaults.
    fn with_keys(
        code: String,
        status: u16,
        title: String,
        type_uri: String,
        attrs: &Attrs,
    ) -> Self {
        LiteralCode {
            expose: attrs
                .expose
                .as_ref()
                .map_or_else(|| rules::default_expose(status), |expose| expose.value),
            grpc: attrs.grpc.as_ref().map(|grpc| grpc.value),
            code,
            status,
            title,
            type_uri,
        }
    }
}

fn message<'a>(variant: &'a Variant<'a>) -> Message<'a> {
    let (Some(message), Some(Ok(template))) = (&variant.attrs.message, &variant.template) else {
        return Message::Display;
    };
    let literal = &message.value;
    match template.constant_text() {
        Some(text) => Message::Constant { literal, text },
        None => Message::Template { literal, template },
    }
}

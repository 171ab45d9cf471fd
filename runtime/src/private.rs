//! What generated code needs. Not public API: names here change without notice.

pub use crate::descriptor::{DescriptorJson, LogLevel};
pub use crate::render::{Headers, Members};
pub use crate::{ApiError, ErrorDescriptor, FieldViolation};
pub use core;
pub use http::HeaderName;
pub use serde;

pub use crate::__impl_integrations as impl_integrations;

/// Builds a variant's descriptor; the derive checked and escaped every argument.
#[allow(clippy::too_many_arguments)]
pub const fn descriptor(
    code: &'static str,
    status: u16,
    title: &'static str,
    type_uri: &'static str,
    expose: bool,
    description: Option<&'static str>,
    log: LogLevel,
    message: Option<&'static str>,
    json: DescriptorJson,
) -> ErrorDescriptor {
    ErrorDescriptor {
        code,
        status,
        title,
        type_uri,
        expose,
        description,
        log,
        message,
        json,
    }
}

/// The constant JSON of a descriptor, escaped and joined by the derive.
pub const fn descriptor_json(
    problem_head: &'static str,
    envelope_head: &'static str,
    message: Option<&'static str>,
) -> DescriptorJson {
    DescriptorJson {
        problem_head,
        envelope_head,
        message,
    }
}

/// What a variant that names a registry code may still set itself.
pub struct Overrides {
    /// `expose = …`.
    pub expose: Option<bool>,
    /// `log = "…"`.
    pub log: Option<LogLevel>,
    /// The variant's doc comment; the registry entry's when absent.
    pub description: Option<&'static str>,
    /// The constant `message`, raw and as a JSON string.
    pub message: Option<(&'static str, &'static str)>,
}

/// A registry entry's descriptor with a variant's overrides applied.
pub const fn inherit(base: &ErrorDescriptor, overrides: Overrides) -> ErrorDescriptor {
    let mut descriptor = *base;
    if let Some(expose) = overrides.expose {
        descriptor.expose = expose;
    }
    if let Some(log) = overrides.log {
        descriptor.log = log;
    }
    if overrides.description.is_some() {
        descriptor.description = overrides.description;
    }
    if let Some((message, json)) = overrides.message {
        descriptor.message = Some(message);
        descriptor.json.message = Some(json);
    }
    descriptor
}

/// The integrations a derived type gets: `IntoResponse` with `axum`,
/// `ResponseError` with `actix-web`, `IntoResponses` with `utoipa`. Each arm
/// expands to nothing when its feature is off.
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_integrations {
    (impl [$($generics:tt)*] $ty:ty, where [$($where:tt)*]) => {};
}

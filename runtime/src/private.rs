//! What generated code needs. Not public API: names here change without notice.

pub use crate::descriptor::{DescriptorJson, LogLevel, Sample};
pub use crate::writer::{Headers, Members};
pub use crate::{ApiError, ErrorCodes, ErrorDescriptor, FieldViolation, GrpcCode, UnknownCode};
pub use core;
pub use http;
pub use http::HeaderName;
pub use serde;
pub use std::vec::Vec;

#[cfg(feature = "fluent")]
pub use crate::localizer::{FieldArgs, FluentArg, FluentViaDisplay, FluentViaValue, Localizer};

// The runtime's one copy of each fact the derive also holds (`macros/src/facts.rs`),
// for tests that hold the two equal.
pub use crate::constants::{CODE_PATTERN, MAX_CODE_LEN, RESERVED_HEADERS, is_valid_code};
pub use crate::descriptor::{envelope_head, problem_head};
pub use crate::http_error::reason_phrase;

pub use crate::{
    __impl_actix as impl_actix, __impl_aide as impl_aide, __impl_axum as impl_axum,
    __impl_tonic as impl_tonic, __impl_utoipa as impl_utoipa,
};

#[cfg(feature = "actix-web")]
pub use crate::integrations::actix::generated::{
    error_response as actix_error_response, status_code as actix_status_code,
};
#[cfg(feature = "axum")]
pub use crate::integrations::axum::generated::into_response as axum_into_response;
#[cfg(feature = "tonic")]
pub use crate::integrations::tonic::generated::into_status as tonic_into_status;
#[cfg(feature = "actix-web")]
pub use ::actix_web;
#[cfg(feature = "aide")]
pub use ::aide;
#[cfg(feature = "axum")]
pub use ::axum;
#[cfg(feature = "tonic")]
pub use ::tonic;
#[cfg(feature = "utoipa")]
pub use ::utoipa;

/// What a registry whose derive failed answers in its stubs, so that the errors
/// that name its entries compile far enough to report nothing more.
pub static PLACEHOLDER: ErrorDescriptor = variant(
    ("", ""),
    "unknown",
    500,
    "Internal Server Error",
    "about:blank",
    false,
    "",
    0,
    "",
    "",
    "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500,\"code\":\"unknown\"",
    "{\"error\":{\"code\":\"unknown\"",
    "",
    &[],
    &[],
);

/// Builds a variant's descriptor; the derive checked and escaped every argument.
#[allow(clippy::too_many_arguments)]
pub const fn descriptor(
    (type_name, variant): (&'static str, &'static str),
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
        type_name,
        variant,
        code,
        status,
        title,
        type_uri,
        expose,
        description,
        log,
        message,
        template: None,
        headers: &[],
        members: &[],
        domain: None,
        grpc: None,
        example_detail: None,
        json,
        #[cfg(feature = "fluent")]
        localizer: None,
    }
}

/// A variant's descriptor as the derive writes it, compactly: `""` stands for "none"
/// in `description`, `message`, `message_json` and `template`, and `log` is 0 for the
/// status's default level, then 1 to 5 for off, debug, info, warn and error.
#[allow(clippy::too_many_arguments)]
pub const fn variant(
    source: (&'static str, &'static str),
    code: &'static str,
    status: u16,
    title: &'static str,
    type_uri: &'static str,
    expose: bool,
    description: &'static str,
    log: u8,
    message: &'static str,
    message_json: &'static str,
    problem_head: &'static str,
    envelope_head: &'static str,
    template: &'static str,
    headers: &'static [&'static str],
    members: &'static [Sample],
) -> ErrorDescriptor {
    let log = match log {
        1 => LogLevel::Off,
        2 => LogLevel::Debug,
        3 => LogLevel::Info,
        4 => LogLevel::Warn,
        5 => LogLevel::Error,
        _ => LogLevel::for_status(status),
    };
    let described = descriptor(
        source,
        code,
        status,
        title,
        type_uri,
        expose,
        none_if_empty(description),
        log,
        none_if_empty(message),
        descriptor_json(problem_head, envelope_head, none_if_empty(message_json)),
    );
    with_variant(described, none_if_empty(template), headers, members)
}

const fn none_if_empty(text: &'static str) -> Option<&'static str> {
    if text.is_empty() { None } else { Some(text) }
}

/// A variant's descriptor with its message template, header names and members,
/// which a registry entry does not know.
pub const fn with_variant(
    mut descriptor: ErrorDescriptor,
    template: Option<&'static str>,
    headers: &'static [&'static str],
    members: &'static [Sample],
) -> ErrorDescriptor {
    descriptor.template = template;
    descriptor.headers = headers;
    descriptor.members = members;
    descriptor
}

/// A descriptor with its templated message rendered for examples.
pub const fn with_example_detail(
    mut descriptor: ErrorDescriptor,
    example_detail: &'static str,
) -> ErrorDescriptor {
    descriptor.example_detail = Some(example_detail);
    descriptor
}

/// A descriptor of a type or registry with Fluent files, `#[api(locales = "…")]`.
#[cfg(feature = "fluent")]
pub const fn with_localizer(
    mut descriptor: ErrorDescriptor,
    localizer: &'static Localizer,
) -> ErrorDescriptor {
    descriptor.localizer = Some(localizer);
    descriptor
}

/// A descriptor with the domain of its type or registry, `#[api(domain = "…")]`.
pub const fn with_domain(mut descriptor: ErrorDescriptor, domain: &'static str) -> ErrorDescriptor {
    descriptor.domain = Some(domain);
    descriptor
}

/// A descriptor with the gRPC code of `#[api(grpc = "…")]`, which replaces the one
/// its HTTP status maps to.
pub const fn with_grpc(mut descriptor: ErrorDescriptor, code: GrpcCode) -> ErrorDescriptor {
    descriptor.grpc = Some(code);
    descriptor
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

/// Asserted by the derive for a type without generic parameters: a type that is no
/// `std::error::Error` gets this one error, under its name, saying what to write.
/// (The derived impls are bounded on `Error` instead of requiring it, so they add
/// none of their own.)
#[diagnostic::on_unimplemented(
    message = "`{Self}` derives `ApiError` but is not a `std::error::Error`",
    label = "no `std::error::Error` impl",
    note = "derive it: `#[derive(Debug, thiserror::Error, ApiError)]` with an `#[error(\"...\")]` per variant, or implement `Debug`, `Display` and `Error` by hand"
)]
pub trait IsError {}

impl<T: std::error::Error + ?Sized> IsError for T {}

/// See [`IsError`].
pub const fn assert_error<T: IsError + ?Sized>() {}

/// `code = Code::NotFound` passes the path through here, spanned on it: a path that
/// names no `ErrorCodes` enum is one error under the path ("`Code` is not an error
/// code registry"), not a missing method under the derive.
pub const fn registry_code<C: ErrorCodes>(code: C) -> C {
    code
}

/// In scope where generated code calls a registry's inherent `const fn descriptor`:
/// when `registry_code` already reported that the path names no registry, this
/// answers the call instead of a second error. A registry's inherent method always
/// wins over it, and a crate that reaches it does not compile.
pub trait NotARegistry: Sized {
    /// The placeholder.
    fn descriptor(self) -> &'static ErrorDescriptor {
        &PLACEHOLDER
    }
}

impl<T> NotARegistry for T {}

/// What a variant that names a registry code may still set itself.
pub struct Overrides {
    /// The error type's name and the variant's, which replace the registry's.
    pub source: (&'static str, &'static str),
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
    (descriptor.type_name, descriptor.variant) = overrides.source;
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

#[cfg(test)]
mod tests {
    use super::{PLACEHOLDER, envelope_head, problem_head};

    #[test]
    fn the_placeholder_heads_are_what_the_builders_write() {
        let json = PLACEHOLDER.json;
        let expected = problem_head("about:blank", "Internal Server Error", 500, "unknown");
        assert_eq!(json.problem_head, expected);
        assert_eq!(json.envelope_head, envelope_head("unknown"));
    }
}

//! What generated code needs. Not public API: names here change without notice.

pub use crate::descriptor::{DescriptorJson, LogLevel, Sample};
pub use crate::writer::{Headers, Members, Part, PartOf, PartViaDisplay, PartViaValue};
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
    let log = log_level(log, status);
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
    described.with_variant(none_if_empty(template), headers, members)
}

/// A variant's descriptor from its two JSON heads, the common case, which the derive
/// writes in a few tokens: `problem_head` is
/// `{"type":"<type URI>","title":"<title>","status":<status>,"code":"<code>"` and
/// `envelope_head` `{"error":{"code":"<code>"`, with nothing escaped in the three
/// strings (the derive writes [`variant`] otherwise), and `type_len` and `title_len`
/// the lengths of the type URI and the title. The type URI, title and code are read
/// out of the heads, so each is written once; exposure and log level are the status's
/// defaults and the rest is none, until the `with_*` functions set them; the type's
/// name is [`named`]'s, once for the whole catalog.
pub const fn compact(
    variant: &'static str,
    status: u16,
    problem_head: &'static str,
    envelope_head: &'static str,
    type_len: usize,
    title_len: usize,
) -> ErrorDescriptor {
    let title_at = TYPE_AT + type_len + TITLE_GAP;
    let code_len = envelope_head.len() - CODE_AT - 1;
    descriptor(
        ("", variant),
        slice(envelope_head, CODE_AT, code_len),
        status,
        slice(problem_head, title_at, title_len),
        slice(problem_head, TYPE_AT, type_len),
        status < 500,
        None,
        LogLevel::for_status(status),
        None,
        descriptor_json(problem_head, envelope_head, None),
    )
}

/// [`compact`] with the variant's doc comment: one call rather than a `with_…` after
/// it, which costs the compiler more to evaluate for each documented variant (the
/// fields are set here, not through `with_…`, for the same reason).
#[allow(clippy::too_many_arguments)]
pub const fn compact_described(
    variant: &'static str,
    status: u16,
    problem_head: &'static str,
    envelope_head: &'static str,
    type_len: usize,
    title_len: usize,
    description: &'static str,
) -> ErrorDescriptor {
    let mut descriptor = compact(
        variant,
        status,
        problem_head,
        envelope_head,
        type_len,
        title_len,
    );
    descriptor.description = Some(description);
    descriptor
}

/// [`compact`] with the variant's doc comment (`""` for none), message template,
/// header names and members (as [`ErrorDescriptor::with_variant`] sets them), in one
/// call.
#[allow(clippy::too_many_arguments)]
pub const fn compact_variant(
    variant: &'static str,
    status: u16,
    problem_head: &'static str,
    envelope_head: &'static str,
    type_len: usize,
    title_len: usize,
    description: &'static str,
    template: Option<&'static str>,
    headers: &'static [&'static str],
    members: &'static [Sample],
) -> ErrorDescriptor {
    let mut descriptor = compact(
        variant,
        status,
        problem_head,
        envelope_head,
        type_len,
        title_len,
    );
    descriptor.description = none_if_empty(description);
    descriptor.template = template;
    descriptor.headers = headers;
    descriptor.members = members;
    descriptor
}

/// [`compact`] with the variant's doc comment (`""` for none) and the constant
/// `Display` it shows and nothing else, in one call: what `display_only` sets.
#[allow(clippy::too_many_arguments)]
pub const fn compact_display(
    variant: &'static str,
    status: u16,
    problem_head: &'static str,
    envelope_head: &'static str,
    type_len: usize,
    title_len: usize,
    description: &'static str,
    display: &'static str,
) -> ErrorDescriptor {
    let mut descriptor = compact(
        variant,
        status,
        problem_head,
        envelope_head,
        type_len,
        title_len,
    );
    descriptor.description = none_if_empty(description);
    descriptor.json.message_only = true;
    descriptor.json.display = Some(display);
    descriptor
}

/// [`compact`] with the variant's doc comment (`""` for none) and its constant
/// `message`, the only thing it shows (`message_json` is the message as a JSON
/// string), in one call: what `with_variant`, `with_message` and `message_only`
/// set for it.
#[allow(clippy::too_many_arguments)]
pub const fn compact_message(
    variant: &'static str,
    status: u16,
    problem_head: &'static str,
    envelope_head: &'static str,
    type_len: usize,
    title_len: usize,
    description: &'static str,
    message: &'static str,
    message_json: &'static str,
) -> ErrorDescriptor {
    let mut descriptor = compact(
        variant,
        status,
        problem_head,
        envelope_head,
        type_len,
        title_len,
    );
    descriptor.description = none_if_empty(description);
    descriptor.template = Some(message);
    descriptor.message = Some(message);
    descriptor.json.message = Some(message_json);
    descriptor.json.message_only = true;
    descriptor
}

/// A type's catalog with the type's name in every descriptor, which the derive so
/// writes once rather than once per variant.
pub const fn named<const N: usize>(
    type_name: &'static str,
    mut catalog: [ErrorDescriptor; N],
) -> [ErrorDescriptor; N] {
    let mut index = 0;
    while index < N {
        catalog[index].type_name = type_name;
        index += 1;
    }
    catalog
}

/// What the derive appends to a descriptor call, as `.with_…(…)`: a chain the
/// derive extends without quoting the call again. Not public API.
#[doc(hidden)]
impl ErrorDescriptor {
    /// A variant's descriptor with its message template, header names and members,
    /// which a registry entry does not know.
    pub const fn with_variant(
        mut self,
        template: Option<&'static str>,
        headers: &'static [&'static str],
        members: &'static [Sample],
    ) -> ErrorDescriptor {
        self.template = template;
        self.headers = headers;
        self.members = members;
        self
    }

    /// A descriptor with its templated message rendered for examples.
    pub const fn with_example_detail(mut self, example_detail: &'static str) -> ErrorDescriptor {
        self.example_detail = Some(example_detail);
        self
    }

    /// A descriptor with the domain of its type or registry, `#[api(domain = "…")]`.
    pub const fn with_domain(mut self, domain: &'static str) -> ErrorDescriptor {
        self.domain = Some(domain);
        self
    }

    /// A descriptor with the gRPC code of `#[api(grpc = "…")]`, which replaces the one
    /// its HTTP status maps to.
    pub const fn with_grpc(mut self, code: GrpcCode) -> ErrorDescriptor {
        self.grpc = Some(code);
        self
    }

    /// A compact descriptor with its doc comment.
    pub const fn with_description(mut self, description: &'static str) -> ErrorDescriptor {
        self.description = Some(description);
        self
    }

    /// A compact descriptor with an `expose = …` other than its status's default.
    pub const fn with_expose(mut self, expose: bool) -> ErrorDescriptor {
        self.expose = expose;
        self
    }

    /// A compact descriptor with a `log = "…"` level, numbered as [`variant`] takes it.
    pub const fn with_log(mut self, log: u8) -> ErrorDescriptor {
        self.log = log_level(log, self.status);
        self
    }

    /// A descriptor of a type or registry with Fluent files, `#[api(locales = "…")]`.
    #[cfg(feature = "fluent")]
    pub const fn with_localizer(mut self, localizer: &'static Localizer) -> ErrorDescriptor {
        self.localizer = Some(localizer);
        self
    }

    /// A compact descriptor with a constant message, raw and as a JSON string.
    pub const fn with_message(
        mut self,
        message: &'static str,
        message_json: &'static str,
    ) -> ErrorDescriptor {
        self.message = Some(message);
        self.json.message = Some(message_json);
        self
    }

    /// A descriptor whose variant shows the client its constant message and nothing
    /// else: the renderer writes the message from here and does not call the
    /// variant's `__members`, which has no arm for it.
    pub const fn message_only(mut self) -> ErrorDescriptor {
        self.json.message_only = true;
        self
    }

    /// A descriptor whose variant shows the client its `Display` and nothing else,
    /// a `#[error("…")]` without placeholders: the renderer writes `display`
    /// (redacted as a `Display` is) instead of formatting the error.
    pub const fn display_only(mut self, display: &'static str) -> ErrorDescriptor {
        self.json.message_only = true;
        self.json.display = Some(display);
        self
    }
}

/// Where the type URI starts in a problem head: after `{"type":"`.
const TYPE_AT: usize = 9;
/// Between the type URI and the title in a problem head: `","title":"`.
const TITLE_GAP: usize = 11;
/// Where the code starts in an envelope head: after `{"error":{"code":"`.
const CODE_AT: usize = 18;

/// `len` bytes of `text` from `start`, at compile time.
const fn slice(text: &'static str, start: usize, len: usize) -> &'static str {
    text.split_at(start).1.split_at(len).0
}

/// The level `log` stands for in [`variant`]: 0 for the status's default, then 1 to
/// 5 for off, debug, info, warn and error.
const fn log_level(log: u8, status: u16) -> LogLevel {
    match log {
        1 => LogLevel::Off,
        2 => LogLevel::Debug,
        3 => LogLevel::Info,
        4 => LogLevel::Warn,
        5 => LogLevel::Error,
        _ => LogLevel::for_status(status),
    }
}

const fn none_if_empty(text: &'static str) -> Option<&'static str> {
    if text.is_empty() { None } else { Some(text) }
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
        message_only: false,
        display: None,
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

/// `#[api(inner)]`: the field's own code (and its own `inner`'s) for the formats
/// that nest them (Microsoft's `innererror`).
pub fn inner_error<E: ApiError + ?Sized>(members: &mut Members<'_>, error: &E) {
    members.inner(error.descriptor(), &mut |inner| error.__members(inner));
}

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
    use super::{
        PLACEHOLDER, Sample, compact, compact_described, compact_display, compact_message,
        compact_variant, envelope_head, named, problem_head, variant,
    };

    /// What the derive writes for a plain code either way: the compact call reads the
    /// type URI, title and code out of the heads the long one is given besides.
    #[test]
    fn a_compact_descriptor_is_the_long_one() {
        let (type_uri, title, code) = ("https://e.example/not_found", "Not Found", "not_found");
        let problem = problem_head(type_uri, title, 404, code).leak();
        let envelope = envelope_head(code).leak();
        let short = compact("V", 404, problem, envelope, type_uri.len(), title.len());
        let [short] = named("E", [short]);
        let long = |expose, description, log, message, message_json| {
            variant(
                ("E", "V"),
                code,
                404,
                title,
                type_uri,
                expose,
                description,
                log,
                message,
                message_json,
                problem,
                envelope,
                "",
                &[],
                &[],
            )
        };
        assert_eq!(short, long(true, "", 0, "", ""));
        let server = compact(
            "V",
            503,
            "{\"type\":\"a\",\"title\":\"b\",\"status\":503,\"code\":\"c\"",
            "{\"error\":{\"code\":\"c\"",
            1,
            1,
        );
        assert_eq!(
            (server.code, server.title, server.type_uri),
            ("c", "b", "a")
        );
        assert!(!server.expose, "a 5xx is not exposed by default");
        let all = short
            .with_description("Gone.")
            .with_expose(false)
            .with_log(5)
            .with_message("gone", "\"gone\"");
        assert_eq!(all, long(false, "Gone.", 5, "gone", "\"gone\""));
    }

    /// The one-call forms the derive writes are the `with_…` calls they stand for.
    #[test]
    fn each_one_call_descriptor_is_its_with_calls() {
        let (type_uri, title, code) = ("https://e.example/not_found", "Not Found", "not_found");
        let problem = problem_head(type_uri, title, 404, code).leak();
        let envelope = envelope_head(code).leak();
        let lens = (type_uri.len(), title.len());
        let base = compact("V", 404, problem, envelope, lens.0, lens.1);
        let at = |description: &'static str| (!description.is_empty()).then_some(description);
        let members: &'static [Sample] = &[Sample::Field("id")];
        for description in ["", "Gone."] {
            let described = match at(description) {
                Some(text) => base.with_description(text),
                None => base,
            };
            if let Some(text) = at(description) {
                let one = compact_described("V", 404, problem, envelope, lens.0, lens.1, text);
                assert_eq!(one, described);
            }
            let variant = compact_variant(
                "V",
                404,
                problem,
                envelope,
                lens.0,
                lens.1,
                description,
                Some("{id} gone"),
                &["retry-after"],
                members,
            );
            let with = described.with_variant(Some("{id} gone"), &["retry-after"], members);
            assert_eq!(variant, with);
            let message = compact_message(
                "V",
                404,
                problem,
                envelope,
                lens.0,
                lens.1,
                description,
                "gone",
                "\"gone\"",
            );
            let with = described
                .with_variant(Some("gone"), &[], &[])
                .with_message("gone", "\"gone\"")
                .message_only();
            assert_eq!(message, with);
            let display = compact_display(
                "V",
                404,
                problem,
                envelope,
                lens.0,
                lens.1,
                description,
                "shown",
            );
            assert_eq!(display, described.display_only("shown"));
        }
    }

    #[test]
    fn the_placeholder_heads_are_what_the_builders_write() {
        let json = PLACEHOLDER.json;
        let expected = problem_head("about:blank", "Internal Server Error", 500, "unknown");
        assert_eq!(json.problem_head, expected);
        assert_eq!(json.envelope_head, envelope_head("unknown"));
    }
}

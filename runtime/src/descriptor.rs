//! The static facts of one error variant, written by the derive at compile time.

use http::StatusCode;

use crate::constants::{OPAQUE_CLIENT_MESSAGE_JSON, OPAQUE_SERVER_MESSAGE_JSON};
use crate::grpc::GrpcCode;
use crate::json;

/// The level at which an error is logged when it becomes a response.
///
/// Chosen per variant with `#[api(log = "warn")]`; by default `Error` for 5xx,
/// `Warn` for 429 and `Debug` for every other 4xx.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LogLevel {
    /// Not logged at all.
    Off,
    /// `tracing::Level::DEBUG`.
    Debug,
    /// `tracing::Level::INFO`.
    Info,
    /// `tracing::Level::WARN`.
    Warn,
    /// `tracing::Level::ERROR`.
    Error,
}

impl LogLevel {
    /// The default level for a status: error for 5xx, warn for 429, debug otherwise.
    pub const fn for_status(status: u16) -> LogLevel {
        match status {
            500..=599 => LogLevel::Error,
            429 => LogLevel::Warn,
            _ => LogLevel::Debug,
        }
    }

    /// The level's name as written in `#[api(log = "…")]`.
    pub const fn as_str(self) -> &'static str {
        match self {
            LogLevel::Off => "off",
            LogLevel::Debug => "debug",
            LogLevel::Info => "info",
            LogLevel::Warn => "warn",
            LogLevel::Error => "error",
        }
    }
}

/// The static facts of one error variant: its code, status, title, problem type,
/// whether it is exposed, its description and log level.
///
/// The derive writes one `static` descriptor per variant; [`ApiError::descriptor`]
/// returns the one that applies to a value, and [`ApiError::catalog`] all of a type's.
/// Descriptors also carry the variant's constant JSON, escaped and joined at compile
/// time, so rendering copies it instead of serializing it again.
///
/// [`ApiError::descriptor`]: crate::ApiError::descriptor
/// [`ApiError::catalog`]: crate::ApiError::catalog
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ErrorDescriptor {
    pub(crate) type_name: &'static str,
    pub(crate) variant: &'static str,
    pub(crate) code: &'static str,
    pub(crate) status: u16,
    pub(crate) title: &'static str,
    pub(crate) type_uri: &'static str,
    pub(crate) expose: bool,
    pub(crate) description: Option<&'static str>,
    pub(crate) log: LogLevel,
    pub(crate) message: Option<&'static str>,
    pub(crate) template: Option<&'static str>,
    pub(crate) headers: &'static [&'static str],
    pub(crate) members: &'static [Sample],
    pub(crate) domain: Option<&'static str>,
    pub(crate) grpc: Option<GrpcCode>,
    pub(crate) example_detail: Option<&'static str>,
    pub(crate) json: DescriptorJson,
    /// The Fluent files of the type or registry, `#[api(locales = "...")]`.
    #[cfg(feature = "fluent")]
    pub(crate) localizer: Option<&'static crate::localizer::Localizer>,
}

/// A member an exposed variant writes besides its message, with what its examples
/// show for it. Written by the derive.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sample {
    /// `#[api(field)]`: the `field` member; the placeholder `{name}` names the Rust
    /// field, as a message template does.
    Field(&'static str),
    /// `#[api(violations)]`: the `errors` list.
    Violations,
    /// `#[api(extension)]`: the member's name, and a sample value as JSON: a
    /// placeholder of the field's type where the derive can tell it (`0`, `0.0`,
    /// `false`, `[]`, `{}`), else the string `{name}` naming the Rust field.
    Extension(&'static str, &'static str),
}

/// The constant JSON of a descriptor, escaped and joined by the derive.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DescriptorJson {
    /// `{"type":…,"title":…,"status":…,"code":…` (no closing brace).
    pub(crate) problem_head: &'static str,
    /// `{"error":{"code":…` (no closing braces).
    pub(crate) envelope_head: &'static str,
    /// The constant message as a JSON string with quotes, if the message is constant.
    pub(crate) message: Option<&'static str>,
    /// The variant writes its constant message (`message`, or `display`) and nothing
    /// else: no `__members` call.
    pub(crate) message_only: bool,
    /// The variant's `Display` when it is a constant and its whole message.
    pub(crate) display: Option<&'static str>,
}

/// How a problem document of this code starts: `{"type":…,"title":…,"status":…,"code":…`,
/// without the closing brace. The derive writes the same at compile time.
pub fn problem_head(type_uri: &str, title: &str, status: u16, code: &str) -> String {
    let mut out = Vec::with_capacity(48 + type_uri.len() + title.len() + code.len());
    out.extend_from_slice(b"{\"type\":");
    json::push_string(&mut out, type_uri);
    out.extend_from_slice(b",\"title\":");
    json::push_string(&mut out, title);
    out.extend_from_slice(format!(",\"status\":{status},\"code\":").as_bytes());
    json::push_string(&mut out, code);
    json::into_string(out)
}

/// How an envelope of this code starts: `{"error":{"code":…`, without the closing
/// braces. The derive writes the same at compile time.
pub fn envelope_head(code: &str) -> String {
    let mut out = Vec::with_capacity(24 + code.len());
    out.extend_from_slice(b"{\"error\":{\"code\":");
    json::push_string(&mut out, code);
    json::into_string(out)
}

impl ErrorDescriptor {
    /// The name of the type that declares this variant, as written in its source.
    pub const fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The variant's name (a struct's own name for a struct).
    pub const fn variant(&self) -> &'static str {
        self.variant
    }

    /// The stable machine-readable code clients branch on, such as `account_not_found`.
    pub const fn code(&self) -> &'static str {
        self.code
    }

    /// The HTTP status this error answers with (always 400..=599).
    pub const fn status(&self) -> StatusCode {
        match StatusCode::from_u16(self.status) {
            Ok(status) => status,
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The status as a number, usable in `const` contexts.
    pub const fn status_u16(&self) -> u16 {
        self.status
    }

    /// The short, constant summary of the problem type (RFC 9457 `title`).
    pub const fn title(&self) -> &'static str {
        self.title
    }

    /// The problem type URI (RFC 9457 `type`): `type_base + code`, an explicit
    /// `type = "…"`, or `about:blank`.
    pub const fn type_uri(&self) -> &'static str {
        self.type_uri
    }

    /// Whether the message and annotated fields may reach the client
    /// (default: `true` for 4xx, `false` for 5xx).
    pub const fn expose(&self) -> bool {
        self.expose
    }

    /// The variant's doc comment, used in the catalog, OpenAPI and the docs page.
    pub const fn description(&self) -> Option<&'static str> {
        self.description
    }

    /// The level used when the error is logged as it becomes a response.
    pub const fn log_level(&self) -> LogLevel {
        self.log
    }

    /// The message written when the variant's own is not, as a JSON string: its
    /// constant message, or a generic sentence that says nothing of the error.
    pub(crate) fn constant_message_json(&self) -> &'static str {
        match self.json.message {
            Some(message) => message,
            None if self.status >= 500 => OPAQUE_SERVER_MESSAGE_JSON,
            None => OPAQUE_CLIENT_MESSAGE_JSON,
        }
    }

    /// Whether the renderer asks the variant for its members: an exposed variant
    /// that shows more than its constant message.
    pub(crate) const fn writes_members(&self) -> bool {
        self.expose && !self.json.message_only
    }

    /// The constant public message, when the variant's message has no placeholders
    /// (a `message = "…"`, or the `#[error("…")]` of an exposed variant without one).
    pub const fn message(&self) -> Option<&'static str> {
        self.message
    }

    /// The variant's `message = "…"` template as written, placeholders included
    /// (`"account {id} not found"`), for documentation.
    pub const fn message_template(&self) -> Option<&'static str> {
        self.template
    }

    /// The names of the headers the variant's `#[api(header)]` fields set, spelled
    /// as written there (`["Retry-After"]`), for documentation: HTTP compares them
    /// without case.
    pub const fn headers(&self) -> &'static [&'static str] {
        self.headers
    }

    /// The variant's templated message rendered with sample values, as its
    /// documented examples show it (`account 42 not found` for `account {id} not
    /// found`): its `#[api(example(id = 42))]`, else a sample its field's type
    /// suggests (`0`, `"string"`, or `{name}` naming the field).
    pub const fn example_detail(&self) -> Option<&'static str> {
        self.example_detail
    }

    /// The domain the code belongs to, from `#[api(domain = "accounts.example.com")]`
    /// on the type (or on its `ErrorCodes` registry): the service that defines the
    /// code, as Google's AIP-193 `ErrorInfo.domain` and gRPC's error details name it.
    pub const fn domain(&self) -> Option<&'static str> {
        self.domain
    }

    /// The gRPC status code the error answers with over gRPC:
    /// `#[api(grpc = "already_exists")]` on the variant or registry entry, else
    /// [`GrpcCode::for_status`] of its HTTP status.
    pub const fn grpc_code(&self) -> GrpcCode {
        match self.grpc {
            Some(code) => code,
            None => GrpcCode::for_status(self.status),
        }
    }
}

impl std::fmt::Debug for ErrorDescriptor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ErrorDescriptor")
            .field("type_name", &self.type_name)
            .field("variant", &self.variant)
            .field("code", &self.code)
            .field("status", &self.status)
            .field("title", &self.title)
            .field("type_uri", &self.type_uri)
            .field("expose", &self.expose)
            .field("description", &self.description)
            .field("log", &self.log)
            .field("message", &self.message)
            .field("template", &self.template)
            .field("headers", &self.headers)
            .field("members", &self.members)
            .field("domain", &self.domain)
            .field("grpc", &self.grpc)
            .field("example_detail", &self.example_detail)
            .finish_non_exhaustive()
    }
}

//! `HttpError`: errors that come from the framework rather than from a derived
//! type, with canonical codes keyed by status.

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use http::StatusCode;

use crate::descriptor::{DescriptorJson, envelope_head, problem_head};
use crate::json;
use crate::writer::Members;
use crate::{ApiError, ErrorDescriptor, LogLevel};

/// An error the framework answered rather than the application: an extractor's
/// rejection, an unknown route, a wrong method, a body over the size limit, a
/// panicking handler.
///
/// The framework integrations turn every such response into an `HttpError`, so it
/// renders in the same shape as the service's own errors. Its problem `type` is
/// always `about:blank`, and so, as RFC 9457 section 4.2.1 requires, its `title` is
/// the status's reason phrase, RFC 9110's names (413 is "Content Too Large", 422
/// "Unprocessable Content"), as a derived variant's default title is. For a 4xx the message is the framework's own text
/// (such as serde's "missing field `name` at line 1 column 2"); a 5xx is opaque:
/// its text is only logged.
///
/// Codes, by status:
///
/// | status | code | when |
/// | --- | --- | --- |
/// | 400 | `invalid_request` | an extractor rejected the request: JSON that does not parse, a path or query parameter of the wrong type |
/// | 422 | `validation_failed` | an extractor rejected well-formed JSON of the wrong shape |
/// | 400 | `bad_request` | any other 400, such as a handler's own `(StatusCode::BAD_REQUEST, "text")` |
/// | 401 | `unauthorized` | |
/// | 403 | `forbidden` | |
/// | 404 | `not_found` | no route matches the path |
/// | 405 | `method_not_allowed` | the route exists, not for this method; the `Allow` header is kept |
/// | 406 | `not_acceptable` | |
/// | 408 | `request_timeout` | |
/// | 409 | `conflict` | |
/// | 413 | `payload_too_large` | the body is over the size limit |
/// | 415 | `unsupported_media_type` | the body's `Content-Type` is not the one the extractor reads |
/// | 422 | `unprocessable_content` | any other 422, such as a handler's own plain-text 422 |
/// | 429 | `too_many_requests` | |
/// | 500 | `internal_error` | a handler panicked, or the framework failed |
/// | 503 | `service_unavailable` | |
/// | any other registered 4xx or 5xx | the reason phrase in snake case, such as `gone` (410), `uri_too_long` (414), `bad_gateway` (502) | |
/// | any unregistered 4xx or 5xx | `http_` and the status, such as `http_499`, titled "Client Error" or "Server Error" | |
///
/// `invalid_request` and `validation_failed` mean that an extractor rejected the
/// request before the handler ran ([`HttpError::rejection`]); the integrations give
/// every other plain-text or empty error response, whoever wrote it, its status's
/// code ([`HttpError::new`]), so a client can tell the two apart.
///
/// A status outside 400..=599 is a bug in whatever asked for it and becomes
/// `internal_error`. Every code has one status, as in a derived type, so the table
/// can join a service's [`Catalog`](crate::catalog::Catalog) without a conflict.
///
/// ```
/// use apierror::{ApiError, Context, HttpError};
/// use http::StatusCode;
///
/// let error = HttpError::rejection(StatusCode::UNPROCESSABLE_ENTITY, "missing field `name`");
/// assert_eq!(error.code(), "validation_failed");
/// let problem = error.to_problem(&Context::default());
/// assert_eq!(problem.type_uri(), "about:blank");
/// assert_eq!(problem.title(), Some("Unprocessable Content"));
/// assert_eq!(problem.detail(), Some("missing field `name`"));
///
/// let error = HttpError::new(StatusCode::METHOD_NOT_ALLOWED);
/// assert_eq!(error.code(), "method_not_allowed");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpError {
    descriptor: &'static ErrorDescriptor,
    message: Option<Cow<'static, str>>,
}

impl HttpError {
    /// The canonical error for `status`, without a message of its own.
    pub fn new(status: StatusCode) -> HttpError {
        HttpError {
            descriptor: for_status(status.as_u16()),
            message: None,
        }
    }

    /// An extractor's rejection: `invalid_request` for 400, `validation_failed` for
    /// 422, the canonical
    /// code of the status otherwise (`unsupported_media_type`, `payload_too_large`,
    /// ...), with the framework's text as the message.
    pub fn rejection(status: StatusCode, message: impl Into<Cow<'static, str>>) -> HttpError {
        HttpError {
            descriptor: rejection_descriptor(status.as_u16()),
            message: Some(message.into()),
        }
    }

    /// `internal_error`, 500: what a panicking handler answers with.
    pub fn internal() -> HttpError {
        HttpError::new(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// Sets the message: shown to the client for a 4xx, only logged for a 5xx.
    #[must_use]
    pub fn with_message(mut self, message: impl Into<Cow<'static, str>>) -> HttpError {
        self.message = Some(message.into());
        self
    }

    /// This error with the registry entry of `ctx` for its code and status, if
    /// `ctx` names a registry ([`Context::with_framework_codes`](crate::Context::with_framework_codes))
    /// that has one; unchanged otherwise.
    #[must_use]
    pub fn in_registry_of(mut self, ctx: &crate::Context) -> HttpError {
        self.descriptor = in_registry(self.descriptor, ctx);
        self
    }

    /// The framework's text, if any.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.descriptor.status, self.descriptor.title)?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for HttpError {}

impl ApiError for HttpError {
    fn descriptor(&self) -> &'static ErrorDescriptor {
        self.descriptor
    }

    /// Every canonical descriptor with a registered status; the two rejection codes
    /// (`invalid_request`, `validation_failed`) first.
    fn catalog() -> &'static [ErrorDescriptor] {
        canonical()
    }

    /// The framework's text, verbatim, not redacted: it is the framework's message
    /// to the client about the client's own request, which the framework would have
    /// sent as it is.
    fn __members(&self, members: &mut Members<'_>) {
        if let Some(message) = self
            .message
            .as_deref()
            .filter(|message| !message.is_empty())
        {
            members.message(format_args!("{message}"));
        }
    }
}

/// One row of the canonical table: what sets the framework's codes apart.
struct Canonical {
    variant: &'static str,
    code: &'static str,
    status: u16,
    title: &'static str,
    description: &'static str,
    message: Option<&'static str>,
}

/// Writes the canonical table, one row per line.
macro_rules! canonical {
    ($($variant:ident $code:literal, $status:literal, $title:literal, $description:literal $(, $message:literal)?;)*) => {
        const TABLE: [Canonical; [$($status),*].len()] = [$(
            Canonical {
                variant: stringify!($variant),
                code: $code,
                status: $status,
                title: $title,
                description: $description,
                message: optional!($($message)?),
            },
        )*];
    };
}

macro_rules! optional {
    () => {
        None
    };
    ($value:expr) => {
        Some($value)
    };
}

/// The codes the framework integrations answer on their own, whatever the handlers
/// do: an extractor's rejection, an unknown route or method, a body over the size
/// limit or of the wrong media type, a panic. Every other canonical code reaches a
/// client only when a handler answers with that status and a plain-text or empty
/// body, so the catalog page lists those apart.
pub(crate) const INTEGRATION_CODES: [&str; 7] = [
    "invalid_request",
    "validation_failed",
    "not_found",
    "method_not_allowed",
    "payload_too_large",
    "unsupported_media_type",
    "internal_error",
];

const INVALID_REQUEST: usize = 0;
const VALIDATION_FAILED: usize = 1;

canonical! {
    InvalidRequest "invalid_request", 400, "Bad Request", "An extractor rejected the request: its body, path or query does not parse into what the endpoint takes.", "The request is invalid.";
    ValidationFailed "validation_failed", 422, "Unprocessable Content", "An extractor rejected the request: its JSON body is well-formed but does not have the shape the endpoint takes.", "The request is invalid.";
    BadRequest "bad_request", 400, "Bad Request", "The request is malformed.", "The request is malformed.";
    Unauthorized "unauthorized", 401, "Unauthorized", "The request lacks valid credentials.", "The request lacks valid credentials.";
    PaymentRequired "payment_required", 402, "Payment Required", "Payment is required.";
    Forbidden "forbidden", 403, "Forbidden", "The credentials do not allow this request.", "The request is not allowed.";
    NotFound "not_found", 404, "Not Found", "No route matches the request's path.", "No resource exists at this path.";
    MethodNotAllowed "method_not_allowed", 405, "Method Not Allowed", "The route exists but does not take the request's method; the `Allow` header lists those it takes.", "This resource does not support the request's method.";
    NotAcceptable "not_acceptable", 406, "Not Acceptable", "No representation matches the request's `Accept` header.", "The resource has no representation the request accepts.";
    ProxyAuthenticationRequired "proxy_authentication_required", 407, "Proxy Authentication Required", "The proxy requires authentication.";
    RequestTimeout "request_timeout", 408, "Request Timeout", "The request took too long to arrive.", "The request took too long to arrive.";
    Conflict "conflict", 409, "Conflict", "The request conflicts with the resource's state.";
    Gone "gone", 410, "Gone", "The resource no longer exists.";
    LengthRequired "length_required", 411, "Length Required", "The request needs a `Content-Length`.";
    PreconditionFailed "precondition_failed", 412, "Precondition Failed", "A precondition in the request's headers failed.";
    PayloadTooLarge "payload_too_large", 413, "Content Too Large", "The request body is over the size limit.", "The request body is too large.";
    UriTooLong "uri_too_long", 414, "URI Too Long", "The request URI is too long.";
    UnsupportedMediaType "unsupported_media_type", 415, "Unsupported Media Type", "The request body's `Content-Type` is not one the endpoint reads.", "The request body's media type is not supported.";
    RangeNotSatisfiable "range_not_satisfiable", 416, "Range Not Satisfiable", "The requested range cannot be served.";
    ExpectationFailed "expectation_failed", 417, "Expectation Failed", "The `Expect` header cannot be met.";
    MisdirectedRequest "misdirected_request", 421, "Misdirected Request", "The request reached a server that cannot answer it.";
    UnprocessableContent "unprocessable_content", 422, "Unprocessable Content", "The request is well-formed but cannot be processed.";
    Locked "locked", 423, "Locked", "The resource is locked.";
    FailedDependency "failed_dependency", 424, "Failed Dependency", "The request failed because a request it depends on failed.";
    TooEarly "too_early", 425, "Too Early", "The request might be replayed.";
    UpgradeRequired "upgrade_required", 426, "Upgrade Required", "The request needs another protocol.";
    PreconditionRequired "precondition_required", 428, "Precondition Required", "The request must be conditional.";
    TooManyRequests "too_many_requests", 429, "Too Many Requests", "The client sent too many requests.", "Too many requests; retry later.";
    RequestHeaderFieldsTooLarge "request_header_fields_too_large", 431, "Request Header Fields Too Large", "The request's headers are too large.";
    UnavailableForLegalReasons "unavailable_for_legal_reasons", 451, "Unavailable For Legal Reasons", "The resource is unavailable for legal reasons.";
    InternalError "internal_error", 500, "Internal Server Error", "The server failed, or a handler panicked.";
    NotImplemented "not_implemented", 501, "Not Implemented", "The server does not implement the request's method.";
    BadGateway "bad_gateway", 502, "Bad Gateway", "An upstream server answered with an invalid response.";
    ServiceUnavailable "service_unavailable", 503, "Service Unavailable", "The service is temporarily unavailable.";
    GatewayTimeout "gateway_timeout", 504, "Gateway Timeout", "An upstream server did not answer in time.";
    HttpVersionNotSupported "http_version_not_supported", 505, "HTTP Version Not Supported", "The request's HTTP version is not supported.";
    VariantAlsoNegotiates "variant_also_negotiates", 506, "Variant Also Negotiates", "Content negotiation is misconfigured.";
    InsufficientStorage "insufficient_storage", 507, "Insufficient Storage", "The server cannot store what the request needs.";
    LoopDetected "loop_detected", 508, "Loop Detected", "The server found an infinite loop.";
    NotExtended "not_extended", 510, "Not Extended", "The request needs further extensions.";
    NetworkAuthenticationRequired "network_authentication_required", 511, "Network Authentication Required", "The network requires authentication.";
}

/// The reason phrase of a registered 4xx or 5xx status, as RFC 9110 names it (413
/// is "Content Too Large", 422 "Unprocessable Content"): the title of its canonical
/// code, and the default title of a derived variant.
pub fn reason_phrase(status: u16) -> Option<&'static str> {
    TABLE[FIRST_BY_STATUS..]
        .iter()
        .find(|row| row.status == status)
        .map(|row| row.title)
}

/// `canonical` as a layer with `ctx`'s framework registries answers it: the entry
/// they have for its code and status, else `canonical` itself.
pub(crate) fn in_registry(
    canonical: &'static ErrorDescriptor,
    ctx: &crate::Context,
) -> &'static ErrorDescriptor {
    ctx.registry_entry(canonical.code(), canonical.status_u16())
        .unwrap_or(canonical)
}

/// The descriptor of an extractor's rejection with `status`: `invalid_request` for
/// 400, `validation_failed` for 422, the status's canonical one otherwise.
pub(crate) fn rejection_descriptor(status: u16) -> &'static ErrorDescriptor {
    match status {
        400 => &canonical()[INVALID_REQUEST],
        422 => &canonical()[VALIDATION_FAILED],
        other => for_status(other),
    }
}

/// Where the rows keyed by status start, past the two rejection codes.
const FIRST_BY_STATUS: usize = VALIDATION_FAILED + 1;

/// The canonical descriptors, one per row of `TABLE`, built once on first use.
fn canonical() -> &'static [ErrorDescriptor] {
    static DESCRIPTORS: OnceLock<Vec<ErrorDescriptor>> = OnceLock::new();
    DESCRIPTORS.get_or_init(|| {
        TABLE
            .iter()
            .map(|row| {
                about_blank(
                    row.variant,
                    row.code,
                    row.status,
                    row.title,
                    row.description,
                    row.message,
                )
            })
            .collect()
    })
}

/// The canonical descriptor for `status`: the table's entry for a registered status
/// (past the two rejection codes), `http_<status>` for an unregistered 4xx or 5xx, and
/// `internal_error` for anything outside 400..=599.
fn for_status(status: u16) -> &'static ErrorDescriptor {
    let generic = canonical()[FIRST_BY_STATUS..]
        .iter()
        .find(|descriptor| descriptor.status == status);
    match generic {
        Some(descriptor) => descriptor,
        None if (400..=599).contains(&status) => &unregistered()[usize::from(status - 400)],
        None => for_status(500),
    }
}

/// Descriptors for every status in 400..=599, built once on first use, for the
/// statuses the table does not name.
fn unregistered() -> &'static [ErrorDescriptor] {
    static TABLE: OnceLock<Vec<ErrorDescriptor>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (400u16..=599)
            .map(|status| {
                let (variant, title) = if status < 500 {
                    ("ClientError", "Client Error")
                } else {
                    ("ServerError", "Server Error")
                };
                about_blank(
                    variant,
                    format!("http_{status}").leak(),
                    status,
                    title,
                    "The framework answered with a status this crate has no name for.",
                    None,
                )
            })
            .collect()
    })
}

/// An `about:blank` descriptor of `HttpError`, exposed and logged as its status says.
/// Its JSON is written by the same builders as every descriptor's, and leaked, once
/// per code, so that it is `'static` like the derive's.
fn about_blank(
    variant: &'static str,
    code: &'static str,
    status: u16,
    title: &'static str,
    description: &'static str,
    message: Option<&'static str>,
) -> ErrorDescriptor {
    ErrorDescriptor {
        type_name: "HttpError",
        variant,
        code,
        status,
        title,
        type_uri: ABOUT_BLANK,
        expose: status < 500,
        description: Some(description),
        log: LogLevel::for_status(status),
        message,
        template: None,
        headers: &[],
        members: &[],
        domain: None,
        grpc: None,
        example_detail: None,
        json: DescriptorJson {
            problem_head: problem_head(ABOUT_BLANK, title, status, code).leak(),
            envelope_head: envelope_head(code).leak(),
            message: message.map(|message| &*json::string(message).leak()),
            message_only: false,
            display: None,
        },
        #[cfg(feature = "fluent")]
        localizer: None,
    }
}

const ABOUT_BLANK: &str = "about:blank";

#[cfg(test)]
mod tests {
    use super::{HttpError, canonical};
    use crate::{ApiError, Context, Format, OPAQUE_SERVER_MESSAGE, TraceId};
    use http::StatusCode;

    #[test]
    fn titles_are_the_reason_phrases_and_heads_are_valid_json() {
        for descriptor in canonical() {
            let status = descriptor.status();
            // RFC 9110 renamed two phrases the `http` crate still spells the old way.
            let reason = match status.as_u16() {
                413 => Some("Content Too Large"),
                422 => Some("Unprocessable Content"),
                _ => status.canonical_reason(),
            };
            assert_eq!(Some(descriptor.title()), reason, "{}", descriptor.code());
            assert_eq!(descriptor.expose(), status.is_client_error());
            let error = HttpError {
                descriptor,
                message: None,
            };
            let problem = error.to_problem(&Context::default());
            assert_eq!(problem.status(), Some(status.as_u16()));
            assert_eq!(problem.code(), Some(descriptor.code()));
            assert_eq!(problem.title(), Some(descriptor.title()));
            let envelope = error.to_envelope(&Context::default());
            assert_eq!(envelope.error.code, descriptor.code());
        }
    }

    #[test]
    fn statuses_map_to_their_codes() {
        let code =
            |status: u16| HttpError::new(StatusCode::from_u16(status).expect("a status")).code();
        assert_eq!(code(400), "bad_request");
        assert_eq!(code(404), "not_found");
        assert_eq!(code(405), "method_not_allowed");
        assert_eq!(code(406), "not_acceptable");
        assert_eq!(code(413), "payload_too_large");
        assert_eq!(code(415), "unsupported_media_type");
        assert_eq!(code(422), "unprocessable_content");
        assert_eq!(code(418), "http_418");
        assert_eq!(code(500), "internal_error");
        assert_eq!(code(499), "http_499");
        assert_eq!(code(599), "http_599");
        assert_eq!(code(200), "internal_error");
        let rejection = |status: u16| {
            HttpError::rejection(StatusCode::from_u16(status).expect("a status"), "x")
        };
        assert_eq!(rejection(400).code(), "invalid_request");
        assert_eq!(rejection(400).status(), 400);
        assert_eq!(rejection(422).code(), "validation_failed");
        assert_eq!(rejection(422).status(), 422);
        assert_eq!(rejection(415).code(), "unsupported_media_type");
    }

    #[test]
    fn unregistered_statuses_render_valid_bodies() {
        let error = HttpError::new(StatusCode::from_u16(499).expect("a status"))
            .with_message("client went away");
        let problem = error.to_problem(&Context::default());
        assert_eq!(problem.status(), Some(499));
        assert_eq!(problem.title(), Some("Client Error"));
        assert_eq!(problem.detail(), Some("client went away"));
        let envelope = error.to_envelope(&Context::default());
        assert_eq!(envelope.error.code, "http_499");
    }

    #[test]
    fn the_framework_text_is_shown_for_4xx_and_hidden_for_5xx() {
        let ctx =
            Context::default().with_trace_id(TraceId::parse("t-1").expect("a valid trace id"));
        let rejection =
            HttpError::rejection(StatusCode::BAD_REQUEST, "expected `,` at \"line 1\"\n");
        assert_eq!(
            rejection.to_problem(&ctx).detail(),
            Some("expected `,` at \"line 1\"\n")
        );
        let plain = HttpError::new(StatusCode::NOT_FOUND);
        assert_eq!(
            plain.to_problem(&ctx).detail(),
            Some("No resource exists at this path.")
        );

        let internal = HttpError::internal().with_message("db password=hunter2");
        let body = internal
            .to_response(&ctx.clone().with_format(Format::Envelope))
            .into_body();
        let body = String::from_utf8(body.to_vec()).expect("UTF-8");
        assert!(!body.contains("hunter2"), "{body}");
        assert_eq!(
            internal.to_problem(&ctx).detail(),
            Some(OPAQUE_SERVER_MESSAGE)
        );
        assert_eq!(
            internal.to_string(),
            "500 Internal Server Error: db password=hunter2"
        );
    }
}

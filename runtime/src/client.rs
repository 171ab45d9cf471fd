//! `ApiProblem`: an error response as a client reads it, with its code typed by the
//! service's registry.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use http::{HeaderMap, StatusCode, header::RETRY_AFTER};
use serde_json::{Map, Value};

use crate::constants::TRACE_ID_HEADER;
use crate::problem::take_string;
use crate::writer::{Headers, Members as BodyMembers};
use crate::{ApiError, ErrorCodes, ErrorDescriptor, FieldViolation, HttpError, Problem};

#[path = "client/formats.rs"]
mod formats;
#[cfg(feature = "reqwest")]
#[path = "client/reqwest.rs"]
mod reqwest_ext;
#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
pub use reqwest_ext::ResponseExt;

/// The most bytes of a body an [`ApiProblem`] reads and keeps: 64 KiB. A longer body
/// (a proxy's page, a runaway server) is kept cut to this length and not parsed, since
/// no error document this crate writes comes near it.
pub const BODY_LIMIT: usize = 64 * 1024;

/// An error response's code, typed by a registry: `Known` when the registry's
/// `FromStr` accepts it, `Unknown` otherwise, so a code the server adds later never
/// fails a client (RFC 9457 and the lock file both say codes are added).
///
/// A response without a code (an HTML page from a proxy, an empty body) is `Unknown`
/// with the framework's canonical code for its status, as [`HttpError::new`] names it
/// (`bad_gateway` for 502, `http_599` for an unregistered one), whatever the registry
/// holds: the server did not say it. With `C = String` every code the body names is
/// `Known`, and `Unknown` means the body named none.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ProblemCode<C> {
    /// A code of the registry.
    Known(C),
    /// A code the registry does not have, or the status's canonical code when the
    /// body named none.
    Unknown(String),
}

impl<C> ProblemCode<C> {
    /// The registry's code, if known.
    pub fn known(&self) -> Option<&C> {
        match self {
            ProblemCode::Known(code) => Some(code),
            ProblemCode::Unknown(_) => None,
        }
    }

    pub(crate) fn parse(code: &str) -> Self
    where
        C: FromStr,
    {
        code.parse().map_or_else(
            |_| ProblemCode::Unknown(code.to_owned()),
            ProblemCode::Known,
        )
    }
}

impl<C: fmt::Display> fmt::Display for ProblemCode<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemCode::Known(code) => code.fmt(f),
            ProblemCode::Unknown(code) => f.write_str(code),
        }
    }
}

/// The facts of an error response, read back by a client: status, code, title,
/// detail, field, violations, extensions, trace id, instance and `Retry-After`,
/// from a problem document or an envelope, with the code typed by a registry `C`
/// (any `FromStr`: a `#[derive(ErrorCodes)]` enum, or `String` for untyped codes).
///
/// Reading never fails and never panics: a body that is not an error document this
/// crate knows (an HTML 502 from a proxy, invalid UTF-8, a body over [`BODY_LIMIT`])
/// gives the status, an [`Unknown`](ProblemCode::Unknown) code, and the body's text.
///
/// ```
/// use apierror::client::{ApiProblem, ProblemCode};
///
/// #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, apierror::ErrorCodes)]
/// #[api(type_base = "https://errors.example.com/")]
/// pub enum Code {
///     #[api(status = 429, title = "Rate limited")]
///     RateLimited,
/// }
///
/// let response = http::Response::builder()
///     .status(429)
///     .header("content-type", "application/problem+json")
///     .header("retry-after", "30")
///     .body(r#"{"title":"Rate limited","status":429,"code":"rate_limited","trace_id":"t-1"}"#)
///     .unwrap();
/// let problem = ApiProblem::<Code>::from_response(&response);
/// assert_eq!(problem.code(), &ProblemCode::Known(Code::RateLimited));
/// assert_eq!(problem.trace_id(), Some("t-1"));
/// assert_eq!(problem.retry_after(), Some(std::time::Duration::from_secs(30)));
/// assert!(problem.is_retryable());
/// assert_eq!(problem.to_string(), "rate_limited: Rate limited (429, trace id t-1)");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ApiProblem<C = String> {
    status: StatusCode,
    code: ProblemCode<C>,
    members: Members,
    retry_after: Option<Duration>,
    body: String,
    truncated: bool,
}

/// What a body says, but its code, which [`Members::parse`] returns beside it.
#[derive(Clone, Debug, Default, PartialEq)]
struct Members {
    type_uri: Option<String>,
    title: Option<String>,
    detail: Option<String>,
    field: Option<String>,
    violations: Vec<FieldViolation>,
    extensions: Map<String, Value>,
    trace_id: Option<String>,
    instance: Option<String>,
}

impl<C: FromStr> ApiProblem<C> {
    /// Reads an error response: a problem document, an envelope, a body of any other
    /// built-in [`Format`](crate::Format), or anything else.
    /// The status is the response's (a body's `status` member is advisory); the trace
    /// id is the body's, else the `X-Trace-Id` header's.
    pub fn from_response<B: AsRef<[u8]>>(response: &http::Response<B>) -> Self {
        Self::from_parts(
            response.status(),
            response.headers(),
            response.body().as_ref(),
        )
    }

    /// Reads an error response given as its parts; what
    /// [`from_response`](Self::from_response) does.
    pub fn from_parts(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Self {
        let truncated = body.len() > BODY_LIMIT;
        let (code, mut members) = if truncated {
            (None, Members::default())
        } else {
            Members::parse(body)
        };
        let code = match code {
            Some(code) => ProblemCode::parse(&code),
            None => ProblemCode::Unknown(fallback_code(status)),
        };
        if members.trace_id.is_none() {
            members.trace_id = header_text(headers, &TRACE_ID_HEADER);
        }
        ApiProblem {
            status,
            code,
            members,
            retry_after: header_text(headers, &RETRY_AFTER)
                .and_then(|value| parse_retry_after(&value, SystemTime::now())),
            body: text_within_limit(body),
            truncated,
        }
    }
}

impl<C> ApiProblem<C> {
    /// The response's status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The code, typed by the registry.
    pub fn code(&self) -> &ProblemCode<C> {
        &self.code
    }

    /// The problem `type` URI, if the body is a problem document that has one.
    pub fn type_uri(&self) -> Option<&str> {
        self.members.type_uri.as_deref()
    }

    /// The problem `title`, if the body has one (an envelope has none).
    pub fn title(&self) -> Option<&str> {
        self.members.title.as_deref()
    }

    /// The message for the client: the problem `detail`, or the envelope `message`.
    pub fn detail(&self) -> Option<&str> {
        self.members.detail.as_deref()
    }

    /// The request field at fault, if the server named one.
    pub fn field(&self) -> Option<&str> {
        self.members.field.as_deref()
    }

    /// The invalid fields (problem `errors`, envelope `details.errors`). From a
    /// problem document, a violation's field is its `pointer` turned back into a
    /// dotted path (`#/items/2/name` becomes `items[2].name`).
    pub fn violations(&self) -> &[FieldViolation] {
        &self.members.violations
    }

    /// The members not read into the methods above: a problem's extension members
    /// other than `code`, `trace_id`, `field` and `errors`; an envelope's `details`
    /// other than `errors`.
    pub fn extensions(&self) -> &Map<String, Value> {
        &self.members.extensions
    }

    /// One extension member.
    pub fn extension(&self, name: &str) -> Option<&Value> {
        self.members.extensions.get(name)
    }

    /// The id that finds the error in the server's logs: the body's `trace_id`, else
    /// the `X-Trace-Id` header.
    pub fn trace_id(&self) -> Option<&str> {
        self.members.trace_id.as_deref()
    }

    /// The problem `instance`, if any.
    pub fn instance(&self) -> Option<&str> {
        self.members.instance.as_deref()
    }

    /// How long to wait before retrying, from the `Retry-After` header: its
    /// delta-seconds, or the time from when the response was read until its
    /// HTTP-date (zero if that date has passed).
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// Whether retrying may succeed: a 429, 502, 503 or 504, or any response with a
    /// `Retry-After`.
    pub fn is_retryable(&self) -> bool {
        matches!(self.status.as_u16(), 429 | 502 | 503 | 504) || self.retry_after.is_some()
    }

    /// The body as text, for logs: invalid UTF-8 replaced with U+FFFD, cut at a
    /// character boundary to at most [`BODY_LIMIT`] bytes.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// Whether the body was longer than [`BODY_LIMIT`] (and so cut, and not parsed).
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }
}

/// `code: title (status, trace id …)`: what a log line needs to find the error.
impl<C: fmt::Display> fmt::Display for ApiProblem<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let title = self
            .members
            .title
            .as_deref()
            .or_else(|| self.status.canonical_reason())
            .unwrap_or("Error");
        write!(f, "{}: {title} ({}", self.code, self.status.as_u16())?;
        if let Some(trace_id) = &self.members.trace_id {
            write!(f, ", trace id {trace_id}")?;
        }
        f.write_str(")")
    }
}

impl<C: fmt::Debug + fmt::Display> std::error::Error for ApiProblem<C> {}

/// An upstream failure re-raised by a server: a variant holding an `ApiProblem<C>`
/// with `#[api(transparent)]` answers as the upstream said, in this service's shape
/// and with this service's trace id.
///
/// - A [`Known`](ProblemCode::Known) code answers with its registry entry (status,
///   title, type, exposure); an [`Unknown`](ProblemCode::Unknown) one with the
///   framework's canonical code for the upstream's status ([`HttpError::new`]), so the
///   body names only codes this service declares.
/// - When that entry is exposed, the upstream's detail, field and violations are
///   forwarded, and its `Retry-After` (as delta-seconds); its extension members are
///   not. A 5xx stays opaque, as every 5xx does.
/// - The upstream's trace id never reaches the body: it is in `Display`, so in the
///   log line and the source chain of a variant that maps the failure instead
///   (`#[source] ApiProblem<C>`).
///
/// `catalog()` is empty (the type declares no code itself); a catalog or an OpenAPI
/// document that follows a `transparent` variant gets every code of `C`.
// Not listed among "the following other types implement `ApiError`" when a field of a
// derived type is not one: that list is for derived types.
#[diagnostic::do_not_recommend]
impl<C> ApiError for ApiProblem<C>
where
    C: ErrorCodes + fmt::Debug + fmt::Display,
{
    fn descriptor(&self) -> &'static ErrorDescriptor {
        match &self.code {
            ProblemCode::Known(code) => code.descriptor(),
            ProblemCode::Unknown(_) => HttpError::new(self.status).descriptor(),
        }
    }

    fn catalog() -> &'static [ErrorDescriptor] {
        &[]
    }

    fn __visit_descriptors(visit: &mut dyn FnMut(&'static ErrorDescriptor)) {
        C::all().iter().for_each(|code| visit(code.descriptor()));
    }

    fn __members(&self, members: &mut BodyMembers<'_>) {
        if let Some(detail) = self
            .members
            .detail
            .as_deref()
            .filter(|detail| !detail.is_empty())
        {
            members.message(format_args!("{detail}"));
        }
        if let Some(field) = &self.members.field {
            members.field(field);
        }
        if !self.members.violations.is_empty() {
            members.violations(&self.members.violations);
        }
    }

    fn __headers(&self, headers: &mut Headers<'_>) {
        if let Some(wait) = self.retry_after {
            headers.header(RETRY_AFTER, &wait.as_secs());
        }
    }
}

impl Members {
    /// The code and the other members of a body in any of the built-in formats;
    /// none for anything else.
    fn parse(body: &[u8]) -> (Option<String>, Members) {
        let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body) else {
            return (None, Members::default());
        };
        match formats::Shape::of(&object) {
            formats::Shape::Google => formats::google(object),
            formats::Shape::Microsoft => formats::microsoft(object),
            formats::Shape::JsonApi => formats::json_api(object),
            formats::Shape::FastApi => formats::fast_api(object),
            formats::Shape::Envelope => Members::from_envelope(object),
            formats::Shape::Problem => serde_json::from_value::<Problem>(Value::Object(object))
                .map(Members::from_problem)
                .unwrap_or_default(),
        }
    }

    /// An envelope's members, each read on its own as a problem document's are: one
    /// of the wrong type (a numeric `trace_id`) or missing (no `message`) is left out,
    /// not the whole body with it.
    fn from_envelope(mut body: Map<String, Value>) -> (Option<String>, Members) {
        let mut error = match body.remove("error") {
            Some(Value::Object(error)) => error,
            _ => Map::new(),
        };
        let mut details = match error.remove("details") {
            Some(Value::Object(details)) => details,
            _ => Map::new(),
        };
        let violations = details
            .remove("errors")
            .map(envelope_violations)
            .unwrap_or_default();
        let members = Members {
            detail: take_string(&mut error, "message"),
            field: take_string(&mut error, "field"),
            violations,
            extensions: details,
            trace_id: take_string(&mut error, "trace_id"),
            ..Members::default()
        };
        (take_string(&mut error, "code"), members)
    }

    fn from_problem(problem: Problem) -> (Option<String>, Members) {
        let type_uri = Some(problem.type_uri().to_owned());
        let mut extensions = problem.extensions().clone();
        let code = take_string(&mut extensions, "code");
        let trace_id = take_string(&mut extensions, "trace_id");
        let field = take_string(&mut extensions, "field");
        let violations = extensions
            .remove("errors")
            .map(problem_violations)
            .unwrap_or_default();
        let members = Members {
            type_uri,
            title: problem.title().map(str::to_owned),
            detail: problem.detail().map(str::to_owned),
            field,
            violations,
            extensions,
            trace_id,
            instance: problem.instance().map(str::to_owned),
        };
        (code, members)
    }
}

/// Envelope violations, `{"field", "message", "code"?}`; items of another shape are
/// skipped.
fn envelope_violations(errors: Value) -> Vec<FieldViolation> {
    items(errors)
        .filter_map(|item| serde_json::from_value(item).ok())
        .collect()
}

/// Problem violations ([`FieldViolation::from_problem_item`]); items of another
/// shape are skipped.
fn problem_violations(errors: Value) -> Vec<FieldViolation> {
    items(errors)
        .filter_map(|item| FieldViolation::from_problem_item(&item))
        .collect()
}

fn items(value: Value) -> impl Iterator<Item = Value> {
    match value {
        Value::Array(items) => items,
        _ => Vec::new(),
    }
    .into_iter()
}

/// The code of a response that names none: the framework's canonical code for an
/// error status, `http_<status>` for any other.
fn fallback_code(status: StatusCode) -> String {
    if status.is_client_error() || status.is_server_error() {
        HttpError::new(status).code().to_owned()
    } else {
        format!("http_{}", status.as_u16())
    }
}

fn header_text(headers: &HeaderMap, name: &http::HeaderName) -> Option<String> {
    let value = headers.get(name)?.to_str().ok()?;
    Some(value.to_owned())
}

/// `Retry-After` (RFC 9110 section 10.2.3): delta-seconds, or an HTTP-date in any of
/// the three forms a recipient must accept, measured from `now`. A delta too large
/// for `u64` is `u64::MAX` seconds; a date in the past is zero.
fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The body as text, invalid UTF-8 replaced with U+FFFD, cut at a character boundary
/// to at most [`BODY_LIMIT`] bytes. A character the limit cuts in two is dropped, not
/// replaced.
fn text_within_limit(body: &[u8]) -> String {
    let cut = body.len() > BODY_LIMIT;
    let head = &body[..body.len().min(BODY_LIMIT)];
    let mut text = String::with_capacity(head.len());
    let mut chunks = head.utf8_chunks().peekable();
    while let Some(chunk) = chunks.next() {
        text.push_str(chunk.valid());
        let cut_character = cut && chunks.peek().is_none();
        if !chunk.invalid().is_empty() && !cut_character {
            text.push(char::REPLACEMENT_CHARACTER);
        }
    }
    // Each replacement is longer than the bytes it replaces: hold the limit.
    let mut end = text.len().min(BODY_LIMIT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::{BODY_LIMIT, parse_retry_after, text_within_limit};

    #[test]
    fn retry_after_reads_delta_seconds_and_the_three_date_forms() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:07 GMT").expect("a date");
        let parse = |value| parse_retry_after(value, now);
        assert_eq!(parse("120"), Some(Duration::from_secs(120)));
        assert_eq!(parse(" 0 "), Some(Duration::ZERO));
        assert_eq!(
            parse("99999999999999999999999"),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(
            parse("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse("Sunday, 06-Nov-94 08:50:07 GMT"),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            parse("Sun Nov  6 08:49:17 1994"),
            Some(Duration::from_secs(10))
        );
        assert_eq!(parse("Sat, 05 Nov 1994 08:49:37 GMT"), Some(Duration::ZERO));
        for invalid in ["", "-1", "1.5", "soon", "Sun, 32 Nov 1994 08:49:37 GMT"] {
            assert_eq!(parse(invalid), None, "{invalid:?}");
        }
        assert!(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", SystemTime::now()).is_some());
    }

    #[test]
    fn text_is_cut_at_a_character_boundary() {
        let body = "é".repeat(BODY_LIMIT);
        let text = text_within_limit(body.as_bytes());
        assert_eq!(text.len(), BODY_LIMIT);
        let body = format!("a{}", "é".repeat(BODY_LIMIT));
        let text = text_within_limit(body.as_bytes());
        assert_eq!(text.len(), BODY_LIMIT - 1);
        assert!(text.chars().skip(1).all(|c| c == 'é'));
        assert_eq!(text_within_limit(b"ok\xff"), "ok\u{fffd}");
    }
}

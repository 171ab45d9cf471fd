//! Wire formats: [`Format`], which body a service answers with, and [`WireFormat`],
//! the trait every format beside the problem document and the envelope implements,
//! the built-in ones (`format/*.rs`) and a service's own alike.
//!
//! A format reads the error through an [`ErrorView`]: its static descriptor, and the
//! message, field, violations and extension members the derive wrote (already
//! escaped, cut and redacted as the problem document's are), the response headers,
//! the trace id, the instance and the policy. It writes the body into the same kind
//! of buffer the problem document is written into.

use std::cell::Cell;
use std::fmt;
use std::ops::Range;

use http::HeaderMap;
use http::header::HeaderValue;

use crate::constants::{ENVELOPE_JSON, PROBLEM_JSON};
use crate::{ErrorDescriptor, FieldViolation, Limits, Policy, TraceId, json};

mod direct;
mod fastapi;
mod google;
mod heads;
mod jsonapi;
mod microsoft;

pub(crate) use direct::{Builtin, DebugParts, Direct, Facts};
pub(crate) use microsoft::set_error_code;

pub(crate) use fastapi::UNTYPED_VIOLATION;
pub use google::reason as google_reason;

/// Which body a service answers with.
///
/// The built-in formats are written straight from the error's parts into the body,
/// as the derive writes them; a service's own ([`Format::Custom`]) gets them through
/// [`WireFormat`].
#[derive(Clone, Copy, Default)]
#[non_exhaustive]
pub enum Format {
    /// An RFC 9457 problem document, `application/problem+json` (the default).
    #[default]
    Problem,
    /// The envelope `{"error": {"code", "message", …}}`, `application/json`.
    Envelope,
    /// Google's AIP-193, the JSON form of `google.rpc.Status`:
    /// `{"error": {"code": 404, "message", "status": "NOT_FOUND", "details": […]}}`,
    /// `application/json`. The details are an `ErrorInfo` (reason: the code in
    /// UPPER_SNAKE_CASE; domain: `#[api(domain)]`; metadata: the field and the
    /// extension members, as strings), a `BadRequest` for violations, a `RetryInfo`
    /// for a `Retry-After` in seconds, a `RequestInfo` with the trace id, and, under
    /// development policy, a `DebugInfo`.
    Google,
    /// The Microsoft (and Azure) REST API guidelines:
    /// `{"error": {"code", "message", "target", "details": […], "innererror": {…}}}`,
    /// `application/json`, with the `x-ms-error-code` header equal to `code`. The
    /// `#[api(field)]` is the `target`; each violation is one `details` entry (its
    /// `code` the violation's, else the error's own, as the guidelines require one); the
    /// extension members, the trace id, the instance and the development `debug`
    /// are in `innererror`, and the code of an `#[api(inner)]` field (itself an
    /// `ApiError`) as `innererror.code`, its own inner one nested below, as far as
    /// they are exposed.
    Microsoft,
    /// JSON:API, `application/vnd.api+json`: `{"errors": [{"id", "status", "code",
    /// "title", "detail", "source", "links", "meta"}]}`. The error is the first
    /// object (its `id` the trace id, `source.pointer` its field, `links.type` its
    /// type URI, `meta` its extension members); each violation follows as one more.
    JsonApi,
    /// FastAPI's `{"detail": "…"}`, `application/json`; violations as
    /// `{"detail": [{"loc": ["body", "profile", "color"], "msg", "type"}]}`. Only
    /// what that shape holds: the trace id is in the `X-Trace-Id` header alone.
    FastApi,
    /// A service's own format.
    ///
    /// ```
    /// use apierror::{ErrorView, Format, WireFormat};
    ///
    /// struct Plain;
    ///
    /// impl WireFormat for Plain {
    ///     fn media_type(&self) -> &'static str {
    ///         "application/json"
    ///     }
    ///     fn write_body(&self, error: &ErrorView<'_>, out: &mut Vec<u8>) {
    ///         out.extend_from_slice(b"{\"failure\":");
    ///         out.extend_from_slice(error.message_json().as_bytes());
    ///         out.push(b'}');
    ///     }
    ///     fn schema(&self) -> serde_json::Value {
    ///         serde_json::json!({ "type": "object", "properties": { "failure": { "type": "string" } } })
    ///     }
    /// }
    ///
    /// let format = Format::Custom(&Plain);
    /// assert_eq!(format.content_type(), "application/json");
    /// ```
    Custom(&'static dyn WireFormat),
}

impl Format {
    /// The `Content-Type` of a body in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Problem => PROBLEM_JSON,
            Format::Envelope => ENVELOPE_JSON,
            _ => self.wire().map_or(ENVELOPE_JSON, WireFormat::media_type),
        }
    }

    /// The [`WireFormat`] of this format: its media type, schema and name, and a
    /// `write_body` that gives the body the renderer writes; `None` for `Problem`
    /// and `Envelope`.
    pub fn wire(self) -> Option<&'static dyn WireFormat> {
        match self {
            Format::Problem | Format::Envelope => None,
            Format::Google => Some(&google::Google),
            Format::Microsoft => Some(&microsoft::Microsoft),
            Format::JsonApi => Some(&jsonapi::JsonApi),
            Format::FastApi => Some(&fastapi::FastApi),
            Format::Custom(format) => Some(format),
        }
    }

    /// The built-in format written straight from `Members`, as the problem document
    /// is; `None` for the problem document, the envelope and a custom format.
    pub(crate) fn builtin(self) -> Option<Builtin> {
        match self {
            Format::Google => Some(Builtin::Google),
            Format::Microsoft => Some(Builtin::Microsoft),
            Format::JsonApi => Some(Builtin::JsonApi),
            Format::FastApi => Some(Builtin::FastApi),
            Format::Problem | Format::Envelope | Format::Custom(_) => None,
        }
    }

    /// The format's name, for documentation: `Problem`, `Google`, … or the custom
    /// format's [`WireFormat::name`].
    pub fn name(self) -> &'static str {
        match self {
            Format::Problem => "Problem",
            Format::Envelope => "Envelope",
            Format::Google => "Google",
            Format::Microsoft => "Microsoft",
            Format::JsonApi => "JsonApi",
            Format::FastApi => "FastApi",
            Format::Custom(format) => format.name(),
        }
    }
}

/// Two formats are equal when they are the same built-in, or the same custom
/// format value.
impl PartialEq for Format {
    fn eq(&self, other: &Format) -> bool {
        match (self, other) {
            (Format::Custom(left), Format::Custom(right)) => std::ptr::addr_eq(*left, *right),
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

impl Eq for Format {}

impl std::hash::Hash for Format {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        if let Format::Custom(format) = self {
            std::ptr::from_ref(*format).cast::<()>().hash(state);
        }
    }
}

impl fmt::Debug for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Format::Custom(format) => write!(f, "Custom({})", format.name()),
            _ => f.write_str(self.name()),
        }
    }
}

/// A body shape: the built-in formats beside the problem document and the
/// envelope implement it, and so does a service's own, given as
/// [`Format::Custom`].
///
/// `write_body` gets the error as an [`ErrorView`] and appends one JSON document to
/// `out`. Every text the view gives as JSON (`message_json`, `field_json`,
/// extension values) is already escaped, cut at the context's limits, and redacted;
/// other text (violations, the trace id) is written with [`push_json_string`] or
/// [`push_json_text`]. A `write_body` that panics is caught: the response then
/// carries the problem document instead, and the panic is logged.
pub trait WireFormat: Send + Sync + std::panic::RefUnwindSafe + 'static {
    /// The `Content-Type` of its bodies, such as `application/json`. Negotiation
    /// (`Accept`) matches it. Must be a valid header value.
    fn media_type(&self) -> &'static str;

    /// Appends the body for `error` to `out`.
    fn write_body(&self, error: &ErrorView<'_>, out: &mut Vec<u8>);

    /// The OpenAPI 3.1 schema of its bodies, for `openapi::responses` and utoipa.
    fn schema(&self) -> serde_json::Value;

    /// Headers the format adds beside the body (the Microsoft format's
    /// `x-ms-error-code`). None by default.
    fn headers(&self, error: &ErrorView<'_>, headers: &mut HeaderMap) {
        let _ = (error, headers);
    }

    /// The format's name: the component name of its schema in OpenAPI documents,
    /// and how the catalog page names it. `Error` by default.
    fn name(&self) -> &'static str {
        "Error"
    }
}

/// The variable parts of a body, as `Layout::Capture` (writer.rs) records them: ranges of
/// JSON values in the buffer written to, and the violations themselves.
#[derive(Default)]
pub(crate) struct Captured {
    pub(crate) message: Option<Range<usize>>,
    pub(crate) field: Option<Range<usize>>,
    pub(crate) violations: Vec<FieldViolation>,
    pub(crate) violations_omitted: usize,
    pub(crate) extensions: Vec<(&'static str, Range<usize>)>,
    /// The codes of the `#[api(inner)]` chain, outermost first.
    pub(crate) inner: Vec<&'static str>,
}

impl Captured {
    /// Forgets every part, keeping the lists' room.
    pub(crate) fn clear(&mut self) {
        self.message = None;
        self.field = None;
        self.violations.clear();
        self.violations_omitted = 0;
        self.extensions.clear();
        self.inner.clear();
    }
}

/// What a [`WireFormat`] reads of one error: the descriptor's facts, the variable
/// parts the derive wrote for an exposed variant, and the request's facts.
///
/// For an unexposed variant (a 5xx by default) there is no field, no violation and
/// no extension member, and the message is the generic sentence.
pub struct ErrorView<'a> {
    pub(crate) descriptor: &'static ErrorDescriptor,
    pub(crate) buffer: &'a [u8],
    pub(crate) captured: &'a Captured,
    pub(crate) debug: Option<DebugRanges>,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) trace_id: &'a TraceId,
    pub(crate) instance: Option<&'a str>,
    pub(crate) policy: Policy,
    pub(crate) limits: Limits,
    /// Where [`push_trace_id`](Self::push_trace_id) wrote the trace id, so that the
    /// `X-Trace-Id` header shares those bytes of the body.
    pub(crate) trace_at: Cell<Option<usize>>,
}

/// Where the development `debug` parts are in the view's buffer.
#[derive(Clone)]
pub(crate) struct DebugRanges {
    /// The whole object, `{"message","type","source"}`.
    pub(crate) object: Range<usize>,
    /// The internal `Display`, a JSON string.
    pub(crate) message: Range<usize>,
    /// The source chain, a JSON array of strings.
    pub(crate) sources: Range<usize>,
    /// The Rust type name.
    pub(crate) type_name: &'static str,
}

impl<'a> ErrorView<'a> {
    fn text(&self, range: &Range<usize>) -> &'a str {
        // The writers put only whole UTF-8 texts into the buffer.
        std::str::from_utf8(self.raw(range)).unwrap_or("\"\"")
    }

    /// The bytes of one part, for the built-in formats, which copy them into the
    /// body as they are (a custom format gets them as `&str`).
    fn raw(&self, range: &Range<usize>) -> &'a [u8] {
        self.buffer.get(range.clone()).unwrap_or(b"\"\"")
    }

    /// [`message_json`](Self::message_json) as bytes.
    pub(crate) fn message_raw(&self) -> &'a [u8] {
        self.captured
            .message
            .as_ref()
            .map_or(b"\"\"", |range| self.raw(range))
    }

    /// [`extensions`](Self::extensions) with their values as bytes.
    pub(crate) fn extensions_raw(
        &self,
    ) -> impl ExactSizeIterator<Item = (&'static str, &'a [u8])> + '_ {
        self.captured
            .extensions
            .iter()
            .map(|(name, range)| (*name, self.raw(range)))
    }

    /// The static facts of the error's variant: code, status, title, type URI,
    /// domain, description.
    pub fn descriptor(&self) -> &'static ErrorDescriptor {
        self.descriptor
    }

    /// The stable code, such as `account_not_found`.
    pub fn code(&self) -> &'static str {
        self.descriptor.code()
    }

    /// The HTTP status as a number.
    pub fn status(&self) -> u16 {
        self.descriptor.status_u16()
    }

    /// The public message as a JSON string, quotes included: the variant's own when
    /// exposed, else the generic sentence. Always present.
    pub fn message_json(&self) -> &'a str {
        self.captured
            .message
            .as_ref()
            .map_or("\"\"", |range| self.text(range))
    }

    /// The public message as text.
    pub fn message(&self) -> String {
        serde_json::from_str(self.message_json()).unwrap_or_default()
    }

    /// The `#[api(field)]` value as a JSON string, quotes included, if the variant
    /// has one and is exposed.
    pub fn field_json(&self) -> Option<&'a str> {
        self.captured.field.as_ref().map(|range| self.text(range))
    }

    /// The `#[api(field)]` value as text.
    pub fn field(&self) -> Option<String> {
        self.field_json()
            .map(|json| serde_json::from_str(json).unwrap_or_default())
    }

    /// The `#[api(violations)]`, at most `Limits::max_violations` of them. Their
    /// texts are the caller's: write them with [`push_json_text`], which cuts them
    /// at the limits as the other formats do.
    pub fn violations(&self) -> &'a [FieldViolation] {
        &self.captured.violations
    }

    /// How many violations were left out over `Limits::max_violations`.
    pub fn violations_omitted(&self) -> usize {
        self.captured.violations_omitted
    }

    /// The `#[api(extension)]` members: each name (a plain identifier) and its value
    /// as JSON.
    pub fn extensions(&self) -> impl ExactSizeIterator<Item = (&'static str, &'a str)> + '_ {
        self.captured
            .extensions
            .iter()
            .map(|(name, range)| (*name, self.text(range)))
    }

    /// The response headers the variant's `#[api(header)]` fields set
    /// (`Retry-After`, …).
    pub fn headers(&self) -> &'a HeaderMap {
        self.headers
    }

    /// The trace id the response carries (also in the `X-Trace-Id` header).
    pub fn trace_id(&self) -> &'a TraceId {
        self.trace_id
    }

    /// Appends the trace id as a JSON string, quotes included (its characters need
    /// no escaping). Written this way, the `X-Trace-Id` header shares the body's
    /// bytes instead of copying them, as the problem document's does.
    pub fn push_trace_id(&self, out: &mut Vec<u8>) {
        out.push(b'"');
        self.trace_at.set(Some(out.len()));
        out.extend_from_slice(self.trace_id.as_bytes());
        out.push(b'"');
    }

    /// The occurrence's URI reference (usually the request path), if given.
    pub fn instance(&self) -> Option<&'a str> {
        self.instance
    }

    /// The policy: under [`Policy::Development`], [`debug_json`](Self::debug_json)
    /// is there.
    pub fn policy(&self) -> Policy {
        self.policy
    }

    /// The limits the response is written under.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Under development policy only: the internals as the problem document's
    /// `debug` member holds them, `{"message", "type", "source": […]}`.
    pub fn debug_json(&self) -> Option<&'a str> {
        self.debug.as_ref().map(|debug| self.text(&debug.object))
    }

    fn debug_part(&self, part: impl FnOnce(&DebugRanges) -> &Range<usize>) -> Option<&'a str> {
        self.debug.as_ref().map(|debug| self.text(part(debug)))
    }

    /// Under development policy only: the internal `Display`, as a JSON string.
    pub fn debug_message_json(&self) -> Option<&'a str> {
        self.debug_part(|debug| &debug.message)
    }

    /// Under development policy only: the source chain, a JSON array of strings.
    pub fn debug_sources_json(&self) -> Option<&'a str> {
        self.debug_part(|debug| &debug.sources)
    }

    /// Under development policy only: the Rust type name of the error.
    pub fn debug_type_name(&self) -> Option<&'static str> {
        self.debug.as_ref().map(|debug| debug.type_name)
    }
}

/// Appends `text` as a JSON string, quotes included, escaped as every format's
/// strings are.
pub fn push_json_string(out: &mut Vec<u8>, text: &str) {
    json::push_string(out, text);
}

/// Appends one of the descriptor's texts (code, title, type URI, domain) as a JSON
/// string. They are constants that seldom need escaping: checked eight bytes at a
/// time, then copied whole.
pub(crate) fn push_constant(out: &mut Vec<u8>, text: &str) {
    if !json::is_plain(text) {
        return json::push_string(out, text);
    }
    out.reserve(text.len() + 2);
    out.push(b'"');
    out.extend_from_slice(text.as_bytes());
    out.push(b'"');
}

/// Appends `text` as a JSON string cut at the view's `Limits::max_message_chars`
/// (with `…`), as violation messages are in every format.
pub fn push_json_text(out: &mut Vec<u8>, text: &str, limits: Limits) {
    json::push_text(out, text, limits.max_message_chars);
}

/// The `Content-Type` header of a body in `format`: a constant for the built-ins,
/// the custom format's media type checked once per response otherwise.
pub(crate) fn content_type_value(format: Format) -> Option<HeaderValue> {
    const PROBLEM: HeaderValue = HeaderValue::from_static(PROBLEM_JSON);
    const JSON: HeaderValue = HeaderValue::from_static(ENVELOPE_JSON);
    const JSON_API: HeaderValue = HeaderValue::from_static(jsonapi::JSON_API);
    match format {
        Format::Problem => Some(PROBLEM),
        Format::Envelope | Format::Google | Format::Microsoft | Format::FastApi => Some(JSON),
        Format::JsonApi => Some(JSON_API),
        Format::Custom(format) => static_header_value(format.media_type()),
    }
}

/// A header value from a `'static` text, without copying it; `None` for a text no
/// header may hold.
pub(crate) fn static_header_value(text: &'static str) -> Option<HeaderValue> {
    HeaderValue::from_maybe_shared(bytes::Bytes::from_static(text.as_bytes())).ok()
}

/// Appends an HTTP status (always three digits) without formatting machinery.
pub(crate) fn push_status(out: &mut Vec<u8>, status: u16) {
    let digits = [status / 100 % 10, status / 10 % 10, status % 10];
    out.extend(digits.map(|digit| b'0' + digit as u8));
}

/// Appends `,"name":` (no comma when `first`).
pub(crate) fn push_key(out: &mut Vec<u8>, name: &str, first: bool) {
    if !first {
        out.push(b',');
    }
    out.push(b'"');
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\":");
}

/// The segments of a dotted field path with `[index]` parts, as the problem
/// document's pointer splits it: `items[2].name` is `items`, `2`, `name`; each with
/// whether it was an index.
pub(crate) fn path_segments(path: &str) -> impl Iterator<Item = (&str, bool)> {
    path.split('.').flat_map(|part| {
        part.split('[').enumerate().filter_map(|(index, segment)| {
            let is_index = index > 0;
            let segment = if is_index {
                segment.strip_suffix(']').unwrap_or(segment)
            } else {
                segment
            };
            (!segment.is_empty()).then_some((segment, is_index))
        })
    })
}

/// [`path_segments`] in one pass over the bytes, for a path that is plain
/// ([`is_plain_path`]): `segment` is called with each segment's bytes and whether it
/// is an index.
pub(crate) fn each_segment(path: &str, mut segment: impl FnMut(&[u8], bool)) {
    let bytes = path.as_bytes();
    let (mut start, mut is_index) = (0, false);
    let mut emit = |piece: &[u8], is_index: bool| {
        // An index's piece of a part (after its `[`) drops one closing `]`.
        let piece = match (is_index, piece.split_last()) {
            (true, Some((b']', rest))) => rest,
            _ => piece,
        };
        if !piece.is_empty() {
            segment(piece, is_index);
        }
    };
    for (at, &byte) in bytes.iter().enumerate() {
        if matches!(byte, b'.' | b'[') {
            emit(&bytes[start..at], is_index);
            (start, is_index) = (at + 1, byte == b'[');
        }
    }
    emit(&bytes[start..], is_index);
}

/// Whether each segment of `path` goes into a JSON string as it is, in a JSON
/// Pointer too: no byte JSON escapes, no `~` or `/`. Most field paths are such, and
/// are then copied a segment at a time, each without a search of its own.
pub(crate) fn is_plain_path(path: &str) -> bool {
    /// The bytes a plain path may hold, one lookup per byte.
    const PLAIN: [bool; 256] = {
        let mut plain = [false; 256];
        let mut byte = 0x20;
        while byte < 256 {
            plain[byte] = !matches!(byte as u8, b'"' | b'\\' | 0x7f | b'~' | b'/');
            byte += 1;
        }
        plain
    };
    path.bytes().all(|byte| PLAIN[usize::from(byte)])
}

/// Appends the JSON Pointer (RFC 6901, plain form, as a JSON string) of a dotted
/// field path: `profile.color` becomes `"/profile/color"`.
pub(crate) fn push_plain_pointer(out: &mut Vec<u8>, path: &str) {
    out.push(b'"');
    if is_plain_path(path) {
        each_segment(path, |segment, _| {
            out.push(b'/');
            out.extend_from_slice(segment);
        });
        out.push(b'"');
        return;
    }
    for (segment, _) in path_segments(path) {
        out.push(b'/');
        if segment.contains(['~', '/']) {
            json::escape_into(out, &segment.replace('~', "~0").replace('/', "~1"));
        } else {
            json::escape_into(out, segment);
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::{each_segment, is_plain_path, path_segments};

    /// Every path of up to five bytes over letters, digits, the separators and a
    /// stray `]`: read in one pass, the segments are `path_segments`'s.
    #[test]
    fn one_pass_segments_are_the_split_ones() {
        let alphabet = ["a", "1", ".", "[", "]"];
        let mut paths = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = paths
                .iter()
                .flat_map(|path| alphabet.iter().map(move |byte| format!("{path}{byte}")))
                .collect();
            paths.extend(longer);
        }
        paths.extend(["items[2].name", "a[1.b]", "x]y", "é.ü[0]", "a[10][2]"].map(String::from));
        for path in &paths {
            assert!(is_plain_path(path), "{path}");
            let mut one_pass = Vec::new();
            each_segment(path, |segment, is_index| {
                one_pass.push((
                    String::from_utf8(segment.to_vec()).expect("UTF-8"),
                    is_index,
                ));
            });
            let split: Vec<(String, bool)> = path_segments(path)
                .map(|(segment, is_index)| (segment.to_owned(), is_index))
                .collect();
            assert_eq!(one_pass, split, "{path:?}");
        }
    }

    #[test]
    fn only_paths_without_escapes_are_plain() {
        for path in ["a/b", "a~b", "a\"b", "a\\b", "a\u{7f}", "a\nb"] {
            assert!(!is_plain_path(path), "{path:?}");
        }
        assert!(is_plain_path("profile.colour[0]-é_x y"));
    }
}

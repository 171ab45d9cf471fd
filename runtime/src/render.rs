//! The one writer of bodies: problem documents and envelopes are written here,
//! straight from the error value and its static descriptor, into one buffer.

use std::fmt::{self, Write as _};
use std::panic::{AssertUnwindSafe, catch_unwind};

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;

use crate::constants::{
    OPAQUE_CLIENT_MESSAGE_JSON, OPAQUE_SERVER_MESSAGE_JSON, RESERVED_HEADERS, TRACE_ID_HEADER,
};
use crate::json::{self, Escaper};
use crate::redact;
use crate::violation::write_pointer;
use crate::{
    ApiError, Context, ErrorDescriptor, FieldViolation, Format, Limits, Policy, TraceId, log,
};

const TRUNCATION_MARKER: &str = "…";

/// The most causes of a source chain the `debug` member lists.
const MAX_SOURCES: usize = 32;

/// The whole response for `error` under `ctx`.
pub(crate) fn response<E: ApiError + ?Sized>(error: &E, ctx: &Context) -> http::Response<Bytes> {
    let generated;
    let trace_id = match ctx.trace_id() {
        Some(trace_id) => trace_id,
        None => {
            generated = TraceId::generate();
            &generated
        }
    };
    let format = ctx.format();
    let (body, trace_at) = write_body(error, ctx, format, trace_id);
    let body = Bytes::from(body);
    // The body holds the trace id verbatim: the header shares those bytes instead of
    // copying them into an allocation of its own.
    let trace_value =
        HeaderValue::from_maybe_shared(body.slice(trace_at..trace_at + trace_id.as_bytes().len()));
    let mut response = http::Response::new(body);
    *response.status_mut() = error.descriptor().status();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if let Ok(value) = trace_value {
        headers.insert(TRACE_ID_HEADER, value);
    }
    let written = catch_unwind(AssertUnwindSafe(|| {
        error.__headers(&mut Headers { map: headers })
    }));
    if written.is_err() {
        log::render_failure(
            trace_id,
            "a header field's Display panicked; headers after it were left out",
        );
    }
    response
}

/// The body of `error` in `format`, with `trace_id`.
pub(crate) fn body<E: ApiError + ?Sized>(
    error: &E,
    ctx: &Context,
    format: Format,
    trace_id: &TraceId,
) -> Vec<u8> {
    write_body(error, ctx, format, trace_id).0
}

/// The body of `error` in `format`, and where in it the trace id starts.
///
/// Not inlined: one copy per error type serves `to_response`, `to_problem` and
/// `to_envelope` (and a profile can tell the body from the response around it).
#[inline(never)]
fn write_body<E: ApiError + ?Sized>(
    error: &E,
    ctx: &Context,
    format: Format,
    trace_id: &TraceId,
) -> (Vec<u8>, usize) {
    let descriptor = error.descriptor();
    let head = match format {
        Format::Problem => descriptor.json.problem_head,
        Format::Envelope => descriptor.json.envelope_head,
    };
    // Room for the head, a message, the trace id and the closing braces: one
    // allocation for most bodies.
    let mut out = Vec::with_capacity(head.len() + 256);
    out.extend_from_slice(head.as_bytes());
    let mut members = Members::new(&mut out, format, ctx.limits(), ctx.redaction());
    if descriptor.expose {
        let start = members.out.len();
        if catch_unwind(AssertUnwindSafe(|| error.__members(&mut members))).is_err() {
            log::render_failure(
                trace_id,
                "a field's Display or Serialize panicked; the generic message was used",
            );
            members.rollback(start);
        }
        if members.failed {
            log::render_failure(
                trace_id,
                "a field's Display or Serialize failed, or an extension was over \
                 Limits::max_extension_bytes; the generic message was used or the member left out",
            );
        }
    }
    // Close `details` first: a message that failed to render falls back here, after
    // the fields, and must land beside `details`, not inside it.
    members.close_details();
    if !members.wrote_message {
        members.message_json(constant_message(descriptor));
    }
    if let (Format::Problem, Some(instance)) = (format, ctx.instance()) {
        out.extend_from_slice(b",\"instance\":");
        json::push_string(&mut out, instance);
    }
    out.extend_from_slice(b",\"trace_id\":\"");
    let trace_at = out.len();
    out.extend_from_slice(trace_id.as_bytes());
    out.push(b'"');
    if ctx.policy() == Policy::Development {
        write_debug(&mut out, error, ctx.limits());
    }
    out.extend_from_slice(match format {
        Format::Problem => b"}",
        Format::Envelope => b"}}",
    });
    (out, trace_at)
}

/// The message written when the variant's own is not: its constant message, or a
/// generic sentence that says nothing of the error.
fn constant_message(descriptor: &ErrorDescriptor) -> &'static str {
    match descriptor.json.message {
        Some(message) => message,
        None if descriptor.status >= 500 => OPAQUE_SERVER_MESSAGE_JSON,
        None => OPAQUE_CLIENT_MESSAGE_JSON,
    }
}

/// `"debug":{"message","type","source":[…]}`: development policy only.
fn write_debug<E: ApiError + ?Sized>(out: &mut Vec<u8>, error: &E, limits: Limits) {
    out.extend_from_slice(b",\"debug\":{\"message\":");
    push_display(out, error, limits.max_message_chars);
    out.extend_from_slice(b",\"type\":");
    json::push_string(out, std::any::type_name::<E>());
    out.extend_from_slice(b",\"source\":[");
    // A `source()` that panics ends the chain; one that never ends (an error that
    // is its own source) is cut after `MAX_SOURCES` causes.
    let mut source = catch_unwind(AssertUnwindSafe(|| error.source()))
        .ok()
        .flatten();
    let mut written = 0;
    while let Some(cause) = source {
        if written == MAX_SOURCES {
            break;
        }
        if written > 0 {
            out.push(b',');
        }
        written += 1;
        push_display(out, cause, limits.max_message_chars);
        source = source_of(cause);
    }
    out.extend_from_slice(b"]}");
}

/// `error.source()`, or `None` if it panics.
fn source_of<'e>(
    error: &'e (dyn std::error::Error + 'static),
) -> Option<&'e (dyn std::error::Error + 'static)> {
    catch_unwind(AssertUnwindSafe(|| error.source()))
        .ok()
        .flatten()
}

/// Writes `value`'s `Display` as a JSON string, cut at `budget` characters; a
/// `Display` that fails or panics is written as the empty string, and `false` is
/// returned.
fn push_display(out: &mut Vec<u8>, value: &(impl fmt::Display + ?Sized), budget: usize) -> bool {
    let start = out.len();
    out.push(b'"');
    let written = catch_unwind(AssertUnwindSafe(|| {
        let mut escaper = Escaper::new(out, budget);
        let result = write!(escaper, "{value}");
        (result, escaper.truncated())
    }));
    let whole = match written {
        Ok((Ok(()), truncated)) => {
            if truncated {
                out.extend_from_slice(TRUNCATION_MARKER.as_bytes());
            }
            true
        }
        _ => {
            out.truncate(start + 1);
            false
        }
    };
    out.push(b'"');
    whole
}

/// Writes `text` as a JSON string, cut at `budget` characters: what `push_display`
/// writes for a `&str`, without going through `fmt`.
fn push_text(out: &mut Vec<u8>, text: &str, budget: usize) {
    out.push(b'"');
    let mut escaper = Escaper::new(out, budget);
    let _ = escaper.write_str(text);
    if escaper.truncated() {
        out.extend_from_slice(TRUNCATION_MARKER.as_bytes());
    }
    out.push(b'"');
}

/// What generated code writes an exposed variant's message and fields through.
///
/// One writer serves both formats: a problem document gets `detail`, `field`,
/// `errors` and extension members at the top level; an envelope gets `message`,
/// `field`, and a `details` object holding `errors` and the extensions.
pub struct Members<'a> {
    out: &'a mut Vec<u8>,
    format: Format,
    limits: Limits,
    redact: bool,
    wrote_message: bool,
    details_open: bool,
    /// A user `Display` or `Serialize` returned an error (a panic is caught and
    /// logged by the caller); `write_body` logs it once.
    failed: bool,
}

impl<'a> Members<'a> {
    fn new(out: &'a mut Vec<u8>, format: Format, limits: Limits, redact: bool) -> Self {
        Members {
            out,
            format,
            limits,
            redact,
            wrote_message: false,
            details_open: false,
            failed: false,
        }
    }

    fn rollback(&mut self, len: usize) {
        self.out.truncate(len);
        self.wrote_message = false;
        self.details_open = false;
    }

    fn message_key(&mut self) {
        self.out.extend_from_slice(match self.format {
            Format::Problem => b",\"detail\":",
            Format::Envelope => b",\"message\":",
        });
    }

    /// Writes the message from a `message = "…"` template: exactly what the template
    /// names, so it is not redacted.
    pub fn message(&mut self, args: fmt::Arguments<'_>) {
        self.write_message(|escaper| escaper.write_fmt(args));
    }

    /// Writes the message from the error's own `Display`, redacted unless the
    /// context turned redaction off (see [`crate::redact`]). A `Display` that returns
    /// an error leaves the message to the generic fallback.
    pub fn message_display(&mut self, value: &dyn fmt::Display) {
        if !self.redact {
            return self.write_message(|escaper| write!(escaper, "{value}"));
        }
        let mut text = SmallText::<256>::new();
        if write!(text, "{value}").is_err() {
            self.failed = true;
            return;
        }
        let text = text.as_str();
        match redact::redact(text) {
            Some(redacted) => self.write_message(|escaper| escaper.write_str(&redacted)),
            None => self.write_message(|escaper| escaper.write_str(text)),
        }
    }

    fn write_message(&mut self, write: impl FnOnce(&mut Escaper<'_>) -> fmt::Result) {
        let start = self.out.len();
        self.message_key();
        self.out.push(b'"');
        let mut escaper = Escaper::new(self.out, self.limits.max_message_chars);
        let result = write(&mut escaper);
        let truncated = escaper.truncated();
        if result.is_err() {
            self.out.truncate(start);
            self.failed = true;
            return;
        }
        if truncated {
            self.out.extend_from_slice(TRUNCATION_MARKER.as_bytes());
        }
        self.out.push(b'"');
        self.wrote_message = true;
    }

    /// Writes a constant message, already a JSON string (the derive escapes it).
    pub fn message_json(&mut self, json: &'static str) {
        self.message_key();
        self.out.extend_from_slice(json.as_bytes());
        self.wrote_message = true;
    }

    /// Writes the `#[api(field)]` member: the request field at fault.
    pub fn field(&mut self, value: &dyn fmt::Display) {
        self.out.extend_from_slice(b",\"field\":");
        if !push_display(self.out, value, self.limits.max_message_chars) {
            self.failed = true;
        }
    }

    /// Writes the `#[api(violations)]` list as `errors`.
    pub fn violations<'v>(&mut self, violations: impl IntoIterator<Item = &'v FieldViolation>) {
        let violations = violations.into_iter();
        // About what one short violation takes, so that a few of them fit without
        // growing the body more than once.
        let expected = violations.size_hint().0.min(self.limits.max_violations);
        self.out.reserve(expected * 96);
        self.detail_key("errors");
        self.out.push(b'[');
        let mut omitted = 0usize;
        for (index, violation) in violations.enumerate() {
            if index >= self.limits.max_violations {
                omitted += 1;
                continue;
            }
            if index > 0 {
                self.out.push(b',');
            }
            self.violation(violation);
        }
        self.out.push(b']');
        if omitted > 0 {
            self.detail_key("errors_truncated");
            self.out.extend_from_slice(omitted.to_string().as_bytes());
        }
    }

    fn violation(&mut self, violation: &FieldViolation) {
        let budget = self.limits.max_message_chars;
        match self.format {
            Format::Problem => {
                self.out.extend_from_slice(b"{\"detail\":");
                push_text(self.out, violation.message(), budget);
                self.out.extend_from_slice(b",\"pointer\":\"");
                write_pointer(violation.field(), self.out);
                self.out.push(b'"');
            }
            Format::Envelope => {
                self.out.extend_from_slice(b"{\"field\":");
                push_text(self.out, violation.field(), budget);
                self.out.extend_from_slice(b",\"message\":");
                push_text(self.out, violation.message(), budget);
            }
        }
        if let Some(code) = violation.code() {
            self.out.extend_from_slice(b",\"code\":");
            push_text(self.out, code, budget);
        }
        self.out.push(b'}');
    }

    /// Writes an `#[api(extension)]` member. `name` is checked by the derive to be a
    /// plain identifier. A value that fails to serialize, or that serializes to more
    /// than `Limits::max_extension_bytes`, is left out.
    pub fn extension<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        let start = self.out.len();
        let details_were_open = self.details_open;
        self.detail_key(name);
        let value_start = self.out.len();
        let written = serde_json::to_writer(&mut *self.out, value);
        let oversized = self.out.len() - value_start > self.limits.max_extension_bytes;
        if written.is_err() || oversized {
            self.out.truncate(start);
            self.details_open = details_were_open;
            self.failed = true;
        }
    }

    /// Writes `,"name":` at the top level of a problem, or inside the envelope's
    /// `details` object, opening it on first use.
    fn detail_key(&mut self, name: &str) {
        match (self.format, self.details_open) {
            (Format::Problem, _) => self.out.push(b','),
            (Format::Envelope, false) => {
                self.out.extend_from_slice(b",\"details\":{");
                self.details_open = true;
            }
            (Format::Envelope, true) => self.out.push(b','),
        }
        self.out.push(b'"');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"\":");
    }

    fn close_details(&mut self) {
        if self.details_open {
            self.out.push(b'}');
            self.details_open = false;
        }
    }
}

/// What generated code writes `#[api(header)]` fields through.
pub struct Headers<'a> {
    map: &'a mut HeaderMap,
}

impl Headers<'_> {
    /// Sets header `name` to `value`'s `Display`. A value that is not a valid header
    /// value (CR, LF, other control bytes) is left out and logged, never sent.
    pub fn header(&mut self, name: HeaderName, value: &dyn fmt::Display) {
        if RESERVED_HEADERS.contains(&name.as_str()) {
            return;
        }
        let mut text = SmallText::<64>::new();
        let valid = write!(text, "{value}").is_ok();
        match HeaderValue::from_str(text.as_str()) {
            Ok(value) if valid => {
                self.map.append(name, value);
            }
            _ => log::invalid_header(&name),
        }
    }
}

/// A `fmt::Write` for short text: kept on the stack, spilled into a `String` only
/// when it outgrows `N` bytes. Messages and header values are rarely longer.
struct SmallText<const N: usize> {
    len: usize,
    inline: [u8; N],
    spilled: Option<String>,
}

impl<const N: usize> SmallText<N> {
    fn new() -> Self {
        SmallText {
            len: 0,
            inline: [0; N],
            spilled: None,
        }
    }

    fn as_str(&self) -> &str {
        match &self.spilled {
            Some(text) => text,
            // Only whole `&str`s are ever copied in, so this is valid UTF-8.
            None => std::str::from_utf8(&self.inline[..self.len]).unwrap_or_default(),
        }
    }
}

impl<const N: usize> fmt::Write for SmallText<N> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        if let Some(spilled) = &mut self.spilled {
            spilled.push_str(text);
        } else if let Some(room) = self.inline.get_mut(self.len..self.len + text.len()) {
            room.copy_from_slice(text.as_bytes());
            self.len += text.len();
        } else {
            let mut spilled = String::with_capacity(2 * (self.len + text.len()));
            spilled.push_str(self.as_str());
            spilled.push_str(text);
            self.spilled = Some(spilled);
        }
        Ok(())
    }
}

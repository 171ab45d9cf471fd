//! The writers generated code writes an error's variable parts through: [`Members`]
//! for the message and annotated fields of a body, [`Headers`] for the
//! `#[api(header)]` fields of a response. Both escape, cut and check what they are
//! given, so generated code never writes raw JSON or raw header bytes.

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::panic::{AssertUnwindSafe, catch_unwind};

use http::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;

use crate::constants::RESERVED_HEADERS;
use crate::format::{Captured, Direct};
use crate::json::{Escaper, TRUNCATION_MARKER, push_text};
use crate::violation::write_pointer;
use crate::{ErrorDescriptor, FieldViolation, Limits, Location, TraceId, log, redact};

/// A field's value in a `message = "…"` template, as generated code hands it to
/// [`Members::message_parts`].
#[doc(hidden)]
pub enum Part<'a> {
    /// A text field (`String`, `&str`).
    Str(&'a str),
    /// An unsigned integer field.
    Unsigned(u64),
    /// A signed integer field.
    Signed(i64),
    /// Any other field, by its `Display`.
    Display(&'a dyn fmt::Display),
}

impl<'a> Part<'a> {
    /// A field written by its `Display`: what the derive generates for a type it does
    /// not write directly. A field without `Display` fails to compile here, under its
    /// type.
    pub fn display<T: fmt::Display>(value: &'a T) -> Self {
        Part::Display(value)
    }

    fn write_to(&self, out: &mut Escaper<'_>) -> fmt::Result {
        match self {
            Part::Str(text) => out.write_str(text),
            // `itoa` (already built for `serde_json`) writes the digits without
            // `core::fmt`'s formatter.
            Part::Unsigned(number) => out.write_str(itoa::Buffer::new().format(*number)),
            Part::Signed(number) => out.write_str(itoa::Buffer::new().format(*number)),
            Part::Display(value) => write!(out, "{value}"),
        }
    }
}

/// A field whose type is named like one [`Part`] writes directly (`u64`, `String`,
/// `&str`). Generated code calls `(&PartOf(field)).__part()`: [`PartViaValue`] applies
/// when the type really is one of them, and [`PartViaDisplay`] otherwise (a user's own
/// type named `String`), so a name the derive guessed from never breaks a build.
#[doc(hidden)]
pub struct PartOf<'a, T: ?Sized>(pub &'a T);

/// The part of a number or text field, written without `Display`.
#[doc(hidden)]
pub trait PartViaValue<'a> {
    fn __part(&self) -> Part<'a>;
}

/// The part of any other field with a `Display`.
#[doc(hidden)]
pub trait PartViaDisplay<'a> {
    fn __part(&self) -> Part<'a>;
}

impl<'a, T: ?Sized> PartViaValue<'a> for PartOf<'a, T>
where
    Part<'a>: From<&'a T>,
{
    fn __part(&self) -> Part<'a> {
        Part::from(self.0)
    }
}

impl<'a, T: fmt::Display> PartViaDisplay<'a> for &PartOf<'a, T> {
    fn __part(&self) -> Part<'a> {
        Part::Display(self.0)
    }
}

macro_rules! integer_parts {
    ($variant:ident: $wide:ty: $($narrow:ty)*) => {$(
        impl<'a> From<&'a $narrow> for Part<'a> {
            fn from(value: &'a $narrow) -> Self {
                match <$wide>::try_from(*value) {
                    Ok(number) => Part::$variant(number),
                    Err(_) => Part::Display(value),
                }
            }
        }
    )*};
}

integer_parts!(Unsigned: u64: u8 u16 u32 u64 u128 usize);
integer_parts!(Signed: i64: i8 i16 i32 i64 i128 isize);

impl<'a> From<&'a String> for Part<'a> {
    fn from(value: &'a String) -> Self {
        Part::Str(value)
    }
}

impl<'a> From<&'a &str> for Part<'a> {
    fn from(value: &'a &str) -> Self {
        Part::Str(value)
    }
}

/// Writes `value`'s `Display` as a JSON string, cut at `budget` characters; a
/// `Display` that fails or panics is written as the empty string, and `false` is
/// returned.
pub(crate) fn push_display(
    out: &mut Vec<u8>,
    value: &(impl fmt::Display + ?Sized),
    budget: usize,
) -> bool {
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

/// Where [`Members`] puts what it is given.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// Straight into a problem document's top level.
    Problem,
    /// Straight into an envelope's `error` object and its `details`.
    Envelope,
    /// Each part as a JSON value of its own, recorded in [`Captured`], for a
    /// [`WireFormat`](crate::WireFormat) to arrange.
    Capture,
    /// Straight into a built-in wire format's body, arranged by [`Direct`].
    Direct,
}

/// What [`Members`] keeps beside the body for the layouts that need it; nothing
/// for the problem document and the envelope, which carry one word for it.
enum Side<'a> {
    None,
    Captured(&'a mut Captured),
    Direct(&'a mut Direct),
    /// Only the codes of an `#[api(inner)]` chain are kept; the rest is written
    /// into a buffer thrown away.
    Chain(&'a mut Vec<&'static str>),
}

/// Writes a problem violation's location member: `"pointer":"#/a/0"` for a body
/// field, `"parameter":"limit"` or `"header":"X-Tenant"` for the others.
fn write_location(out: &mut Vec<u8>, violation: &FieldViolation, budget: usize) {
    out.extend_from_slice(b",\"");
    out.extend_from_slice(violation.location().problem_member().as_bytes());
    out.extend_from_slice(b"\":");
    if violation.location() == Location::Body {
        out.push(b'"');
        write_pointer(violation.field(), out);
        out.push(b'"');
    } else {
        push_text(out, violation.field(), budget);
    }
}

/// The messages of violations in a response's locale (`locale.rs`), for [`Members`].
pub(crate) trait ViolationMessages {
    /// The violation's message in the locale, if its code has one.
    fn violation_message(&self, violation: &FieldViolation) -> Option<String>;
}

/// What generated code writes an exposed variant's message and fields through.
///
/// One writer serves every format: a problem document gets `detail`, `field`,
/// `errors` and extension members at the top level; an envelope gets `message`,
/// `field`, and a `details` object holding `errors` and the extensions; the other
/// built-in formats get each part where their shape puts it (`format/direct.rs`);
/// a custom format gets each part recorded apart, and arranges them itself.
pub struct Members<'a> {
    out: &'a mut Vec<u8>,
    layout: Layout,
    /// Where `Layout::Capture` records the parts, or the state of a
    /// `Layout::Direct` body.
    side: Side<'a>,
    limits: Limits,
    redact: bool,
    wrote_message: bool,
    details_open: bool,
    /// A user `Display` or `Serialize` returned an error (a panic is caught and
    /// logged by the caller); `write_body` logs it once.
    failed: bool,
    /// The localized detail (or the fallback in its place) was written before the
    /// members: the variant's own message is not written, nor a fallback after a
    /// rollback.
    skip_message: bool,
    /// The response's locale: violations whose code has a message take it.
    localized: Option<&'a dyn ViolationMessages>,
}

impl<'a> Members<'a> {
    /// A writer that records each part into `captured`, for a wire format.
    pub(crate) fn capturing(
        out: &'a mut Vec<u8>,
        captured: &'a mut Captured,
        limits: Limits,
        redact: bool,
    ) -> Self {
        let mut members = Members::new(out, Layout::Capture, limits, redact);
        members.side = Side::Captured(captured);
        members
    }

    /// A writer straight into a built-in wire format's body, which `direct` began.
    pub(crate) fn direct(
        out: &'a mut Vec<u8>,
        direct: &'a mut Direct,
        limits: Limits,
        redact: bool,
    ) -> Self {
        let mut members = Members::new(out, Layout::Direct, limits, redact);
        members.side = Side::Direct(direct);
        members
    }

    /// A writer straight into a problem document or an envelope.
    pub(crate) fn new(out: &'a mut Vec<u8>, layout: Layout, limits: Limits, redact: bool) -> Self {
        Members {
            out,
            layout,
            side: Side::None,
            limits,
            redact,
            wrote_message: false,
            details_open: false,
            failed: false,
            skip_message: false,
            localized: None,
        }
    }

    /// How many bytes the body holds so far.
    pub(crate) fn len(&self) -> usize {
        self.out.len()
    }

    /// Whether a user `Display` or `Serialize` returned an error.
    pub(crate) fn failed(&self) -> bool {
        self.failed
    }

    /// Whether a message was written.
    pub(crate) fn wrote_message(&self) -> bool {
        self.wrote_message
    }

    /// Drops everything written after the first `len` bytes.
    pub(crate) fn rollback(&mut self, len: usize) {
        self.out.truncate(len);
        self.wrote_message = false;
        self.details_open = false;
        match &mut self.side {
            Side::None | Side::Chain(_) => {}
            Side::Captured(captured) => captured.clear(),
            Side::Direct(direct) => direct.reset(),
        }
    }

    /// A built-in wire format places the message first: before another part,
    /// one the variant did not write (its `Display` failed) is the fallback.
    fn ensure_message(&mut self) {
        if let (false, Side::Direct(direct)) = (self.wrote_message, &self.side) {
            let fallback = direct.fallback_message();
            self.message_json(fallback);
        }
    }

    /// Localizes the members: the violations' messages in `localized`'s locale.
    pub(crate) fn localize(&mut self, localized: &'a dyn ViolationMessages) {
        self.localized = Some(localized);
    }

    /// Writes a localized detail as the message, escaped and cut as every message
    /// is; `write` failing leaves the message to the caller's fallback.
    #[cfg_attr(not(feature = "fluent"), allow(dead_code))]
    pub(crate) fn localized_message(
        &mut self,
        write: impl FnOnce(&mut Escaper<'_>) -> fmt::Result,
    ) {
        self.write_message(write);
    }

    /// The message is written (a localized detail, before the members): the
    /// variant's own is not, and a rollback of the members does not write a second.
    pub(crate) fn skip_own_message(&mut self) {
        self.skip_message = true;
    }

    fn message_key(&mut self) {
        self.out.extend_from_slice(match self.layout {
            Layout::Problem => b",\"detail\":",
            Layout::Envelope => b",\"message\":",
            Layout::Capture | Layout::Direct => b"",
        });
    }

    /// Records that the value at `start..` is the message.
    fn message_written(&mut self, start: usize) {
        self.wrote_message = true;
        match &mut self.side {
            Side::None | Side::Chain(_) => {}
            Side::Captured(captured) => captured.message = Some(start..self.out.len()),
            Side::Direct(direct) => direct.after_message(start, self.out),
        }
    }

    /// Writes the message from a `message = "…"` template: exactly what the template
    /// names, so it is not redacted.
    pub fn message(&mut self, args: fmt::Arguments<'_>) {
        if self.skip_message {
            return;
        }
        self.write_message(|escaper| escaper.write_fmt(args));
    }

    /// Writes the message from a `message = "…"` template without format specs: its
    /// `texts` (one more than `values`: the text before each value and after the
    /// last, `plain` when the derive found them all printable ASCII without `"` or
    /// `\\`) and its fields' `values` in turn. The same bytes as [`Members::message`]
    /// with `format_args!`, without `core::fmt`'s formatter for every field.
    pub fn message_parts(
        &mut self,
        texts: &'static [&'static str],
        plain: bool,
        values: &[Part<'_>],
    ) {
        if self.skip_message {
            return;
        }
        self.write_message(|escaper| {
            let write_text = |escaper: &mut Escaper<'_>, text: &str| match plain {
                true => escaper.write_plain(text),
                false => escaper.write_str(text),
            };
            for (text, value) in texts.iter().zip(values) {
                write_text(escaper, text)?;
                value.write_to(escaper)?;
            }
            texts
                .get(values.len())
                .map_or(Ok(()), |last| write_text(escaper, last))
        });
    }

    /// Writes the message from the error's own `Display`, redacted unless the
    /// context turned redaction off (see [`crate::redact`]). A `Display` that returns
    /// an error leaves the message to the generic fallback.
    pub fn message_display(&mut self, value: &dyn fmt::Display) {
        if self.skip_message {
            return;
        }
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
        let value_start = self.out.len();
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
        self.message_written(value_start);
    }

    /// Writes the message a variant shows when it wrote none of its own: its constant
    /// `Display` (redacted as [`Members::message_display`] redacts), its constant
    /// message, or the generic sentence.
    pub(crate) fn constant_message(&mut self, descriptor: &ErrorDescriptor) {
        match descriptor.json.display {
            Some(display) => self.static_message_text(display),
            None => self.message_json(descriptor.constant_message_json()),
        }
    }

    /// Writes `text`, the error's own constant `Display`, redacted unless the
    /// context turned redaction off.
    fn static_message_text(&mut self, text: &'static str) {
        let redacted = if self.redact {
            redact::redact_static(text)
        } else {
            None
        };
        let text = redacted.as_deref().unwrap_or(text);
        self.write_message(|escaper| escaper.write_str(text));
    }

    /// Writes a constant message, already a JSON string (the derive escapes it).
    pub fn message_json(&mut self, json: &'static str) {
        if self.skip_message {
            return;
        }
        self.message_key();
        let start = self.out.len();
        self.out.extend_from_slice(json.as_bytes());
        self.message_written(start);
    }

    /// Writes the `#[api(field)]` member: the request field at fault.
    pub fn field(&mut self, value: &dyn fmt::Display) {
        let budget = self.limits.max_message_chars;
        let whole = match &mut self.side {
            Side::Direct(_) => return self.direct_field(value),
            Side::None | Side::Chain(_) => {
                self.out.extend_from_slice(b",\"field\":");
                push_display(self.out, value, budget)
            }
            Side::Captured(captured) => {
                let start = self.out.len();
                let whole = push_display(self.out, value, budget);
                captured.field = Some(start..self.out.len());
                whole
            }
        };
        if !whole {
            self.failed = true;
        }
    }

    /// Writes the `#[api(violations)]` list as `errors`.
    pub fn violations<'v>(&mut self, violations: impl IntoIterator<Item = &'v FieldViolation>) {
        let violations = violations.into_iter();
        match self.layout {
            Layout::Capture => return self.capture_violations(violations),
            Layout::Direct => return self.direct_violations(violations),
            Layout::Problem | Layout::Envelope => {}
        }
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

    /// Keeps the first `Limits::max_violations` violations for a format to write.
    fn capture_violations<'v>(&mut self, violations: impl Iterator<Item = &'v FieldViolation>) {
        let max = self.limits.max_violations;
        let Side::Captured(captured) = &mut self.side else {
            return;
        };
        let mut omitted = 0usize;
        for violation in violations {
            if captured.violations.len() < max {
                captured
                    .violations
                    .push(localized_violation(self.localized, violation).into_owned());
            } else {
                omitted += 1;
            }
        }
        captured.violations_omitted = omitted;
    }

    fn violation(&mut self, violation: &FieldViolation) {
        let budget = self.limits.max_message_chars;
        let localized = self.localized.and_then(|l| l.violation_message(violation));
        let message = localized.as_deref().unwrap_or(violation.message());
        match self.layout {
            Layout::Problem | Layout::Capture | Layout::Direct => {
                self.out.extend_from_slice(b"{\"detail\":");
                push_text(self.out, message, budget);
                write_location(self.out, violation, budget);
            }
            Layout::Envelope => {
                self.out.extend_from_slice(b"{\"field\":");
                push_text(self.out, violation.field(), budget);
                if violation.location() != Location::Body {
                    self.out.extend_from_slice(b",\"location\":");
                    push_text(self.out, violation.location().envelope_name(), budget);
                }
                self.out.extend_from_slice(b",\"message\":");
                push_text(self.out, message, budget);
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
        if self.layout == Layout::Direct {
            return self.direct_extension(name, value);
        }
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
        } else if let Side::Captured(captured) = &mut self.side {
            captured
                .extensions
                .push((name, value_start..self.out.len()));
        }
    }

    /// Records the code of an `#[api(inner)]` error (`descriptor`), then, through
    /// `members_of` (its `ApiError::__members`), the codes of its own `inner`, for
    /// the formats that nest them. An inner error that is not exposed ends the chain:
    /// its code is not shown.
    pub(crate) fn inner(
        &mut self,
        descriptor: &'static ErrorDescriptor,
        members_of: &mut dyn FnMut(&mut Members<'_>),
    ) {
        let limits = self.limits;
        match &mut self.side {
            Side::Chain(codes) => chain_codes(codes, descriptor, members_of, limits),
            Side::Captured(captured) => {
                chain_codes(&mut captured.inner, descriptor, members_of, limits);
            }
            Side::Direct(direct) if direct.nests_inner() => {
                let mut codes = Vec::new();
                chain_codes(&mut codes, descriptor, members_of, limits);
                direct.set_inner(codes);
            }
            Side::None | Side::Direct(_) => {}
        }
    }

    /// [`field`](Self::field) in a built-in wire format.
    fn direct_field(&mut self, value: &dyn fmt::Display) {
        self.ensure_message();
        if let Side::Direct(direct) = &mut self.side
            && !direct.field(value, self.limits.max_message_chars, self.out)
        {
            self.failed = true;
        }
    }

    /// [`violations`](Self::violations) in a built-in wire format, each in the
    /// response's locale when its code has a message there.
    fn direct_violations<'v>(&mut self, violations: impl Iterator<Item = &'v FieldViolation>) {
        self.ensure_message();
        let localized = self.localized;
        if let Side::Direct(direct) = &mut self.side {
            let violations = violations.map(|violation| localized_violation(localized, violation));
            direct.violations(violations, self.limits, self.out);
        }
    }

    /// [`extension`](Self::extension) in a built-in wire format.
    fn direct_extension<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.ensure_message();
        let max = self.limits.max_extension_bytes;
        if let Side::Direct(direct) = &mut self.side {
            let kept = direct.extension(name, self.out, |out| {
                let start = out.len();
                serde_json::to_writer(&mut *out, value).is_ok() && out.len() - start <= max
            });
            self.failed |= !kept;
        }
    }

    /// Writes `,"name":` at the top level of a problem, or inside the envelope's
    /// `details` object, opening it on first use.
    fn detail_key(&mut self, name: &str) {
        match (self.layout, self.details_open) {
            (Layout::Capture | Layout::Direct, _) => return,
            (Layout::Problem, _) => self.out.push(b','),
            (Layout::Envelope, false) => {
                self.out.extend_from_slice(b",\"details\":{");
                self.details_open = true;
            }
            (Layout::Envelope, true) => self.out.push(b','),
        }
        self.out.push(b'"');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"\":");
    }

    /// Closes the envelope's `details` object, if it was opened.
    pub(crate) fn close_details(&mut self) {
        if self.details_open {
            self.out.push(b'}');
            self.details_open = false;
        }
    }
}

/// `violation` with its message in `localized`'s locale, when its code has one there;
/// else as it is, not copied.
fn localized_violation<'v>(
    localized: Option<&dyn ViolationMessages>,
    violation: &'v FieldViolation,
) -> Cow<'v, FieldViolation> {
    match localized.and_then(|localized| localized.violation_message(violation)) {
        Some(message) => {
            let mut violation = violation.clone();
            violation.set_message(message);
            Cow::Owned(violation)
        }
        None => Cow::Borrowed(violation),
    }
}

/// The most codes an `#[api(inner)]` chain shows.
const MAX_INNER: usize = 8;

/// Appends `descriptor`'s code to `codes`, then its own inner ones, if it is exposed.
fn chain_codes(
    codes: &mut Vec<&'static str>,
    descriptor: &'static ErrorDescriptor,
    members_of: &mut dyn FnMut(&mut Members<'_>),
    limits: Limits,
) {
    if !descriptor.expose() || codes.len() >= MAX_INNER {
        return;
    }
    codes.push(descriptor.code());
    let mut thrown_away = Vec::new();
    let mut members = Members::new(&mut thrown_away, Layout::Capture, limits, true);
    members.side = Side::Chain(codes);
    members_of(&mut members);
}

/// What generated code writes `#[api(header)]` fields through.
pub struct Headers<'a> {
    map: &'a mut HeaderMap,
    /// The response's trace id, for the log line of a value left out.
    trace_id: &'a TraceId,
}

impl<'a> Headers<'a> {
    pub(crate) fn new(map: &'a mut HeaderMap, trace_id: &'a TraceId) -> Self {
        Headers { map, trace_id }
    }

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
            _ => log::invalid_header(&name, self.trace_id),
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

#[cfg(test)]
mod tests {
    use http::{HeaderMap, HeaderName};

    use super::Headers;
    use crate::TraceId;
    use crate::constants::RESERVED_HEADERS;

    #[test]
    fn headers_skip_the_reserved_names_and_set_the_others() {
        let mut map = HeaderMap::new();
        let trace_id = TraceId::generate();
        let mut headers = Headers::new(&mut map, &trace_id);
        for name in RESERVED_HEADERS {
            headers.header(HeaderName::from_static(name), &"x");
        }
        headers.header(HeaderName::from_static("retry-after"), &30);
        assert_eq!(map.len(), 1, "{map:?}");
        assert_eq!(map["retry-after"], "30");
    }
}

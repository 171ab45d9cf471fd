//! The built-in formats written straight into the body as `Members` (writer.rs)
//! is given the parts, as the problem document is: no capture step, no copy.
//!
//! The derive writes the parts in one order: the message, the field, the
//! violations, then the extension members. Each built-in lays them out in that
//! order, except where its shape puts the violations after the extensions (Google's
//! `BadRequest` after the `ErrorInfo` whose metadata holds them, JSON:API's objects
//! after the error's own, whose `meta` holds them): those are moved behind at the
//! end, one rotation of the bytes written since.
//!
//! A view a built-in's `WireFormat::write_body` is given (a built-in used as a
//! custom format, the OpenAPI examples) is replayed through the same steps, so
//! there is one writer per format.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Range;

use http::HeaderMap;

use super::{DebugRanges, ErrorView, fastapi, google, jsonapi, microsoft, push_constant};
use crate::writer::push_display;
use crate::{ErrorDescriptor, FieldViolation, Limits, TraceId};

/// A built-in format besides the problem document and the envelope.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Builtin {
    Google,
    Microsoft,
    JsonApi,
    FastApi,
}

/// What a built-in body is written from besides the parts the derive writes.
pub(crate) struct Facts<'a> {
    pub(crate) descriptor: &'static ErrorDescriptor,
    pub(crate) trace_id: &'a TraceId,
    pub(crate) instance: Option<&'a str>,
    /// The variant's `#[api(header)]` headers (Google reads `Retry-After`).
    pub(crate) headers: &'a HeaderMap,
}

/// The development `debug` parts: the object `write_debug` (render.rs) wrote into
/// `buffer`, and where its parts are.
pub(crate) struct DebugParts<'a> {
    pub(crate) buffer: &'a [u8],
    pub(crate) ranges: &'a DebugRanges,
}

impl<'a> DebugParts<'a> {
    fn part(&self, range: &Range<usize>) -> &'a [u8] {
        self.buffer.get(range.clone()).unwrap_or(b"\"\"")
    }

    /// `{"message","type","source":[…]}`.
    pub(crate) fn object(&self) -> &'a [u8] {
        self.part(&self.ranges.object)
    }

    /// The internal `Display`, a JSON string.
    pub(crate) fn message(&self) -> &'a [u8] {
        self.part(&self.ranges.message)
    }

    /// The source chain, a JSON array of strings.
    pub(crate) fn sources(&self) -> &'a [u8] {
        self.part(&self.ranges.sources)
    }

    /// The Rust type name of the error.
    pub(crate) fn type_name(&self) -> &'static str {
        self.ranges.type_name
    }
}

/// A built-in body being written: which format, and where the parts it arranges
/// went.
pub(crate) struct Direct {
    builtin: Builtin,
    descriptor: &'static ErrorDescriptor,
    /// JSON:API: the head every error object of the body shares.
    head: Range<usize>,
    /// FastAPI: where the message starts; a violation list replaces it.
    message_at: usize,
    /// Google's `metadata`, JSON:API's `meta` or Microsoft's `innererror` is open.
    group_open: bool,
    /// Violations to move behind the extension members at the end.
    moved: Option<Range<usize>>,
    /// How many violations were left out over `Limits::max_violations`.
    omitted: usize,
    /// Where the body holds the trace id, if it does.
    trace_at: Option<usize>,
    /// Microsoft: the codes of the `#[api(inner)]` chain, outermost first.
    inner: Vec<&'static str>,
}

impl Direct {
    /// Writes the head of the body, up to the message's value.
    pub(crate) fn begin(builtin: Builtin, facts: &Facts<'_>, out: &mut Vec<u8>) -> Direct {
        let mut direct = Direct {
            builtin,
            descriptor: facts.descriptor,
            head: 0..0,
            message_at: 0,
            group_open: false,
            moved: None,
            omitted: 0,
            trace_at: None,
            inner: Vec::new(),
        };
        match builtin {
            Builtin::Google => google::head(facts.descriptor, out),
            Builtin::Microsoft => microsoft::head(facts.descriptor, out),
            Builtin::JsonApi => {
                let (head, trace_at) = jsonapi::head(facts, out);
                direct.head = head;
                direct.trace_at = Some(trace_at);
            }
            Builtin::FastApi => out.extend_from_slice(b"{\"detail\":"),
        }
        direct
    }

    /// The message written when the variant wrote none before its other parts.
    pub(crate) fn fallback_message(&self) -> &'static str {
        self.descriptor.constant_message_json()
    }

    /// What follows the message, whose value starts at `value_start`.
    pub(crate) fn after_message(&mut self, value_start: usize, out: &mut Vec<u8>) {
        match self.builtin {
            Builtin::Google => google::error_info_head(self.descriptor, out),
            Builtin::FastApi => self.message_at = value_start,
            Builtin::Microsoft | Builtin::JsonApi => {}
        }
    }

    /// Writes the `#[api(field)]` member; `false` if its `Display` failed.
    pub(crate) fn field(
        &mut self,
        value: &dyn fmt::Display,
        budget: usize,
        out: &mut Vec<u8>,
    ) -> bool {
        match self.builtin {
            Builtin::Google => {
                self.open_group(out);
                out.extend_from_slice(b"\"field\":");
                push_display(out, value, budget)
            }
            Builtin::Microsoft => {
                out.extend_from_slice(b",\"target\":");
                push_display(out, value, budget)
            }
            Builtin::JsonApi => jsonapi::field_source(value, budget, out),
            // FastAPI's shape has no room for it.
            Builtin::FastApi => true,
        }
    }

    /// Writes the violations, the first `Limits::max_violations` of them.
    pub(crate) fn violations<V: Borrow<FieldViolation>>(
        &mut self,
        violations: impl Iterator<Item = V>,
        limits: Limits,
        out: &mut Vec<u8>,
    ) {
        let start = out.len();
        let mut written = 0;
        let mut omitted = 0;
        for violation in violations {
            if written == limits.max_violations {
                omitted += 1;
                continue;
            }
            if written == 0 {
                self.open_violations(out);
            } else if self.builtin != Builtin::JsonApi {
                out.push(b',');
            }
            self.violation(violation.borrow(), limits, out);
            written += 1;
        }
        self.omitted = omitted;
        if written == 0 {
            return;
        }
        self.close_violations(out);
        if matches!(self.builtin, Builtin::Google | Builtin::JsonApi) {
            self.moved = Some(start..out.len());
        }
    }

    fn open_violations(&mut self, out: &mut Vec<u8>) {
        match self.builtin {
            Builtin::Google => google::bad_request_head(out),
            Builtin::Microsoft => out.extend_from_slice(b",\"details\":["),
            Builtin::JsonApi => {}
            Builtin::FastApi => {
                // The list takes the message's place.
                out.truncate(self.message_at);
                out.push(b'[');
            }
        }
    }

    fn violation(&self, violation: &FieldViolation, limits: Limits, out: &mut Vec<u8>) {
        match self.builtin {
            Builtin::Google => google::field_violation(violation, limits, out),
            Builtin::Microsoft => microsoft::detail(violation, self.descriptor.code(), limits, out),
            Builtin::JsonApi => {
                jsonapi::violation_object(self.head.clone(), violation, limits, out)
            }
            Builtin::FastApi => fastapi::detail(violation, limits, out),
        }
    }

    fn close_violations(&self, out: &mut Vec<u8>) {
        match self.builtin {
            Builtin::Google => out.extend_from_slice(b"]}"),
            Builtin::Microsoft | Builtin::FastApi => out.push(b']'),
            Builtin::JsonApi => {}
        }
    }

    /// Writes extension member `name`, its value written by `value` (which says
    /// whether it is to be kept); a value not kept leaves nothing behind. FastAPI's
    /// shape has no room for extensions: `value` is not called.
    pub(crate) fn extension(
        &mut self,
        name: &str,
        out: &mut Vec<u8>,
        value: impl FnOnce(&mut Vec<u8>) -> bool,
    ) -> bool {
        if self.builtin == Builtin::FastApi {
            return true;
        }
        let start = out.len();
        let group_was_open = self.group_open;
        self.open_group(out);
        out.push(b'"');
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\":");
        let value_start = out.len();
        if !value(out) {
            out.truncate(start);
            self.group_open = group_was_open;
            return false;
        }
        if self.builtin == Builtin::Google {
            google::stringify_metadata(value_start, out);
        }
        true
    }

    /// Opens the object extension members go into, or separates the next member.
    fn open_group(&mut self, out: &mut Vec<u8>) {
        if self.group_open {
            out.push(b',');
            return;
        }
        self.group_open = true;
        out.extend_from_slice(match self.builtin {
            Builtin::Google => b",\"metadata\":{",
            Builtin::JsonApi => b",\"meta\":{",
            Builtin::Microsoft | Builtin::FastApi => b",\"innererror\":{",
        });
    }

    /// Writes a member of the extension group after the ones the variant wrote.
    fn group_member(&mut self, name: &str, out: &mut Vec<u8>) {
        self.open_group(out);
        out.push(b'"');
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\":");
    }

    /// Closes the extension group, if it was opened.
    fn close_group(&mut self, out: &mut Vec<u8>) {
        if self.group_open {
            out.push(b'}');
            self.group_open = false;
        }
    }

    /// Moves the violations behind everything written after them.
    fn move_violations(&mut self, out: &mut [u8]) {
        if let Some(moved) = self.moved.take() {
            out[moved.start..].rotate_left(moved.len());
        }
    }

    /// Whether the format nests the codes of an `#[api(inner)]` chain (Microsoft's
    /// `innererror`).
    pub(crate) fn nests_inner(&self) -> bool {
        self.builtin == Builtin::Microsoft
    }

    /// The codes of the `#[api(inner)]` chain, outermost first.
    pub(crate) fn set_inner(&mut self, codes: Vec<&'static str>) {
        self.inner = codes;
    }

    /// Forgets the parts after a rollback to the end of the head.
    pub(crate) fn reset(&mut self) {
        self.group_open = false;
        self.moved = None;
        self.omitted = 0;
        self.inner.clear();
    }

    /// Writes what follows the parts, to the end of the body; returns where the
    /// body holds the trace id, if it does.
    pub(crate) fn finish(
        &mut self,
        facts: &Facts<'_>,
        debug: Option<DebugParts<'_>>,
        out: &mut Vec<u8>,
    ) -> Option<usize> {
        match self.builtin {
            Builtin::Google => {
                self.close_group(out);
                out.push(b'}');
                self.move_violations(out);
                self.trace_at = Some(google::tail(facts, debug, out));
            }
            Builtin::Microsoft => {
                self.group_member("trace_id", out);
                self.trace_at = Some(push_trace_id(facts.trace_id, out));
                self.tail_members(facts.instance, debug, out);
                self.inner_codes(out);
                self.close_group(out);
                out.extend_from_slice(b"}}");
            }
            Builtin::JsonApi => {
                self.tail_members(None, debug, out);
                self.close_group(out);
                out.push(b'}');
                self.move_violations(out);
                out.extend_from_slice(b"]}");
            }
            Builtin::FastApi => {
                if let Some(debug) = debug {
                    out.extend_from_slice(b",\"debug\":");
                    out.extend_from_slice(debug.object());
                }
                out.push(b'}');
            }
        }
        self.trace_at
    }

    /// Microsoft: the first inner code as `innererror.code`, each further one in an
    /// `innererror` nested in the one before, as the guidelines nest them.
    fn inner_codes(&self, out: &mut Vec<u8>) {
        let Some((first, rest)) = self.inner.split_first() else {
            return;
        };
        out.extend_from_slice(b",\"code\":");
        push_constant(out, first);
        for code in rest {
            out.extend_from_slice(b",\"innererror\":{\"code\":");
            push_constant(out, code);
        }
        out.extend(std::iter::repeat_n(b'}', rest.len()));
    }

    /// `errors_truncated`, `instance` and `debug` in the extension group.
    fn tail_members(
        &mut self,
        instance: Option<&str>,
        debug: Option<DebugParts<'_>>,
        out: &mut Vec<u8>,
    ) {
        if self.omitted > 0 {
            self.group_member("errors_truncated", out);
            out.extend_from_slice(self.omitted.to_string().as_bytes());
        }
        if let Some(instance) = instance {
            self.group_member("instance", out);
            crate::json::push_string(out, instance);
        }
        if let Some(debug) = debug {
            self.group_member("debug", out);
            out.extend_from_slice(debug.object());
        }
    }
}

/// Appends the trace id as a JSON string; returns where its characters start.
pub(crate) fn push_trace_id(trace_id: &TraceId, out: &mut Vec<u8>) -> usize {
    out.push(b'"');
    let at = out.len();
    out.extend_from_slice(trace_id.as_bytes());
    out.push(b'"');
    at
}

/// A built-in's `WireFormat::write_body`: the view's parts replayed through the
/// steps `Members` takes for a response.
pub(crate) fn replay(builtin: Builtin, view: &ErrorView<'_>, out: &mut Vec<u8>) {
    let facts = Facts {
        descriptor: view.descriptor,
        trace_id: view.trace_id,
        instance: view.instance,
        headers: view.headers,
    };
    let mut direct = Direct::begin(builtin, &facts, out);
    let message_start = out.len();
    out.extend_from_slice(view.message_raw());
    direct.after_message(message_start, out);
    if let Some(field) = view.field() {
        direct.field(&field, view.limits.max_message_chars, out);
    }
    direct.violations(view.violations().iter(), view.limits, out);
    direct.omitted += view.violations_omitted();
    if direct.nests_inner() {
        direct.set_inner(view.captured.inner.clone());
    }
    for (name, value) in view.extensions_raw() {
        direct.extension(name, out, |out| {
            out.extend_from_slice(value);
            true
        });
    }
    let debug = view.debug.as_ref().map(|ranges| DebugParts {
        buffer: view.buffer,
        ranges,
    });
    let trace_at = direct.finish(&facts, debug, out);
    view.trace_at.set(trace_at);
}

//! The one writer of bodies: problem documents and envelopes are written here,
//! straight from the error value and its static descriptor, into one buffer. The
//! variable parts go through the writers of `writer.rs`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderValue};

use crate::constants::{OPAQUE_CLIENT_MESSAGE_JSON, OPAQUE_SERVER_MESSAGE_JSON, TRACE_ID_HEADER};
use crate::json;
use crate::writer::{Headers, Members, push_display};
use crate::{Context, ErrorDescriptor, Format, Limits, Policy, TraceId, log};

/// What the renderer reads of an error: its static facts and how it writes its
/// variable parts. `error.rs` implements it for every `ApiError`, so that this module
/// needs nothing of the trait whose provided methods call it (no import circle).
pub(crate) trait Render: std::error::Error {
    /// `ApiError::descriptor`.
    fn facts(&self) -> &'static ErrorDescriptor;
    /// `ApiError::__members`.
    fn write_members(&self, members: &mut Members<'_>);
    /// `ApiError::__headers`.
    fn write_headers(&self, headers: &mut Headers<'_>);
}

/// The most causes of a source chain the `debug` member lists.
const MAX_SOURCES: usize = 32;

/// The whole response for `error` under `ctx`.
pub(crate) fn response<E: Render + ?Sized>(error: &E, ctx: &Context) -> http::Response<Bytes> {
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
    *response.status_mut() = error.facts().status();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if let Ok(value) = trace_value {
        headers.insert(TRACE_ID_HEADER, value);
    }
    let written = catch_unwind(AssertUnwindSafe(|| {
        error.write_headers(&mut Headers::new(headers))
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
pub(crate) fn body<E: Render + ?Sized>(
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
fn write_body<E: Render + ?Sized>(
    error: &E,
    ctx: &Context,
    format: Format,
    trace_id: &TraceId,
) -> (Vec<u8>, usize) {
    let descriptor = error.facts();
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
        let start = members.len();
        if catch_unwind(AssertUnwindSafe(|| error.write_members(&mut members))).is_err() {
            log::render_failure(
                trace_id,
                "a field's Display or Serialize panicked; the generic message was used",
            );
            members.rollback(start);
        }
        if members.failed() {
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
    if !members.wrote_message() {
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
fn write_debug<E: Render + ?Sized>(out: &mut Vec<u8>, error: &E, limits: Limits) {
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

//! Helpers the integration tests share: a context with a fixed trace id, and a
//! strict body parser.
// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]

use apierror::{ApiError, Context, Format, TraceId};
use serde_json::Value;

/// The trace id of [`ctx`].
pub const TRACE_ID: &str = "trace-1";

/// A production, problem-format context with the fixed trace id `trace-1`.
pub fn ctx() -> Context {
    Context::default().with_trace_id(TraceId::parse(TRACE_ID).expect("a valid trace id"))
}

/// Parses a body strictly: UTF-8, exactly one JSON value, and no object with the
/// same member twice (which `serde_json::Value` would silently collapse).
pub fn parse(body: &[u8]) -> Value {
    apierror_tests::strict_json(body)
}

/// The body of `error`'s response under `ctx`, parsed strictly.
pub fn body(error: &impl ApiError, ctx: &Context) -> Value {
    parse(error.to_response(ctx).body())
}

/// The problem document `error` answers with under [`ctx`].
pub fn problem(error: &impl ApiError) -> Value {
    body(error, &ctx())
}

/// The envelope `error` answers with under [`ctx`].
pub fn envelope(error: &impl ApiError) -> Value {
    body(error, &ctx().with_format(Format::Envelope))
}

//! Helpers the integration tests share: a context with a fixed trace id, and a
//! strict body parser.
// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]

use apierror::{ApiError, Context, Format, TraceId};
use std::path::PathBuf;

use serde_json::{Map, Value};

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

fn snapshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("snapshots")
        .join(format!("{name}.json"))
}

/// Compares `actual` with the document in `tests/snapshots/{name}.json`, as parsed
/// JSON (member order and whitespace do not count). With
/// `APIERROR_BLESS_SNAPSHOTS=1` it writes `actual` to the file instead.
pub fn assert_snapshot(name: &str, actual: &Value) {
    let path = snapshot_path(name);
    if std::env::var_os("APIERROR_BLESS_SNAPSHOTS").is_some_and(|value| value == "1") {
        let mut text = serde_json::to_string_pretty(actual).expect("a JSON value serializes");
        text.push('\n');
        std::fs::create_dir_all(path.parent().expect("a snapshots directory"))
            .expect("the snapshots directory is writable");
        std::fs::write(&path, text).expect("the snapshot is writable");
        return;
    }
    let expected = match std::fs::read(&path) {
        Ok(bytes) => parse(&bytes),
        Err(error) => panic!(
            "no snapshot at {} ({error}); run with APIERROR_BLESS_SNAPSHOTS=1 to write it, \
             then read it before keeping it\nactual: {}",
            path.display(),
            serde_json::to_string_pretty(actual).unwrap_or_default()
        ),
    };
    assert!(
        expected == *actual,
        "{name} differs from {}\nexpected: {}\nactual: {}\n\
         (run with APIERROR_BLESS_SNAPSHOTS=1 to accept the new output, then read the diff)",
        path.display(),
        serde_json::to_string_pretty(&expected).unwrap_or_default(),
        serde_json::to_string_pretty(actual).unwrap_or_default(),
    );
}

/// The whole response as one document: status, headers and body.
pub fn response_document(error: &impl ApiError, ctx: &Context) -> Value {
    let response = error.to_response(ctx);
    let headers: Map<String, Value> = response
        .headers()
        .iter()
        .map(|(name, value)| {
            let value = value.to_str().expect("an ASCII header value");
            (name.as_str().to_owned(), Value::from(value))
        })
        .collect();
    serde_json::json!({
        "status": response.status().as_u16(),
        "headers": headers,
        "body": parse(response.body()),
    })
}

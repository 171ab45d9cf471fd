//! Helpers the integration tests share: a context with a fixed trace id, and a
//! strict body parser.
// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]

use std::fmt;

use apierror::{ApiError, Context, Format, TraceId};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
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
    let text = std::str::from_utf8(body).expect("the body is UTF-8");
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let Strict(value) = Strict::deserialize(&mut deserializer)
        .unwrap_or_else(|error| panic!("the body is not strict JSON ({error}): {text}"));
    deserializer
        .end()
        .unwrap_or_else(|error| panic!("trailing bytes after the body ({error}): {text}"));
    value
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

struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Strict;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Strict, E> {
        Ok(Strict(Value::Bool(value)))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Strict, E> {
        Ok(Strict(Value::from(value)))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Strict, E> {
        Ok(Strict(Value::from(value)))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Strict, E> {
        Ok(Strict(Value::from(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Strict, E> {
        Ok(Strict(Value::String(value.to_owned())))
    }

    fn visit_string<E>(self, value: String) -> Result<Strict, E> {
        Ok(Strict(Value::String(value)))
    }

    fn visit_unit<E>(self) -> Result<Strict, E> {
        Ok(Strict(Value::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strict, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Strict(Value::Array(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Strict, A::Error> {
        let mut members = Map::new();
        while let Some(name) = map.next_key::<String>()? {
            let Strict(value) = map.next_value()?;
            if members.insert(name.clone(), value).is_some() {
                return Err(de::Error::custom(format_args!("duplicate member {name:?}")));
            }
        }
        Ok(Strict(Value::Object(members)))
    }
}

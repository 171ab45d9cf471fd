//! Generic and lifetime-carrying error types derive as plain ones do, and are
//! bounded only where a field needs it.

use std::fmt::{Debug, Display};

use apierror::ApiError;
use serde::Serialize;
use serde_json::json;

mod support;
use support::{ctx, envelope, problem};

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
enum LookupError<'a, T: Debug + Display> {
    #[error("no {kind} named {name}")]
    #[api(code = "not_found", status = 404)]
    NotFound {
        kind: &'static str,
        #[api(field)]
        name: &'a str,
    },

    #[error("bad key {0}")]
    #[api(code = "bad_key", status = 400, message = "key {0:?} is not valid")]
    BadKey(T),

    #[error("store failed on {0}")]
    #[api(code = "store_failed", status = 500)]
    Store(T),
}

#[test]
fn an_enum_with_a_lifetime_and_a_type_parameter() {
    let name = String::from("blue");
    let error: LookupError<'_, u32> = LookupError::NotFound {
        kind: "color",
        name: &name,
    };
    assert_eq!(error.code(), "not_found");
    assert_eq!(
        problem(&error),
        json!({
            "type": "https://errors.example.com/not_found",
            "title": "Not Found",
            "status": 404,
            "code": "not_found",
            "detail": "no color named blue",
            "field": "blue",
            "trace_id": "trace-1",
        })
    );

    let error: LookupError<'_, &str> = LookupError::BadKey("k\"1");
    assert_eq!(problem(&error)["detail"], r#"key "k\"1" is not valid"#);

    let error: LookupError<'_, String> = LookupError::Store("shard-7 password=x".into());
    assert_eq!(error.status(), 500);
    assert!(!problem(&error).to_string().contains("shard-7"));
}

#[test]
fn every_instantiation_shares_one_catalog_shape() {
    let codes = |catalog: &[apierror::ErrorDescriptor]| {
        catalog.iter().map(|d| d.code()).collect::<Vec<_>>()
    };
    assert_eq!(
        codes(LookupError::<'static, u8>::catalog()),
        ["not_found", "bad_key", "store_failed"]
    );
    assert_eq!(
        codes(LookupError::<'static, u8>::catalog()),
        codes(LookupError::<'static, String>::catalog())
    );
}

#[derive(Debug, Serialize)]
struct Range<N> {
    min: N,
    max: N,
}

#[derive(Debug, thiserror::Error, ApiError)]
#[error("{value} is out of range")]
#[api(code = "out_of_range", status = 422)]
struct OutOfRange<N>
where
    N: Debug + Display + Serialize,
{
    value: N,
    #[api(extension)]
    range: Range<N>,
}

#[test]
fn a_generic_struct_with_a_where_clause_and_a_generic_extension() {
    let error = OutOfRange {
        value: 11,
        range: Range { min: 1, max: 10 },
    };
    assert_eq!(problem(&error)["range"], json!({"min": 1, "max": 10}));
    assert_eq!(
        envelope(&error)["error"]["details"],
        json!({"range": {"min": 1, "max": 10}})
    );

    let error = OutOfRange {
        value: 0.5,
        range: Range { min: 1.0, max: 2.5 },
    };
    assert_eq!(problem(&error)["detail"], "0.5 is out of range");
    assert_eq!(problem(&error)["range"], json!({"min": 1.0, "max": 2.5}));
}

/// Not `Display`, not `Serialize`: the derive must not ask for either, since no
/// attribute shows the field.
#[derive(Debug)]
struct Opaque;

#[derive(Debug, thiserror::Error, ApiError)]
#[error("wrapped {inner:?}")]
#[api(code = "wrapped", status = 400)]
struct Wrapped<T: Debug> {
    inner: T,
}

#[test]
fn an_unannotated_generic_field_needs_no_bound() {
    let error = Wrapped { inner: Opaque };
    assert_eq!(problem(&error)["detail"], "wrapped Opaque");
}

#[derive(Debug, thiserror::Error, ApiError)]
#[error("limited")]
#[api(code = "limited", status = 429, message = "retry in {after} seconds")]
struct Limited<A> {
    #[api(header = "Retry-After")]
    after: A,
}

#[test]
fn a_generic_header_field() {
    let error = Limited { after: 30u8 };
    let response = error.to_response(&ctx());
    assert_eq!(response.headers()["retry-after"], "30");
    assert_eq!(problem(&error)["detail"], "retry in 30 seconds");
}

#[derive(Debug, thiserror::Error, ApiError)]
enum Outer<E: std::error::Error + ApiError + 'static> {
    #[error(transparent)]
    #[api(transparent)]
    Inner(E),

    #[error("outer")]
    #[api(code = "outer", status = 400)]
    Own,
}

#[test]
fn a_generic_transparent_variant_forwards_to_its_parameter() {
    let error: Outer<Wrapped<Opaque>> = Outer::Inner(Wrapped { inner: Opaque });
    assert_eq!(error.code(), "wrapped");
    assert_eq!(problem(&error)["detail"], "wrapped Opaque");
    assert_eq!(Outer::<Wrapped<Opaque>>::Own.code(), "outer");
}

#[derive(Debug, thiserror::Error, ApiError)]
enum Borrowed<'a, 'b: 'a> {
    #[error("{first} and {second}")]
    #[api(code = "pair", status = 409, message = "{first} clashes with {second}")]
    Pair {
        first: &'a str,
        #[api(extension)]
        second: &'b str,
    },
}

#[test]
fn several_lifetimes() {
    let (a, b) = (String::from("x"), String::from("y"));
    let error = Borrowed::Pair {
        first: &a,
        second: &b,
    };
    let body = problem(&error);
    assert_eq!(body["detail"], "x clashes with y");
    assert_eq!(body["second"], "y");
}

#[derive(Debug, thiserror::Error, ApiError)]
#[error("buffer overflowed")]
#[api(code = "overflow", status = 413, message = "at most {limit} bytes")]
struct Overflow<const N: usize> {
    buffer: [u8; N],
    #[api(extension)]
    limit: usize,
}

#[test]
fn a_const_generic() {
    let error = Overflow::<3> {
        buffer: [1, 2, 3],
        limit: 2,
    };
    let body = problem(&error);
    assert_eq!(body["detail"], "at most 2 bytes");
    assert_eq!(body["limit"], 2);
    assert_eq!(error.buffer.len(), 3);
}

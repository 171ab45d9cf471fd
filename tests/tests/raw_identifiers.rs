//! Fields and variants named with raw identifiers (`r#type`, `r#Type`): the derive
//! expands, a template names the field as thiserror does (`{type}`), and nothing the
//! client sees carries the `r#` prefix.

use apierror::{ApiError, ErrorCodes, FieldViolation};
use serde_json::json;

mod support;
use support::{envelope, problem};

#[derive(Debug, thiserror::Error, ApiError)]
enum BadType {
    #[error("bad type {type}")]
    #[api(
        code = "bad_type",
        status = 400,
        message = "type {type} is not allowed"
    )]
    Field {
        #[api(field)]
        r#type: String,
    },

    #[error("bad match")]
    #[api(code = "bad_match", status = 400, message = "no {r#match} here")]
    Extension {
        #[api(extension)]
        r#match: String,
        #[api(header = "X-Kind")]
        r#in: u32,
    },

    #[error("invalid")]
    #[api(code = "invalid", status = 422)]
    Violations {
        #[api(violations)]
        r#ref: Vec<FieldViolation>,
    },
}

#[test]
fn a_raw_field_is_the_field_member_and_a_template_placeholder() {
    let error = BadType::Field {
        r#type: "enum".into(),
    };
    let body = problem(&error);
    assert_eq!(body["field"], "enum");
    assert_eq!(body["detail"], "type enum is not allowed");
    assert_eq!(
        envelope(&error)["error"]["message"],
        "type enum is not allowed"
    );
}

#[test]
fn a_raw_extension_is_named_without_its_prefix() {
    let error = BadType::Extension {
        r#match: "exact".into(),
        r#in: 7,
    };
    let body = problem(&error);
    assert_eq!(body["match"], "exact");
    assert_eq!(body["detail"], "no exact here");
    assert!(body.get("r#match").is_none(), "{body}");
    let response = error.to_response(&support::ctx());
    assert_eq!(response.headers()["x-kind"], "7");
}

#[test]
fn raw_violations_are_listed() {
    let error = BadType::Violations {
        r#ref: vec![FieldViolation::new("name", "is required")],
    };
    let body = problem(&error);
    assert_eq!(body["errors"][0]["pointer"], "#/name");
}

#[derive(Debug, thiserror::Error, ApiError)]
#[error("raw struct")]
#[api(code = "raw_struct", status = 409, message = "{type} conflicts")]
struct r#RawStruct {
    #[api(extension = "kind")]
    r#type: &'static str,
}

#[test]
fn a_raw_struct_field() {
    let body = problem(&r#RawStruct { r#type: "order" });
    assert_eq!(body["detail"], "order conflicts");
    assert_eq!(body["kind"], "order");
    assert_eq!(
        r#RawStruct { r#type: "x" }.descriptor().type_name(),
        "RawStruct"
    );
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ErrorCodes)]
#[allow(non_camel_case_types)]
enum Code {
    #[api(status = 400)]
    r#Type,
    #[api(status = 409)]
    r#match,
}

#[derive(Debug, thiserror::Error, ApiError)]
enum UsesRawCodes {
    #[error("type")]
    #[api(code = Code::r#Type)]
    r#Type,
}

#[test]
fn raw_registry_variants_have_plain_codes() {
    assert_eq!(Code::r#Type.as_str(), "type");
    assert_eq!(Code::r#match.as_str(), "match");
    assert_eq!("match".parse::<Code>().ok(), Some(Code::r#match));
    assert_eq!(serde_json::to_value(Code::r#Type).unwrap(), json!("type"));
    let body = envelope(&UsesRawCodes::r#Type);
    assert_eq!(body["error"]["code"], "type");
    let descriptor = UsesRawCodes::r#Type.descriptor();
    assert_eq!(descriptor.variant(), "Type");
    assert_eq!(Code::r#match.descriptor().variant(), "match");
}

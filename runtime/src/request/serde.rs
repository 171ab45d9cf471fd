//! serde errors located: a `serde_path_to_error` error as a [`FieldViolation`], and
//! the JSON and URL-encoded parsers the extractors share.

use std::fmt::{Display, Write as _};

use http::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::error::Category;
use serde_path_to_error::{Path, Segment};

use super::RequestError;
use crate::{FieldViolation, Location};

/// The codes a violation from a serde error gets, keyed by how serde's own messages
/// (`serde::de::Error`'s provided constructors) start.
const SERDE_CODES: [(&str, &str); 7] = [
    ("invalid type: ", "invalid_type"),
    ("invalid value: ", "invalid_value"),
    ("invalid length ", "invalid_length"),
    ("unknown variant ", "unknown_variant"),
    ("unknown field ", "unknown_field"),
    ("missing field ", "missing_field"),
    ("duplicate field ", "duplicate_field"),
];

impl FieldViolation {
    /// The violation a deserializer's error names, located by `serde_path_to_error`:
    /// the field is the dotted path to the failing value (`items[2].qty`, a pointer
    /// `#/items/2/qty`; a missing or duplicate field's path ends with its name), the message is
    /// serde's without `serde_json`'s ` at line 1 column 9`, and the code says what
    /// went wrong in serde's terms (`invalid_type`, `invalid_value`,
    /// `invalid_length`, `unknown_variant`, `unknown_field`, `missing_field`,
    /// `duplicate_field`) when the message is one of serde's own.
    ///
    /// ```
    /// #[derive(Debug, serde::Deserialize)]
    /// struct Order { items: Vec<Item> }
    /// #[derive(Debug, serde::Deserialize)]
    /// struct Item { qty: u32 }
    ///
    /// let json = r#"{"items": [{"qty": 1}, {"qty": 2}, {"qty": "three"}]}"#;
    /// let mut deserializer = serde_json::Deserializer::from_str(json);
    /// let error = serde_path_to_error::deserialize::<_, Order>(&mut deserializer).expect_err("a rejection");
    /// let violation = apierror::FieldViolation::from_serde(&error);
    /// assert_eq!(violation.field(), "items[2].qty");
    /// assert_eq!(violation.pointer(), "#/items/2/qty");
    /// assert_eq!(violation.code(), Some("invalid_type"));
    /// assert_eq!(violation.message(), r#"invalid type: string "three", expected u32"#);
    /// ```
    pub fn from_serde<E: Display>(error: &serde_path_to_error::Error<E>) -> FieldViolation {
        serde_violation(dotted_path(error.path()), error.inner().to_string())
    }
}

/// The violation of serde's `message` about the value at the dotted path `field`.
pub(crate) fn serde_violation(mut field: String, message: String) -> FieldViolation {
    let message = without_position(message);
    let code = serde_code(&message);
    // serde reports these at the struct, naming the field only in the message.
    if matches!(code, Some("missing_field" | "duplicate_field"))
        && let Some(name) = quoted_name(&message)
    {
        push_key(&mut field, name);
    }
    let violation = FieldViolation::new(field, message);
    match code {
        Some(code) => violation.with_code(code),
        None => violation,
    }
}

/// Whether `message` is one of serde's own (``missing field `name` ``, ...).
#[cfg(feature = "axum")]
pub(crate) fn is_serde_message(message: &str) -> bool {
    serde_code(message).is_some()
}

/// The serde code of a message, if it is one of serde's own.
fn serde_code(message: &str) -> Option<&'static str> {
    SERDE_CODES
        .iter()
        .find(|(prefix, _)| message.starts_with(prefix))
        .map(|(_, code)| *code)
}

/// `message` without the ` at line L column C` serde_json ends it with.
fn without_position(mut message: String) -> String {
    if let Some(at) = message.rfind(" at line ") {
        let position = &message[at + " at line ".len()..];
        let is_position = position
            .split_once(" column ")
            .is_some_and(|(line, column)| is_number(line) && is_number(column));
        if is_position {
            message.truncate(at);
        }
    }
    message
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit())
}

/// The first name between backticks in a serde message: ``missing field `name` ``.
pub(crate) fn quoted_name(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once('`')?;
    rest.split_once('`').map(|(name, _)| name)
}

/// The dotted path of a `serde_path_to_error` path: map keys and enum variants
/// joined with `.`, sequence indices as `[2]`; segments it could not capture are
/// left out.
fn dotted_path(path: &Path) -> String {
    let mut field = String::new();
    for segment in path {
        match segment {
            Segment::Seq { index } => {
                let _ = write!(field, "[{index}]");
            }
            Segment::Map { key } => push_key(&mut field, key),
            Segment::Enum { variant } => push_key(&mut field, variant),
            Segment::Unknown => {}
        }
    }
    field
}

fn push_key(field: &mut String, key: &str) {
    if !field.is_empty() {
        field.push('.');
    }
    field.push_str(key);
}

/// A JSON request body deserialized as `T`: bytes that are not JSON (or hold more
/// than one value) are a 400 `invalid_request` whose message has serde_json's line
/// and column; JSON of the wrong shape is a 422 `validation_failed` with the
/// failing field as a violation.
///
/// A number with a zero fraction (`3.0`, `1e3`) is an integer, as JSON Schema
/// counts it (an OpenAPI `integer` field takes it), so an integer field rejecting one
/// is retried once with such numbers written as integers.
pub(crate) fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, RequestError> {
    match parse_json_once(bytes) {
        Err(JsonError::Shape(error)) if is_integral_float_error(&error) => {
            match integral_floats_as_integers(bytes) {
                Some(rewritten) => parse_json_once(&rewritten),
                None => Err(JsonError::Shape(error)),
            }
        }
        result => result,
    }
    .map_err(|error| match error {
        JsonError::Syntax(error) => not_json(&error),
        JsonError::Shape(error) => invalid(BodyKind::Json, FieldViolation::from_serde(&error)),
    })
}

/// Why a JSON body was not a `T`.
enum JsonError {
    /// Not JSON at all.
    Syntax(serde_json::Error),
    /// JSON of the wrong shape, located.
    Shape(serde_path_to_error::Error<serde_json::Error>),
}

fn parse_json_once<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, JsonError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => match deserializer.end() {
            Ok(()) => Ok(value),
            Err(error) => Err(JsonError::Syntax(error)),
        },
        Err(error) if error.inner().classify() == Category::Data => Err(JsonError::Shape(error)),
        Err(error) => Err(JsonError::Syntax(error.into_inner())),
    }
}

/// Whether serde rejected a float where it wanted an integer: ``invalid type:
/// floating point `3.0`, expected u64``.
fn is_integral_float_error(error: &serde_path_to_error::Error<serde_json::Error>) -> bool {
    let message = error.inner().to_string();
    let Some(rest) = message.strip_prefix("invalid type: floating point `") else {
        return false;
    };
    rest.split_once("`, expected ")
        .and_then(|(number, _)| number.parse::<f64>().ok())
        .is_some_and(is_exact_integer)
}

/// Whether `value` is an integer that an `f64` holds exactly.
fn is_exact_integer(value: f64) -> bool {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    value.fract() == 0.0 && value.abs() <= EXACT
}

/// The JSON text with every number that has a zero fraction or an exponent and is an
/// exact integer (`3.0`, `1e3`, `-2.50e1`) written as that integer; `None` when
/// there is none. Strings are copied as they are.
fn integral_floats_as_integers(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut changed = false;
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte == b'"' {
            let end = string_end(bytes, index);
            out.extend_from_slice(&bytes[index..end]);
            index = end;
        } else if byte == b'-' || byte.is_ascii_digit() {
            let end = index
                + bytes[index..]
                    .iter()
                    .take_while(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                    .count();
            let token = &bytes[index..end];
            match integral(token) {
                Some(integer) => {
                    out.extend_from_slice(integer.to_string().as_bytes());
                    changed = true;
                }
                None => out.extend_from_slice(token),
            }
            index = end;
        } else {
            out.push(byte);
            index += 1;
        }
    }
    changed.then_some(out)
}

/// The index just past the string that starts at `start` (or the end of the text).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut index = start + 1;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' => index += 2,
            b'"' => return index + 1,
            _ => index += 1,
        }
    }
    bytes.len()
}

/// The integer a float token stands for exactly, if it is a float token.
fn integral(token: &[u8]) -> Option<i64> {
    if !token.iter().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        return None;
    }
    let value: f64 = std::str::from_utf8(token).ok()?.parse().ok()?;
    // An exact integer within 2^53 fits an i64 without loss.
    #[allow(clippy::cast_possible_truncation)]
    is_exact_integer(value).then_some(value as i64)
}

pub(crate) fn not_json(error: &serde_json::Error) -> RequestError {
    RequestError::new(
        StatusCode::BAD_REQUEST,
        format!("The request body is not valid JSON: {error}."),
    )
}

/// What a request part holds, for its rejection's status and wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BodyKind {
    /// A JSON body.
    Json,
    /// An `application/x-www-form-urlencoded` body.
    Form,
    /// The query string.
    Query,
    /// The path parameters.
    Path,
}

impl BodyKind {
    /// The status a value of the wrong shape answers with: 422 for a body, 400 for
    /// the URL, as the frameworks' own extractors answer.
    fn status(self) -> StatusCode {
        match self {
            BodyKind::Json | BodyKind::Form => StatusCode::UNPROCESSABLE_ENTITY,
            BodyKind::Query | BodyKind::Path => StatusCode::BAD_REQUEST,
        }
    }

    fn what(self) -> &'static str {
        match self {
            BodyKind::Json | BodyKind::Form => "The request body is invalid",
            BodyKind::Query => "The query string is invalid",
            BodyKind::Path => "The path is invalid",
        }
    }

    fn location(self) -> Location {
        match self {
            BodyKind::Json | BodyKind::Form => Location::Body,
            BodyKind::Query | BodyKind::Path => Location::Parameter,
        }
    }
}

/// The rejection of a request part of the wrong shape, naming `violation`.
pub(crate) fn invalid(kind: BodyKind, violation: FieldViolation) -> RequestError {
    let violation = violation.at(kind.location());
    let message = match violation.field() {
        "" => format!("{}: {}.", kind.what(), violation.message()),
        field => format!("{}: {field}: {}.", kind.what(), violation.message()),
    };
    RequestError::new(kind.status(), message).with_violations(vec![violation])
}

/// A query string or form body deserialized as `T`. Every value arrives as text, so
/// one that does not parse into its field's type (a number, say) has the code
/// `invalid_value` when serde's message does not tell another.
pub(crate) fn parse_urlencoded<T: DeserializeOwned>(
    bytes: &[u8],
    kind: BodyKind,
) -> Result<T, RequestError> {
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(bytes));
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let mut violation = FieldViolation::from_serde(&error);
        if violation.code().is_none() {
            violation = violation.with_code("invalid_value");
        }
        invalid(kind, violation)
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::{BodyKind, parse_json, parse_urlencoded, without_position};
    use crate::FieldViolation;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Order {
        name: String,
        profile: Profile,
        items: Vec<Item>,
        #[serde(default)]
        tags: BTreeMap<String, u8>,
        #[serde(default)]
        kind: Option<Kind>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Profile {
        color: String,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        qty: u32,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Retail,
    }

    fn violation(json: &str) -> FieldViolation {
        let error = parse_json::<Order>(json.as_bytes()).expect_err("a rejection");
        assert_eq!(error.status(), 422, "{json}");
        error.violations()[0].clone()
    }

    const VALID_REST: &str = r#""profile": {"color": "red"}, "items": []"#;

    #[test]
    fn each_serde_failure_is_located_with_its_code() {
        let cases = [
            (format!(r#"{{"name": 1, {VALID_REST}}}"#), "name", "invalid_type"),
            (format!(r#"{{{VALID_REST}}}"#), "name", "missing_field"),
            (r#"{"name": "a", "profile": {}, "items": []}"#.to_owned(), "profile.color", "missing_field"),
            (r#"{"name": "a", "profile": {"color": "red", "hue": 1}, "items": []}"#.to_owned(), "profile.hue", "unknown_field"),
            (format!(r#"{{"name": "a", "extra": 1, {VALID_REST}}}"#), "extra", "unknown_field"),
            (r#"{"name": "a", "profile": {"color": "red"}, "items": [{"qty": 1}, {"qty": 2}, {"qty": -1}]}"#.to_owned(), "items[2].qty", "invalid_value"),
            (format!(r#"{{"name": "a", "kind": "wholesale", {VALID_REST}}}"#), "kind", "unknown_variant"),
            (format!(r#"{{"name": "a", "name": "b", {VALID_REST}}}"#), "name", "duplicate_field"),
            (format!(r#"{{"name": "a", "tags": {{"x": 300}}, {VALID_REST}}}"#), "tags.x", "invalid_value"),
        ];
        for (json, field, code) in cases {
            let violation = violation(&json);
            assert_eq!(
                (violation.field(), violation.code()),
                (field, Some(code)),
                "{json}"
            );
            assert!(
                !violation.message().contains(" at line "),
                "{}",
                violation.message()
            );
        }
    }

    #[test]
    fn integral_floats_are_integers_as_json_schema_says() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Transfer {
            to: u64,
            amount: i32,
            note: String,
            rate: f64,
        }
        let body = br#"{"to": 1731.0, "amount": -2.50e1, "note": "3.0 \" 4.0", "rate": 0.5}"#;
        let transfer: Transfer = parse_json(body).expect("integral floats are integers");
        let expected = Transfer {
            to: 1731,
            amount: -25,
            note: "3.0 \" 4.0".into(),
            rate: 0.5,
        };
        assert_eq!(transfer, expected);
        let error = parse_json::<Transfer>(br#"{"to": 1.5, "amount": 1, "note": "", "rate": 1}"#)
            .expect_err("a rejection");
        assert_eq!(error.violations()[0].field(), "to");
        assert_eq!(error.violations()[0].code(), Some("invalid_type"));
    }

    #[test]
    fn invalid_length_is_told() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Pair {
            pair: [u8; 2],
        }
        let error = parse_json::<Pair>(br#"{"pair": [1]}"#).expect_err("a rejection");
        let violation = &error.violations()[0];
        assert_eq!(
            (violation.field(), violation.code()),
            ("pair", Some("invalid_length"))
        );
    }

    #[test]
    fn malformed_json_is_a_400_with_line_and_column() {
        let trailing = format!(r#"{{"name": "a", {VALID_REST}}} x"#);
        for json in [
            &b"{\"name\": "[..],
            trailing.as_bytes(),
            b"",
            b"{\"name\" 1}",
        ] {
            let error = parse_json::<Order>(json).expect_err("a rejection");
            assert_eq!(error.status(), 400);
            assert!(error.violations().is_empty());
            let message = error.message().unwrap_or_default();
            assert!(message.contains(" at line 1 column "), "{message}");
        }
    }

    #[test]
    fn query_values_that_do_not_parse_are_invalid_values_of_their_parameter() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Page {
            limit: u32,
        }
        let error =
            parse_urlencoded::<Page>(b"limit=ten", BodyKind::Query).expect_err("a rejection");
        assert_eq!(error.status(), 400);
        let violation = &error.violations()[0];
        assert_eq!(violation.location(), crate::Location::Parameter);
        assert_eq!(
            (violation.field(), violation.code()),
            ("limit", Some("invalid_value"))
        );
        let error = parse_urlencoded::<Page>(b"", BodyKind::Query).expect_err("a rejection");
        assert_eq!(error.violations()[0].code(), Some("missing_field"));
        assert_eq!(error.violations()[0].field(), "limit");
    }

    #[test]
    fn only_a_trailing_position_is_removed() {
        assert_eq!(without_position("bad at line 1 column 9".into()), "bad");
        assert_eq!(
            without_position("bad at line one column 9".into()),
            "bad at line one column 9"
        );
        assert_eq!(without_position("at line 3".into()), "at line 3");
    }
}

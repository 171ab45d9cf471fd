//! What the axum layer reads from axum's own rejection texts when a handler uses
//! axum's extractors rather than the drop-in ones: axum's `Json`, `Query` and `Form`
//! run `serde_path_to_error` and write the path into their text, and its `Path`
//! names the parameter, so the layer's answer can carry the same violation the
//! drop-in extractors give.

use super::serde::{is_serde_message, quoted_name, serde_violation};
use crate::{FieldViolation, Location};

/// The prefixes of axum's rejection texts that carry a serde path, with where the
/// value they name lives and whether it arrived as URL-encoded text (whose values
/// that do not parse are `invalid_value`, as the drop-in extractors say).
const LOCATED_PREFIXES: [(&str, Location, bool); 4] = [
    (
        "Failed to deserialize the JSON body into the target type: ",
        Location::Body,
        false,
    ),
    (
        "Failed to deserialize query string: ",
        Location::Parameter,
        true,
    ),
    ("Failed to deserialize form body: ", Location::Body, true),
    // axum's `Form` reads the query string for `GET` and `HEAD`.
    ("Failed to deserialize form: ", Location::Parameter, true),
];

/// The violation an axum rejection text names: a serde path and message after one
/// of [`LOCATED_PREFIXES`], or a path parameter after `Invalid URL: Cannot parse
/// `key` with value`; `None` for any other text.
pub(crate) fn axum_rejection_violation(text: &str) -> Option<FieldViolation> {
    if let Some(rest) = text.strip_prefix("Invalid URL: ") {
        return path_violation(rest);
    }
    let (rest, location, urlencoded) =
        LOCATED_PREFIXES
            .iter()
            .find_map(|(prefix, location, urlencoded)| {
                Some((text.strip_prefix(prefix)?, *location, *urlencoded))
            })?;
    // `serde_path_to_error` writes `path: message`, or the message alone at the root.
    let (field, message) = match rest.split_once(": ") {
        Some(_) if is_serde_message(rest) => ("", rest),
        Some((path, message)) => (path, message),
        None => ("", rest),
    };
    let violation = serde_violation(field.to_owned(), message.to_owned()).at(location);
    Some(match violation.code() {
        None if urlencoded => violation.with_code("invalid_value"),
        _ => violation,
    })
}

/// ``Cannot parse `id` with value `seven` to a `u64` ``: the parameter `id`.
fn path_violation(text: &str) -> Option<FieldViolation> {
    let key = quoted_name(text)?;
    let after_key = text.strip_prefix("Cannot parse `")?.strip_prefix(key)?;
    after_key.starts_with("` with value `").then(|| {
        FieldViolation::parameter(key.to_owned(), text.to_owned()).with_code("invalid_value")
    })
}

#[cfg(test)]
mod tests {
    use super::axum_rejection_violation;
    use crate::Location;

    fn located(text: &str) -> Option<(Location, String, Option<String>)> {
        axum_rejection_violation(text).map(|violation| {
            let code = violation.code().map(str::to_owned);
            (violation.location(), violation.field().to_owned(), code)
        })
    }

    #[test]
    fn axums_texts_name_the_field_or_parameter() {
        let body = Location::Body;
        let parameter = Location::Parameter;
        let cases = [
            (
                "Failed to deserialize the JSON body into the target type: b[0]: missing field `y` at line 1 column 23",
                Some((body, "b[0].y", Some("missing_field"))),
            ),
            (
                "Failed to deserialize the JSON body into the target type: invalid type: integer `1`, expected struct A at line 1 column 1",
                Some((body, "", Some("invalid_type"))),
            ),
            (
                "Failed to deserialize the JSON body into the target type: missing field `name` at line 1 column 2",
                Some((body, "name", Some("missing_field"))),
            ),
            (
                "Failed to deserialize query string: n: invalid digit found in string",
                Some((parameter, "n", Some("invalid_value"))),
            ),
            (
                "Failed to deserialize form body: a: invalid digit found in string",
                Some((body, "a", Some("invalid_value"))),
            ),
            (
                "Failed to deserialize form: a: invalid digit found in string",
                Some((parameter, "a", Some("invalid_value"))),
            ),
            (
                "Invalid URL: Cannot parse `id` with value `seven` to a `u64`",
                Some((parameter, "id", Some("invalid_value"))),
            ),
            ("Invalid URL: Cannot parse `seven` to a `u64`", None),
            (
                "Failed to parse the request body as JSON: EOF while parsing",
                None,
            ),
            ("something else", None),
        ];
        for (text, expected) in cases {
            let expected = expected.map(|(location, field, code)| {
                (location, field.to_owned(), code.map(str::to_owned))
            });
            assert_eq!(located(text), expected, "{text}");
        }
    }
}

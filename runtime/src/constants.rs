//! The fixed names and texts of the wire format, one copy each: media types, the
//! trace id header, the messages of opaque errors, the syntax of a code, and the
//! headers an error's fields may not set. The derive keeps its own copies where it
//! checks them at compile time (`macros/src/facts.rs`); these are reachable through
//! `__private` so that tests can hold the two equal.

use http::HeaderName;

/// The media type of a problem document (RFC 9457): [`Format::Problem`](crate::Format::Problem).
pub const PROBLEM_JSON: &str = "application/problem+json";

/// The media type of the envelope: [`Format::Envelope`](crate::Format::Envelope).
pub const ENVELOPE_JSON: &str = "application/json";

/// The header that carries the trace id on every error response.
pub const TRACE_ID_HEADER: HeaderName = HeaderName::from_static("x-trace-id");

/// Defines a generic message and, joined at compile time, its JSON string form.
macro_rules! generic_message {
    ($(#[$doc:meta])* $name:ident, $json:ident, $text:literal) => {
        $(#[$doc])*
        pub const $name: &str = $text;
        pub(crate) const $json: &str = concat!("\"", $text, "\"");
    };
}

generic_message!(
    /// The message of an opaque 5xx error without a constant `message`.
    OPAQUE_SERVER_MESSAGE,
    OPAQUE_SERVER_MESSAGE_JSON,
    "The server could not complete the request. Quote the trace id when reporting this error."
);
generic_message!(
    /// The message of an opaque 4xx error without a constant `message`.
    OPAQUE_CLIENT_MESSAGE,
    OPAQUE_CLIENT_MESSAGE_JSON,
    "The request could not be completed. Quote the trace id when reporting this error."
);

/// The syntax of a code, as a regular expression (for OpenAPI's `pattern`).
pub const CODE_PATTERN: &str = "^[A-Za-z][A-Za-z0-9_.-]*$";

/// The most characters of a code.
pub const MAX_CODE_LEN: usize = 64;

/// Whether `code` is a valid code: 1 to [`MAX_CODE_LEN`] characters matching
/// [`CODE_PATTERN`].
pub fn is_valid_code(code: &str) -> bool {
    let mut bytes = code.bytes();
    code.len() <= MAX_CODE_LEN
        && bytes
            .next()
            .is_some_and(|first| first.is_ascii_alphabetic())
        && bytes.all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'.' | b'-'))
}

/// Headers the renderer sets itself or that frame the body: an `#[api(header)]`
/// field may not name them (the derive rejects them; the renderer skips them).
pub const RESERVED_HEADERS: &[&str] = &[
    "content-type",
    "content-length",
    "transfer-encoding",
    "connection",
    "x-trace-id",
    // Microsoft's format sets it to the code, in any service that may answer in it.
    "x-ms-error-code",
];

#[cfg(test)]
mod tests {
    use super::{MAX_CODE_LEN, RESERVED_HEADERS, TRACE_ID_HEADER, is_valid_code};

    #[test]
    fn codes_follow_the_pattern_and_the_length_limit() {
        for valid in ["a", "not_found", "Auth.expired-token", "x9"] {
            assert!(is_valid_code(valid), "{valid}");
        }
        for invalid in ["", "9lives", "_x", "-x", "a b", "a/b", "é", "a\n"] {
            assert!(!is_valid_code(invalid), "{invalid:?}");
        }
        assert!(is_valid_code(&"a".repeat(MAX_CODE_LEN)));
        assert!(!is_valid_code(&"a".repeat(MAX_CODE_LEN + 1)));
    }

    #[test]
    fn the_trace_id_header_and_content_type_are_reserved() {
        assert!(RESERVED_HEADERS.contains(&TRACE_ID_HEADER.as_str()));
        assert!(RESERVED_HEADERS.contains(&http::header::CONTENT_TYPE.as_str()));
    }
}

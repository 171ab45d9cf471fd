//! `FieldViolation`: one invalid request field, for validation errors.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// One invalid field of a request: which field, what is wrong with it, and
/// optionally a machine-readable code.
///
/// A variant marks a list of them with `#[api(violations)]`. In a problem document
/// they render as RFC 9457 section 3's example does, under the extension `errors`:
/// `{"detail": message, "pointer": "#/profile/color", "code"?}`, the dotted field path
/// becoming a JSON Pointer (RFC 6901) in URI fragment form. In an envelope they render
/// under `details.errors` as `{"field", "message", "code"?}`.
///
/// A violation of a query or path parameter ([`FieldViolation::parameter`]) or of a
/// header ([`FieldViolation::header`]) names it instead of a pointer:
/// `{"detail", "parameter": "limit"}` or `{"detail", "header": "X-Tenant"}` in a
/// problem document (JSON:API's `source` names), and
/// `{"field": "limit", "location": "parameter", "message"}` in an envelope.
///
/// ```
/// use apierror::{FieldViolation, Location};
///
/// let violation = FieldViolation::new("profile.color", "must be a color").with_code("invalid_color");
/// assert_eq!(violation.field(), "profile.color");
/// assert_eq!(violation.pointer(), "#/profile/color");
/// assert_eq!(violation.location(), Location::Body);
///
/// let violation = FieldViolation::parameter("limit", "must be a number");
/// assert_eq!(violation.location(), Location::Parameter);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FieldViolation {
    field: Cow<'static, str>,
    #[serde(default, skip_serializing_if = "Location::is_body")]
    location: Location,
    message: Cow<'static, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    code: Option<Cow<'static, str>>,
}

/// Which part of the request a [`FieldViolation`] is about.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Location {
    /// A field of the body, named by a dotted path and rendered as a JSON Pointer.
    #[default]
    Body,
    /// A query or path parameter, named as the request names it.
    Parameter,
    /// A request header, named as the request names it.
    Header,
}

impl Location {
    /// Every location, in the order a reader looks for them.
    const ALL: [Location; 3] = [Location::Body, Location::Parameter, Location::Header];

    /// Whether this is [`Location::Body`], which an envelope leaves unsaid.
    fn is_body(&self) -> bool {
        *self == Location::Body
    }

    /// The member naming the location in a problem document's violation.
    pub(crate) fn problem_member(self) -> &'static str {
        match self {
            Location::Body => "pointer",
            Location::Parameter => "parameter",
            Location::Header => "header",
        }
    }

    /// The value of an envelope violation's `location` member.
    pub(crate) fn envelope_name(self) -> &'static str {
        match self {
            Location::Body => "body",
            Location::Parameter => "parameter",
            Location::Header => "header",
        }
    }
}

impl FieldViolation {
    /// A violation of `field` (a dotted path such as `profile.color` or
    /// `items[2].name`) with a message for the client.
    pub fn new(field: impl Into<Cow<'static, str>>, message: impl Into<Cow<'static, str>>) -> Self {
        FieldViolation {
            field: field.into(),
            location: Location::Body,
            message: message.into(),
            code: None,
        }
    }

    /// Replaces the message: its localized text.
    pub(crate) fn set_message(&mut self, message: String) {
        self.message = Cow::Owned(message);
    }

    /// A violation of the query or path parameter `name`, such as `limit`.
    pub fn parameter(
        name: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        FieldViolation::new(name, message).at(Location::Parameter)
    }

    /// A violation of the request header `name`, such as `X-Tenant`.
    pub fn header(
        name: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        FieldViolation::new(name, message).at(Location::Header)
    }

    /// Moves the violation to `location`, keeping its field name.
    #[must_use]
    pub fn at(mut self, location: Location) -> Self {
        self.location = location;
        self
    }

    /// Adds a machine-readable code, such as `too_short`.
    #[must_use]
    pub fn with_code(mut self, code: impl Into<Cow<'static, str>>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// The field path as given (for a parameter or header, its name).
    pub fn field(&self) -> &str {
        &self.field
    }

    /// Which part of the request the violation is about.
    pub fn location(&self) -> Location {
        self.location
    }

    /// The message for the client.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The machine-readable code, if any.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The field path as a JSON Pointer in URI fragment form: `profile.color`
    /// becomes `#/profile/color`, `items[2].name` becomes `#/items/2/name`.
    pub fn pointer(&self) -> String {
        let mut out = Vec::with_capacity(self.field.len() + 2);
        write_pointer(&self.field, &mut out);
        // The pointer is ASCII by construction: every other byte is percent-encoded.
        String::from_utf8(out).unwrap_or_default()
    }
}

impl FieldViolation {
    /// A violation as a problem document writes it, read back:
    /// `{"detail", "pointer", "code"?}` (RFC 9457 section 3's example), or with
    /// `parameter` or `header` in place of `pointer`. `None` without a string
    /// `detail` and one of those.
    pub(crate) fn from_problem_item(item: &serde_json::Value) -> Option<FieldViolation> {
        let text = |name| item.get(name).and_then(serde_json::Value::as_str);
        let (location, name) = Location::ALL
            .into_iter()
            .find_map(|location| Some((location, text(location.problem_member())?)))?;
        let field = match location {
            Location::Body => field_from_pointer(name),
            _ => name.to_owned(),
        };
        let violation = FieldViolation::new(field, text("detail")?.to_owned()).at(location);
        Some(match text("code") {
            Some(code) => violation.with_code(code.to_owned()),
            None => violation,
        })
    }
}

/// Writes `#/seg/seg…` for a dotted path with optional `[index]` parts. Segments are
/// escaped as RFC 6901 says (`~` as `~0`, `/` as `~1`), then percent-encoded where a
/// URI fragment may not hold the byte (RFC 6901 section 6, RFC 3986 section 3.5).
/// Empty segments are skipped; a `]` that closes a segment is dropped.
///
/// One pass over the bytes, since it runs for every violation of every response.
pub(crate) fn write_pointer(path: &str, out: &mut Vec<u8>) {
    out.reserve(path.len() + 2);
    out.push(b'#');
    let bytes = path.as_bytes();
    let mut segment_open = false;
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let closes_segment =
            byte == b']' && matches!(bytes.get(index + 1), None | Some(b'.' | b'['));
        if matches!(byte, b'.' | b'[') || closes_segment {
            segment_open = false;
            index += 1;
            continue;
        }
        if !segment_open {
            out.push(b'/');
            segment_open = true;
        }
        // Most of a path is letters and digits: copied a run at a time.
        let run = bytes[index..]
            .iter()
            .position(|&next| !COPIED_AS_IS[usize::from(next)])
            .unwrap_or(bytes.len() - index);
        if run > 0 {
            out.extend_from_slice(&bytes[index..index + run]);
            index += run;
            continue;
        }
        match byte {
            b'~' => out.extend_from_slice(b"~0"),
            b'/' => out.extend_from_slice(b"~1"),
            _ => push_percent(out, byte),
        }
        index += 1;
    }
}

/// The bytes a pointer segment holds as they are: fragment bytes other than `.`,
/// which separates segments. `[`, `]`, `~` and `/` are not fragment bytes, so
/// `write_pointer` looks at each of them on its own.
const COPIED_AS_IS: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = is_fragment_byte(b) && b != b'.';
        byte += 1;
    }
    table
};

/// The dotted field path of a JSON Pointer, the inverse of [`write_pointer`] for a
/// client reading violations back: `#/items/2/name` becomes `items[2].name`. Takes the
/// URI fragment form (percent-decoded) or the plain form (`/items/2/name`); a segment
/// of digits after the first becomes an index.
pub(crate) fn field_from_pointer(pointer: &str) -> String {
    let (fragment, path) = match pointer.strip_prefix('#') {
        Some(path) => (true, path),
        None => (false, pointer),
    };
    let mut field = String::with_capacity(path.len());
    for segment in path.split('/').skip(1) {
        let segment = if fragment {
            percent_decode(segment)
        } else {
            segment.to_owned()
        };
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if !field.is_empty() && !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            field.push('[');
            field.push_str(&segment);
            field.push(']');
        } else {
            if !field.is_empty() {
                field.push('.');
            }
            field.push_str(&segment);
        }
    }
    field
}

/// `%XX` sequences decoded; a `%` not followed by two hex digits is kept as it is, and
/// bytes that do not form UTF-8 become U+FFFD.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .filter(|hex| hex.iter().all(u8::is_ascii_hexdigit))
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// RFC 3986 `fragment` characters other than `/` and `%`: unreserved, sub-delims, `:`,
/// `@` and `?`.
const fn is_fragment_byte(byte: u8) -> bool {
    matches!(
        byte,
        b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9'
            | b'-' | b'.' | b'_' | b'!' | b'$' | b'&' | b'\'' | b'(' | b')'
            | b'*' | b'+' | b',' | b';' | b'=' | b':' | b'@' | b'?'
    )
}

fn push_percent(out: &mut Vec<u8>, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.extend_from_slice(&[
        b'%',
        HEX[usize::from(byte >> 4)],
        HEX[usize::from(byte & 0xf)],
    ]);
}

#[cfg(test)]
mod tests {
    use super::{
        FieldViolation, field_from_pointer, is_fragment_byte, push_percent, write_pointer,
    };

    fn pointer(path: &str) -> String {
        FieldViolation::new(path.to_owned(), "x").pointer()
    }

    #[test]
    fn dotted_paths_become_pointers() {
        assert_eq!(pointer("age"), "#/age");
        assert_eq!(pointer("profile.color"), "#/profile/color");
        assert_eq!(pointer("items[2].name"), "#/items/2/name");
        assert_eq!(pointer(""), "#");
    }

    #[test]
    fn pointer_escapes_tilde_slash_and_non_fragment_bytes() {
        assert_eq!(pointer("a~b/c"), "#/a~0b~1c");
        assert_eq!(pointer("naïve key"), "#/na%C3%AFve%20key");
        assert_eq!(pointer("q\"<>"), "#/q%22%3C%3E");
    }

    #[test]
    fn runs_are_copied_as_the_byte_by_byte_rule_writes_them() {
        // The rule of `write_pointer`'s doc comment, one byte at a time.
        fn reference(path: &str) -> Vec<u8> {
            let bytes = path.as_bytes();
            let mut out = vec![b'#'];
            let mut segment_open = false;
            for (index, &byte) in bytes.iter().enumerate() {
                match byte {
                    b'.' | b'[' => {
                        segment_open = false;
                        continue;
                    }
                    b']' if matches!(bytes.get(index + 1), None | Some(b'.' | b'[')) => continue,
                    _ => {}
                }
                if !segment_open {
                    out.push(b'/');
                    segment_open = true;
                }
                match byte {
                    b'~' => out.extend_from_slice(b"~0"),
                    b'/' => out.extend_from_slice(b"~1"),
                    _ if is_fragment_byte(byte) => out.push(byte),
                    _ => push_percent(&mut out, byte),
                }
            }
            out
        }
        for special in (0u8..=0x7f).map(char::from).chain(['é', '\u{10ffff}']) {
            for at in 0..6 {
                for template in ["abcdef", "a.b[1]c", "x]y.z", "items[2].name"] {
                    let mut path: Vec<char> = template.chars().collect();
                    path.insert(at.min(path.len()), special);
                    let path: String = path.into_iter().collect();
                    let mut out = Vec::new();
                    write_pointer(&path, &mut out);
                    assert_eq!(out, reference(&path), "{path:?}");
                }
            }
        }
    }

    #[test]
    fn brackets_close_segments_once() {
        assert_eq!(pointer("a]]"), "#/a%5D");
        assert_eq!(pointer("a.]"), "#/a");
        assert_eq!(pointer("a[0][1]"), "#/a/0/1");
        assert_eq!(pointer("a..b"), "#/a/b");
        assert_eq!(pointer("a]b.c"), "#/a%5Db/c");
    }

    #[test]
    fn pointers_read_back_into_field_paths() {
        for path in [
            "age",
            "profile.color",
            "items[2].name",
            "a~b/c",
            "naïve key",
            "q\"<>",
            "a[0][1]",
        ] {
            assert_eq!(field_from_pointer(&pointer(path)), path, "{path}");
        }
        assert_eq!(field_from_pointer("/profile/color"), "profile.color");
        assert_eq!(field_from_pointer("/0/a"), "0.a");
        assert_eq!(field_from_pointer("#/100%"), "100%");
        assert_eq!(field_from_pointer("#/%zz%C3"), "%zz\u{fffd}");
        assert_eq!(field_from_pointer("#"), "");
        assert_eq!(field_from_pointer("not a pointer"), "");
    }
}

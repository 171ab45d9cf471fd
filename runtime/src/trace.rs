//! `TraceId`: the id that ties an error response to its log line.

use std::fmt;

use http::{HeaderMap, HeaderName, HeaderValue};

use crate::constants::TRACE_ID_HEADER;

const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");
const TRACEPARENT_HEADER: HeaderName = HeaderName::from_static("traceparent");

/// The headers a request's trace id is read from, in order of preference; the
/// index of each is what [`TraceId::from_header_lookup`] asks for.
pub(crate) const TRACE_HEADERS: [HeaderName; 3] =
    [TRACE_ID_HEADER, REQUEST_ID_HEADER, TRACEPARENT_HEADER];

const MAX_LEN: usize = 128;

/// The id every error response carries (body member `trace_id` and header
/// `X-Trace-Id`) and every logged error names, so that a client's report finds the
/// full error in the logs.
///
/// A trace id that comes from a request is validated before it is echoed: 1 to 128
/// characters of `[A-Za-z0-9._:-]`, nothing else. It is stored inline, so making and
/// copying one never allocates.
///
/// With the `axum` or `actix-web` feature it is also an extractor: a handler that
/// takes a `TraceId` argument gets the id the layer or middleware decided for the
/// request (generating it then if the request carried none), the one its response
/// and log line carry. See the `FromRequestParts` and `FromRequest` impls for what it does
/// without them: it never fails.
///
/// ```
/// use apierror::TraceId;
///
/// assert_eq!(TraceId::parse("req-42").unwrap().as_str(), "req-42");
/// assert!(TraceId::parse("evil\r\nSet-Cookie: x").is_none());
/// assert_eq!(TraceId::generate().as_str().len(), 36);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TraceId {
    len: u8,
    bytes: [u8; MAX_LEN],
}

impl TraceId {
    /// Accepts 1 to 128 characters of `[A-Za-z0-9._:-]`; anything else is `None`.
    pub fn parse(text: &str) -> Option<TraceId> {
        TraceId::parse_bytes(text.as_bytes())
    }

    /// [`parse`](TraceId::parse) over bytes, as a header holds them: the alphabet is
    /// ASCII, so no UTF-8 check is needed first.
    fn parse_bytes(text: &[u8]) -> Option<TraceId> {
        let valid = (1..=MAX_LEN).contains(&text.len()) && text.iter().all(|&b| is_trace_byte(b));
        valid.then(|| TraceId::from_valid(text))
    }

    /// Reads the request's trace id: `X-Trace-Id`, then `X-Request-Id`, then the
    /// trace-id part of a valid W3C `traceparent`. A header that fails validation is
    /// skipped; `None` when no header holds a valid id.
    pub fn from_headers(headers: &HeaderMap) -> Option<TraceId> {
        // Looked up by `HeaderName`, not by `&str`, which `HeaderMap` would parse
        // on every request.
        TraceId::from_header_lookup(|index| {
            let name = &TRACE_HEADERS[index];
            headers.get(name).map(HeaderValue::as_bytes)
        })
    }

    /// [`from_headers`](TraceId::from_headers) over any header map: `header` answers
    /// the value of a header by its index in `x-trace-id`, `x-request-id`,
    /// `traceparent` (so that another map looks each up by a name it built once).
    pub(crate) fn from_header_lookup<'h>(
        header: impl Fn(usize) -> Option<&'h [u8]>,
    ) -> Option<TraceId> {
        header(0)
            .and_then(TraceId::parse_bytes)
            .or_else(|| header(1).and_then(TraceId::parse_bytes))
            // `traceparent` admits ASCII only, so a value that is not UTF-8 is no id.
            .or_else(|| {
                let text = header(2).and_then(|value| std::str::from_utf8(value).ok());
                text.and_then(TraceId::from_traceparent)
            })
    }

    /// The trace-id part of a W3C `traceparent` header: version `00` is
    /// `00-<32 hex>-<16 hex>-<2 hex>`, lowercase, trace id and parent id not all
    /// zeros. A later version (`01` to `fe`) is read as the W3C spec asks: the same
    /// three parts first, then the end or a `-` and whatever that version added. An
    /// invalid header (version `ff`, a part out of shape, `00` with more) is ignored
    /// whole.
    pub fn from_traceparent(header: &str) -> Option<TraceId> {
        let mut parts = header.splitn(5, '-');
        let (version, trace, parent, flags) =
            (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        let added = parts.next();
        let version_fits = match version {
            "00" => added.is_none(),
            "ff" => false,
            _ => is_lower_hex(version, 2),
        };
        let valid = version_fits
            && is_lower_hex(trace, 32)
            && is_lower_hex(parent, 16)
            && is_lower_hex(flags, 2)
            && trace.bytes().any(|b| b != b'0')
            && parent.bytes().any(|b| b != b'0');
        valid.then(|| TraceId::from_valid(trace.as_bytes()))
    }

    /// A fresh random id (a UUID v4 in its hyphenated form).
    pub fn generate() -> TraceId {
        let mut buffer = uuid::Uuid::encode_buffer();
        let text = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut buffer);
        TraceId::from_valid(text.as_bytes())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        // Only validated ASCII is ever stored, so this cannot fail.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }

    /// The id as bytes, without the UTF-8 check `as_str` makes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    fn from_valid(text: &[u8]) -> TraceId {
        let mut bytes = [0; MAX_LEN];
        bytes[..text.len()].copy_from_slice(text);
        TraceId {
            len: text.len() as u8,
            bytes,
        }
    }
}

/// The bytes a trace id may hold, `[A-Za-z0-9._:-]`, as a table: a request's id is
/// checked on every request.
const TRACE_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-');
        byte += 1;
    }
    table
};

fn is_trace_byte(byte: u8) -> bool {
    TRACE_BYTES[usize::from(byte)]
}

fn is_lower_hex(text: &str, len: usize) -> bool {
    text.len() == len && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl fmt::Display for TraceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for TraceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TraceId").field(&self.as_str()).finish()
    }
}

impl std::str::FromStr for TraceId {
    type Err = InvalidTraceId;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        TraceId::parse(text).ok_or(InvalidTraceId)
    }
}

/// The error of `TraceId::from_str`: the text is not 1 to 128 characters of
/// `[A-Za-z0-9._:-]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidTraceId;

impl fmt::Display for InvalidTraceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a trace id is 1 to 128 characters of [A-Za-z0-9._:-]")
    }
}

impl std::error::Error for InvalidTraceId {}

#[cfg(test)]
mod tests {
    use super::TraceId;
    use http::{HeaderMap, HeaderValue};

    #[test]
    fn parse_accepts_only_the_safe_alphabet() {
        assert!(TraceId::parse("a").is_some());
        assert!(TraceId::parse("AZaz09._:-").is_some());
        let outside = (0..=u8::MAX).filter(|&b| !b"AZaz09._:-".contains(&b));
        let accepted = outside.filter(|&b| TraceId::parse_bytes(&[b]).is_some());
        assert!(accepted.eq((b'1'..b'9').chain(b'B'..b'Z').chain(b'b'..b'z')));
        assert!(TraceId::parse(&"x".repeat(128)).is_some());
        assert!(TraceId::parse(&"x".repeat(129)).is_none());
        for bad in ["", "a b", "a\"b", "a\r\nb", "é", "a/b", "a;b"] {
            assert!(TraceId::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn traceparent_is_strict() {
        let good = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assert_eq!(
            TraceId::from_traceparent(good)
                .expect("a valid trace id")
                .as_str(),
            "4bf92f3577b34da6a3ce929d0e0e4736"
        );
        // A later version is read for its first parts, whatever it added after them.
        for later in [
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "fe-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09-a-b",
        ] {
            let read = TraceId::from_traceparent(later).map(|id| id.as_str().to_owned());
            assert_eq!(
                read.as_deref(),
                Some("4bf92f3577b34da6a3ce929d0e0e4736"),
                "{later}"
            );
        }
        for bad in [
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "0f1-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "0F-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01extra",
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
        ] {
            assert!(TraceId::from_traceparent(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn from_headers_prefers_valid_headers_in_order() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "traceparent",
            HeaderValue::from_static("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        );
        assert_eq!(
            TraceId::from_headers(&headers)
                .expect("a valid trace id")
                .as_str(),
            "4bf92f3577b34da6a3ce929d0e0e4736"
        );
        headers.insert("x-request-id", HeaderValue::from_static("req-1"));
        assert_eq!(
            TraceId::from_headers(&headers)
                .expect("a valid trace id")
                .as_str(),
            "req-1"
        );
        headers.insert(
            "x-trace-id",
            HeaderValue::from_static("bad value with spaces"),
        );
        assert_eq!(
            TraceId::from_headers(&headers)
                .expect("a valid trace id")
                .as_str(),
            "req-1"
        );
        headers.insert("x-trace-id", HeaderValue::from_static("trace-9"));
        assert_eq!(
            TraceId::from_headers(&headers)
                .expect("a valid trace id")
                .as_str(),
            "trace-9"
        );
    }

    #[test]
    fn generated_ids_are_valid_and_distinct() {
        let (a, b) = (TraceId::generate(), TraceId::generate());
        assert_ne!(a, b);
        assert_eq!(TraceId::parse(a.as_str()), Some(a));
    }
}

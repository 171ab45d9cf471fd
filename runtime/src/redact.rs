//! Redaction of secrets from messages that come from an error's `Display`.
//!
//! Defense in depth: a variant that is exposed without a `message` template shows its
//! `Display` text, and that text may quote a connection string or a header. Before it
//! is written, these are replaced by `[redacted]`:
//!
//! | what | example | becomes |
//! | --- | --- | --- |
//! | URL credentials | `postgres://app:hunter2@db:5432/x` | `postgres://[redacted]@db:5432/x` |
//! | bearer tokens | `Bearer eyJhbGciOi…` | `Bearer [redacted]` |
//! | basic credentials: 8 or more base64 characters, a multiple of 4, with a digit, `+`, `/`, `=` or an uppercase letter after the first | `Basic dXNlcjpodW50ZXIy` | `Basic [redacted]` |
//! | `password`, `passwd`, `pwd`, `secret`, `client_secret`, `secret_key`, `private_key`, `access_key`, `token`, `access_token`, `api_key`, `apikey` values after `=` or `:`, also as the last part of a longer name (`DB_PASSWORD`, `x-api-key`) | `password=hunter2` | `password=[redacted]` |
//! | API-key-like words: 32 or more of `[A-Za-z0-9_+/=.-]` with a digit, a lowercase and an uppercase letter (or 40 or more without the uppercase) | `sk_live_4eC39HqLyjWDarjtT1zdp7dc…` | `[redacted]` |
//! | IPv4 and IPv6 addresses | `10.0.0.5`, `fe80::1` | `[redacted]` |
//! | absolute file-system paths | `/home/app/.env`, `C:\app\secrets.txt` | `[redacted]` |
//!
//! Matching is case-insensitive for keys, `Bearer` and `Basic`, and `-` in a key
//! matches `_`. Messages written from a
//! `message = "…"` template are not redacted: the template names exactly what may be
//! shown. Turn redaction off per request with
//! [`Context::with_redaction(false)`](crate::Context::with_redaction).
//!
//! Hand-written rather than built on `regex`: it runs on every `Display`-based message,
//! costs one pass without allocating when nothing matches, and keeps `regex` out of
//! every service's build.

const MARK: &str = "[redacted]";

/// Longest first where one key starts another (`secret_key` before `secret`).
const SECRET_KEYS: &[&str] = &[
    "client_secret",
    "access_token",
    "private_key",
    "access_key",
    "secret_key",
    "password",
    "api_key",
    "passwd",
    "secret",
    "apikey",
    "token",
    "pwd",
];

/// `text` with every secret-looking part replaced by `[redacted]`; `None` when
/// nothing matched, so the caller can keep the original without copying it.
///
/// ```
/// assert_eq!(
///     apierror::redact::redact("connect postgres://app:hunter2@10.0.0.5/main").as_deref(),
///     Some("connect postgres://[redacted]@[redacted]/main"),
/// );
/// assert_eq!(apierror::redact::redact("account 7 not found"), None);
/// ```
pub fn redact(text: &str) -> Option<String> {
    if !may_hold_secret(text) {
        return None;
    }
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut index = 0;
    // Every check runs at every character, so each one must look ahead a bounded
    // distance or only where a match can start, or remember what it has scanned:
    // the text may be a megabyte of request data, and a scan to the end of the text
    // at each character is quadratic.
    let mut scanned = Scanned::default();
    while index < text.len() {
        let Some((keep, skip)) = find_secret(text, index, &mut scanned) else {
            index += text[index..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
        out.push_str(&text[copied..index + keep]);
        out.push_str(MARK);
        index += keep + skip;
        copied = index;
    }
    let mut out = out?;
    out.push_str(&text[copied..]);
    Some(out)
}

/// One cheap pass that rules out most messages: every pattern needs a `:`, `/` or
/// `=`, a `.` after a digit (IPv4), a `bearer ` or `basic `, or a run of 32 key-like
/// characters. Most messages (`authentication required`) hold none of them, and
/// skip the full scan.
fn may_hold_secret(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut run = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        match byte {
            b':' | b'/' | b'=' => return true,
            b'.' if index > 0 && bytes[index - 1].is_ascii_digit() => return true,
            b'b' | b'B' if starts_scheme_word(&bytes[index..]) => return true,
            _ => {}
        }
        let key_like = byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'+' | b'.' | b'-');
        run = if key_like { run + 1 } else { 0 };
        if run >= 32 {
            return true;
        }
    }
    false
}

/// Whether `bytes` starts with `bearer ` or `basic `, in any case.
fn starts_scheme_word(bytes: &[u8]) -> bool {
    ["bearer ", "basic "].iter().any(|word| {
        bytes
            .get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word.as_bytes()))
    })
}

/// What the scan has learnt so far, so that no part of the text is scanned twice.
#[derive(Default)]
struct Scanned {
    /// Where the last key-like word that was too short or too plain ends: any
    /// position before it is inside that word, and a suffix of such a word is
    /// shorter and has no more kinds of characters, so it is not key-like either.
    plain_word_end: usize,
}

/// A secret starting at `at`: how many bytes to keep before the mark, and how many
/// bytes the mark replaces.
fn find_secret(text: &str, at: usize, scanned: &mut Scanned) -> Option<(usize, usize)> {
    let rest = &text[at..];
    let boundary = text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !is_word_char(c));
    if !boundary {
        // `DB_PASSWORD=…`: a key may end a longer name joined by `_` (a `-` or `.`
        // before it is a boundary already).
        let joined = text[..at].ends_with('_');
        return url_credentials_after_scheme(rest)
            .or_else(|| joined.then(|| key_value(rest)).flatten());
    }
    url_credentials_after_scheme(rest)
        .or_else(|| bearer(rest))
        .or_else(|| basic(rest))
        .or_else(|| key_value(rest))
        .or_else(|| ip_address(rest))
        .or_else(|| path(text, at))
        .or_else(|| key_like(rest, at, scanned))
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `://user:pass@`: keeps `://`, marks the user info.
fn url_credentials_after_scheme(rest: &str) -> Option<(usize, usize)> {
    let after = rest.strip_prefix("://")?;
    let end =
        after.find(|c: char| c == '/' || c == '@' || c == '?' || c == '#' || c.is_whitespace())?;
    (end > 0 && after[end..].starts_with('@')).then_some((3, end))
}

fn bearer(rest: &str) -> Option<(usize, usize)> {
    let prefix = rest.get(..7)?;
    if !prefix.eq_ignore_ascii_case("bearer ") {
        return None;
    }
    let token = rest[7..]
        .find(char::is_whitespace)
        .unwrap_or(rest.len() - 7);
    (token > 0).then_some((7, token))
}

/// `Basic <base64>`: only a token that looks like base64 of credentials, so that
/// "basic validation failed" stays as it is.
fn basic(rest: &str) -> Option<(usize, usize)> {
    let prefix = rest.get(..6)?;
    if !prefix.eq_ignore_ascii_case("basic ") {
        return None;
    }
    let token = &rest[6..];
    let end = token
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')))
        .unwrap_or(token.len());
    let bytes = &token.as_bytes()[..end];
    let marked = bytes
        .iter()
        .any(|b| b.is_ascii_digit() || matches!(b, b'+' | b'/' | b'='))
        || bytes.iter().skip(1).any(u8::is_ascii_uppercase);
    (end >= 8 && end % 4 == 0 && marked).then_some((6, end))
}

/// Whether `head` is `key`, ignoring ASCII case, with `-` matching `_`.
fn is_key(head: &[u8], key: &str) -> bool {
    head.len() == key.len()
        && head
            .iter()
            .zip(key.bytes())
            .all(|(&h, k)| h.eq_ignore_ascii_case(&k) || (h == b'-' && k == b'_'))
}

fn key_value(rest: &str) -> Option<(usize, usize)> {
    let key = SECRET_KEYS.iter().find(|key| {
        rest.as_bytes()
            .get(..key.len())
            .is_some_and(|head| is_key(head, key))
    })?;
    let after_key = &rest[key.len()..];
    let separator = after_key.len() - after_key.trim_start_matches([' ', '"', '\'']).len();
    let after_quote = &after_key[separator..];
    if !after_quote.starts_with(['=', ':']) {
        return None;
    }
    let after_sign = &after_quote[1..];
    let padding = after_sign.len() - after_sign.trim_start_matches([' ', '"', '\'']).len();
    let keep = key.len() + separator + 1 + padding;
    let value = &rest[keep..];
    let end = value
        .find(|c: char| c.is_whitespace() || matches!(c, '&' | ',' | ';' | '"' | '\'' | ')' | '}'))
        .unwrap_or(value.len());
    (end > 0).then_some((keep, end))
}

/// The most bytes of hex digits, dots and colons read as one address candidate: an
/// IPv6 address is at most 45 characters. Bounds the look-ahead at each character.
const MAX_ADDRESS_RUN: usize = 64;

fn ip_address(rest: &str) -> Option<(usize, usize)> {
    // ASCII only, so `run` is a character boundary.
    let run = rest
        .bytes()
        .take(MAX_ADDRESS_RUN)
        .position(|b| !(b.is_ascii_hexdigit() || b == b'.' || b == b':'))
        .unwrap_or(rest.len().min(MAX_ADDRESS_RUN));
    let candidate = rest[..run].trim_end_matches(['.', ':']);
    // An IPv4 address, maybe followed by `:port`, which is kept.
    let ipv4 = candidate.split(':').next().unwrap_or_default();
    if ipv4.parse::<std::net::Ipv4Addr>().is_ok() {
        return Some((0, ipv4.len()));
    }
    let has_digit = candidate.bytes().any(|b| b.is_ascii_digit());
    let colons = candidate.bytes().filter(|b| *b == b':').count();
    (has_digit && colons >= 2 && candidate.parse::<std::net::Ipv6Addr>().is_ok())
        .then_some((0, candidate.len()))
}

/// `/a/b…` after a space, quote, `(` or `=`, or `C:\…`.
fn path(text: &str, at: usize) -> Option<(usize, usize)> {
    let rest = &text[at..];
    let before = text[..at].chars().next_back();
    let after_delimiter =
        before.is_none_or(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '(' | '=' | '`'));
    let bytes = rest.as_bytes();
    let unix_start = after_delimiter && rest.starts_with('/');
    let windows_start = bytes.len() > 3 && bytes[0].is_ascii_alphabetic() && &bytes[1..3] == b":\\";
    // Only where a path can start is the word scanned: a word that holds no second
    // `/` holds no other start either, so no part of the text is scanned twice.
    if !(unix_start || windows_start) {
        return None;
    }
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ')' | ',' | ';' | '`'))
        .unwrap_or(rest.len());
    let word = &rest[..end];
    let unix = unix_start && word[1..].contains('/') && word.len() > 2;
    let windows = windows_start && word.len() > 3;
    (unix || windows).then_some((0, end))
}

fn key_like(rest: &str, at: usize, scanned: &mut Scanned) -> Option<(usize, usize)> {
    if at < scanned.plain_word_end {
        return None;
    }
    let end = rest
        .find(|c: char| {
            !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '/' | '=' | '.' | '-'))
        })
        .unwrap_or(rest.len());
    let word = &rest[..end];
    let digit = word.bytes().any(|b| b.is_ascii_digit());
    let lower = word.bytes().any(|b| b.is_ascii_lowercase());
    let upper = word.bytes().any(|b| b.is_ascii_uppercase());
    let long_enough = word.len() >= 40 || (word.len() >= 32 && upper);
    if !(long_enough && digit && lower) {
        scanned.plain_word_end = at + end;
        return None;
    }
    Some((0, end))
}

#[cfg(test)]
mod tests {
    use super::redact;

    fn redacted(text: &str) -> String {
        redact(text).unwrap_or_else(|| text.to_owned())
    }

    #[test]
    fn vectors() {
        let cases = [
            (
                "connect postgres://app:hunter2@db.internal:5432/main",
                "connect postgres://[redacted]@db.internal:5432/main",
            ),
            (
                "GET https://user@example.com/x",
                "GET https://[redacted]@example.com/x",
            ),
            (
                "header Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.x",
                "header Authorization: Bearer [redacted]",
            ),
            (
                "login failed: password=hunter2&user=bob",
                "login failed: password=[redacted]&user=bob",
            ),
            ("PASSWORD: 'hunter2', next", "PASSWORD: '[redacted]', next"),
            (
                "config {\"api_key\": \"abc123\"}",
                "config {\"api_key\": \"[redacted]\"}",
            ),
            (
                "access_token=xyz token=abc",
                "access_token=[redacted] token=[redacted]",
            ),
            (
                "key sk_live_4eC39HqLyjWDarjtT1zdp7dcAbCdEf12 used",
                "key [redacted] used",
            ),
            (
                "sha 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12 ok",
                "sha [redacted] ok",
            ),
            ("peer 10.0.0.5:5432 refused", "peer [redacted]:5432 refused"),
            (
                "peer fe80::1 and ::1 down",
                "peer [redacted] and [redacted] down",
            ),
            ("open /home/app/.env: denied", "open [redacted] denied"),
            ("open(\"/etc/shadow\")", "open(\"[redacted]\")"),
            ("read C:\\app\\secrets.txt", "read [redacted]"),
        ];
        for (input, expected) in cases {
            assert_eq!(redacted(input), expected, "{input}");
        }
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        for text in [
            "account 7 not found",
            "too many requests; retry in 30s",
            "std::io::Error and a::b",
            "version 1.2.3 of a/b",
            "see https://errors.example.com/not_found",
            "the tokenizer failed",
            "trace 0b4f5e3a-5c1d-4f7e-9a8e-2d6f1c3b7a90",
            "日本語のメッセージ",
            "",
        ] {
            assert_eq!(redact(text), None, "{text}");
        }
    }
}

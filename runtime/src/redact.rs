//! Redaction of secrets from messages that come from an error's `Display`.
//!
//! Defense in depth: a variant that is exposed without a `message` template shows its
//! `Display` text, and that text may quote a connection string or a header. Before it
//! is written, these are replaced by `[redacted]`:
//!
//! | what | example | becomes |
//! | --- | --- | --- |
//! | URL credentials | `postgres://app:hunter2@db:5432/x` | `postgres://[redacted]@db:5432/x` |
//! | `user:password@host` without a scheme, at the start of a word | `deploy:pw1@git.example.com` | `[redacted]@git.example.com` |
//! | bearer tokens, unless the word is prose (`Bearer token missing`) | `Bearer eyJhbGciOi…` | `Bearer [redacted]` |
//! | basic credentials: 8 or more base64 characters, a multiple of 4, with a digit, `+`, `/`, `=` or an uppercase letter after the first | `Basic dXNlcjpodW50ZXIy` | `Basic [redacted]` |
//! | the value of a secret key (below) after `=` | `password=hunter2` | `password=[redacted]` |
//! | … after `:`, unless a prose word follows (`password: must be 8 characters`) | `token: abc` | `token: [redacted]` |
//! | … after a space (or `is`, `was`), when it looks like a value: 4 or more characters, a letter, and a digit, a symbol or an inner capital (a PIN: digits alone) | `password hunter2` | `password [redacted]` |
//! | … in quotes or parentheses, whole | `"password": "a b 1"` | `"password": "[redacted]"` |
//! | API-key-like words: 32 or more of `[A-Za-z0-9_+/=.-]` with a digit, a lowercase and an uppercase letter (or 40 or more without the uppercase) | `sk_live_4eC39HqLyjWDarjtT1zdp7dc…` | `[redacted]` |
//! | command-line credentials: the `user:password` after `-u`/`--user`, a secret-looking value against `-p` | `curl -u admin:s3cret`, `-pMyS3cretPw` | `curl -u [redacted]`, `-p[redacted]` |
//! | internal IPv4 and IPv6 addresses: private, shared, loopback, link-local, unique-local, unspecified | `10.0.0.5`, `fe80::1` | `[redacted]` |
//! | absolute file-system paths: a Unix path under a file-system root (`/etc`, `/home`, `/var`, `/app`, …), a Windows path | `/home/app/.env`, `C:\app\secrets.txt` | `[redacted]` |
//!
//! The secret keys: `password`, `passwd`, `pwd`, `passphrase`, `secret`,
//! `client_secret`, `secret_key`, `private_key`, `signing_key`, `encryption_key`,
//! `master_key`, `access_key`, `token`, `access_token`, `api_key`, `apikey`,
//! `credential(s)`, `session`, `sessionid`, `csrftoken`, `recovery_code`, `pin`; also as
//! the last part of a longer name (`DB_PASSWORD`, `x-api-key`, `refresh_token`).
//!
//! Left alone on purpose: a public IP address (in a 4xx message most often the
//! client's own, or a version such as `1.2.3.4`), and a URL path (`/accounts/7`).
//! What is not caught (a dictionary word after `password ` with a space, `user/pass`)
//! is measured against a corpus in RELIABILITY.md.
//!
//! Matching is case-insensitive for keys, `Bearer` and `Basic`, and `-` or a space
//! in a key matches `_`. Messages written from a
//! `message = "…"` template are not redacted: the template names exactly what may be
//! shown. Turn redaction off per request with
//! [`Context::with_redaction(false)`](crate::Context::with_redaction).
//!
//! Hand-written rather than built on `regex`: it runs on every `Display`-based message,
//! costs one pass without allocating when nothing matches, and keeps `regex` out of
//! every service's build.

use std::sync::atomic::{AtomicU64, Ordering};

const MARK: &str = "[redacted]";

/// Longest first where one key starts another (`secret_key` before `secret`). A `_`
/// also matches `-` and a space (`x-api-key`, `api key`).
const SECRET_KEYS: &[&str] = &[
    "encryption_key",
    "client_secret",
    "recovery_code",
    "access_token",
    "credentials",
    "private_key",
    "signing_key",
    "access_key",
    "credential",
    "master_key",
    "passphrase",
    "secret_key",
    "csrftoken",
    "sessionid",
    "password",
    "api_key",
    "session",
    "passwd",
    "secret",
    "apikey",
    "token",
    "pwd",
    "pin",
];

/// Words that, right after a key and `:` (or as a bearer "token"), begin prose rather
/// than a value: `password: must be 8 characters`, `invalid token: expired`,
/// `Bearer token missing`.
const PROSE_WORDS: &[&str] = &[
    "a",
    "absent",
    "already",
    "an",
    "and",
    "are",
    "at",
    "authentication",
    "authorization",
    "be",
    "been",
    "blank",
    "by",
    "can",
    "cannot",
    "could",
    "denied",
    "did",
    "disabled",
    "do",
    "does",
    "empty",
    "expired",
    "field",
    "for",
    "from",
    "has",
    "have",
    "header",
    "in",
    "incorrect",
    "invalid",
    "is",
    "malformed",
    "may",
    "mismatch",
    "missing",
    "must",
    "needed",
    "never",
    "no",
    "none",
    "not",
    "null",
    "of",
    "on",
    "only",
    "or",
    "please",
    "rejected",
    "required",
    "revoked",
    "scheme",
    "short",
    "should",
    "the",
    "to",
    "token",
    "too",
    "unknown",
    "unset",
    "unsupported",
    "was",
    "weak",
    "were",
    "will",
    "with",
    "without",
    "wrong",
];

/// File-system roots: a `/a/b` path is a file path, not a URL path (`/accounts/7`),
/// when its first segment is one of these.
const FILE_SYSTEM_ROOTS: &[&str] = &[
    "Library", "Users", "Volumes", "app", "bin", "boot", "dev", "etc", "home", "lib", "lib64",
    "mnt", "nix", "opt", "private", "proc", "root", "run", "sbin", "srv", "sys", "tmp", "usr",
    "var",
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
    scan(text)
}

/// [`redact`] for a text fixed at compile time (a variant's `#[error("…")]` without
/// placeholders), which is the same on every response: once it is found clean it is
/// remembered and not scanned again.
pub(crate) fn redact_static(text: &'static str) -> Option<String> {
    let Some(key) = memo_key(text) else {
        return redact(text);
    };
    let slot = &CLEAN_STATIC_TEXTS[memo_slot(key)];
    if slot.load(Ordering::Relaxed) == key {
        return None;
    }
    let redacted = redact(text);
    if redacted.is_none() {
        slot.store(key, Ordering::Relaxed);
    }
    redacted
}

/// Static texts found clean, by [`memo_key`]: direct-mapped, so a text whose slot
/// another took is scanned again, never taken for the other. Only clean verdicts
/// are kept, and a key names exactly one text, so a stale or lost store costs a
/// scan and cannot hide a secret.
static CLEAN_STATIC_TEXTS: [AtomicU64; 64] = [const { AtomicU64::new(0) }; 64];

/// A static text's address and length in one word (never 0): exact for addresses
/// below 2^48 and texts shorter than 64 KiB; other texts are not remembered.
fn memo_key(text: &'static str) -> Option<u64> {
    let address = u64::try_from(text.as_ptr().addr()).ok()?;
    let len = u64::try_from(text.len()).ok()?;
    (address < 1 << 48 && (1..1 << 16).contains(&len)).then_some(address << 16 | len)
}

fn memo_slot(key: u64) -> usize {
    // The address's low bits are the alignment's; the length breaks ties.
    usize::try_from((key >> 19 ^ key >> 27 ^ key) % 64).unwrap_or(0)
}

/// The full scan behind [`redact`], for a text the pre-check did not rule out.
fn scan(text: &str) -> Option<String> {
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
/// `=`, a `.` after a digit (IPv4), a `-p` flag, a `bearer ` or `basic `, a secret
/// key's name, or a run of 32 key-like characters. Most messages (`authentication
/// required`) hold none of them, and skip the full scan. One table lookup per byte
/// classifies it; only a letter that starts a word looks further.
fn may_hold_secret(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut run = 0;
    // Whether the byte before is a letter or digit: a word (or a `_`-joined part of
    // a name, `DB_PASSWORD`) starts at a letter after anything else.
    let mut in_word = false;
    let mut after_digit = false;
    for (index, &byte) in bytes.iter().enumerate() {
        let class = BYTE_CLASSES[usize::from(byte)];
        if class & ALPHANUMERIC != 0 {
            // `Bearer …`, `Basic …`, and `password hunter2`, which needs none of the
            // signs below.
            if !in_word && class & LETTER != 0 && starts_key_or_scheme(&bytes[index..]) {
                return true;
            }
        } else if class & SIGN != 0
            || (byte == b'.' && after_digit)
            // `-pS3cret`, `-p"S3cret!"`: a password against a command-line flag, up
            // to the next space.
            || (byte == b'-' && bytes.get(index + 1) == Some(&b'p')
                && bytes.get(index + 2).is_some_and(|next| !next.is_ascii_whitespace()))
        {
            return true;
        }
        run = if class & KEY_LIKE != 0 { run + 1 } else { 0 };
        if run >= 32 {
            return true;
        }
        in_word = class & ALPHANUMERIC != 0;
        after_digit = class & DIGIT != 0;
    }
    false
}

/// The byte classes [`may_hold_secret`] tells apart, as bits of [`BYTE_CLASSES`].
const ALPHANUMERIC: u8 = 1;
const LETTER: u8 = 2;
const DIGIT: u8 = 4;
/// Letters, digits and `_ + . -`: what a run of key-like characters is made of.
const KEY_LIKE: u8 = 8;
/// `:`, `/` and `=`, which every key-value, URL and path pattern needs.
const SIGN: u8 = 16;

/// The class bits of every byte value.
const BYTE_CLASSES: [u8; 256] = {
    let mut classes = [0; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        classes[byte] = if b.is_ascii_alphabetic() {
            ALPHANUMERIC | LETTER | KEY_LIKE
        } else if b.is_ascii_digit() {
            ALPHANUMERIC | DIGIT | KEY_LIKE
        } else if matches!(b, b'_' | b'+' | b'.' | b'-') {
            KEY_LIKE
        } else if matches!(b, b':' | b'/' | b'=') {
            SIGN
        } else {
            0
        };
        byte += 1;
    }
    classes
};

/// Whether `rest`, at the start of a word, starts with `bearer `, `basic ` or a
/// secret key.
fn starts_key_or_scheme(bytes: &[u8]) -> bool {
    starts_scheme_word(bytes) || (may_start_key(bytes) && secret_key(bytes).is_some())
}

/// The first three letters of every secret key (a test holds them to
/// [`SECRET_KEYS`]). Most words start otherwise, and the pre-check then rules them
/// out without trying every key: it runs at each word of every `Display` message.
const KEY_STARTS: &[[u8; 3]] = &[
    *b"acc", *b"api", *b"cli", *b"cre", *b"csr", *b"enc", *b"mas", *b"pas", *b"pin", *b"pri",
    *b"pwd", *b"rec", *b"sec", *b"ses", *b"sig", *b"tok",
];

/// Whether a secret key may start `bytes`, by its first three letters in any case.
fn may_start_key(bytes: &[u8]) -> bool {
    bytes.get(..3).is_some_and(|head| {
        let head = [
            head[0].to_ascii_lowercase(),
            head[1].to_ascii_lowercase(),
            head[2].to_ascii_lowercase(),
        ];
        KEY_STARTS.contains(&head)
    })
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
        .or_else(|| user_info(text, at))
        .or_else(|| credential_flag(text, at))
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
    // "Bearer token missing", "use the Bearer scheme": the word is prose.
    (token > 0 && !is_prose_word(&rest[7..7 + token])).then_some((7, token))
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

/// Whether `head` is `key`, ignoring ASCII case, with `-` or a space matching `_`.
fn is_key(head: &[u8], key: &str) -> bool {
    head.len() == key.len()
        && head
            .iter()
            .zip(key.bytes())
            .all(|(&h, k)| h.eq_ignore_ascii_case(&k) || (matches!(h, b'-' | b' ') && k == b'_'))
}

/// The secret key `rest` starts with, if any.
fn secret_key(rest: &[u8]) -> Option<&'static str> {
    SECRET_KEYS
        .iter()
        .copied()
        .find(|key| rest.get(..key.len()).is_some_and(|head| is_key(head, key)))
}

/// How a value is tied to its key, which says how sure it is that a value follows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Separator {
    /// `password=…`: always a value.
    Equals,
    /// `password: …`: a value unless prose follows (`password: must be …`).
    Colon,
    /// `password …`, `password is …`: a value only if it looks like one (`hunter2`,
    /// not `reset`).
    Space,
}

/// The most bytes between an opening quote and its closing one, and of an unquoted
/// value read to decide whether it is one. Bounds the look-ahead at each key.
const MAX_QUOTED: usize = 256;

fn key_value(rest: &str) -> Option<(usize, usize)> {
    let key = secret_key(rest.as_bytes())?;
    let after_key = &rest[key.len()..];
    // `"password": …`: the quote that closes a quoted key.
    let key_quote = after_key.len() - after_key.trim_start_matches(['"', '\'']).len();
    let spaced = &after_key[key_quote..];
    let spaces = spaced.len() - spaced.trim_start_matches(' ').len();
    let (separator, sign) = match spaced.as_bytes().get(spaces) {
        Some(b'=') => (Separator::Equals, 1),
        Some(b':') => (Separator::Colon, 1),
        // `'password' is required`: a quoted key then a space names the field.
        _ if spaces > 0 && key_quote == 0 => (Separator::Space, 0),
        _ => return None,
    };
    let mut keep = key.len() + key_quote + spaces + sign;
    keep += rest[keep..].len() - rest[keep..].trim_start_matches(' ').len();
    if separator == Separator::Space {
        keep += connective(&rest[keep..]);
    }
    let after = &rest[keep..];
    let (skip, value) =
        quoted(after).unwrap_or_else(|| (0, bare_value(after, separator, MAX_QUOTED)));
    let in_quotes = skip > 0 && after.starts_with(['"', '\'']);
    if value.is_empty() || !is_value(key, separator, value, in_quotes) {
        return None;
    }
    let whole = if skip == 0 {
        bare_value(after, separator, after.len()).len()
    } else {
        value.len()
    };
    Some((keep + skip, whole))
}

/// Whether `value`, after `key` and `separator`, is the key's value rather than prose.
fn is_value(key: &str, separator: Separator, value: &str, in_quotes: bool) -> bool {
    match separator {
        Separator::Equals => true,
        // `credentials: password hunter2`: the next key holds the value.
        Separator::Colon => !is_prose_word(value) && secret_key(value.as_bytes()).is_none(),
        Separator::Space if in_quotes => !is_prose_word(value),
        Separator::Space => looks_secret(value, key == "pin"),
    }
}

/// The length of `is ` or `was ` at the start of `text` (`password is hunter2`).
fn connective(text: &str) -> usize {
    ["is ", "was "]
        .iter()
        .find(|word| {
            text.as_bytes()
                .get(..word.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(word.as_bytes()))
        })
        .map_or(0, |word| word.len())
}

/// A value between quotes or parentheses: the opening mark's length and the value.
/// Only as far as [`MAX_QUOTED`] bytes; without a closing mark there, `None`. A mark
/// escaped with `\\` (as `Debug` writes a quote inside a string) does not close it,
/// or the rest of a secret such as `p\"ss word` would be left out of the value.
fn quoted(text: &str) -> Option<(usize, &str)> {
    let close = match text.as_bytes().first()? {
        b'"' => b'"',
        b'\'' => b'\'',
        b'`' => b'`',
        b'(' => b')',
        _ => return None,
    };
    let window = &text[1..floor_char_boundary(text, MAX_QUOTED)];
    let mut bytes = window.bytes().enumerate();
    // The marks are ASCII, so the end found is a character boundary.
    while let Some((at, byte)) = bytes.next() {
        match byte {
            b'\\' => {
                bytes.next();
            }
            _ if byte == close => return Some((1, &window[..at])),
            _ => {}
        }
    }
    None
}

/// The largest character boundary of `text` at or before `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// An unquoted value: up to a space or a delimiter (`&` too after `=`, as in a query
/// string), without a sentence's final `.`. Read only as far as `limit` bytes: to
/// decide whether a value follows, [`MAX_QUOTED`] are enough (a longer one is no
/// prose word), and a scan to the end at every key that turns out to hold none
/// (`token:token:token:…`) would be quadratic; a value found is then read whole.
fn bare_value(text: &str, separator: Separator, limit: usize) -> &str {
    let window = &text[..floor_char_boundary(text, limit)];
    let end = window
        .find(|c: char| {
            c.is_whitespace()
                || matches!(c, ',' | ';' | '"' | '\'' | ')' | '}')
                || (c == '&' && separator == Separator::Equals)
        })
        .unwrap_or(window.len());
    window[..end].trim_end_matches('.')
}

/// A word of [`PROSE_WORDS`], in any case.
fn is_prose_word(word: &str) -> bool {
    PROSE_WORDS
        .iter()
        .any(|prose| prose.eq_ignore_ascii_case(word))
}

/// Whether a word after a key and a space is a value rather than prose: four
/// characters or more, with a letter and a digit, a symbol or an inner capital
/// (`hunter2`, `P@ssw0rd`, `AKIAIOSFODNN7EXAMPLE`), or digits alone for a PIN.
fn looks_secret(word: &str, digits_alone: bool) -> bool {
    let bytes = word.as_bytes();
    let letter = bytes.iter().any(u8::is_ascii_alphabetic);
    let digit = bytes.iter().any(u8::is_ascii_digit);
    let symbol = bytes.iter().any(|b| !b.is_ascii_alphanumeric());
    let lower = bytes.iter().any(u8::is_ascii_lowercase);
    let inner_capital = bytes.iter().skip(1).any(u8::is_ascii_uppercase);
    let marked = digit || symbol || (lower && inner_capital);
    bytes.len() >= 4 && ((letter && marked) || (digits_alone && digit && !letter))
}

/// `user:password@host` without a scheme (`ssh deploy:pw@git.example.com`), at the
/// start of a word: the user info is marked. Only where a word starts is it scanned,
/// so no part of the text is scanned twice.
fn user_info(text: &str, at: usize) -> Option<(usize, usize)> {
    // After a space only: a word is then scanned once (after a quote, `"""…` would
    // scan the rest of the text at each quote).
    let starts_word = text[..at]
        .chars()
        .next_back()
        .is_none_or(char::is_whitespace);
    if !starts_word {
        return None;
    }
    let rest = &text[at..];
    let word = &rest[..rest.find(char::is_whitespace).unwrap_or(rest.len())];
    let at_sign = word.rfind('@')?;
    let colon = word[..at_sign].find(':')?;
    let host = &word[at_sign + 1..];
    let plain = !word[..at_sign].contains('/') && !word[..colon].eq_ignore_ascii_case("mailto");
    (plain && colon > 0 && at_sign > colon + 1 && host.contains('.')).then_some((0, at_sign))
}

/// A command line's credentials, at the start of a word: the `user:password` after
/// `-u` or `--user` (curl), and a password written against `-p` (`-pS3cret!`, the
/// mysql client). The flag is kept, its value marked. A `-p` value must look like a
/// secret (see [`looks_secret`]), so `-p8080` and `-pretty` stay.
fn credential_flag(text: &str, at: usize) -> Option<(usize, usize)> {
    let after_space = text[..at]
        .chars()
        .next_back()
        .is_none_or(char::is_whitespace);
    if !after_space {
        return None;
    }
    let rest = &text[at..];
    let word_end = |from: usize| {
        let window = &rest[from..floor_char_boundary(rest, from + MAX_QUOTED)];
        from + window.find(char::is_whitespace).unwrap_or(window.len())
    };
    let user_flag = ["-u ", "--user ", "--user="]
        .into_iter()
        .find(|flag| rest.starts_with(flag));
    if let Some(flag) = user_flag {
        let value = &rest[flag.len()..word_end(flag.len())];
        let colon = value.find(':')?;
        return (colon > 0 && colon + 1 < value.len()).then_some((flag.len(), value.len()));
    }
    let value = &rest.strip_prefix("-p")?[..word_end(2) - 2];
    looks_secret(value, false).then_some((2, value.len()))
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
    if let Ok(address) = ipv4.parse::<std::net::Ipv4Addr>() {
        return is_internal_v4(address).then_some((0, ipv4.len()));
    }
    let has_digit = candidate.bytes().any(|b| b.is_ascii_digit());
    let colons = candidate.bytes().filter(|b| *b == b':').count();
    let internal = has_digit
        && colons >= 2
        && candidate
            .parse::<std::net::Ipv6Addr>()
            .is_ok_and(is_internal_v6);
    internal.then_some((0, candidate.len()))
}

/// A private, shared (carrier-grade NAT), loopback, link-local or unspecified IPv4
/// address: a host inside the service's network. A public address in a 4xx message is
/// most often the client's own (`IP 203.0.113.7 is not allowed`), or not an address
/// at all (`version 1.2.3.4`), and is left alone.
fn is_internal_v4(address: std::net::Ipv4Addr) -> bool {
    let [first, second, ..] = address.octets();
    address.is_private()
        || address.is_loopback()
        || address.is_link_local()
        || address.is_unspecified()
        || (first == 100 && (64..128).contains(&second))
}

/// A unique-local, loopback, link-local or unspecified IPv6 address, or an IPv4 one
/// mapped into IPv6 that [`is_internal_v4`].
fn is_internal_v6(address: std::net::Ipv6Addr) -> bool {
    address.is_unique_local()
        || address.is_loopback()
        || address.is_unicast_link_local()
        || address.is_unspecified()
        || address.to_ipv4_mapped().is_some_and(is_internal_v4)
}

/// `/a/b…` after a space, quote, `(` or `=`, or `C:\…`.
fn path(text: &str, at: usize) -> Option<(usize, usize)> {
    let rest = &text[at..];
    let before = text[..at].chars().next_back();
    let after_delimiter =
        before.is_none_or(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '(' | '=' | '`'));
    let bytes = rest.as_bytes();
    let unix = after_delimiter && under_file_system_root(rest);
    let windows = bytes.len() > 3 && bytes[0].is_ascii_alphabetic() && &bytes[1..3] == b":\\";
    // Only where a path is found is the word scanned, and the mark then covers it:
    // no part of the text is scanned twice.
    if !(unix || windows) {
        return None;
    }
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ')' | ',' | ';' | '`'))
        .unwrap_or(rest.len());
    Some((0, end))
}

/// Whether `rest` starts with `/root/` for one of the [`FILE_SYSTEM_ROOTS`]: a look
/// at a few bytes only.
fn under_file_system_root(rest: &str) -> bool {
    rest.strip_prefix('/').is_some_and(|path| {
        FILE_SYSTEM_ROOTS.iter().any(|root| {
            path.strip_prefix(root)
                .is_some_and(|after| after.starts_with('/'))
        })
    })
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
    use super::{may_hold_secret, redact, redact_static, scan};

    fn redacted(text: &str) -> String {
        redact(text).unwrap_or_else(|| text.to_owned())
    }

    #[test]
    fn command_line_credentials() {
        let cases = [
            (
                "curl -u admin:s3cret https://api.example.com/ returned 401",
                "curl -u [redacted] https://api.example.com/ returned 401",
            ),
            (
                "curl --user=ci:tok3n failed",
                "curl --user=[redacted] failed",
            ),
            ("mysql -pMyS3cretPw -h db", "mysql -p[redacted] -h db"),
            // A quoted password, which the cheap pre-check once let through unscanned.
            ("mysql -p\"S3cret!\" -h db", "mysql -p[redacted] -h db"),
            // Not credentials: a port, a word, a user alone, a flag inside a word.
            ("listen -p8080 refused", "listen -p8080 refused"),
            ("use -pretty output", "use -pretty output"),
            ("curl -u admin failed", "curl -u admin failed"),
            ("x-pS3cret9 is a name", "x-pS3cret9 is a name"),
        ];
        for (text, expected) in cases {
            assert_eq!(redacted(text), expected, "{text}");
        }
    }

    #[test]
    fn key_starts_are_exactly_the_keys_first_letters() {
        let mut starts: Vec<[u8; 3]> = super::SECRET_KEYS
            .iter()
            .map(|key| {
                key.as_bytes()[..3]
                    .try_into()
                    .expect("keys are 3 bytes or more")
            })
            .collect();
        starts.sort_unstable();
        starts.dedup();
        assert_eq!(starts, super::KEY_STARTS);
    }

    #[test]
    fn a_static_text_is_remembered_only_when_clean_and_only_as_itself() {
        static TEXT: &str = "password=hunter2 was rejected";
        let prefix: &'static str = &TEXT[..8];
        for _ in 0..3 {
            // "password" alone names no value: clean, and remembered.
            assert_eq!(redact_static(prefix), None);
            // The whole text starts at the same address: it must not pass for it.
            assert_eq!(
                redact_static(TEXT).as_deref(),
                Some("password=[redacted] was rejected")
            );
        }
        assert_eq!(redact_static("authentication required"), None);
        assert_eq!(redact_static("authentication required"), None);
    }

    /// The pre-check may only rule out what the full scan leaves alone: texts made of
    /// the pieces every pattern is built from, in many orders, never have a secret
    /// the pre-check misses.
    #[test]
    fn the_pre_check_never_hides_a_secret_from_the_scan() {
        const PIECES: &[&str] = &[
            "password",
            "token",
            "Bearer ",
            "basic ",
            "api_key",
            "DB_",
            "secret",
            " ",
            " ",
            "is ",
            "hunter2",
            "abc",
            "Xy9",
            ":",
            "/",
            "=",
            "@",
            ".",
            "-",
            "-p",
            "1",
            "10.0.0",
            "_",
            "+",
            "é",
            "\"",
            "'",
            "ssh",
            "tmp",
            "aGVsbG8gd29ybGQ=",
            "0123456789abcdef",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % bound as u64).expect("small")
        };
        let mut found = 0;
        for _ in 0..20_000 {
            let text: String = (0..1 + next(8))
                .map(|_| PIECES[next(PIECES.len())])
                .collect();
            if scan(&text).is_some() {
                found += 1;
                assert!(
                    may_hold_secret(&text),
                    "the pre-check hid a secret in {text:?}"
                );
            }
        }
        assert!(
            found > 1_000,
            "too few texts with a secret to mean anything: {found}"
        );
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
            (
                "login failed for alice with password hunter2",
                "login failed for alice with password [redacted]",
            ),
            ("password is hunter2", "password is [redacted]"),
            (
                "the supplied password (hunter2)",
                "the supplied password ([redacted])",
            ),
            ("api key AK7xQ2pL9mN4 revoked", "api key [redacted] revoked"),
            (
                "the PIN 4921 is incorrect",
                "the PIN [redacted] is incorrect",
            ),
            (
                "{\"password\": \"a b 1\"}",
                "{\"password\": \"[redacted]\"}",
            ),
            ("password: letmein", "password: [redacted]"),
            (
                "ssh deploy:pw1@git.example.com",
                "ssh [redacted]@git.example.com",
            ),
            ("Bearer abcdefghijkl", "Bearer [redacted]"),
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
            "The password: must be 8 characters",
            "invalid token: expired",
            "password reset link has expired",
            "client secret is required",
            "Bearer token missing; use the Bearer scheme",
            "route /accounts/7 not found",
            "invalid version 1.2.3.4",
            "IP 203.0.113.7 is not allowed",
            "mailto:bob@example.com bounced",
        ] {
            assert_eq!(redact(text), None, "{text}");
        }
    }
}

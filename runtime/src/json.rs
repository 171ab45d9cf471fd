//! JSON string escaping for the body writer.
//!
//! Hand-written rather than borrowed from `serde_json` because the writer escapes
//! text as `Display` produces it, chunk by chunk through `fmt::Write`, with a
//! character budget; `serde_json` escapes only whole `&str` values.

use std::fmt;

/// Appends `text` to `out` as the inside of a JSON string (no quotes).
///
/// Most text needs no escaping at all, so it is scanned eight bytes at a time and
/// copied in runs; only a word that holds a byte to escape is looked at byte by byte.
pub(crate) fn escape_into(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    // Clean words are skipped eight bytes at a time; a word with a byte to escape,
    // and the last few bytes, go byte by byte.
    for word in &mut words {
        let mut eight = [0; 8];
        eight.copy_from_slice(word);
        if has_escape_byte(u64::from_le_bytes(eight)) {
            break;
        }
        at += 8;
    }
    let mut copied = 0;
    for (offset, &byte) in bytes[at..].iter().enumerate() {
        if needs_escape(byte) {
            out.extend_from_slice(&bytes[copied..at + offset]);
            push_escape(out, byte);
            copied = at + offset + 1;
        }
    }
    out.extend_from_slice(&bytes[copied..]);
}

/// Whether `text` is ASCII without a byte JSON escapes: such text is copied as it
/// is and counts one character per byte. One pass, eight bytes at a time.
pub(crate) fn is_plain_ascii(text: &str) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = text.as_bytes().chunks_exact(8);
    let mut special = 0;
    for word in &mut words {
        let mut eight = [0; 8];
        eight.copy_from_slice(word);
        let word = u64::from_le_bytes(eight);
        special |= word & HIGH | u64::from(has_escape_byte(word));
    }
    // Printable ASCII is 0x20..0x7f; of it only `"` and `\` are escaped.
    let tail = words
        .remainder()
        .iter()
        .any(|&byte| !(0x20..0x7f).contains(&byte) || byte == b'"' || byte == b'\\');
    special == 0 && !tail
}

/// Whether no byte of `text` needs escaping: eight bytes at a time, the last few
/// padded with spaces, without a branch per byte.
pub(crate) fn is_plain(text: &str) -> bool {
    let mut words = text.as_bytes().chunks_exact(8);
    let mut escape = false;
    for word in &mut words {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(word);
        escape |= has_escape_byte(u64::from_le_bytes(bytes));
    }
    let mut last = [b' '; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    !(escape | has_escape_byte(u64::from_le_bytes(last)))
}

/// Whether JSON needs `byte` escaped: `"`, `\`, control bytes and DEL.
fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\' || byte == 0x7f
}

/// Whether any byte of `word` needs escaping. Each test is the exact "has a byte
/// below n" bit trick: a borrow starts only at a byte that matches.
fn has_escape_byte(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |value: u64, n: u64| value.wrapping_sub(ONES * n) & !value & HIGH;
    let control = below(word, 0x20);
    let quote = below(word ^ (ONES * u64::from(b'"')), 1);
    let backslash = below(word ^ (ONES * u64::from(b'\\')), 1);
    let delete = below(word ^ (ONES * 0x7f), 1);
    control | quote | backslash | delete != 0
}

fn push_escape(out: &mut Vec<u8>, byte: u8) {
    match byte {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\t' => out.extend_from_slice(b"\\t"),
        _ => push_unicode_escape(out, byte),
    }
}

fn push_unicode_escape(out: &mut Vec<u8>, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.extend_from_slice(b"\\u00");
    out.push(HEX[usize::from(byte >> 4)]);
    out.push(HEX[usize::from(byte & 0xf)]);
}

/// Appends `text` to `out` as a complete JSON string, quotes included.
pub(crate) fn push_string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    escape_into(out, text);
    out.push(b'"');
}

/// `text` as a complete JSON string, quotes included.
pub(crate) fn string(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 2);
    push_string(&mut out, text);
    into_string(out)
}

/// The text of JSON written from whole `&str`s, which is always UTF-8.
pub(crate) fn into_string(out: Vec<u8>) -> String {
    String::from_utf8(out).unwrap_or_default()
}

/// A `fmt::Write` that escapes what it is given into a JSON string body and stops
/// after `budget` characters, remembering that it cut the text.
pub(crate) struct Escaper<'a> {
    out: &'a mut Vec<u8>,
    budget: usize,
    truncated: bool,
}

impl<'a> Escaper<'a> {
    pub(crate) fn new(out: &'a mut Vec<u8>, budget: usize) -> Self {
        Escaper {
            out,
            budget,
            truncated: false,
        }
    }

    /// Whether the text was longer than the budget and was cut.
    pub(crate) fn truncated(&self) -> bool {
        self.truncated
    }
}

impl Escaper<'_> {
    /// Writes `text` that is known to be printable ASCII other than `"` and `\\`
    /// (the derive checks a template's text): copied without a look at its bytes.
    pub(crate) fn write_plain(&mut self, text: &str) -> fmt::Result {
        if self.truncated || text.len() > self.budget {
            return fmt::Write::write_str(self, text);
        }
        self.budget -= text.len();
        self.out.extend_from_slice(text.as_bytes());
        Ok(())
    }
}

impl fmt::Write for Escaper<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        if self.truncated {
            return Ok(());
        }
        // Most chunks are short and fit; counting chars only when they may not
        // keeps the common path to one length check.
        if text.len() <= self.budget {
            if is_plain_ascii(text) {
                self.budget -= text.len();
                self.out.extend_from_slice(text.as_bytes());
                return Ok(());
            }
            self.budget -= char_count(text);
            escape_into(self.out, text);
            return Ok(());
        }
        let kept = match text.char_indices().nth(self.budget) {
            Some((cut, _)) => {
                self.truncated = true;
                &text[..cut]
            }
            None => text,
        };
        self.budget -= char_count(kept);
        escape_into(self.out, kept);
        Ok(())
    }
}

/// The characters of `text`; ASCII, checked a word at a time, is counted by length.
fn char_count(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

/// What ends a text cut at its budget.
pub(crate) const TRUNCATION_MARKER: &str = "…";

/// Writes `text` as a JSON string, cut at `budget` characters: what `push_display`
/// writes for a `&str`, without going through `fmt`.
pub(crate) fn push_text(out: &mut Vec<u8>, text: &str, budget: usize) {
    out.push(b'"');
    let mut escaper = Escaper::new(out, budget);
    let _ = fmt::Write::write_str(&mut escaper, text);
    if escaper.truncated() {
        out.extend_from_slice(TRUNCATION_MARKER.as_bytes());
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;

    fn escaped(text: &str) -> String {
        let mut out = Vec::new();
        push_string(&mut out, text);
        String::from_utf8(out).expect("escaping keeps UTF-8")
    }

    #[test]
    fn plain_text_is_what_escaping_leaves_alone() {
        for text in [
            "",
            "a",
            "internal_error",
            "Account not found",
            "https://errors.example.com/x",
            "é ü",
        ] {
            assert!(is_plain(text), "{text:?}");
            assert_eq!(escaped(text), format!("\"{text}\""));
        }
        for text in [
            "\"",
            "a\\b",
            "line\nbreak",
            "twelve chars\u{7f}",
            "0123456789abcde\"",
        ] {
            assert!(!is_plain(text), "{text:?}");
        }
    }

    #[test]
    fn escapes_what_json_requires() {
        assert_eq!(
            escaped("a\"b\\c\nd\u{1}\u{7f}"),
            r#""a\"b\\c\nd\u0001\u007f""#
        );
    }

    #[test]
    fn round_trips_hostile_text() {
        for text in [
            "\u{202e}evil\u{202c}",
            "\0\u{8}\u{c}",
            "日本語 ✓ \u{10ffff}",
            "\"}]}",
        ] {
            let back: String = serde_json::from_str(&escaped(text)).expect("valid JSON");
            assert_eq!(back, text);
        }
    }

    #[test]
    fn word_at_a_time_scan_matches_byte_by_byte() {
        let reference = |text: &str| {
            let mut out = Vec::new();
            for byte in text.bytes() {
                if needs_escape(byte) {
                    push_escape(&mut out, byte);
                } else {
                    out.push(byte);
                }
            }
            out
        };
        for special in (0u8..=0x7f)
            .map(char::from)
            .chain(['é', '日', '\u{10ffff}'])
        {
            for at in 0..20 {
                for len in [at + 1, 9, 16, 17, 24] {
                    let text: String = (0..len.max(at + 1))
                        .map(|i| if i == at { special } else { 'a' })
                        .collect();
                    let mut out = Vec::new();
                    escape_into(&mut out, &text);
                    assert_eq!(out, reference(&text), "{special:?} at {at} in {len}");
                    assert_eq!(
                        is_plain_ascii(&text),
                        out == text.as_bytes() && text.is_ascii(),
                        "{special:?} at {at} in {len}"
                    );
                }
            }
        }
    }

    #[test]
    fn escaper_cuts_at_a_character_boundary() {
        let mut out = Vec::new();
        let mut escaper = Escaper::new(&mut out, 3);
        escaper.write_str("ééé").expect("infallible");
        escaper.write_str("éé").expect("infallible");
        assert!(escaper.truncated());
        assert_eq!(String::from_utf8(out).expect("UTF-8"), "ééé");
    }
}

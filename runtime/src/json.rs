//! JSON string escaping for the body writer.
//!
//! Hand-written rather than borrowed from `serde_json` because the writer escapes
//! text as `Display` produces it, chunk by chunk through `fmt::Write`, with a
//! character budget; `serde_json` escapes only whole `&str` values.

use std::fmt;

/// Appends `text` to `out` as the inside of a JSON string (no quotes).
pub(crate) fn escape_into(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        let escape: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x00..=0x1f | 0x7f => {
                out.extend_from_slice(&bytes[start..i]);
                push_unicode_escape(out, byte);
                start = i + 1;
                continue;
            }
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(escape);
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
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

impl fmt::Write for Escaper<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        if self.truncated {
            return Ok(());
        }
        // Most chunks are short and fit; counting chars only when they may not
        // keeps the common path to one length check.
        if text.len() <= self.budget {
            self.budget -= text.chars().count();
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
        self.budget -= kept.chars().count();
        escape_into(self.out, kept);
        Ok(())
    }
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
    fn escaper_cuts_at_a_character_boundary() {
        let mut out = Vec::new();
        let mut escaper = Escaper::new(&mut out, 3);
        escaper.write_str("ééé").expect("infallible");
        escaper.write_str("éé").expect("infallible");
        assert!(escaper.truncated());
        assert_eq!(String::from_utf8(out).expect("UTF-8"), "ééé");
    }
}

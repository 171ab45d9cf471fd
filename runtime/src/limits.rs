//! `Policy` and `Limits`: how much of an error a response may show, and how much of
//! it is written. Below both `Context` and the wire formats, which read them.

/// How much of an error's inside a response may show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Policy {
    /// The default: opaque errors stay opaque, and no `debug` member is written.
    #[default]
    Production,
    /// Adds a `debug` member to every body, opaque errors included: the internal
    /// `Display`, the Rust type name and the source chain. Never use it in production.
    Development,
}

/// Caps that keep one error from amplifying a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Limits {
    /// The most characters of a message (`detail` or `message`) kept; a longer one is
    /// cut at a character boundary and `…` follows, one character more. Default
    /// 2,048.
    pub max_message_chars: usize,
    /// The most violations written for one error; the rest are counted in
    /// `errors_truncated`. Default 100.
    pub max_violations: usize,
    /// The most bytes one `#[api(extension)]` value may take once serialized; a larger
    /// value is left out and logged. Default 16 KiB.
    pub max_extension_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_message_chars: 2048,
            max_violations: 100,
            max_extension_bytes: 16 * 1024,
        }
    }
}

//! JSON string escaping at compile time, so generated descriptors hold their
//! constant JSON ready to copy.

/// `text` as a complete JSON string, quotes included.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    if is_plain(text) {
        out.push_str(text);
        out.push('"');
        return out;
    }
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{0}'..='\u{1f}' | '\u{7f}' => out.push_str(&format!("\\u{:04x}", ch as u32)),
            _ => out.push(ch),
        }
    }
    out.push('"');
    out
}

/// Whether `text` is its own JSON string body: nothing in it to escape.
pub fn is_plain(text: &str) -> bool {
    // By bytes, not chars: what needs escaping is ASCII, and no byte of a multi-byte
    // char is. A plain loop: an unoptimized proc macro pays for each iterator adapter
    // on every byte of every code, title and type URI.
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if matches!(bytes[index], b'"' | b'\\' | 0..=0x1f | 0x7f) {
            return false;
        }
        index += 1;
    }
    true
}

/// Whether `text` is printable ASCII without `"` or `\\`: its own JSON string body,
/// one character per byte, so the runtime copies it without looking.
pub fn is_plain_ascii(text: &str) -> bool {
    text.bytes()
        .all(|byte| (0x20..0x7f).contains(&byte) && byte != b'"' && byte != b'\\')
}

/// `{"type":…,"title":…,"status":…,"code":…` without the closing brace.
pub fn problem_head(type_uri: &str, title: &str, status: u16, code: &str) -> String {
    format!(
        "{{\"type\":{},\"title\":{},\"status\":{status},\"code\":{}",
        string(type_uri),
        string(title),
        string(code)
    )
}

/// `{"error":{"code":…` without the closing braces.
pub fn envelope_head(code: &str) -> String {
    format!("{{\"error\":{{\"code\":{}", string(code))
}

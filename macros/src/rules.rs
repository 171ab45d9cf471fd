//! The rules both derives apply to a code and its descriptor: code syntax, status and
//! default title, exposure, type URI and `type_base`, and RFC 9457's `about:blank`
//! title. `ApiError` applies them to a variant with a literal code, `ErrorCodes` to
//! every entry.

use syn::{Ident, LitStr};

use crate::attr::{self, Keyed};
use crate::ctxt::Ctxt;
use crate::facts::{REASON_MAX_LEN, code_problem, google_reason, reason_phrase};
use crate::symbol::TYPE_BASE;

/// The title of a status without a `title`: its reason phrase, if IANA registers one.
pub fn default_title(status: u16) -> Option<&'static str> {
    reason_phrase(status)
}

/// Whether a code without `expose = ...` reaches the client: 4xx do, 5xx do not.
pub fn default_expose(status: u16) -> bool {
    status < 500
}

/// The text of a type's (or registry's) `type_base`, read once per type:
/// `LitStr::value` re-parses the token, and every variant's type URI starts with it.
pub fn type_base_text(type_base: Option<&Keyed<LitStr>>) -> Option<String> {
    type_base.map(|base| attr::string_value(&base.value))
}

/// The problem type URI: `type = "..."`, else `type_base` followed by the code, else
/// `about:blank`.
pub fn type_uri(explicit: Option<&LitStr>, type_base: Option<&str>, code: &str) -> String {
    match (explicit, type_base) {
        (Some(type_uri), _) => attr::string_value(type_uri),
        (None, Some(base)) => format!("{base}{code}"),
        (None, None) => "about:blank".to_owned(),
    }
}

/// A code is 1 to 64 characters of `[A-Za-z][A-Za-z0-9_.-]*`, and fits AIP-193's
/// `ErrorInfo.reason` once in UPPER_SNAKE_CASE: any code can render in
/// `Format::Google`, which a service picks at run time.
fn check_code(cx: &Ctxt, code: &LitStr, text: &str) {
    if let Some(problem) = code_problem(text) {
        cx.error_spanned_by(code, format!("invalid code {:?}: {problem}", text));
        return;
    }
    // A valid code is ASCII and each character gives at most two of the reason's:
    // a code of up to half the limit (nearly all) needs no reason built to measure.
    if text.len() * 2 <= REASON_MAX_LEN {
        return;
    }
    let reason = google_reason(text);
    if reason.len() > REASON_MAX_LEN {
        cx.error_spanned_by(
            code,
            format!(
                "code {text:?} is the AIP-193 reason `{reason}` in `Format::Google`, {} characters; \
                 a reason has at most {REASON_MAX_LEN}: shorten the code",
                reason.len()
            ),
        );
    }
}

/// RFC 9457: the title does not change from occurrence to occurrence.
fn check_title(cx: &Ctxt, title: &LitStr, text: &str) {
    if text.contains(['{', '}']) {
        cx.error_spanned_by(
            title,
            "a title is constant (RFC 9457: it does not change between occurrences); put per-occurrence text in `message`",
        );
    }
}

/// RFC 9457 section 4.2.1: with type `about:blank`, the title is the status phrase.
fn check_blank_title(cx: &Ctxt, type_uri: &str, title: &LitStr, text: &str, status: u16) {
    if type_uri == "about:blank" && reason_phrase(status) != Some(text) {
        cx.error_spanned_by(
            title,
            "a custom title needs a problem type URI: with type `about:blank`, RFC 9457 wants the status phrase as the title; \
             add `#[api(type_base = \"https://errors.example.com/\")]` on the type or `type = \"https://...\"` here",
        );
    }
}

/// A `type_base` is a type URI that the code is appended to, so it must end where a
/// code can follow: `https://errors.example.com` would give `https://errors.example.coma`.
pub fn check_type_base(cx: &Ctxt, base: &LitStr) {
    check_uri(cx, base, TYPE_BASE);
    let text = base.value();
    if !text.ends_with(['/', '#', ':', '=']) {
        // A URL takes a path segment; a URN (`urn:example:errors`) takes a name part.
        let separator = if text.contains("://") { '/' } else { ':' };
        cx.error_spanned_by(
            base,
            format!(
                "the code is appended to `type_base`, so it ends in `/`, `#`, `:` or `=`: write {:?}",
                format!("{text}{separator}")
            ),
        );
    }
}

/// A `domain` names the service that defines the codes, as a DNS name does
/// (`accounts.example.com`): Google's AIP-193 and gRPC's `ErrorInfo` carry it.
pub fn check_domain(cx: &Ctxt, domain: &LitStr) {
    let text = domain.value();
    let labels_fit = text.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
    });
    if text.len() > 253 || !labels_fit {
        cx.error_spanned_by(
            domain,
            "a `domain` is a DNS name, dot-separated labels of letters, digits and `-`: \
             write `domain = \"accounts.example.com\"`",
        );
    }
}

/// A type URI is absolute (it has a scheme) and holds no character a URI cannot.
pub fn check_uri(cx: &Ctxt, uri: &LitStr, key: &str) {
    let text = uri.value();
    let scheme = text
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .unwrap_or_default();
    let has_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let bad_char = text
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "\"<>\\^`{|}".contains(*c));
    if !has_scheme {
        cx.error_spanned_by(
            uri,
            format!("`{key}` must be an absolute URI such as \"https://errors.example.com/\""),
        );
    } else if let Some(bad) = bad_char {
        cx.error_spanned_by(
            uri,
            format!("`{key}` holds {bad:?}, which a URI cannot; percent-encode it"),
        );
    }
}

/// What a literal code's checks read: a variant's keys, or a registry entry's.
pub struct CodeKeys<'a> {
    /// The variant, where an error about a missing key goes.
    pub ident: &'a Ident,
    pub code: &'a LitStr,
    pub status: Option<&'a (proc_macro2::Literal, u16)>,
    pub title: Option<&'a LitStr>,
    pub type_uri: Option<&'a LitStr>,
    /// Read once per type: `LitStr::value` re-parses the token.
    pub type_base: Option<&'a str>,
    /// A key already reported may have been the `status`: a missing one is not
    /// reported again.
    pub status_reported: bool,
    /// A key already reported may have been the `type` or `type_base`: a custom title
    /// without a type URI is not reported again.
    pub type_reported: bool,
}

/// A literal code's status, title and type URI, as checked.
pub struct CheckedCode {
    pub code: String,
    pub status: u16,
    /// `None` when the status has no reason phrase and no `title` was given (reported).
    pub title: Option<String>,
    pub type_uri: String,
}

/// Checks a literal code and its keys; `None` when the status is missing (reported,
/// unless `status_reported`), since nothing that depends on it can be checked.
pub fn check_literal_code(cx: &Ctxt, code: &CodeKeys) -> Option<CheckedCode> {
    // Each literal read once: `LitStr::value` re-parses the token.
    let code_text = attr::string_value(code.code);
    check_code(cx, code.code, &code_text);
    let title = code.title.map(|title| (title, attr::string_value(title)));
    if let Some((title, text)) = &title {
        check_title(cx, title, text);
    }
    let Some((status_lit, status)) = code.status else {
        if !code.status_reported {
            cx.error_spanned_by(
                code.ident,
                format!(
                    "missing `status` on `{}`: add `#[api(status = 404)]` (400..=599)",
                    code.ident
                ),
            );
        }
        return None;
    };
    let status = *status;
    if let Some(type_uri) = code.type_uri {
        check_uri(cx, type_uri, "type");
    }
    let type_uri = type_uri(code.type_uri, code.type_base, &code_text);
    let title = match title {
        Some((title, text)) => {
            if !code.type_reported {
                check_blank_title(cx, &type_uri, title, &text, status);
            }
            Some(text)
        }
        None => match default_title(status) {
            Some(phrase) => Some(phrase.to_owned()),
            None => {
                let also_type = if type_uri == "about:blank" {
                    " and a problem type URI (`#[api(type_base = \"https://errors.example.com/\")]` \
                     on the type or `type = \"https://...\"` here)"
                } else {
                    ""
                };
                cx.error_spanned_by(
                    status_lit,
                    format!(
                        "status {status} has no standard reason phrase to use as the title; \
                         add `title = \"...\"`{also_type}"
                    ),
                );
                None
            }
        },
    };
    Some(CheckedCode {
        code: code_text,
        status,
        title,
        type_uri,
    })
}

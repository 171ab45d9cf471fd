//! The references of a locale's messages and terms: every message (`{ other }`,
//! `{ other.title }`), term (`{ -brand }`) and function (`{ NUMBER($n) }`) that a
//! pattern names must be there when it is rendered, or the client reads `{-brand}`,
//! `{other}` or `{FOO()}` in its place.

use std::fmt;

use fluent_syntax::ast::InlineExpression;
use syn::LitStr;

use super::Locale;
use crate::ctxt::Ctxt;

/// A message, term or function that a pattern names.
pub struct Reference {
    /// The message or term whose pattern names it: `cart-full`, `-brand`.
    pub from: String,
    pub to: Referenced,
    /// `file:line` of the name.
    pub at: String,
}

/// What a [`Reference`] names.
pub enum Referenced {
    /// `{ other }` (its value) or `{ other.title }` (an attribute).
    Message {
        id: String,
        attribute: Option<String>,
    },
    /// `{ -brand }`; a term's attributes are only read by selectors, whose default
    /// variant answers when one is missing, so the term alone must be there.
    Term { id: String },
    /// `{ NUMBER($n) }`.
    Function { id: String },
}

/// The functions the runtime's bundles have: Fluent's built-in `NUMBER`.
/// fluent-bundle 0.16 does not implement `DATETIME` (its `add_builtins` adds
/// `NUMBER` only), and no field is passed as a date, so a call of it is rejected too.
const FUNCTIONS: &[&str] = &["NUMBER"];

impl Referenced {
    /// What `inline` names, and its name's text (for its line), if it names a message,
    /// term or function.
    pub fn of<'s>(inline: &InlineExpression<&'s str>) -> Option<(Referenced, &'s str)> {
        let referenced = match inline {
            InlineExpression::MessageReference { id, attribute } => (
                Referenced::Message {
                    id: id.name.to_owned(),
                    attribute: attribute.as_ref().map(|name| name.name.to_owned()),
                },
                id.name,
            ),
            InlineExpression::TermReference { id, .. } => (
                Referenced::Term {
                    id: id.name.to_owned(),
                },
                id.name,
            ),
            InlineExpression::FunctionReference { id, .. } => (
                Referenced::Function {
                    id: id.name.to_owned(),
                },
                id.name,
            ),
            _ => return None,
        };
        Some(referenced)
    }
}

/// As the reference is written in a placeable: `other.title`, `-brand`, `NUMBER()`.
impl fmt::Display for Referenced {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Referenced::Message {
                id,
                attribute: None,
            } => write!(f, "{id}"),
            Referenced::Message {
                id,
                attribute: Some(attribute),
            } => write!(f, "{id}.{attribute}"),
            Referenced::Term { id } => write!(f, "-{id}"),
            Referenced::Function { id } => write!(f, "{id}()"),
        }
    }
}

/// Reports on `literal` each reference of `locale`'s files to a message or term that
/// none of them defines, or to a function the runtime does not have.
pub fn check(cx: &Ctxt, literal: &LitStr, locale: &Locale) {
    for reference in &locale.references {
        if let Some(problem) = problem(locale, &reference.to) {
            cx.error_spanned_by(
                literal,
                format!(
                    "{}: `{{ {} }}` in `{}` {problem}",
                    reference.at, reference.to, reference.from
                ),
            );
        }
    }
}

/// `; did you mean `{ other }`?` for the id among `ids` closest to `id`, if one is
/// close; `sigil` is written before it (`-` for a term).
fn did_you_mean(id: &str, ids: &[&str], sigil: &str) -> String {
    crate::attr::did_you_mean(id, ids)
        .map(|close| format!("; did you mean `{{ {sigil}{close} }}`?"))
        .unwrap_or_default()
}

/// Why `referenced` would not render in `locale`, if it would not.
fn problem(locale: &Locale, referenced: &Referenced) -> Option<String> {
    let (tag, folder) = (&locale.tag, &locale.shown);
    match referenced {
        Referenced::Message { id, attribute } => {
            let Some(message) = locale.messages.iter().find(|message| message.id == *id) else {
                let ids: Vec<&str> = locale.messages.iter().map(|m| m.id.as_str()).collect();
                let hint = did_you_mean(id, &ids, "");
                return Some(format!(
                    "names no message of the locale `{tag}`: define `{id} = ...` in a file of \
                     {folder}/{hint}"
                ));
            };
            match attribute {
                Some(attribute) if !message.attributes.contains(attribute) => Some(format!(
                    "names no attribute of `{id}` ({}): add `.{attribute} = ...` to it",
                    message.at
                )),
                None if !message.has_value => Some(format!(
                    "names the value of `{id}`, which has none ({}), only attributes",
                    message.at
                )),
                _ => None,
            }
        }
        Referenced::Term { id } => (!locale.terms.contains(id)).then(|| {
            let ids: Vec<&str> = locale.terms.iter().map(String::as_str).collect();
            let hint = did_you_mean(id, &ids, "-");
            format!(
                "names no term of the locale `{tag}`: define `-{id} = ...` in a file of \
                 {folder}/{hint}"
            )
        }),
        Referenced::Function { id } if FUNCTIONS.contains(&id.as_str()) => None,
        Referenced::Function { id } if id == "DATETIME" => Some(
            "calls `DATETIME`, which fluent-bundle 0.16 does not implement (clients would \
             read `{DATETIME()}`): a date field is written as its `Display` text, `{ $name }`"
                .to_owned(),
        ),
        Referenced::Function { id } => Some(format!(
            "calls `{id}`, a function the runtime does not have: the one it has is Fluent's \
             built-in `NUMBER`"
        )),
    }
}

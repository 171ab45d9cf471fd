//! An exposed variant without `message` answers with its `Display` text. When that
//! text is thiserror's `#[error("…")]` and it interpolates a field whose name says
//! secret (`{password}`), the secret would reach the client: a compile error on the
//! format string, naming the placeholder.

use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::ToTokens;
use syn::LitStr;
use syn::parse::ParseStream;

use crate::ast::{Variant, member_name, name};
use crate::ctxt::Ctxt;

/// Words that make a field name secret, each also in the plural (`tokens`,
/// `sessions`: a list of secrets is as secret as one).
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "credential",
    "session",
    "apikey",
];

/// Two-word secrets: `api_key`, `apiKey`, `private_key`, `PrivateKey`.
const SECRET_PAIRS: &[(&str, &str)] = &[("api", "key"), ("private", "key")];

/// Reports each secret-named field the variant's `#[error("…")]` interpolates. Only
/// for a variant known to be exposed that has no `message` of its own: the caller
/// leaves out opaque variants, `transparent` ones and registry codes, whose exposure
/// is decided in the user's crate after the derive has run.
pub fn check_display(cx: &Ctxt, variant: &Variant) {
    // Only a secret-named field is ever reported: a variant without one (nearly
    // every variant) needs no look at its format string, which costs a parse.
    if !variant
        .fields
        .iter()
        .any(|field| field.original.ident.is_some() && is_secret(&member_name(&field.member)))
    {
        return;
    }
    let Some((format, args)) = thiserror_format(variant) else {
        return;
    };
    let arg_names = named_args(args.clone());
    let placeholders = placeholders(&crate::attr::string_value(&format))
        .into_iter()
        .filter(|placeholder| !arg_names.contains(placeholder))
        .map(|field| (format!("{{{field}}}"), field, format.to_token_stream()));
    // An extra argument's `.field` has a token of its own for the caret.
    let accesses = field_accesses(args)
        .into_iter()
        .map(|ident| (format!(".{ident}"), name(&ident), ident.to_token_stream()));
    let mut reported: Vec<String> = Vec::new();
    for (written, field, at) in placeholders.chain(accesses) {
        if reported.contains(&field) || !is_secret(&field) || !has_named_field(variant, &field) {
            continue;
        }
        cx.error_spanned_by(
            at,
            format!(
                "`{written}` sends the field `{field}` to the client: `{}` is exposed and has no \
                 `message`, so this `#[error(...)]` text is the response's detail; add \
                 `message = \"...\"` without the secret, or `expose = false`",
                variant.ident
            ),
        );
        reported.push(field);
    }
}

/// The text of thiserror's `#[error("…")]` when it is the same every time: no
/// placeholder, no argument after it (`{{` and `}}` unescaped).
pub fn constant_display(variant: &Variant) -> Option<String> {
    // Read from the attribute's tokens (a lone literal) rather than parsed with syn,
    // which every variant of a large enum paid for.
    let syn::Meta::List(list) = &variant.error_attr?.meta else {
        return None;
    };
    let mut tokens = list.tokens.clone().into_iter();
    let (Some(TokenTree::Literal(literal)), None) = (tokens.next(), tokens.next()) else {
        return None;
    };
    let written = literal.to_string();
    let format = match crate::attr::plain_string(&written) {
        Some(format) => format.to_owned(),
        None => {
            crate::attr::string_value(&syn::parse2::<LitStr>(literal.into_token_stream()).ok()?)
        }
    };
    // Most have no brace at all: nothing to look for nor to unescape.
    let bytes = format.as_bytes();
    if !bytes.contains(&b'{') && !bytes.contains(&b'}') {
        return Some(format);
    }
    if placeholder_names(&format).next().is_some() {
        return None;
    }
    Some(format.replace("{{", "{").replace("}}", "}"))
}

/// The format string and the arguments after it of thiserror's `#[error("…", …)]`;
/// `None` for `#[error(transparent)]` or anything else thiserror reports itself.
fn thiserror_format(variant: &Variant) -> Option<(LitStr, TokenStream)> {
    variant
        .error_attr?
        .parse_args_with(|input: ParseStream| {
            let format: LitStr = input.parse()?;
            let args: TokenStream = input.parse()?;
            Ok((format, args))
        })
        .ok()
}

/// The names `{name}`, `{name:?}` and `{r#name}` of a format string; `{{` is text.
fn placeholders(format: &str) -> Vec<String> {
    placeholder_names(format).map(str::to_owned).collect()
}

/// [`placeholders`], one at a time and borrowed: whether there is one at all needs
/// no list.
fn placeholder_names(format: &str) -> impl Iterator<Item = &str> {
    let mut rest = format;
    std::iter::from_fn(move || {
        while let Some(open) = rest.find('{') {
            rest = &rest[open + 1..];
            if let Some(after) = rest.strip_prefix('{') {
                rest = after;
                continue;
            }
            let close = rest.find('}')?;
            let inside = &rest[..close];
            let name = inside.split(':').next().unwrap_or_default().trim();
            rest = &rest[close + 1..];
            return Some(name.strip_prefix("r#").unwrap_or(name));
        }
        None
    })
}

/// `name` of each `name = expr` among the extra arguments: a placeholder of that
/// name is the argument, not the field.
fn named_args(args: TokenStream) -> Vec<String> {
    let tokens: Vec<TokenTree> = args.into_iter().collect();
    tokens
        .windows(3)
        .filter_map(|window| match window {
            [TokenTree::Ident(ident), TokenTree::Punct(eq), next]
                if eq.as_char() == '='
                    && !matches!(next, TokenTree::Punct(punct) if punct.as_char() == '=') =>
            {
                Some(name(ident))
            }
            _ => None,
        })
        .collect()
}

/// The fields thiserror's extra arguments read: `.password` (a `.` not after a
/// value, then a name), at any depth.
fn field_accesses(args: TokenStream) -> Vec<Ident> {
    let mut fields = Vec::new();
    let mut previous: Option<TokenTree> = None;
    for token in args {
        match (&previous, &token) {
            (Some(TokenTree::Punct(dot)), TokenTree::Ident(ident)) if dot.as_char() == '.' => {
                fields.push(ident.clone());
            }
            (_, TokenTree::Group(group)) => fields.extend(field_accesses(group.stream())),
            _ => {}
        }
        previous = Some(token);
    }
    fields
}

fn has_named_field(variant: &Variant, wanted: &str) -> bool {
    variant
        .fields
        .iter()
        .any(|field| field.original.ident.is_some() && member_name(&field.member) == wanted)
}

/// Whether a whole word of `name` says secret: `user_password`, `apiKey`,
/// `SessionId` and `auth_tokens` do; `tokenizer` and `passwordless_flow`'s
/// `passwordless` do not.
pub fn is_secret(name: &str) -> bool {
    // Every secret name holds one of the secret words, or a pair's last word, in
    // some case: a name without one (nearly all) needs no splitting into words.
    let lower = name.to_lowercase();
    let parts = SECRET_WORDS
        .iter()
        .chain(SECRET_PAIRS.iter().map(|(_, last)| last));
    if !parts.into_iter().any(|part| lower.contains(part)) {
        return false;
    }
    let words = words(name);
    let singular = |word: &str| word.strip_suffix('s').unwrap_or(word).to_owned();
    words.iter().any(|word| {
        SECRET_WORDS.contains(&word.as_str()) || SECRET_WORDS.contains(&singular(word).as_str())
    }) || words.windows(2).any(|pair| {
        SECRET_PAIRS
            .iter()
            .any(|(first, second)| pair[0] == *first && singular(&pair[1]) == *second)
    })
}

/// The lowercase words of a snake_case, camelCase or PascalCase name: `APIKey` is
/// `api`, `key`; `user_password2` is `user`, `password` (digits part words too).
fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    for (index, &ch) in chars.iter().enumerate() {
        if !ch.is_alphabetic() {
            words.push(std::mem::take(&mut word));
            continue;
        }
        let previous = index.checked_sub(1).map(|at| chars[at]);
        let next = chars.get(index + 1);
        let starts_word = ch.is_uppercase()
            && (previous.is_some_and(char::is_lowercase)
                || previous.is_some_and(char::is_uppercase)
                    && next.is_some_and(|c| c.is_lowercase()));
        if starts_word {
            words.push(std::mem::take(&mut word));
        }
        word.extend(ch.to_lowercase());
    }
    words.push(word);
    words.retain(|word| !word.is_empty());
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_of_a_name_say_secret() {
        for secret in [
            "password",
            "user_password",
            "PASSWORD",
            "passwd",
            "client_secret",
            "token",
            "auth_tokens",
            "api_key",
            "apiKey",
            "APIKey",
            "apikey",
            "private_key",
            "PrivateKey",
            "credentials",
            "session",
            "SessionId",
            "sessions",
            "password2",
        ] {
            assert!(is_secret(secret), "{secret}");
        }
        for plain in [
            "tokenizer",
            "passwordless",
            "id",
            "key",
            "api",
            "private",
            "secretary",
            "user",
            "sessionless",
            "keys_api",
        ] {
            assert!(!is_secret(plain), "{plain}");
        }
    }

    #[test]
    fn placeholders_are_names_before_the_spec() {
        assert_eq!(
            placeholders("{{password}} {password:?} {0} {r#type} {}"),
            ["password", "0", "type", ""]
        );
    }
}

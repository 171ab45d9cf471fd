//! `#[api(locales = "locales", default_locale = "en", fallback = true)]`: the Fluent
//! files of a type, read and checked while the derive runs, and the catalog the
//! runtime builds its bundles from (feature `fluent`).
//!
//! A code's Fluent id is the code with `_` and `.` written `-`
//! (`account_not_found` is `account-not-found`): Fluent's own style, and `.` is no
//! Fluent identifier character. The message's value is the `detail`, its `.title`
//! attribute the `title`; its `{ $name }` variables name the variant's fields.
//!
//! `locales` is a folder relative to `CARGO_MANIFEST_DIR` (the crate root), or, when
//! there is none of that name, to the folder of the file the type is in (where
//! `include_str!` looks). It holds one folder per locale, each any number of `*.ftl`
//! files. The generated code `include_str!`s every file by its absolute path, which
//! both embeds it and makes cargo rebuild the crate when it changes. A file or folder
//! added later is not seen until the type's crate is rebuilt for another reason: on
//! stable Rust a proc macro cannot ask cargo to watch a folder (the README gives the
//! user's `build.rs` for it).
// Without the feature only the keys are read, to say the feature is needed.
#![cfg_attr(not(feature = "fluent"), allow(dead_code, unused_imports))]

use std::path::{Path, PathBuf};

use syn::LitStr;

use crate::attr::{Attrs, Keyed};
use crate::ctxt::Ctxt;

pub mod check;
pub mod expand;
#[cfg(feature = "fluent")]
pub mod references;

/// The checked-out Fluent files of one type.
pub struct Catalog {
    /// Locales by tag, sorted; each with its files.
    pub locales: Vec<Locale>,
    /// Index of the default locale in `locales`.
    pub default: usize,
    /// `fallback = true`: a message missing from a locale is taken from the default one.
    pub fallback: bool,
}

/// One locale folder.
pub struct Locale {
    pub tag: String,
    /// The folder as the user wrote it, for messages: `locales/de`.
    pub shown: String,
    pub files: Vec<FtlFile>,
    pub messages: Vec<Message>,
    /// The ids of the terms its files define, without the `-`: `brand`.
    pub terms: Vec<String>,
    /// Whether a file of it has a Fluent syntax error, which Fluent skips: a message
    /// missing from it is then not reported, the error is.
    pub has_syntax_error: bool,
    /// The messages, terms and functions its files' patterns name.
    #[cfg(feature = "fluent")]
    pub references: Vec<references::Reference>,
}

/// One `.ftl` file.
pub struct FtlFile {
    /// Absolute, for `include_str!`.
    pub path: PathBuf,
    /// As the user wrote it, for messages: `locales/de/errors.ftl`.
    pub shown: String,
}

/// A message of a file, with the variables it uses.
pub struct Message {
    pub id: String,
    /// `file:line` where it is defined.
    pub at: String,
    pub has_value: bool,
    /// The names of its attributes: `title`.
    pub attributes: Vec<String>,
    /// Variables of the value, each with its `file:line`.
    pub value_variables: Vec<(String, String)>,
    /// Variables of the `.title` attribute: a title is constant, so each is an error.
    pub title_variables: Vec<(String, String)>,
}

/// The Fluent id of a code: `_` and `.` become `-`.
pub fn fluent_id(code: &str) -> String {
    code.replace(['_', '.'], "-")
}

impl Catalog {
    /// The message `id` in locale `index`.
    pub fn message(&self, index: usize, id: &str) -> Option<&Message> {
        self.locales[index].messages.iter().find(|m| m.id == id)
    }
}

/// Reads the files `attrs` names, reporting what is wrong with the keys or the files;
/// `None` without `locales` or after an error that leaves nothing to check against.
pub fn load(cx: &Ctxt, attrs: &Attrs, ident: &syn::Ident) -> Option<Catalog> {
    let Some(locales) = &attrs.locales else {
        for key in [
            attrs.default_locale.as_ref().map(|keyed| &keyed.key),
            attrs.fallback.as_ref().map(|keyed| &keyed.key),
        ]
        .into_iter()
        .flatten()
        {
            cx.error_spanned_by(
                key,
                "this key goes with `locales = \"locales\"`, the folder of the Fluent files",
            );
        }
        return None;
    };
    if !cfg!(feature = "fluent") {
        cx.error_spanned_by(
            &locales.key,
            "`locales` needs the `fluent` feature: `apierror = { version = \"0.1\", features = [\"fluent\"] }`",
        );
        return None;
    }
    let Some(default) = &attrs.default_locale else {
        cx.error_spanned_by(
            &locales.key,
            "`locales` needs the locale to answer in when no other fits: add `default_locale = \"en\"`",
        );
        return None;
    };
    read(cx, locales, default, attrs.fallback.as_ref(), ident)
}

#[cfg(not(feature = "fluent"))]
fn read(
    _: &Ctxt,
    _: &Keyed<LitStr>,
    _: &Keyed<LitStr>,
    _: Option<&Keyed<bool>>,
    _: &syn::Ident,
) -> Option<Catalog> {
    None
}

#[cfg(feature = "fluent")]
fn read(
    cx: &Ctxt,
    locales: &Keyed<LitStr>,
    default: &Keyed<LitStr>,
    fallback: Option<&Keyed<bool>>,
    ident: &syn::Ident,
) -> Option<Catalog> {
    let written = locales.value.value();
    let Some(root) = locate(&written, ident) else {
        cx.error_spanned_by(
            &locales.value,
            format!(
                "no folder `{written}` in the crate root (CARGO_MANIFEST_DIR), nor next to this \
                 file: it holds one folder per locale, such as `{written}/en/errors.ftl`"
            ),
        );
        return None;
    };
    let mut found = Vec::new();
    for (tag, folder) in sorted_entries(&root, |path| path.is_dir()) {
        let files = sorted_entries(&folder, |path| {
            path.is_file() && path.extension().is_some_and(|ext| ext == "ftl")
        });
        let shown = format!("{written}/{tag}");
        if !is_language_tag(&tag) {
            cx.error_spanned_by(&locales.value, not_a_language_tag(&shown, &tag));
        }
        let mut locale = Locale {
            tag,
            files: Vec::new(),
            messages: Vec::new(),
            terms: Vec::new(),
            has_syntax_error: false,
            references: Vec::new(),
            shown: shown.clone(),
        };
        for (name, path) in files {
            let file = FtlFile {
                shown: format!("{shown}/{name}"),
                path,
            };
            parse_file(cx, &locales.value, &file, &mut locale);
            locale.files.push(file);
        }
        // Once every file is read: a message may name one defined in another file.
        references::check(cx, &locales.value, &locale);
        found.push(locale);
    }
    let wanted = default.value.value();
    let Some(default_index) = found.iter().position(|locale| locale.tag == wanted) else {
        let tags: Vec<&str> = found.iter().map(|locale| locale.tag.as_str()).collect();
        cx.error_spanned_by(
            &default.value,
            format!(
                "no folder `{written}/{wanted}` for the default locale (the locales are: {})",
                if tags.is_empty() {
                    "none".to_owned()
                } else {
                    tags.join(", ")
                }
            ),
        );
        return None;
    };
    Some(Catalog {
        locales: found,
        default: default_index,
        fallback: fallback.is_some_and(|fallback| fallback.value),
    })
}

/// The folder `written` names: in the crate root, or else next to the type's file.
#[cfg(feature = "fluent")]
fn locate(written: &str, ident: &syn::Ident) -> Option<PathBuf> {
    let in_root = std::env::var_os("CARGO_MANIFEST_DIR").map(|root| Path::new(&root).join(written));
    let beside_file = || {
        let file = ident.span().unwrap().local_file()?;
        let file = if file.is_relative() {
            Path::new(&std::env::var_os("CARGO_MANIFEST_DIR")?).join(file)
        } else {
            file
        };
        Some(file.parent()?.join(written))
    };
    in_root
        .filter(|path| path.is_dir())
        .or_else(|| beside_file().filter(|path| path.is_dir()))
        .and_then(|path| path.canonicalize().ok())
}

/// Whether a locale folder's name is a language tag the runtime negotiates with:
/// BCP 47's `language[-script][-region][-variant...]`, its language of ISO 639's two
/// or three letters. Anything else parses there as `und`, which every request
/// matches, and extensions (`-u-...`) and private use (`-x-...`) do not parse.
#[cfg(feature = "fluent")]
fn is_language_tag(tag: &str) -> bool {
    let letters = |subtag: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&subtag.len()) && subtag.bytes().all(|b| b.is_ascii_alphabetic())
    };
    let digits = |subtag: &str| subtag.len() == 3 && subtag.bytes().all(|b| b.is_ascii_digit());
    // 5 to 8 letters or digits, or 4 that start with a digit: `1901`, `rozaj`.
    let variant = |subtag: &str| {
        subtag.bytes().all(|b| b.is_ascii_alphanumeric())
            && match subtag.len() {
                4 => subtag.starts_with(|c: char| c.is_ascii_digit()),
                length => (5..=8).contains(&length),
            }
    };
    let mut subtags = tag.split('-').peekable();
    if !subtags
        .next()
        .is_some_and(|language| letters(language, 2..=3))
    {
        return false;
    }
    subtags.next_if(|script| letters(script, 4..=4));
    subtags.next_if(|region| letters(region, 2..=2) || digits(region));
    subtags.all(variant)
}

/// The error for a locale folder (`shown`) whose name, `tag`, is no language tag.
#[cfg(feature = "fluent")]
fn not_a_language_tag(shown: &str, tag: &str) -> String {
    let hint = match tag.replace('_', "-") {
        dashed if dashed != tag && is_language_tag(&dashed) => {
            format!("; did you mean `{dashed}`?")
        }
        _ => String::new(),
    };
    format!(
        "{shown}: `{tag}` is not a language tag: name a locale's folder by its BCP 47 tag \
         (`de`, `de-CH`, `zh-Hant-TW`), which `Accept-Language` is negotiated against and \
         `Content-Language` carries{hint}"
    )
}

/// The entries of `folder` that pass `keep`, by name, sorted so the output is stable.
#[cfg(feature = "fluent")]
fn sorted_entries(folder: &Path, keep: impl Fn(&Path) -> bool) -> Vec<(String, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut entries: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| keep(path))
        .filter_map(|path| Some((path.file_name()?.to_str()?.to_owned(), path)))
        .collect();
    entries.sort();
    entries
}

/// Parses one file into `locale`'s messages, terms and references; each syntax error
/// is reported on `literal`.
#[cfg(feature = "fluent")]
fn parse_file(cx: &Ctxt, literal: &LitStr, file: &FtlFile, locale: &mut Locale) {
    let source = match std::fs::read_to_string(&file.path) {
        Ok(source) => source,
        Err(error) => {
            cx.error_spanned_by(literal, format!("{}: cannot be read: {error}", file.shown));
            return;
        }
    };
    let at = |offset: usize| format!("{}:{}", file.shown, line_of(&source, offset));
    let resource = match fluent_syntax::parser::parse(source.as_str()) {
        Ok(resource) => resource,
        Err((resource, errors)) => {
            locale.has_syntax_error = true;
            for error in errors {
                cx.error_spanned_by(
                    literal,
                    format!(
                        "{}: Fluent syntax error: {}",
                        at(error.pos.start),
                        describe(&error.kind)
                    ),
                );
            }
            resource
        }
    };
    let offset_of = |slice: &str| slice.as_ptr() as usize - source.as_ptr() as usize;
    for entry in &resource.body {
        let (from, value, attributes) = match entry {
            Entry::Message(message) => (
                message.id.name.to_owned(),
                message.value.as_ref(),
                &message.attributes,
            ),
            Entry::Term(term) => {
                locale.terms.push(term.id.name.to_owned());
                (
                    format!("-{}", term.id.name),
                    Some(&term.value),
                    &term.attributes,
                )
            }
            _ => continue,
        };
        let patterns = value
            .into_iter()
            .chain(attributes.iter().map(|attribute| &attribute.value));
        for pattern in patterns {
            each_inline_of_pattern(pattern, &mut |inline| {
                if let Some((to, name)) = references::Referenced::of(inline) {
                    locale.references.push(references::Reference {
                        from: from.clone(),
                        to,
                        at: at(offset_of(name)),
                    });
                }
            });
        }
        let Entry::Message(message) = entry else {
            continue;
        };
        let located = |names: Vec<&str>| {
            names
                .into_iter()
                .map(|name| (name.to_owned(), at(offset_of(name))))
                .collect()
        };
        let mut value_variables = Vec::new();
        if let Some(value) = &message.value {
            variables_of_pattern(value, &mut value_variables);
        }
        let mut title_variables = Vec::new();
        for attribute in &message.attributes {
            if attribute.id.name == "title" {
                variables_of_pattern(&attribute.value, &mut title_variables);
            }
        }
        locale.messages.push(Message {
            id: message.id.name.to_owned(),
            at: at(offset_of(message.id.name)),
            has_value: message.value.is_some(),
            attributes: message
                .attributes
                .iter()
                .map(|attribute| attribute.id.name.to_owned())
                .collect(),
            value_variables: located(value_variables),
            title_variables: located(title_variables),
        });
    }
}

/// A Fluent syntax error on one line: fluent-syntax's own text, but for the
/// characters it expected, which it writes as they are (a line break as a raw one).
#[cfg(feature = "fluent")]
fn describe(kind: &fluent_syntax::parser::ErrorKind) -> String {
    use fluent_syntax::parser::ErrorKind;
    let ErrorKind::ExpectedCharRange { range } = kind else {
        return kind.to_string();
    };
    match range.as_str() {
        // The only place fluent-syntax expects a line break: after a selector's `->`.
        "\n | \r\n" => {
            "Expected a line break after `->`: a select expression's variants start on the \
             next line"
                .to_owned()
        }
        "a-zA-Z" => "Expected a letter (a-z or A-Z), which starts an identifier".to_owned(),
        "0-9" => "Expected a digit (0-9)".to_owned(),
        range => format!("Expected one of \"{}\"", range.escape_debug()),
    }
}

/// The 1-based line of byte `offset` in `source`.
#[cfg(feature = "fluent")]
fn line_of(source: &str, offset: usize) -> usize {
    source.as_bytes()[..offset.min(source.len())]
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count()
        + 1
}

#[cfg(feature = "fluent")]
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

/// Every `$variable` of a pattern, in select expressions and call arguments too.
#[cfg(feature = "fluent")]
fn variables_of_pattern<'s>(pattern: &Pattern<&'s str>, out: &mut Vec<&'s str>) {
    each_inline_of_pattern(pattern, &mut |inline| {
        if let InlineExpression::VariableReference { id } = inline {
            out.push(id.name);
        }
    });
}

/// Calls `visit` with every inline expression of a pattern, in the order written: in
/// placeables, selectors, variants and call arguments too.
#[cfg(feature = "fluent")]
fn each_inline_of_pattern<'p, 's>(
    pattern: &'p Pattern<&'s str>,
    visit: &mut impl FnMut(&'p InlineExpression<&'s str>),
) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            each_inline_of_expression(expression, visit);
        }
    }
}

#[cfg(feature = "fluent")]
fn each_inline_of_expression<'p, 's>(
    expression: &'p Expression<&'s str>,
    visit: &mut impl FnMut(&'p InlineExpression<&'s str>),
) {
    match expression {
        Expression::Select { selector, variants } => {
            each_inline(selector, visit);
            for variant in variants {
                each_inline_of_pattern(&variant.value, visit);
            }
        }
        Expression::Inline(inline) => each_inline(inline, visit),
    }
}

/// `inline`, then what it holds: a placeable's expression, a call's arguments.
#[cfg(feature = "fluent")]
fn each_inline<'p, 's>(
    inline: &'p InlineExpression<&'s str>,
    visit: &mut impl FnMut(&'p InlineExpression<&'s str>),
) {
    visit(inline);
    let arguments = match inline {
        InlineExpression::Placeable { expression } => {
            return each_inline_of_expression(expression, visit);
        }
        InlineExpression::FunctionReference { arguments, .. } => arguments,
        InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => arguments,
        _ => return,
    };
    for argument in &arguments.positional {
        each_inline(argument, visit);
    }
    for named in &arguments.named {
        each_inline(&named.value, visit);
    }
}

#[cfg(test)]
mod tests {
    /// Without the feature, `locales` is one error under its key that says to turn it
    /// on (and nothing is read).
    #[test]
    #[cfg(not(feature = "fluent"))]
    fn locales_without_the_feature_says_to_turn_it_on() {
        let input: syn::DeriveInput = syn::parse_quote! {
            #[api(locales = "locales", default_locale = "en")]
            enum ShopError {
                #[error("not found")]
                #[api(code = "not_found", status = 404)]
                NotFound,
            }
        };
        let output = crate::expand::derive(&input).to_string();
        assert!(
            output.contains("`locales` needs the `fluent` feature"),
            "{output}"
        );
        assert_eq!(output.matches("compile_error").count(), 1, "{output}");
    }
}

//! Localized `title` and `detail` (feature `fluent`): what a response shows of its
//! type's Fluent files, whose bundles `localizer.rs` builds.
//!
//! The derive checks a type's files at compile time and embeds them in a static
//! `Localizer`, which every descriptor of the type points to. The first error of
//! the type rendered builds its bundles, once; each response then picks a locale
//! (`Context::with_locale`, or `Accept-Language` through the layers), and the
//! renderer takes the title from a descriptor copy with the localized title (made once
//! per code and locale, so every format reads it where it reads the title) and writes
//! the localized detail in place of the variant's message.
//!
//! `code`, `type` and `status` never change with the language.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{OnceLock, RwLock};

use fluent_bundle::FluentArgs;
use http::HeaderValue;
use http::header::{CONTENT_LANGUAGE, HeaderMap, VARY};

use crate::descriptor::{DescriptorJson, problem_head};
use crate::localizer::{
    Built, Fast, FieldArgs, Piece, Requested, Separators, fluent_id, simple_pieces, write_simple,
};
use crate::writer::{Members, ViolationMessages};
use crate::{ErrorDescriptor, FieldViolation};

/// What a response of one code shows in one locale.
struct Entry {
    /// The descriptor with the localized title (its problem head too), or the
    /// original when the message has no `.title`.
    descriptor: &'static ErrorDescriptor,
    detail: Option<Detail>,
}

/// A localized detail.
enum Detail {
    /// A message that needs no variable, formatted once.
    Constant(String),
    /// Text and variables only (no selector, function or reference): written as
    /// Fluent's resolver writes it, without its scope and allocations.
    Simple {
        pieces: Vec<Piece>,
        separators: Separators,
    },
    /// A message formatted per response with the variant's fields, in `bundle`.
    Pattern {
        bundle: usize,
        pattern: &'static fluent_syntax::ast::Pattern<&'static str>,
    },
}

/// By bundles, locale and descriptor (their addresses): what a response of that code
/// shows. At most one per code and locale, each made once and kept for the process.
type Entries = RwLock<HashMap<(usize, usize, usize), &'static Entry, Fast>>;

static ENTRIES: OnceLock<Entries> = OnceLock::new();

/// What a response of `descriptor`'s code shows in `locale`, looked up once.
/// Inlined into both callers: the lookup is most of what they do.
#[inline(always)]
fn entry(
    built: &'static Built,
    locale: usize,
    descriptor: &'static ErrorDescriptor,
) -> &'static Entry {
    let entries = ENTRIES.get_or_init(Entries::default);
    let key = (
        std::ptr::from_ref(built) as usize,
        locale,
        std::ptr::from_ref(descriptor) as usize,
    );
    if let Some(found) = entries.read().ok().and_then(|map| map.get(&key).copied()) {
        return found;
    }
    let entry: &'static Entry = Box::leak(Box::new(new_entry(built, locale, descriptor)));
    match entries.write() {
        Ok(mut map) => map.entry(key).or_insert(entry),
        Err(_) => entry,
    }
}

fn new_entry(built: &'static Built, locale: usize, descriptor: &'static ErrorDescriptor) -> Entry {
    let id = fluent_id(descriptor.code);
    let descriptor = match built.format(locale, &id, Some("title"), None) {
        Some(title) => {
            let title: &'static str = title.leak();
            let head = problem_head(
                descriptor.type_uri,
                title,
                descriptor.status,
                descriptor.code,
            );
            Box::leak(Box::new(ErrorDescriptor {
                title,
                json: DescriptorJson {
                    problem_head: head.leak(),
                    ..descriptor.json
                },
                ..*descriptor
            }))
        }
        None => descriptor,
    };
    let detail = built.pattern(locale, &id).map(|(bundle, pattern)| {
        let mut errors = Vec::new();
        let text = built.bundles[bundle].format_pattern(pattern, None, &mut errors);
        // Formatted without arguments without an error: it needs none.
        if errors.is_empty() {
            return Detail::Constant(text.into_owned());
        }
        match simple_pieces(pattern) {
            Some(pieces) => Detail::Simple {
                pieces,
                separators: built.separators[bundle],
            },
            None => Detail::Pattern { bundle, pattern },
        }
    });
    Entry { descriptor, detail }
}

/// The longest `Accept-Language` value [`LAST_NEGOTIATED`] keeps; longer ones are
/// looked up in the shared maps every time.
const MAX_REMEMBERED_VALUE: usize = 64;

/// The last response this thread localized from an `Accept-Language` value.
struct LastNegotiated {
    /// The error's descriptor, which `localized` shows in the negotiated locale.
    descriptor: &'static ErrorDescriptor,
    value: [u8; MAX_REMEMBERED_VALUE],
    len: usize,
    localized: Localized,
}

thread_local! {
    /// Clients keep sending the same `Accept-Language`, so a thread's next negotiated
    /// error most often has the last one's type and value, and often its code: it is
    /// then answered without the shared maps' locks, whose cache lines every thread
    /// would otherwise write to on each error response.
    static LAST_NEGOTIATED: RefCell<Option<LastNegotiated>> = const { RefCell::new(None) };
}

/// The localization of an error with `descriptor` negotiated from `Accept-Language`
/// `value`: the same as the last one on this thread when its type and value match
/// (its entry too when its code does), else through the shared maps.
fn negotiated(
    built: &'static Built,
    descriptor: &'static ErrorDescriptor,
    value: &[u8],
) -> Localized {
    let remembered = |last: &LastNegotiated| {
        (std::ptr::eq(last.localized.built, built) && last.value.get(..last.len) == Some(value))
            .then_some((last.localized, last.descriptor))
    };
    let last = LAST_NEGOTIATED
        .try_with(|last| last.try_borrow().ok()?.as_ref().and_then(remembered))
        .ok()
        .flatten();
    if let Some((last, last_descriptor)) = last
        && std::ptr::eq(last_descriptor, descriptor)
    {
        return last;
    }
    let locale = last.map_or_else(|| built.negotiate_value(value), |(last, _)| last.locale);
    let localized = Localized {
        built,
        locale,
        entry: entry(built, locale, descriptor),
        negotiated: true,
    };
    if value.len() <= MAX_REMEMBERED_VALUE {
        let mut remembered = [0; MAX_REMEMBERED_VALUE];
        remembered[..value.len()].copy_from_slice(value);
        let _ = LAST_NEGOTIATED.try_with(|last| {
            if let Ok(mut last) = last.try_borrow_mut() {
                *last = Some(LastNegotiated {
                    descriptor,
                    value: remembered,
                    len: value.len(),
                    localized,
                });
            }
        });
    }
    localized
}

/// One response's localization: the type's bundles, the locale chosen for it, and
/// what the error's code shows there.
#[derive(Clone, Copy)]
pub(crate) struct Localized {
    built: &'static Built,
    locale: usize,
    entry: &'static Entry,
    /// Chosen from `Accept-Language`: the response carries `Vary: Accept-Language`.
    negotiated: bool,
}

impl Localized {
    /// The localization of an error with `descriptor` in the `requested` locale:
    /// `None` when its type has no Fluent files. Without a request, the default locale.
    pub(crate) fn choose(
        descriptor: &'static ErrorDescriptor,
        requested: Option<&Requested>,
    ) -> Option<Localized> {
        let built = descriptor.localizer?.built();
        let (locale, negotiated) = match requested {
            None => (built.default, false),
            Some(Requested::Tag(tag)) => (built.negotiate_value(tag.as_bytes()), false),
            Some(Requested::AcceptLanguage(Some(value))) => {
                return Some(negotiated(built, descriptor, value.as_bytes()));
            }
            Some(Requested::AcceptLanguage(None)) => (built.default, true),
        };
        Some(Localized {
            built,
            locale,
            entry: entry(built, locale, descriptor),
            negotiated,
        })
    }

    /// The descriptor the response shows: with the localized title (its problem head
    /// too), or the original when the message has no `.title`.
    pub(crate) fn descriptor(&self) -> &'static ErrorDescriptor {
        self.entry.descriptor
    }

    /// Whether the code has a localized detail, which then replaces the variant's
    /// message.
    pub(crate) fn has_detail(&self) -> bool {
        self.entry.detail.is_some()
    }

    /// Writes the localized detail as the message: formatted with the fields
    /// `set_args` sets as the Fluent variables, straight into the body. A `set_args`
    /// that fails (a field's `Display` that panicked) leaves the message unwritten.
    pub(crate) fn write_detail<'e>(
        &self,
        members: &mut Members<'_>,
        set_args: impl FnOnce(&mut FieldArgs<'e>) -> Result<(), ()>,
    ) {
        match &self.entry.detail {
            None => {}
            Some(Detail::Constant(text)) => members.localized_message(|out| out.write_str(text)),
            Some(detail) => {
                let mut args = FieldArgs::new();
                if set_args(&mut args).is_err() {
                    return members.localized_message(|_| Err(std::fmt::Error));
                }
                match detail {
                    Detail::Simple { pieces, separators } => members
                        .localized_message(|out| write_simple(out, pieces, &args, *separators)),
                    Detail::Pattern { bundle, pattern } => {
                        let bundle = &self.built.bundles[*bundle];
                        let args = args.to_fluent();
                        let mut errors = Vec::new();
                        members.localized_message(|out| {
                            bundle.write_pattern(out, pattern, Some(&args), &mut errors)
                        });
                    }
                    Detail::Constant(_) => {}
                }
            }
        }
    }

    /// `Content-Language`, and `Vary: Accept-Language` when the locale was negotiated.
    pub(crate) fn set_headers(&self, headers: &mut HeaderMap) {
        if let Some(value) = &self.built.content_languages[self.locale] {
            headers.insert(CONTENT_LANGUAGE, value.clone());
        }
        if self.negotiated {
            headers.append(VARY, HeaderValue::from_static("accept-language"));
        }
    }
}

impl ViolationMessages for Localized {
    /// The violation's message in this locale, if its code has one; `$field` is the
    /// field at fault.
    fn violation_message(&self, violation: &FieldViolation) -> Option<String> {
        let id = fluent_id(violation.code()?);
        let mut args = FluentArgs::new();
        args.set("field", violation.field());
        self.built.format(self.locale, &id, None, Some(&args))
    }
}

/// By descriptor (its address) and the locale a catalog asked for (`None` for none;
/// else the index of the locale its tag negotiated, so that however many ways a
/// locale is asked for, it is one entry): the copy the docs show.
type Documented = RwLock<HashMap<(usize, Option<usize>), &'static ErrorDescriptor>>;

static DOCUMENTED: OnceLock<Documented> = OnceLock::new();

/// `descriptor` as the docs show it in `locale` (the default one for `None`): a copy
/// with the localized title, and the localized detail as its message, its Fluent
/// variables shown as `{$name}`. The copy points to no catalog, so documenting it again
/// leaves it as it is. Made once per code and locale of the type's files, whatever
/// tag asked for it.
pub(crate) fn documented(
    descriptor: &'static ErrorDescriptor,
    locale: Option<&str>,
) -> &'static ErrorDescriptor {
    let Some(localizer) = descriptor.localizer else {
        return descriptor;
    };
    let built = localizer.built();
    let negotiated = locale.map(|locale| built.negotiate_value(locale.as_bytes()));
    let cache = DOCUMENTED.get_or_init(Documented::default);
    let key = (std::ptr::from_ref(descriptor) as usize, negotiated);
    if let Some(found) = cache.read().ok().and_then(|map| map.get(&key).copied()) {
        return found;
    }
    let index = negotiated.unwrap_or(built.default);
    let id = fluent_id(descriptor.code);
    let title = built.format(index, &id, Some("title"), None);
    // In the default locale, a detail that needs the fields' values leaves the example
    // the variant's `message` rendered with its `example(...)` values, when it has one.
    let detail = built
        .format_checked(index, &id, None, None)
        .filter(|(_, complete)| {
            *complete || locale.is_some() || descriptor.example_detail.is_none()
        })
        .map(|(detail, _)| detail);
    let copy: &'static ErrorDescriptor = Box::leak(Box::new(ErrorDescriptor {
        title: title.map_or(descriptor.title, |title| title.leak()),
        message: detail.map(|detail| &*detail.leak()).or(descriptor.message),
        localizer: None,
        ..*descriptor
    }));
    match cache.write() {
        Ok(mut map) => map.entry(key).or_insert(copy),
        Err(_) => copy,
    }
}

#[cfg(test)]
mod tests {
    use super::{DOCUMENTED, documented};
    use crate::ErrorDescriptor;
    use crate::localizer::Localizer;

    static LOCALIZER: Localizer = Localizer::new(
        &[
            ("de", &["not-found = Nicht gefunden.\n    .title = Fehlt\n"]),
            ("en", &["not-found = Not found.\n    .title = Missing\n"]),
        ],
        "en",
        false,
    );

    static NOT_FOUND: ErrorDescriptor = crate::__private::compact(
        "NotFound",
        404,
        r#"{"type":"about:blank","title":"Not Found","status":404,"code":"not_found""#,
        r#"{"error":{"code":"not_found""#,
        "about:blank".len(),
        "Not Found".len(),
    )
    .with_localizer(&LOCALIZER);

    /// How many documented copies of `descriptor` are kept.
    fn copies_of(descriptor: &'static ErrorDescriptor) -> usize {
        let address = std::ptr::from_ref(descriptor) as usize;
        let cache = DOCUMENTED.get().expect("documented once");
        let map = cache.read().expect("not poisoned");
        map.keys().filter(|(key, _)| *key == address).count()
    }

    /// Tags come from callers (a catalog per request's locale): the copies are
    /// bounded by the type's locales, not by how many ways they are written.
    #[test]
    fn a_locale_asked_for_in_many_spellings_is_documented_once() {
        let german = documented(&NOT_FOUND, Some("de"));
        let english = documented(&NOT_FOUND, Some("en"));
        assert_eq!((german.title, english.title), ("Fehlt", "Missing"));
        let unasked = documented(&NOT_FOUND, None);
        assert_eq!(unasked.title, "Missing");
        assert_eq!(copies_of(&NOT_FOUND), 3);
        for index in 0..2000 {
            let spelling = format!("de-CH, fr;q=0.{:03}", index % 1000);
            let other = format!("x-{index}, en-GB;q=0.5");
            assert!(std::ptr::eq(
                documented(&NOT_FOUND, Some(&spelling)),
                german
            ));
            assert!(std::ptr::eq(documented(&NOT_FOUND, Some(&other)), english));
            assert!(std::ptr::eq(
                documented(&NOT_FOUND, Some(&index.to_string())),
                english
            ));
        }
        assert_eq!(copies_of(&NOT_FOUND), 3);
    }
}

//! The Fluent files of a type and their bundles (feature `fluent`): what the derive
//! embeds ([`Localizer`]), the bundles built from it once, locale negotiation, and the
//! writing of a message's text and numbers. What a response shows of them is
//! `locale.rs`'s.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_langneg::LanguageIdentifier as Tag;
use http::HeaderValue;
use unic_langid::LanguageIdentifier;

use crate::json::{self, Escaper};

pub(crate) type Bundle = FluentBundle<FluentResource>;

/// The Fluent files of one type, as the derive embeds them, and their bundles, built
/// on first use. Written by the derive; reached through the type's descriptors.
#[doc(hidden)]
pub struct Localizer {
    /// Each locale's tag and the sources of its files.
    sources: &'static [(&'static str, &'static [&'static str])],
    default: &'static str,
    fallback: bool,
    built: OnceLock<Built>,
}

/// The bundles of a [`Localizer`], and what was looked up in them so far.
pub(crate) struct Built {
    /// Each locale's number separators.
    pub(crate) separators: Vec<Separators>,
    /// Each tag as a `Content-Language` value, sharing the tag's bytes.
    pub(crate) content_languages: Vec<Option<HeaderValue>>,
    /// The tags parsed for negotiation (fluent-langneg's identifiers).
    languages: Vec<Tag>,
    pub(crate) bundles: Vec<Bundle>,
    pub(crate) default: usize,
    /// The locale each requested tag or `Accept-Language` value negotiated, for the
    /// first [`MAX_NEGOTIATED`] distinct values (clients choose them).
    /// Keyed by the value's bytes, so a remembered value is found without checking it
    /// is text first.
    negotiated: RwLock<HashMap<Box<[u8]>, usize, Fast>>,
}

/// The most distinct requested values whose negotiation is remembered.
const MAX_NEGOTIATED: usize = 256;

/// A part of a message of text and variables only.
pub(crate) enum Piece {
    Text(&'static str),
    /// Text that is printable ASCII without `"` or `\\`, copied without a scan.
    Plain(&'static str),
    Variable(&'static str),
}

/// The pieces of `pattern` when it holds only text and variables.
pub(crate) fn simple_pieces(
    pattern: &'static fluent_syntax::ast::Pattern<&'static str>,
) -> Option<Vec<Piece>> {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    pattern
        .elements
        .iter()
        .map(|element| match element {
            PatternElement::TextElement { value } if json::is_plain_ascii(value) => {
                Some(Piece::Plain(value))
            }
            PatternElement::TextElement { value } => Some(Piece::Text(value)),
            PatternElement::Placeable {
                expression: Expression::Inline(InlineExpression::VariableReference { id }),
            } => Some(Piece::Variable(id.name)),
            PatternElement::Placeable { .. } => None,
        })
        .collect()
}

/// Writes `pieces` with `args` as Fluent's resolver would: a string as it is, a
/// number with the locale's separators, a missing variable as `{$name}`.
pub(crate) fn write_simple(
    out: &mut Escaper<'_>,
    pieces: &[Piece],
    args: &FieldArgs<'_>,
    separators: Separators,
) -> std::fmt::Result {
    use std::fmt::Write as _;
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.write_str(text)?,
            Piece::Plain(text) => out.write_plain(text)?,
            Piece::Variable(name) => match args.get(name) {
                Some(FluentValue::String(text)) => out.write_str(text)?,
                Some(FluentValue::Number(number)) => write_number(out, number, separators)?,
                Some(FluentValue::Custom(custom)) => {
                    // The boxed value's `as_any`, not the box's.
                    match (**custom).as_any().downcast_ref::<WideInteger>() {
                        Some(wide) => out.write_str(&wide.text(separators))?,
                        None => write!(out, "{{${name}}}")?,
                    }
                }
                _ => write!(out, "{{${name}}}")?,
            },
        }
    }
    Ok(())
}

/// The fields a variant's messages name, as Fluent values: set by generated code,
/// without allocating for up to four of them.
#[doc(hidden)]
pub struct FieldArgs<'a> {
    inline: [Option<(&'static str, FluentValue<'a>)>; 4],
    more: Vec<(&'static str, FluentValue<'a>)>,
}

impl<'a> FieldArgs<'a> {
    pub(crate) fn new() -> Self {
        FieldArgs {
            inline: [None, None, None, None],
            more: Vec::new(),
        }
    }

    /// Sets the variable `name`.
    pub fn set(&mut self, name: &'static str, value: FluentValue<'a>) {
        match self.inline.iter_mut().find(|slot| slot.is_none()) {
            Some(slot) => *slot = Some((name, value)),
            None => self.more.push((name, value)),
        }
    }

    fn iter(&self) -> impl Iterator<Item = &(&'static str, FluentValue<'a>)> {
        self.inline.iter().flatten().chain(&self.more)
    }

    fn get(&self, name: &str) -> Option<&FluentValue<'a>> {
        self.iter()
            .find(|(known, _)| *known == name)
            .map(|(_, value)| value)
    }

    /// As Fluent's own arguments, for a message its resolver formats.
    pub(crate) fn to_fluent(&self) -> FluentArgs<'a> {
        let mut args = FluentArgs::with_capacity(self.iter().count());
        for (name, value) in self.iter() {
            args.set(*name, value.clone());
        }
        args
    }
}

/// FxHash's mixing: the keys are addresses and short tags, and hashing them with
/// SipHash would cost more than the rest of the lookup.
#[derive(Clone, Copy, Default)]
pub(crate) struct Fast(u64);

impl std::hash::Hasher for Fast {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
        for byte in chunks.remainder() {
            self.write_u64(u64::from(*byte));
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, value: usize) {
        self.write_u64(value as u64);
    }
}

impl std::hash::BuildHasher for Fast {
    type Hasher = Fast;

    fn build_hasher(&self) -> Fast {
        Fast(0)
    }
}

/// One catalog is one value: compared and hashed by address, so descriptors stay
/// `Eq` and `Hash`.
impl PartialEq for Localizer {
    fn eq(&self, other: &Localizer) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for Localizer {}

impl std::hash::Hash for Localizer {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::ptr::from_ref(self).hash(state);
    }
}

impl Localizer {
    /// The files of a type: per locale (its folder name, a BCP 47 tag), the sources of
    /// its `.ftl` files; the default locale; whether a missing message falls back to it.
    pub const fn new(
        sources: &'static [(&'static str, &'static [&'static str])],
        default: &'static str,
        fallback: bool,
    ) -> Localizer {
        Localizer {
            sources,
            default,
            fallback,
            built: OnceLock::new(),
        }
    }

    /// The locales the files are in, as their folders are named.
    pub fn locales(&self) -> impl Iterator<Item = &'static str> {
        self.sources.iter().map(|(tag, _)| *tag)
    }

    /// The default locale.
    pub fn default_locale(&self) -> &'static str {
        self.default
    }

    /// Whether a message missing from a locale is taken from the default one.
    pub fn fallback(&self) -> bool {
        self.fallback
    }

    pub(crate) fn built(&'static self) -> &'static Built {
        self.built.get_or_init(|| Built::new(self))
    }
}

impl Built {
    fn new(localizer: &Localizer) -> Built {
        let mut tags = Vec::new();
        let mut languages = Vec::new();
        let mut bundles = Vec::new();
        for (tag, files) in localizer.sources {
            let mut bundle = Bundle::new_concurrent(vec![tag.parse().unwrap_or_default()]);
            // Plain text in JSON: no Unicode isolation marks around placeables.
            bundle.set_use_isolating(false);
            bundle.set_formatter(Some(format_number));
            // `NUMBER(...)`: without it a call renders as `{NUMBER()}`. It returns a
            // Fluent number with the call's options, which `format_number` writes.
            // Adding it fails only when a function of that name is already there.
            let _ = bundle.add_function("NUMBER", number);
            for source in *files {
                // The derive parsed every file; a resource that still fails keeps
                // what parsed, as Fluent does.
                let resource = FluentResource::try_new((*source).to_owned())
                    .unwrap_or_else(|(resource, _)| resource);
                let _ = bundle.add_resource(resource);
            }
            tags.push(*tag);
            languages.push(tag.parse().unwrap_or(Tag::UND));
            bundles.push(bundle);
        }
        let default = tags
            .iter()
            .position(|tag| *tag == localizer.default)
            .unwrap_or(0);
        Built {
            separators: tags
                .iter()
                .map(|tag| separators(&tag.parse().unwrap_or_default()))
                .collect(),
            content_languages: tags
                .iter()
                .map(|tag| {
                    HeaderValue::from_maybe_shared(bytes::Bytes::from_static(tag.as_bytes())).ok()
                })
                .collect(),
            languages,
            bundles,
            default,
            negotiated: RwLock::default(),
        }
    }

    /// The locale a requested tag or `Accept-Language` value negotiates
    /// ([`accepted`], then [`negotiate`](Self::negotiate)), remembered per value.
    /// A value that is not visible ASCII, as `HeaderValue::to_str` reads it,
    /// negotiates the default locale.
    pub(crate) fn negotiate_value(&self, value: &[u8]) -> usize {
        if let Some(found) = self
            .negotiated
            .read()
            .ok()
            .and_then(|map| map.get(value).copied())
        {
            return found;
        }
        let locale =
            visible_ascii(value).map_or(self.default, |text| self.negotiate(&accepted(text)));
        if let Ok(mut map) = self.negotiated.write()
            && map.len() < MAX_NEGOTIATED
        {
            map.insert(value.into(), locale);
        }
        locale
    }

    /// The value of message `id`: in `locale`, else in the default locale.
    pub(crate) fn pattern(
        &'static self,
        locale: usize,
        id: &str,
    ) -> Option<(usize, &'static fluent_syntax::ast::Pattern<&'static str>)> {
        [locale, self.default]
            .into_iter()
            .find_map(|index| Some((index, self.bundles[index].get_message(id)?.value()?)))
    }

    /// The locale that best answers `requested` (most wanted first), by RFC 4647
    /// lookup, or the default locale.
    fn negotiate(&self, requested: &[Tag]) -> usize {
        let default = self.languages.get(self.default);
        let chosen = fluent_langneg::negotiate_languages(
            requested,
            &self.languages,
            default,
            fluent_langneg::NegotiationStrategy::Lookup,
        );
        chosen
            .first()
            .and_then(|chosen| self.languages.iter().position(|lang| lang == *chosen))
            .unwrap_or(self.default)
    }

    /// A message's value (`attribute` `None`) or attribute, formatted with `args`: in
    /// `locale`, else in the default locale (with `fallback = true`, or for a code the
    /// derive could not check, such as a registry's), rather than not at all.
    pub(crate) fn format(
        &self,
        locale: usize,
        id: &str,
        attribute: Option<&str>,
        args: Option<&FluentArgs>,
    ) -> Option<String> {
        self.format_checked(locale, id, attribute, args)
            .map(|(text, _)| text)
    }

    /// [`format`](Self::format), and whether it went without an error (a variable
    /// missing from `args` is one, written `{$name}`).
    pub(crate) fn format_checked(
        &self,
        locale: usize,
        id: &str,
        attribute: Option<&str>,
        args: Option<&FluentArgs>,
    ) -> Option<(String, bool)> {
        [locale, self.default].into_iter().find_map(|index| {
            let bundle = &self.bundles[index];
            let message = bundle.get_message(id)?;
            let pattern = match attribute {
                None => message.value()?,
                Some(name) => message.get_attribute(name)?.value(),
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, args, &mut errors);
            Some((text.into_owned(), errors.is_empty()))
        })
    }
}

/// The Fluent id of a code: `_` and `.` become `-` (`account_not_found` is
/// `account-not-found`).
pub fn fluent_id(code: &str) -> Cow<'_, str> {
    if code.contains(['_', '.']) {
        Cow::Owned(code.replace(['_', '.'], "-"))
    } else {
        Cow::Borrowed(code)
    }
}

/// The locale a response is rendered in:
/// [`Context::with_locale`](crate::Context::with_locale), or the `Accept-Language`
/// header a layer passed on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Requested {
    /// `Context::with_locale`: a language tag.
    Tag(Cow<'static, str>),
    /// The request's `Accept-Language`, if it had one: the response varies with it.
    AcceptLanguage(Option<HeaderValue>),
}

/// `value` as text when it is visible ASCII or tabs, as `HeaderValue::to_str` reads
/// a header.
fn visible_ascii(value: &[u8]) -> Option<&str> {
    let visible = |byte: &u8| *byte == b'\t' || (32..127).contains(byte);
    value
        .iter()
        .all(visible)
        .then(|| std::str::from_utf8(value).ok())
        .flatten()
}

/// The language ranges of an `Accept-Language` value, most wanted first (by q-value,
/// then by order; `q=0` and `*` left out), as RFC 9110 section 12.5.4 reads them.
fn accepted(value: &str) -> Vec<Tag> {
    let mut ranges: Vec<(u16, usize, Tag)> = value
        .split(',')
        .enumerate()
        .filter_map(|(order, item)| {
            let mut parts = item.split(';');
            let range = parts.next()?.trim();
            let weight = parts
                .find_map(|param| {
                    let (name, value) = param.split_once('=')?;
                    name.trim()
                        .eq_ignore_ascii_case("q")
                        .then(|| quality(value.trim()))
                })
                .unwrap_or(Some(1000))?;
            (weight > 0 && range != "*").then_some(())?;
            Some((weight, order, before_singleton(range).parse().ok()?))
        })
        .collect();
    ranges.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranges.into_iter().map(|(_, _, range)| range).collect()
}

/// `range` up to its first singleton (one-character) subtag, which starts an
/// extension (`de-u-co-phonebk`) or the private-use part (`de-x-private`): RFC 4647
/// lookup truncates a range so, and the language identifiers negotiated here parse
/// neither. Empty for a range that starts with one (`x-private`).
fn before_singleton(range: &str) -> &str {
    let mut length = 0;
    for (index, subtag) in range.split('-').enumerate() {
        if subtag.len() == 1 {
            break;
        }
        length += usize::from(index > 0) + subtag.len();
    }
    &range[..length]
}

/// A q-value in thousandths (`0.9` is 900); `None` if malformed.
fn quality(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if !matches!(whole, "0" | "1")
        || fraction.len() > 3
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let digits = format!("{fraction:0<3}");
    let thousandths = whole.parse::<u16>().ok()? * 1000 + digits.parse::<u16>().ok()?;
    (thousandths <= 1000).then_some(thousandths)
}

/// A field's value as a Fluent variable: numbers as numbers (so plurals and number
/// formatting apply), text borrowed, anything else by its `Display`. Generated code
/// calls `(&FluentArg(&field)).__fluent_value()`; the two traits pick the first that
/// applies.
#[doc(hidden)]
pub struct FluentArg<'a, T: ?Sized>(pub &'a T);

/// A value Fluent takes as it is: numbers and text.
#[doc(hidden)]
pub trait FluentViaValue<'a> {
    fn __fluent_value(&self) -> FluentValue<'a>;
}

/// Anything else with a `Display`: its text.
#[doc(hidden)]
pub trait FluentViaDisplay<'a> {
    fn __fluent_value(&self) -> FluentValue<'a>;
}

/// Numbers an `f64`, a Fluent number's value, holds exactly: as Fluent numbers.
macro_rules! fluent_numbers {
    ($($number:ty)*) => {$(
        impl<'a> FluentViaValue<'a> for FluentArg<'a, $number> {
            fn __fluent_value(&self) -> FluentValue<'a> {
                FluentValue::from(*self.0)
            }
        }
    )*};
}

fluent_numbers!(u8 u16 u32 i8 i16 i32 f64);

/// Integers of more than 53 bits: by [`integer_value`], exact beyond 2^53. `$value`
/// names the field's value in `$sign_and_magnitude`.
macro_rules! fluent_wide_integers {
    ($($number:ty)*: |$value:ident| $sign_and_magnitude:expr) => {$(
        impl<'a> FluentViaValue<'a> for FluentArg<'a, $number> {
            // `as u128` widens: it is `u128` to `u128` only in `u128`'s impl.
            #[allow(clippy::unnecessary_cast)]
            fn __fluent_value(&self) -> FluentValue<'a> {
                let $value = *self.0;
                let (negative, magnitude) = $sign_and_magnitude;
                integer_value(negative, magnitude)
            }
        }
    )*};
}

fluent_wide_integers!(i64 i128 isize: |value| (value < 0, value.unsigned_abs() as u128));
fluent_wide_integers!(u64 u128 usize: |value| (false, value as u128));

impl<'a> FluentViaValue<'a> for FluentArg<'a, f32> {
    /// The `f64` nearest the `f32`'s shortest decimal: `0.1f32` as an `f64` is
    /// 0.10000000149011612, which the locale's formatting would show whole.
    fn __fluent_value(&self) -> FluentValue<'a> {
        let shortest = self.0.to_string().parse().unwrap_or(f64::from(*self.0));
        FluentValue::from(shortest)
    }
}

/// The largest magnitude up to which an `f64` holds every integer.
const EXACT_IN_F64: u128 = 1 << 53;

/// An integer (its sign, its magnitude) as a Fluent value: a Fluent number up to
/// 2^53, which an `f64` holds exactly; beyond, a [`WideInteger`], which an `f64`
/// would round (`2^53 + 1` to `2^53`, `u64::MAX` to 18,446,744,073,709,552,000).
fn integer_value<'a>(negative: bool, magnitude: u128) -> FluentValue<'a> {
    if magnitude > EXACT_IN_F64 {
        return FluentValue::Custom(Box::new(WideInteger {
            negative,
            magnitude,
        }));
    }
    #[allow(clippy::cast_precision_loss)] // At most 2^53: exact.
    let value = magnitude as f64;
    FluentValue::from(if negative { -value } else { value })
}

/// Fluent's built-in `NUMBER` (`add_builtins` adds only it), which also takes a
/// [`WideInteger`]: as it is, since an integer written exactly needs no fraction
/// digits, where the built-in would answer an error, rendered `{NUMBER()}`.
fn number<'a>(positional: &[FluentValue<'a>], named: &FluentArgs) -> FluentValue<'a> {
    match positional.first() {
        Some(FluentValue::Custom(custom)) if (**custom).as_any().is::<WideInteger>() => {
            FluentValue::Custom(custom.duplicate())
        }
        _ => fluent_bundle::builtins::NUMBER(positional, named),
    }
}

/// An integer beyond 2^53, kept exact: written with the locale's separators as a
/// Fluent number of the same value would be, digit for digit. A selector matches it
/// only with its default variant; `NUMBER` passes it on as it is.
#[derive(Clone, Copy, Debug, PartialEq)]
struct WideInteger {
    negative: bool,
    magnitude: u128,
}

impl WideInteger {
    /// The integer as the locale writes it.
    fn text(self, separators: Separators) -> String {
        let mut digits = itoa::Buffer::new();
        let grouped = group(digits.format(self.magnitude), separators);
        match self.negative {
            true => format!("-{grouped}"),
            false => grouped,
        }
    }

    /// The integer as the locale whose `memoizer` is formatting writes it.
    fn text_in<M: fluent_bundle::memoizer::MemoizerKind>(self, memoizer: &M) -> String {
        self.text(locale_separators(memoizer).unwrap_or(Separators(",", ".")))
    }
}

impl fluent_bundle::types::FluentType for WideInteger {
    fn duplicate(&self) -> Box<dyn fluent_bundle::types::FluentType + Send> {
        Box::new(*self)
    }

    fn as_string(&self, memoizer: &intl_memoizer::IntlLangMemoizer) -> Cow<'static, str> {
        self.text_in(memoizer).into()
    }

    fn as_string_threadsafe(
        &self,
        memoizer: &intl_memoizer::concurrent::IntlLangMemoizer,
    ) -> Cow<'static, str> {
        self.text_in(memoizer).into()
    }
}

impl<'a> FluentViaValue<'a> for FluentArg<'a, str> {
    fn __fluent_value(&self) -> FluentValue<'a> {
        FluentValue::from(self.0)
    }
}

impl<'a> FluentViaValue<'a> for FluentArg<'a, String> {
    fn __fluent_value(&self) -> FluentValue<'a> {
        FluentValue::from(self.0.as_str())
    }
}

impl<'a> FluentViaValue<'a> for FluentArg<'a, &str> {
    fn __fluent_value(&self) -> FluentValue<'a> {
        FluentValue::from(*self.0)
    }
}

impl<'a, T: std::fmt::Display + ?Sized> FluentViaDisplay<'a> for &FluentArg<'a, T> {
    fn __fluent_value(&self) -> FluentValue<'a> {
        FluentValue::from(self.0.to_string())
    }
}

/// The separators of a number in a locale: grouping, decimal.
#[derive(Clone, Copy)]
pub(crate) struct Separators(&'static str, &'static str);

impl intl_memoizer::Memoizable for Separators {
    type Args = ();
    type Error = ();

    fn construct(language: LanguageIdentifier, (): ()) -> Result<Self, ()> {
        Ok(separators(&language))
    }
}

/// CLDR's separators of the languages whose numbers are not written as English
/// writes them (`1,234.5`): most of Europe, and Swiss German.
fn separators(language: &LanguageIdentifier) -> Separators {
    const NARROW_NBSP: &str = "\u{202f}";
    const NBSP: &str = "\u{a0}";
    let region = language.region.as_ref().map(|region| region.as_str());
    match (language.language.as_str(), region) {
        ("de" | "it", Some("CH" | "LI")) => Separators("’", "."),
        ("de" | "es" | "it" | "nl" | "pt" | "da" | "id" | "tr" | "el" | "ro" | "hr" | "sl", _) => {
            Separators(".", ",")
        }
        ("fr", _) => Separators(NARROW_NBSP, ","),
        ("ru" | "pl" | "cs" | "sk" | "sv" | "nb" | "no" | "fi" | "uk" | "hu" | "bg", _) => {
            Separators(NBSP, ",")
        }
        _ => Separators(",", "."),
    }
}

/// Fluent's number formatter: the number as Fluent writes it (its fraction digits
/// kept), with the locale's separators.
fn format_number<M: fluent_bundle::memoizer::MemoizerKind>(
    value: &FluentValue,
    memoizer: &M,
) -> Option<String> {
    let FluentValue::Number(number) = value else {
        return None;
    };
    Some(number_text(number, locale_separators(memoizer)?))
}

/// `number` as the locale writes it.
fn number_text(number: &fluent_bundle::types::FluentNumber, separators: Separators) -> String {
    let mut out = String::new();
    let _ = write_number(&mut out, number, separators);
    out
}

/// Writes `number` as the locale writes it.
fn write_number(
    out: &mut impl std::fmt::Write,
    number: &fluent_bundle::types::FluentNumber,
    separators: Separators,
) -> std::fmt::Result {
    let whole = number.value;
    // An integer without fraction digits (a count, an id): its digits straight, without
    // formatting a float. Up to 2^53, where every integer is exact.
    let integer = number.options.minimum_fraction_digits.is_none()
        && whole.fract() == 0.0
        && whole.abs() < 9_007_199_254_740_992.0;
    match integer {
        #[allow(clippy::cast_possible_truncation)]
        true => write_integer(out, whole as i64, separators),
        false => out.write_str(&group(&number.as_string(), separators)),
    }
}

thread_local! {
    /// The separators of the bundle last formatted on this thread, by the address of
    /// its memoizer (bundles live for the process): a response's numbers skip the
    /// memoizer's lock and lookup.
    static LAST_SEPARATORS: std::cell::Cell<Option<(usize, Separators)>> =
        const { std::cell::Cell::new(None) };
}

/// The separators of the locale whose `memoizer` is formatting.
fn locale_separators<M: fluent_bundle::memoizer::MemoizerKind>(memoizer: &M) -> Option<Separators> {
    let address = std::ptr::from_ref(memoizer) as usize;
    if let Ok(Some((last, separators))) = LAST_SEPARATORS.try_with(std::cell::Cell::get)
        && last == address
    {
        return Some(separators);
    }
    let separators = memoizer
        .with_try_get_threadsafe::<Separators, _, _>((), |separators| *separators)
        .ok()?;
    let _ = LAST_SEPARATORS.try_with(|last| last.set(Some((address, separators))));
    Some(separators)
}

/// `value` with grouping every three digits.
#[cfg(test)]
fn group_integer(value: i64, separators: Separators) -> String {
    let mut out = String::new();
    let _ = write_integer(&mut out, value, separators);
    out
}

/// Writes `value` with grouping every three digits, in one `write_str`.
fn write_integer(
    out: &mut impl std::fmt::Write,
    value: i64,
    Separators(grouping, _): Separators,
) -> std::fmt::Result {
    // Below 1,000 no locale groups digits: written as they are (most ids and counts
    // in a message).
    if value.unsigned_abs() < 1000 {
        return out.write_str(itoa::Buffer::new().format(value));
    }
    let mut digits = [0u8; 20];
    let mut rest = value.unsigned_abs();
    let mut start = digits.len();
    loop {
        start -= 1;
        // A digit: `rest % 10` is below 10.
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let digits = &digits[start..];
    // A sign, 19 digits, and 6 separators of at most 4 bytes each.
    let mut text = [0u8; 48];
    let mut len = 0;
    let mut push = |bytes: &[u8]| {
        text[len..len + bytes.len()].copy_from_slice(bytes);
        len += bytes.len();
    };
    if value < 0 {
        push(b"-");
    }
    for (index, digit) in digits.iter().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            push(grouping.as_bytes());
        }
        push(&[*digit]);
    }
    out.write_str(std::str::from_utf8(&text[..len]).map_err(|_| std::fmt::Error)?)
}

/// `plain` (`-1234.5`) with grouping every three digits and the locale's decimal mark.
fn group(plain: &str, Separators(grouping, decimal): Separators) -> String {
    let (sign, digits) = plain
        .strip_prefix('-')
        .map_or(("", plain), |rest| ("-", rest));
    let (whole, fraction) = digits
        .split_once('.')
        .map_or((digits, None), |(w, f)| (w, Some(f)));
    if !whole.bytes().all(|b| b.is_ascii_digit()) {
        // `inf`, `NaN`: as they are.
        return plain.to_owned();
    }
    let mut out = String::with_capacity(plain.len() + 8);
    out.push_str(sign);
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            out.push_str(grouping);
        }
        out.push(digit);
    }
    if let Some(fraction) = fraction {
        out.push_str(decimal);
        out.push_str(fraction);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{
        Escaper, FieldArgs, Localizer, Separators, accepted, group, group_integer, quality,
        simple_pieces, write_simple,
    };

    #[test]
    fn accept_language_is_ordered_by_q_value_then_by_position() {
        let tags: Vec<String> = accepted("en;q=0.5, de-CH, fr;q=0, de;q=0.9, *;q=0.1")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(tags, ["de-CH", "de", "en"]);
    }

    /// RFC 4647 lookup truncates a range: its extensions and private-use part, which
    /// no locale folder names, do not leave it out.
    #[test]
    fn ranges_with_extensions_or_private_use_parts_are_cut_before_them() {
        let tags: Vec<String> = accepted(
            "de-u-co-phonebk, de-x-private;q=0.9, de-Latn-CH-u-ca-buddhist;q=0.8, \
             x-whatever;q=0.7, en-a-bbb-x-a;q=0.6",
        )
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(tags, ["de", "de", "de-Latn-CH", "en"]);
    }

    #[test]
    fn malformed_q_values_leave_their_range_out() {
        assert_eq!(quality("0.9"), Some(900));
        assert_eq!(quality("1"), Some(1000));
        assert_eq!(quality("1.5"), None);
        assert_eq!(quality("0.1234"), None);
        let tags: Vec<String> = accepted("de;q=abc, en")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(tags, ["en"]);
    }

    /// The simple messages' own writer writes what Fluent's resolver writes.
    #[test]
    fn simple_messages_are_written_as_fluent_writes_them() {
        static LOCALIZER: Localizer = Localizer::new(
            &[(
                "de",
                &["hello = Hallo { $name }, Sie haben { $count } Punkte und { $missing }.\n"],
            )],
            "de",
            false,
        );
        let built = LOCALIZER.built();
        let bundle = &built.bundles[0];
        let Some(pattern) = bundle.get_message("hello").and_then(|m| m.value()) else {
            panic!("the message parses");
        };
        let pieces = simple_pieces(pattern).expect("text and variables only");
        let mut args = FieldArgs::new();
        args.set("name", "Ada".into());
        args.set("count", 12345.into());
        let mut written = Vec::new();
        let mut escaper = Escaper::new(&mut written, usize::MAX);
        write_simple(&mut escaper, &pieces, &args, built.separators[0]).expect("written");
        let ours = String::from_utf8(written).expect("UTF-8");
        let fluent = bundle.format_pattern(pattern, Some(&args.to_fluent()), &mut Vec::new());
        assert_eq!(ours, fluent);
        assert_eq!(ours, "Hallo Ada, Sie haben 12.345 Punkte und {$missing}.");
    }

    /// `NUMBER` of an integer beyond 2^53 writes it exactly, as a variable does.
    #[test]
    fn number_takes_an_integer_beyond_an_f64_s_precision() {
        use super::{FluentArg, FluentViaValue as _};
        static LOCALIZER: Localizer = Localizer::new(
            &[("de", &["big = { NUMBER($n) } und { NUMBER($small) }\n"])],
            "de",
            false,
        );
        let built = LOCALIZER.built();
        let mut args = FieldArgs::new();
        args.set("n", FluentArg(&u64::MAX).__fluent_value());
        args.set("small", FluentArg(&1234_u64).__fluent_value());
        let text = built.format(0, "big", None, Some(&args.to_fluent()));
        assert_eq!(
            text.as_deref(),
            Some("18.446.744.073.709.551.615 und 1.234")
        );
    }

    #[test]
    fn integers_are_grouped_without_formatting_a_float() {
        let german = Separators(".", ",");
        assert_eq!(group_integer(0, german), "0");
        assert_eq!(group_integer(-999, german), "-999");
        assert_eq!(group_integer(999, german), "999");
        assert_eq!(group_integer(1000, german), "1.000");
        assert_eq!(group_integer(-1000, german), "-1.000");
        assert_eq!(group_integer(1200, german), "1.200");
        assert_eq!(group_integer(-1_234_567, german), "-1.234.567");
        assert_eq!(
            group_integer(i64::MIN, german),
            "-9.223.372.036.854.775.808"
        );
    }

    #[test]
    fn numbers_take_the_locale_s_separators() {
        assert_eq!(group("1234567.25", Separators(",", ".")), "1,234,567.25");
        assert_eq!(group("-1234.5", Separators(".", ",")), "-1.234,5");
        assert_eq!(group("999", Separators(".", ",")), "999");
    }
}

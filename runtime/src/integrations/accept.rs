//! Content negotiation of the error body: which of a service's enabled formats a
//! request's `Accept` header prefers, by quality value (RFC 9110 section 12.5.1).
//!
//! The parser is a single pass over the header's bytes that never allocates: each
//! media range is a pair of slices and a quality in thousandths.

use crate::Format;

/// The format to answer a request with: the one of `enabled` whose media type the
/// `Accept` header gives the highest quality, the earliest of equal ones, so that
/// `enabled[0]`, the service's default, wins a tie.
///
/// Each format takes the quality of the most specific media range that matches its
/// media type (`type/subtype`, then `type/*`, then `*/*`; the first of equally
/// specific ones; for a `+json` type such as `application/problem+json`,
/// `application/json` ranks between its own type and `application/*`: see
/// [`MediaRange::specificity_for`]); a format that no range matches, or one matched
/// with `q=0`, is not acceptable. When none is acceptable, or the request has no
/// usable `Accept`, the service answers in `enabled[0]` anyway: an error response is
/// never turned into a `406`. Media-type parameters other than `q` are ignored, and
/// so is a range that does not parse (a bad `q` included), as if it were not there.
pub(crate) fn negotiate<'a>(enabled: &[Format], accept: impl Iterator<Item = &'a [u8]>) -> Format {
    let enabled = &enabled[..enabled.len().min(MAX_FORMATS)];
    let mut preferences = [Preference::default(); MAX_FORMATS];
    for range in accept.flat_map(MediaRanges::new) {
        for (preference, format) in preferences.iter_mut().zip(enabled) {
            preference.consider(&range, format.content_type());
        }
    }
    let mut chosen = (Format::default(), 0);
    for (index, (preference, &format)) in preferences.iter().zip(enabled).enumerate() {
        if index == 0 || preference.quality() > chosen.1 {
            chosen = (format, preference.quality());
        }
    }
    chosen.0
}

/// The most formats negotiation chooses among; the rest of a longer list are never
/// chosen. Kept small so that the preferences fit on the stack.
pub(crate) const MAX_FORMATS: usize = 8;

/// The formats a service that configured `format` alone negotiates among: the
/// problem document and the envelope each keep the other as an alternative (a
/// client may ask for either), any other format stands alone.
pub(crate) fn enabled_with(format: Format) -> Vec<Format> {
    match format {
        Format::Problem => vec![Format::Problem, Format::Envelope],
        Format::Envelope => vec![Format::Envelope, Format::Problem],
        other => vec![other],
    }
}

/// The best match so far for one format: how specific its range is (0 for none),
/// and that range's quality.
#[derive(Clone, Copy, Default)]
struct Preference {
    specificity: u8,
    quality: u16,
}

impl Preference {
    fn consider(&mut self, range: &MediaRange<'_>, media_type: &str) {
        let specificity = range.specificity_for(media_type);
        if specificity > self.specificity {
            *self = Preference {
                specificity,
                quality: range.quality,
            };
        }
    }

    /// The quality in thousandths; 0 when no range matched.
    fn quality(self) -> u16 {
        self.quality
    }
}

/// One media range of an `Accept` header.
#[derive(Debug, PartialEq, Eq)]
struct MediaRange<'a> {
    kind: &'a [u8],
    subtype: &'a [u8],
    /// The quality in thousandths: `q=0.5` is 500, no `q` is 1000.
    quality: u16,
}

impl MediaRange<'_> {
    /// How specifically this range names `media_type`, 0 when it does not match: 4
    /// for the type itself, 2 for `type/*`, 1 for `*/*`, and 3 for `application/json`
    /// naming a `+json` type (RFC 6839's suffix: a problem document, a JSON:API
    /// document). A client that asks for `application/json` alone can read one: a
    /// service whose default is such a type keeps it for that client (the OpenAPI
    /// document promises it), and switches only when the client ranks another
    /// format above an explicit range for it. Refusing `application/json` (`q=0`)
    /// says nothing of the `+json` type, so that range does not count for it.
    fn specificity_for(&self, media_type: &str) -> u8 {
        let essence = media_type.split(';').next().unwrap_or_default().trim();
        let (kind, subtype) = essence.split_once('/').unwrap_or((essence, ""));
        let same = |range: &[u8], name: &str| range.eq_ignore_ascii_case(name.as_bytes());
        match (self.kind, self.subtype) {
            (b"*", b"*") => 1,
            (range_kind, b"*") if same(range_kind, kind) => 2,
            (range_kind, range_sub) if same(range_kind, kind) && same(range_sub, subtype) => 4,
            (range_kind, range_sub)
                if same(range_kind, "application")
                    && same(range_sub, "json")
                    && subtype.ends_with("+json")
                    && self.quality > 0 =>
            {
                3
            }
            _ => 0,
        }
    }
}

/// The media ranges of one `Accept` header value, skipping those that do not parse.
struct MediaRanges<'a> {
    rest: &'a [u8],
}

impl<'a> MediaRanges<'a> {
    fn new(value: &'a [u8]) -> MediaRanges<'a> {
        MediaRanges { rest: value }
    }
}

impl<'a> Iterator for MediaRanges<'a> {
    type Item = MediaRange<'a>;

    fn next(&mut self) -> Option<MediaRange<'a>> {
        while !self.rest.is_empty() {
            let (element, rest) = split_unquoted(self.rest, b',');
            self.rest = rest;
            if let Some(range) = parse_range(element) {
                return Some(range);
            }
        }
        None
    }
}

/// One element of the list: `type/subtype *( OWS ";" OWS parameter )`, where the
/// parameter named `q` (any case) is the weight and ends the media type's own
/// parameters; what follows it (accept extensions) is ignored.
fn parse_range(element: &[u8]) -> Option<MediaRange<'_>> {
    let (media_type, mut parameters) = split_unquoted(element, b';');
    let (kind, subtype) = split_once(media_type.trim_ascii(), b'/')?;
    let valid = is_token(kind) && is_token(subtype) && (kind != b"*" || subtype == b"*");
    if !valid {
        return None;
    }
    let mut quality = 1000;
    while !parameters.is_empty() {
        let (parameter, rest) = split_unquoted(parameters, b';');
        parameters = rest;
        let Some((name, value)) = split_once(parameter, b'=') else {
            continue;
        };
        if name.trim_ascii().eq_ignore_ascii_case(b"q") {
            quality = parse_quality(value.trim_ascii())?;
            break;
        }
    }
    Some(MediaRange {
        kind,
        subtype,
        quality,
    })
}

/// RFC 9110's `qvalue`: `0[.ddd]` or `1[.000]`, in thousandths; `None` otherwise.
fn parse_quality(text: &[u8]) -> Option<u16> {
    let (whole, fraction) = split_once(text, b'.').unwrap_or((text, b""));
    if fraction.len() > 3 || !fraction.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let thousandths = fraction
        .iter()
        .chain(std::iter::repeat(&b'0'))
        .take(3)
        .fold(0u16, |sum, digit| sum * 10 + u16::from(digit - b'0'));
    match whole {
        b"0" => Some(thousandths),
        b"1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// Splits at the first `separator` outside a quoted string; the whole input and an
/// empty rest when there is none.
fn split_unquoted(text: &[u8], separator: u8) -> (&[u8], &[u8]) {
    let mut quoted = false;
    let mut escaped = false;
    for (index, &byte) in text.iter().enumerate() {
        match byte {
            _ if escaped => escaped = false,
            b'\\' if quoted => escaped = true,
            b'"' => quoted = !quoted,
            _ if byte == separator && !quoted => return (&text[..index], &text[index + 1..]),
            _ => {}
        }
    }
    (text, b"")
}

fn split_once(text: &[u8], separator: u8) -> Option<(&[u8], &[u8])> {
    let index = text.iter().position(|&byte| byte == separator)?;
    Some((&text[..index], &text[index + 1..]))
}

/// RFC 9110's `token`: one or more `tchar`.
fn is_token(text: &[u8]) -> bool {
    !text.is_empty()
        && text
            .iter()
            .all(|&byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

#[cfg(test)]
mod tests {
    use super::{MediaRange, MediaRanges, enabled_with, negotiate, parse_quality};
    use crate::Format::{self, Envelope, Problem};

    fn with(configured: Format, accept: &str) -> Format {
        negotiate(
            &enabled_with(configured),
            std::iter::once(accept.as_bytes()),
        )
    }

    fn both(accept: &str) -> (Format, Format) {
        (with(Problem, accept), with(Envelope, accept))
    }

    #[test]
    fn the_higher_quality_wins_and_ties_keep_the_configured_format() {
        let accept = "application/json, application/problem+json;q=0.5";
        assert_eq!(both(accept), (Envelope, Envelope));
        let accept = "application/json;q=0.5, application/problem+json";
        assert_eq!(both(accept), (Problem, Problem));
        assert_eq!(
            both("application/json, application/problem+json"),
            (Problem, Envelope)
        );
        assert_eq!(
            both("text/html;q=0.5, application/problem+json"),
            (Problem, Problem)
        );
        assert_eq!(both("application/problem+json"), (Problem, Problem));
    }

    #[test]
    fn asking_for_json_alone_accepts_a_problem_document() {
        assert_eq!(both("application/json"), (Problem, Envelope));
        assert_eq!(both("application/json;q=0.4"), (Problem, Envelope));
        // Refusing plain JSON does not refuse problem+json: `*/*` still covers it.
        assert_eq!(both("application/json;q=0, */*"), (Problem, Problem));
        // An explicit problem+json range outranks what `application/json` implies.
        assert_eq!(
            both("application/json, application/problem+json;q=0.5"),
            (Envelope, Envelope)
        );
    }

    #[test]
    fn no_usable_accept_keeps_the_configured_format() {
        assert_eq!(
            negotiate(&enabled_with(Envelope), std::iter::empty()),
            Envelope
        );
        assert_eq!(both(""), (Problem, Envelope));
        assert_eq!(both("text/html"), (Problem, Envelope), "neither acceptable");
        assert_eq!(both("garbage, ;;, /json"), (Problem, Envelope));
    }

    #[test]
    fn zero_quality_means_not_acceptable() {
        assert_eq!(
            both("application/problem+json;q=0, */*"),
            (Envelope, Envelope)
        );
        assert_eq!(both("application/json;q=0.000, */*"), (Problem, Problem));
        assert_eq!(
            both("application/problem+json;q=0, application/json;q=0"),
            (Problem, Envelope)
        );
    }

    #[test]
    fn wildcards_match_with_less_precedence_than_the_type() {
        assert_eq!(both("*/*"), (Problem, Envelope));
        assert_eq!(both("application/*"), (Problem, Envelope));
        assert_eq!(
            both("application/*;q=0.2, application/json"),
            (Problem, Envelope),
            "`application/json` covers problem+json before `application/*` does"
        );
        assert_eq!(
            both("*/*;q=0.1, application/problem+json;q=0.3"),
            (Problem, Problem)
        );
        // The more specific `application/*` decides over `*/*`, in any order.
        assert_eq!(
            both("application/*;q=0, */*, application/json;q=0"),
            (Problem, Envelope),
            "neither acceptable"
        );
        assert_eq!(
            both("*/*, application/*;q=0.1, application/problem+json;q=0.2"),
            (Problem, Problem)
        );
        // `*/json` is not a media range.
        assert_eq!(
            both("*/json, application/problem+json;q=0.1"),
            (Problem, Problem)
        );
    }

    #[test]
    fn whitespace_case_and_parameters_before_q() {
        let accept =
            " Application/JSON ; charset=utf-8 ;  Q=0.4 ,\tapplication/Problem+Json;q=0.6 ";
        assert_eq!(both(accept), (Problem, Problem));
        let accept = "application/json;version=\"a;b,c\";q=0.9, application/problem+json;q=0.8";
        assert_eq!(
            both(accept),
            (Envelope, Envelope),
            "a quoted `;` or `,` splits nothing"
        );
        // Extensions after `q` are ignored, even a second `q`.
        assert_eq!(
            both("application/json;q=0.2;q=1, application/problem+json;q=0.5"),
            (Problem, Problem)
        );
    }

    #[test]
    fn an_invalid_quality_drops_its_range() {
        for bad in [
            "2", "1.001", "0.1234", ".5", "-0", "0,5", "", "1.5", "0.x", " abc",
        ] {
            let accept = format!("application/json;q={bad}, application/problem+json;q=0.1");
            assert_eq!(both(&accept), (Problem, Problem), "q={bad}");
        }
    }

    #[test]
    fn several_formats_are_chosen_among_by_quality_the_first_on_a_tie() {
        let enabled = [Format::Google, Format::JsonApi, Problem];
        let pick = |accept: &str| negotiate(&enabled, std::iter::once(accept.as_bytes()));
        assert_eq!(pick(""), Format::Google, "no Accept: the first");
        assert_eq!(
            pick("text/html"),
            Format::Google,
            "none acceptable: the first"
        );
        assert_eq!(pick("application/vnd.api+json"), Format::JsonApi);
        assert_eq!(pick("application/problem+json"), Problem);
        assert_eq!(
            pick("application/vnd.api+json;q=0.5, application/problem+json;q=0.8"),
            Problem
        );
        assert_eq!(
            pick("application/json"),
            Format::Google,
            "application/json: Google's own type, and only implied for the +json ones"
        );
        assert_eq!(
            pick("application/json;q=0.2, application/vnd.api+json;q=0.3"),
            Format::JsonApi
        );
        assert_eq!(pick("*/*"), Format::Google, "a tie keeps the first");
        assert_eq!(
            pick("application/json;q=0, */*;q=0.1"),
            Format::JsonApi,
            "Google's type refused; `*/*` covers the next"
        );
        // Two formats with one media type: the earlier wins.
        let same = [Format::FastApi, Format::Microsoft];
        let chosen = negotiate(&same, std::iter::once(&b"application/json"[..]));
        assert_eq!(chosen, Format::FastApi);
    }

    #[test]
    fn a_format_other_than_problem_or_envelope_stands_alone() {
        assert_eq!(enabled_with(Format::Google), [Format::Google]);
        assert_eq!(
            with(Format::JsonApi, "application/problem+json"),
            Format::JsonApi
        );
    }

    #[test]
    fn qvalues_parse_to_thousandths() {
        assert_eq!(parse_quality(b"1"), Some(1000));
        assert_eq!(parse_quality(b"1."), Some(1000));
        assert_eq!(parse_quality(b"1.000"), Some(1000));
        assert_eq!(parse_quality(b"0"), Some(0));
        assert_eq!(parse_quality(b"0.5"), Some(500));
        assert_eq!(parse_quality(b"0.05"), Some(50));
        assert_eq!(parse_quality(b"0.001"), Some(1));
        assert_eq!(parse_quality(b"1.0001"), None);
        assert_eq!(parse_quality(b"01"), None);
    }

    #[test]
    fn ranges_are_read_in_order_skipping_bad_elements() {
        let ranges: Vec<_> = MediaRanges::new(b"a/b;q=0.5,, bad ,c/*").collect();
        assert_eq!(
            ranges,
            [
                MediaRange {
                    kind: b"a",
                    subtype: b"b",
                    quality: 500
                },
                MediaRange {
                    kind: b"c",
                    subtype: b"*",
                    quality: 1000
                },
            ]
        );
    }
}

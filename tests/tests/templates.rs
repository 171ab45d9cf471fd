//! A `message = "…"` template without format specs is written part by part (its
//! text, then numbers and text fields directly, anything else by its `Display`)
//! rather than through `format_args!`: each variant here renders exactly what
//! `format!` makes of the same template, in the problem and envelope formats.

use std::net::{IpAddr, Ipv4Addr};

use apierror::{Context, Format, Limits};

mod support;
use support::{body, ctx, envelope, problem};

type Id = u64;

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum Templated {
    #[error("numbers")]
    #[api(
        code = "numbers",
        status = 400,
        message = "u8 {small}, u128 {big}, i64 {negative}, i128 {very_negative}, usize {size}, alias {alias}"
    )]
    Numbers {
        small: u8,
        big: u128,
        negative: i64,
        very_negative: i128,
        size: usize,
        alias: Id,
    },

    #[error("texts")]
    #[api(
        code = "texts",
        status = 400,
        message = "owned {owned} / borrowed {borrowed} / again {owned}"
    )]
    Texts {
        owned: String,
        borrowed: &'static str,
    },

    #[error("display")]
    #[api(code = "display", status = 400, message = "from {address} at {ratio}")]
    Display { address: IpAddr, ratio: f64 },

    #[error("escapes")]
    #[api(
        code = "escapes",
        status = 400,
        message = "\"quoted\" {{braces}} {text} é\tend"
    )]
    Escapes { text: String },

    // One byte JSON escapes in an otherwise plain template each: the derive must not
    // take any of them for text the renderer may copy as it is.
    #[error("backslash")]
    #[api(code = "backslash", status = 400, message = "a\\b {n}")]
    Backslash { n: u8 },
    #[error("delete")]
    #[api(code = "delete", status = 400, message = "a\u{7f}b {n}")]
    Delete { n: u8 },
    #[error("control")]
    #[api(code = "control", status = 400, message = "a\u{1}b {n}")]
    Control { n: u8 },
    #[error("newline")]
    #[api(code = "newline", status = 400, message = "a\nb {n}")]
    Newline { n: u8 },
    #[error("quote")]
    #[api(code = "quote", status = 400, message = "a\"b {n}")]
    Quote { n: u8 },

    #[error("tuple")]
    #[api(code = "tuple", status = 400, message = "{1} then {0}")]
    Tuple(u32, String),

    #[error("spec")]
    #[api(code = "spec", status = 400, message = "[{id:>6}] {name:?}")]
    Spec { id: u64, name: String },
}

fn cases() -> Vec<(Templated, String)> {
    let hostile = "say \"hi\"\n\\ \u{1} \u{202e}é".to_owned();
    vec![
        (
            Templated::Numbers {
                small: 7,
                big: u128::MAX,
                negative: -42,
                very_negative: i128::MIN,
                size: usize::MAX,
                alias: 9,
            },
            format!(
                "u8 7, u128 {}, i64 -42, i128 {}, usize {}, alias 9",
                u128::MAX,
                i128::MIN,
                usize::MAX
            ),
        ),
        (
            Templated::Texts {
                owned: hostile.clone(),
                borrowed: "b\"c",
            },
            format!("owned {hostile} / borrowed b\"c / again {hostile}"),
        ),
        (
            Templated::Display {
                address: IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)),
                ratio: 0.5,
            },
            "from 192.0.2.1 at 0.5".to_owned(),
        ),
        (
            Templated::Escapes {
                text: "x\"y".to_owned(),
            },
            "\"quoted\" {braces} x\"y é\tend".to_owned(),
        ),
        (Templated::Backslash { n: 1 }, "a\\b 1".to_owned()),
        (Templated::Delete { n: 2 }, "a\u{7f}b 2".to_owned()),
        (Templated::Control { n: 3 }, "a\u{1}b 3".to_owned()),
        (Templated::Newline { n: 4 }, "a\nb 4".to_owned()),
        (Templated::Quote { n: 5 }, "a\"b 5".to_owned()),
        (
            Templated::Tuple(3, "second".to_owned()),
            "second then 3".to_owned(),
        ),
        (
            Templated::Spec {
                id: 42,
                name: "n\"m".to_owned(),
            },
            format!("[{:>6}] {:?}", 42, "n\"m"),
        ),
    ]
}

#[test]
fn every_part_renders_what_format_makes_of_the_template() {
    for (error, expected) in cases() {
        assert_eq!(problem(&error)["detail"], expected.as_str(), "{error:?}");
        assert_eq!(
            envelope(&error)["error"]["message"],
            expected.as_str(),
            "{error:?}"
        );
    }
}

#[test]
fn parts_are_cut_at_the_message_budget_like_any_message() {
    let limits = Limits {
        max_message_chars: 12,
        ..Limits::default()
    };
    let ctx: Context = ctx().with_limits(limits);
    let error = Templated::Texts {
        owned: "ééééé".to_owned(),
        borrowed: "zzz",
    };
    // "owned ééééé / …": twelve characters, then the marker.
    assert_eq!(body(&error, &ctx)["detail"], "owned ééééé …");
    let numbers = Templated::Tuple(123_456, "abcdefghij".to_owned());
    assert_eq!(body(&numbers, &ctx)["detail"], "abcdefghij t…");
    let enveloped = ctx.with_format(Format::Envelope);
    assert_eq!(
        body(&numbers, &enveloped)["error"]["message"],
        "abcdefghij t…"
    );
}

/// Types of the user's own that share the names the derive writes directly: they
/// are written by their `Display`, and the derive's guess from the name never
/// breaks the build.
mod shadowed {
    use std::fmt;

    #[allow(non_camel_case_types)]
    #[derive(Debug)]
    pub struct u64(pub &'static str);

    #[derive(Debug)]
    pub struct String(pub &'static str);

    impl fmt::Display for u64 {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "<{}>", self.0)
        }
    }

    impl fmt::Display for String {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "«{}»", self.0)
        }
    }

    #[derive(Debug, thiserror::Error, apierror::ApiError)]
    pub enum Shadowed {
        #[error("shadowed")]
        #[api(code = "shadowed", status = 400, message = "{number} and {text}")]
        Names { number: u64, text: String },
    }
}

#[test]
fn a_type_named_like_a_number_or_text_is_written_by_its_own_display() {
    let error = shadowed::Shadowed::Names {
        number: shadowed::u64("n"),
        text: shadowed::String("t\"x"),
    };
    assert_eq!(problem(&error)["detail"], "<n> and «t\"x»");
}

/// thiserror's width and precision taken from a field (`width$`), which `format!`
/// reads as `usize` values; a tuple's field by its index (`1$`).
#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum Counted {
    #[error("{id:>width$} / {amount:.prec$} / {width}")]
    #[api(
        code = "counted",
        status = 400,
        message = "{id:>width$} / {amount:.prec$} / {width}"
    )]
    Named {
        id: u32,
        width: usize,
        amount: f64,
        prec: usize,
    },

    // thiserror reads no `1$`; a message reads it as the tuple's field `1`.
    #[error("tuple {0} {1}")]
    #[api(code = "counted_tuple", status = 400, message = "[{0:>1$}]")]
    Tuple(u32, usize),
}

#[test]
fn widths_and_precisions_come_from_fields_as_in_format() {
    let named = Counted::Named {
        id: 42,
        width: 5,
        amount: 1.23456,
        prec: 2,
    };
    assert_eq!(
        problem(&named)["detail"],
        format!("{:>5} / {:.2} / 5", 42, 1.23456)
    );
    assert_eq!(problem(&named)["detail"], named.to_string());
    let tuple = Counted::Tuple(7, 4);
    assert_eq!(problem(&tuple)["detail"], "[   7]");
    assert_eq!(envelope(&tuple)["error"]["message"], "[   7]");
}

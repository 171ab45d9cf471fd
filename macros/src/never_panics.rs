//! The derives never panic: both expansion functions run over a generated corpus of
//! several thousand inputs (raw identifiers, keywords, odd attribute values in every
//! position, empty enums, generics) and each must answer tokens, a `compile_error!`
//! among them when the input is wrong, never a panic. The corpus is drawn from a
//! seeded generator, so a failure names an input that reproduces.

use std::panic::{self, AssertUnwindSafe};

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::DeriveInput;

/// How many inputs are drawn; each runs through both derives.
const CORPUS_SIZE: usize = 6_000;

/// xorshift64*: small, deterministic, and good enough to pick from lists.
struct Rng(u64);

impl Rng {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let value = self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 32;
        usize::try_from(value).expect("32 bits fit a usize") % bound
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Type, variant and field names: plain, raw, keyword-like, unicode, and names the
/// generated code uses itself.
const NAMES: &[&str] = &[
    "NotFound",
    "Conflict",
    "r#type",
    "r#Type",
    "r#match",
    "r#async",
    "r#struct",
    "r#fn",
    "r#dyn",
    "id",
    "type_",
    "_",
    "_0",
    "__api_members",
    "__api_visit",
    "__API_CATALOG",
    "__api",
    "café",
    "Ünïcödé",
    "password",
    "user_password",
    "apiKey",
    "SessionId",
    "tokenizer",
    "a",
    "x1",
];

/// Attribute keys: every key of every position, unknown ones, and near misses.
const KEYS: &[&str] = &[
    "code",
    "status",
    "title",
    "type",
    "expose",
    "message",
    "log",
    "transparent",
    "type_base",
    "domain",
    "example",
    "grpc",
    "crate",
    "rename_all",
    "field",
    "extension",
    "violations",
    "inner",
    "header",
    "skip_impl",
    "stauts",
    "r#type",
    "api",
    "code::inner",
    "",
];

/// Values after `=`: right and wrong literal kinds, edge cases of each check, paths,
/// lists, and text the templates, JSON and URI checks must survive.
const VALUES: &[&str] = &[
    "\"not_found\"",
    "\"already_exists\"",
    "\"ok\"",
    "\"\"",
    "\"{type}\"",
    "\"{r#type}\"",
    "\"{r#}\"",
    "\"{}\"",
    "\"{\"",
    "\"}\"",
    "\"{{}}\"",
    "\"{0}\"",
    "\"{0:?}\"",
    "\"{id:>width$}\"",
    "\"{id} {id} {1} {_0} {__api_members}\"",
    "\"{password}\"",
    "\"{café}\"",
    "\"\\u{1F600}\"",
    "\"\\x7f\\0\\r\\n\\t\\\\\\\"\"",
    "\"\\u{202e}\"",
    "r#\"raw {id}\"#",
    "b\"bytes\"",
    "c\"cstr\"",
    "'c'",
    "b'c'",
    "404",
    "0",
    "399",
    "600",
    "65536",
    "99999999999999999999999999999999999999999",
    "-1",
    "404u16",
    "404_i8",
    "0x194",
    "4.04e2",
    "true",
    "false",
    "Code::NotFound",
    "Code::r#Type",
    "Code",
    "::a::b::<T>",
    "not_found",
    "[1, 2]",
    "(a, b)",
    "{ x }",
    "\"https://errors.example.com/\"",
    "\"https://errors.example.com\"",
    "\"urn:x:\"",
    "\"/relative/\"",
    "\"has space/\"",
    "\"error\"",
    "\"off\"",
    "\"loud\"",
    "\"snake_case\"",
    "\"camelCase\"",
    "\"SCREAMING_SNAKE_CASE\"",
    "\"Retry-After\"",
    "\"content-type\"",
    "\"bad header\"",
    "\"my_crate::apierror\"",
    "\"not a path\"",
    "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"",
];

/// Field types, some generic, some references.
const TYPES: &[&str] = &[
    "String",
    "u32",
    "&'a str",
    "T",
    "Vec<T>",
    "Vec<FieldViolation>",
    "Box<dyn std::error::Error>",
    "[u8; N]",
    "fn() -> T",
    "Option<&'a T>",
    "Inner",
    "()",
];

const GENERICS: &[&str] = &[
    "",
    "",
    "",
    "<T>",
    "<'a>",
    "<'a, T: Clone>",
    "<const N: usize>",
    "<T, U = u8>",
    "<'a, 'b: 'a, T: ?Sized>",
];

const WHERE_CLAUSES: &[&str] = &["", "", "where T: Clone", "where Self: Sized", "where"];

/// Attributes of thiserror and the compiler, which the derive reads or must ignore.
const FOREIGN_ATTRS: &[&str] = &[
    "#[error(\"{password}\")]",
    "#[error(\"{0} {type}\")]",
    "#[error(\"{}\", .token)]",
    "#[error(transparent)]",
    "#[error(\"{x:?}\", x = .session_id)]",
    "#[error]",
    "#[error = \"x\"]",
    "#[deprecated]",
    "#[doc = \"docs\"]",
    "#[doc = 1]",
    "/** block\n * doc */",
    "/// line doc",
];

/// One `#[api(...)]`: a few items, each a bare key, `key = value` or `key(list)`,
/// sometimes repeated, sometimes malformed.
fn api_attr(rng: &mut Rng) -> String {
    match rng.below(20) {
        0 => return "#[api]".to_owned(),
        1 => return "#[api = \"x\"]".to_owned(),
        2 => return "#[api()]".to_owned(),
        _ => {}
    }
    let count = 1 + rng.below(4);
    let items: Vec<String> = (0..count).map(|_| api_item(rng)).collect();
    let separator = if rng.chance(5) { " " } else { ", " };
    let trailing = if rng.chance(10) { "," } else { "" };
    format!("#[api({}{trailing})]", items.join(separator))
}

fn api_item(rng: &mut Rng) -> String {
    let key = rng.pick(KEYS);
    match rng.below(10) {
        0 | 1 => key.to_owned(),
        2 => format!("{key}({}, {})", rng.pick(NAMES), rng.pick(VALUES)),
        3 => format!("{key} ="),
        _ => format!("{key} = {}", rng.pick(VALUES)),
    }
}

/// The attributes of one position: some `#[api]`, some foreign, sometimes none.
fn attrs(rng: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..rng.below(4) {
        out.push_str(&api_attr(rng));
        out.push('\n');
    }
    if rng.chance(30) {
        out.push_str(rng.pick(FOREIGN_ATTRS));
        out.push('\n');
    }
    out
}

/// Field attributes that are right on their own (they may still clash).
const GOOD_FIELD_ATTRS: &[&str] = &[
    "",
    "",
    "#[api(field)]",
    "#[api(extension)]",
    "#[api(extension = \"detail_x\")]",
    "#[api(header = \"X-Kind\")]",
    "#[api(violations)]",
];

/// Variant keys that are right on their own, after `code` and `status`.
const GOOD_VARIANT_ITEMS: &[&str] = &[
    "",
    "",
    ", expose = true",
    ", expose = false",
    ", expose",
    ", log = \"warn\"",
    ", title = \"Custom\"",
    ", type = \"https://errors.example.com/x\"",
];

/// A field: its attributes, a name for a named field, and a type.
fn field(rng: &mut Rng, named: bool, good: bool) -> (String, String) {
    let attrs = match good {
        true => rng.pick(GOOD_FIELD_ATTRS).to_owned(),
        false => attrs(rng),
    };
    let ty = rng.pick(TYPES);
    match named {
        true => {
            let name = rng.pick(NAMES);
            (name.to_owned(), format!("{attrs} {name}: {ty}"))
        }
        false => (String::new(), format!("{attrs} {ty}")),
    }
}

/// `{ a: T, … }`, `(T, …)` or nothing, and the placeholders that name the fields
/// (`{type}` for `r#type`, `{0}` for a tuple field).
fn fields(rng: &mut Rng, good: bool) -> (String, Vec<String>) {
    let count = rng.below(4);
    let shape = rng.below(3);
    if shape == 0 {
        return (String::new(), Vec::new());
    }
    let named = shape == 1;
    let (names, fields): (Vec<String>, Vec<String>) =
        (0..count).map(|_| field(rng, named, good)).unzip();
    let placeholders = match named {
        true => names
            .iter()
            .map(|name| name.trim_start_matches("r#").to_owned())
            .collect(),
        false => (0..count).map(|index| index.to_string()).collect(),
    };
    let fields = fields.join(", ");
    match named {
        true => (format!("{{ {fields} }}"), placeholders),
        false => (format!("({fields})"), placeholders),
    }
}

/// A variant's (or struct's) attributes: right ones, built to name its fields, or
/// arbitrary ones; either way, sometimes a stray arbitrary attribute more.
fn variant_attrs(rng: &mut Rng, good: bool, placeholders: &[String], index: usize) -> String {
    let mut out = match good {
        false => attrs(rng),
        true => {
            let code = match rng.chance(20) {
                true => "Code::NotFound".to_owned(),
                false => format!("\"code_{index}\""),
            };
            let status = rng.pick(&["400", "404", "409", "422", "429", "500", "503"]);
            let message = match placeholders {
                [] => String::new(),
                _ if rng.chance(40) => String::new(),
                _ => {
                    let placeholder = &placeholders[rng.below(placeholders.len())];
                    format!(", message = \"about {{{placeholder}}}\"")
                }
            };
            let extra = rng.pick(GOOD_VARIANT_ITEMS);
            let transparent = rng.chance(5);
            match transparent {
                true => "#[api(transparent)]\n".to_owned(),
                false => format!("#[api(code = {code}, status = {status}{message}{extra})]\n"),
            }
        }
    };
    if rng.chance(15) {
        out.push_str(&attrs(rng));
    }
    if rng.chance(30) {
        out.push_str(rng.pick(FOREIGN_ATTRS));
        out.push('\n');
    }
    out
}

/// A registry variant: a unit variant with a status, or anything.
fn registry_variant(rng: &mut Rng, good: bool) -> String {
    let attrs = match good {
        true => format!(
            "#[api(status = {})]",
            rng.pick(&["400", "404", "409", "500"])
        ),
        false => attrs(rng),
    };
    format!("{attrs} {}", rng.pick(NAMES))
}

/// One derive input as source text. Half the inputs are built to be right, so the
/// expansion itself runs (not only the error path); the rest are arbitrary.
fn input(rng: &mut Rng) -> String {
    let good = rng.chance(50);
    let container = match good {
        true if rng.chance(50) => {
            "#[api(type_base = \"https://errors.example.com/\")]\n".to_owned()
        }
        true => String::new(),
        false => attrs(rng),
    };
    let name = rng.pick(NAMES);
    let generics = rng.pick(GENERICS);
    let where_clause = rng.pick(WHERE_CLAUSES);
    match rng.below(12) {
        0..=2 => {
            let (fields, placeholders) = fields(rng, good);
            let attrs = variant_attrs(rng, good, &placeholders, 0);
            let semi = if fields.starts_with('{') { "" } else { ";" };
            // A tuple struct's where clause follows its fields.
            match fields.starts_with('(') {
                true => format!(
                    "{container}{attrs} struct {name}{generics} {fields} {where_clause}{semi}"
                ),
                false => format!(
                    "{container}{attrs} struct {name}{generics} {where_clause} {fields}{semi}"
                ),
            }
        }
        3 => format!("{container} union {name}{generics} {where_clause} {{ a: u32 }}"),
        4 => {
            let variants: Vec<String> = (0..rng.below(5))
                .map(|_| registry_variant(rng, good))
                .collect();
            format!("{container} enum {name} {{ {} }}", variants.join(",\n"))
        }
        _ => {
            let variants: Vec<String> = (0..rng.below(5))
                .map(|index| {
                    let (fields, placeholders) = fields(rng, good);
                    let attrs = variant_attrs(rng, good, &placeholders, index);
                    let discriminant = if rng.chance(5) { " = 1" } else { "" };
                    format!("{attrs} {}{fields}{discriminant}", rng.pick(NAMES))
                })
                .collect();
            format!(
                "{container} enum {name}{generics} {where_clause} {{ {} }}",
                variants.join(",\n")
            )
        }
    }
}

/// Runs `derive` on `node`, turning a panic into its message.
fn expand_catching(
    derive: fn(&DeriveInput) -> TokenStream,
    node: &DeriveInput,
) -> Result<TokenStream, String> {
    panic::catch_unwind(AssertUnwindSafe(|| derive(node))).map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| {
                payload
                    .downcast_ref::<&str>()
                    .map(|text| (*text).to_owned())
            })
            .unwrap_or_default()
    })
}

#[test]
fn no_input_makes_a_derive_panic() {
    let mut rng = Rng(0x5eed_a91e_2026_0010);
    let mut parsed = 0;
    let mut clean = 0;
    let mut failures = Vec::new();
    for _ in 0..CORPUS_SIZE {
        let source = input(&mut rng);
        // Text that is not a derive input never reaches a derive.
        let Ok(syn_reads) = syn::parse_str::<DeriveInput>(&source) else {
            continue;
        };
        // The derives run on their own parse of the input, which reads as syn's.
        let tokens = source.parse().expect("what syn parses is tokens");
        let node = crate::input::parse(tokens).expect("what syn parses, the derive parses");
        let printed = |node: &DeriveInput| node.to_token_stream().to_string();
        assert_eq!(printed(&node), printed(&syn_reads), "{source}");
        parsed += 1;
        for (name, derive) in [
            (
                "ApiError",
                crate::expand::derive as fn(&DeriveInput) -> TokenStream,
            ),
            ("ErrorCodes", crate::registry::derive),
        ] {
            match expand_catching(derive, &node) {
                Ok(tokens) => {
                    assert!(!tokens.is_empty(), "{name} expanded to nothing:\n{source}");
                    clean += usize::from(!tokens.to_string().contains("compile_error"));
                }
                Err(message) => failures.push(format!("{name} panicked ({message}) on:\n{source}")),
            }
        }
    }
    assert!(
        parsed > CORPUS_SIZE / 2,
        "only {parsed} of {CORPUS_SIZE} generated inputs parse; the corpus tests too little"
    );
    // The expansion proper, not only the error path, must run often.
    assert!(
        clean > parsed / 5,
        "only {clean} of {parsed} inputs expanded without an error; the corpus tests too little"
    );
    assert!(
        failures.is_empty(),
        "{} of {parsed} inputs panicked; the first:\n{}",
        failures.len(),
        failures[..failures.len().min(3)].join("\n\n")
    );
}

//! Localized messages (feature `fluent`): the Fluent files in `tests/locales/` give
//! `ShopError` its titles and details in English and German. Rendered directly in
//! every format, then over a real axum app and a real actix-web app, whose layers
//! negotiate `Accept-Language`.

use apierror::{ApiError, Context, FieldViolation, Format};
use http::header::{CONTENT_LANGUAGE, VARY};
use serde_json::Value;

mod actix_harness;

/// The errors of a shop, localized from `tests/locales/{en,de}/errors.ftl`.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(
    type_base = "https://errors.example.com/",
    locales = "locales",
    default_locale = "en"
)]
pub enum ShopError {
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404, title = "Account not found")]
    NotFound { id: u64 },

    #[error("cart full: {count}")]
    #[api(code = "cart_full", status = 422)]
    CartFull { count: u64, total: f64 },

    #[error("{} invalid fields", .0.len())]
    #[api(code = "validation_failed", status = 422)]
    Invalid(#[api(violations)] Vec<FieldViolation>),

    #[error("database failed at db.internal")]
    #[api(code = "internal_error", status = 500)]
    Db,
}

fn problem(error: &impl ApiError, ctx: &Context) -> Value {
    let response = error.to_response(ctx);
    serde_json::from_slice(response.body()).expect("a JSON body")
}

#[test]
fn german_is_rendered_with_the_german_title_and_detail() {
    let ctx = Context::default().with_locale("de");
    let body = problem(&ShopError::NotFound { id: 7 }, &ctx);
    assert_eq!(body["title"], "Konto nicht gefunden");
    assert_eq!(body["detail"], "Konto 7 wurde nicht gefunden.");
    assert_eq!(body["code"], "account_not_found");
    assert_eq!(body["type"], "https://errors.example.com/account_not_found");
    assert_eq!(body["status"], 404);
}

#[test]
fn without_a_locale_the_default_one_answers() {
    let body = problem(&ShopError::NotFound { id: 7 }, &Context::default());
    assert_eq!(body["title"], "Account not found");
    assert_eq!(body["detail"], "Account 7 was not found.");
}

#[test]
fn plurals_and_numbers_follow_the_locale() {
    let one = ShopError::CartFull {
        count: 1,
        total: 1234.5,
    };
    let many = ShopError::CartFull {
        count: 1200,
        total: 1234.5,
    };
    let en = Context::default().with_locale("en");
    assert_eq!(
        problem(&one, &en)["detail"],
        "One item is over the limit (total 1,234.5)."
    );
    assert_eq!(
        problem(&many, &en)["detail"],
        "1,200 items are over the limit (total 1,234.5)."
    );
    // `de-CH` finds the `de` files, and numbers are written as `de` writes them.
    let de = Context::default().with_locale("de-CH");
    assert_eq!(
        problem(&one, &de)["detail"],
        "Ein Artikel ist über dem Limit (Summe 1.234,5)."
    );
    assert_eq!(
        problem(&many, &de)["detail"],
        "1.200 Artikel sind über dem Limit (Summe 1.234,5)."
    );
}

#[test]
fn a_violation_whose_code_has_a_message_is_localized() {
    let error = ShopError::Invalid(vec![
        FieldViolation::new("name", "name is too short").with_code("too_short"),
        FieldViolation::new("age", "must be a number"),
    ]);
    let body = problem(&error, &Context::default().with_locale("de"));
    assert_eq!(body["detail"], "Die Anfrage ist ungültig.");
    assert_eq!(body["errors"][0]["detail"], "name ist zu kurz.");
    assert_eq!(body["errors"][0]["code"], "too_short");
    // No message for its code (it has none): the violation's own text.
    assert_eq!(body["errors"][1]["detail"], "must be a number");
}

#[test]
fn an_opaque_error_shows_its_localized_constant_message_and_nothing_of_its_value() {
    let response = ShopError::Db.to_response(&Context::default().with_locale("de"));
    let text = String::from_utf8(response.body().to_vec()).expect("UTF-8");
    let body: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(body["title"], "Interner Fehler");
    assert_eq!(body["detail"], "Bei uns ist etwas schiefgegangen.");
    assert!(!text.contains("db.internal"), "{text}");
}

/// Variants whose messages call Fluent's built-in `NUMBER` (tests/locales).
#[derive(Debug, thiserror::Error, ApiError)]
#[api(locales = "locales", default_locale = "en")]
enum Numbered {
    #[error("the price must be at least {minimum}")]
    #[api(code = "price_too_low", status = 422)]
    PriceTooLow { minimum: f64 },
    #[error("position {position} in the queue")]
    #[api(code = "queue_position", status = 429)]
    QueuePosition { position: u32 },
}

/// `NUMBER`'s options apply, and the locale's separators still do: the built-in
/// keeps the number a Fluent number, which the crate's own formatter then writes.
#[test]
fn the_built_in_number_function_formats_with_the_locale_s_separators() {
    let en = Context::default();
    let de = Context::default().with_locale("de");
    let price = |minimum| Numbered::PriceTooLow { minimum };
    assert_eq!(
        problem(&price(1234.5), &en)["detail"],
        "The price must be at least 1,234.50."
    );
    assert_eq!(
        problem(&price(5.0), &en)["detail"],
        "The price must be at least 5.00."
    );
    assert_eq!(
        problem(&price(1234.5), &de)["detail"],
        "Der Preis muss mindestens 1.234,50 betragen."
    );
    assert_eq!(
        problem(&Numbered::QueuePosition { position: 1200 }, &de)["detail"],
        "Sie sind 1.200. in der Warteschlange."
    );
}

/// `NUMBER($n, type: "ordinal")` selects by the locale's ordinal rules.
#[test]
fn an_ordinal_number_selects_its_variant() {
    let detail = |position| {
        let body = problem(&Numbered::QueuePosition { position }, &Context::default());
        body["detail"].as_str().expect("a detail").to_owned()
    };
    let cases = [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (22, "22nd"),
        (113, "113th"),
        (1001, "1,001st"),
    ];
    for (position, shown) in cases {
        assert_eq!(detail(position), format!("You are {shown} in the queue."));
    }
}

/// Variants with numbers an `f64` does not hold exactly (tests/locales).
#[derive(Debug, thiserror::Error, ApiError)]
#[api(locales = "locales", default_locale = "en")]
enum Counters {
    #[error("counter {counter} overflowed")]
    #[api(code = "counter_overflow", status = 422)]
    Overflow {
        counter: u64,
        offset: i128,
        ratio: f32,
    },
    #[error("{count} events dropped")]
    #[api(code = "events_dropped", status = 422)]
    Dropped { count: u64 },
}

/// An integer beyond 2^53 shows its exact value, grouped as the locale groups the
/// smaller ones; an `f32` its shortest decimal, not the `f64` nearest to it.
#[test]
fn numbers_beyond_an_f64_s_precision_show_their_exact_value() {
    const EXACT_IN_F64: u64 = 1 << 53;
    let en = Context::default();
    let de = Context::default().with_locale("de");
    let overflow = |counter, offset, ratio| Counters::Overflow {
        counter,
        offset,
        ratio,
    };
    let cases = [
        (
            overflow(EXACT_IN_F64, -(1 << 53), 0.1),
            &en,
            "Counter 9,007,199,254,740,992 at offset -9,007,199,254,740,992 (ratio 0.1).",
        ),
        (
            overflow(EXACT_IN_F64 + 1, -(1 << 53) - 1, 1234.5),
            &en,
            "Counter 9,007,199,254,740,993 at offset -9,007,199,254,740,993 (ratio 1,234.5).",
        ),
        (
            overflow(u64::MAX, i128::MIN, 0.3),
            &en,
            "Counter 18,446,744,073,709,551,615 at offset \
             -170,141,183,460,469,231,731,687,303,715,884,105,728 (ratio 0.3).",
        ),
        (
            overflow(u64::MAX, i128::MAX, 0.1),
            &de,
            "Zähler 18.446.744.073.709.551.615 bei Versatz \
             170.141.183.460.469.231.731.687.303.715.884.105.727 (Anteil 0,1).",
        ),
    ];
    for (error, ctx, detail) in cases {
        assert_eq!(problem(&error, ctx)["detail"], detail);
    }
    // A message Fluent's resolver formats (a selector): the same.
    let dropped = |count| problem(&Counters::Dropped { count }, &en)["detail"].clone();
    assert_eq!(
        dropped(EXACT_IN_F64 + 1),
        "9,007,199,254,740,993 events were dropped."
    );
    assert_eq!(
        dropped(u64::MAX),
        "18,446,744,073,709,551,615 events were dropped."
    );
    assert_eq!(dropped(1), "One event was dropped.");
    let dropped = problem(&Counters::Dropped { count: u64::MAX }, &de);
    assert_eq!(
        dropped["detail"],
        "18.446.744.073.709.551.615 Ereignisse wurden verworfen."
    );
}

/// The wire formats besides the problem document and the envelope.
const BUILT_IN_WIRE_FORMATS: [Format; 4] = [
    Format::Google,
    Format::Microsoft,
    Format::JsonApi,
    Format::FastApi,
];

/// `error` rendered in German in `format`: its status, headers and body.
fn in_german(error: &impl ApiError, format: Format) -> (u16, http::HeaderMap, String) {
    let ctx = Context::default().with_locale("de").with_format(format);
    let response = error.to_response(&ctx);
    let text = String::from_utf8(response.body().to_vec()).expect("UTF-8");
    (response.status().as_u16(), response.headers().clone(), text)
}

#[test]
fn every_format_carries_the_localized_message_and_keeps_code_and_status() {
    let error = ShopError::NotFound { id: 7 };
    let detail = "Konto 7 wurde nicht gefunden.";
    for format in [Format::Envelope].into_iter().chain(BUILT_IN_WIRE_FORMATS) {
        let (status, headers, text) = in_german(&error, format);
        assert_eq!(status, 404, "{format:?}");
        assert_eq!(headers[CONTENT_LANGUAGE], "de", "{format:?}");
        assert!(text.contains(detail), "{format:?}: {text}");
        assert!(!text.contains("was not found"), "{format:?}: {text}");
    }
    let ctx = Context::default()
        .with_locale("de")
        .with_format(Format::JsonApi);
    let body: Value = serde_json::from_slice(error.to_response(&ctx).body()).expect("JSON");
    assert_eq!(body["errors"][0]["title"], "Konto nicht gefunden");
    assert_eq!(body["errors"][0]["code"], "account_not_found");
    let envelope = error.to_envelope(&Context::default().with_locale("de"));
    assert_eq!(envelope.error.message, detail);
    assert_eq!(envelope.error.code, "account_not_found");
}

/// The built-in wire formats write the message before the other parts: a localized
/// detail goes there, and the violations follow it localized, in a body that parses.
#[test]
fn every_built_in_format_writes_the_localized_detail_and_violations_in_place() {
    let error = ShopError::Invalid(vec![
        FieldViolation::new("name", "name is too short").with_code("too_short"),
    ]);
    let detail = "Die Anfrage ist ungültig.";
    let violation = "name ist zu kurz.";
    for format in BUILT_IN_WIRE_FORMATS {
        let (_, _, text) = in_german(&error, format);
        let body: Value = serde_json::from_str(&text)
            .unwrap_or_else(|problem| panic!("{format:?}: {problem}: {text}"));
        let (message, violation_message) = match format {
            Format::Google => (
                &body["error"]["message"],
                &body["error"]["details"][1]["fieldViolations"][0]["description"],
            ),
            Format::Microsoft => (
                &body["error"]["message"],
                &body["error"]["details"][0]["message"],
            ),
            Format::JsonApi => (&body["errors"][0]["detail"], &body["errors"][1]["detail"]),
            // FastAPI's violation list takes the message's place.
            _ => (&Value::String(detail.into()), &body["detail"][0]["msg"]),
        };
        assert_eq!(message, detail, "{format:?}: {text}");
        assert_eq!(violation_message, violation, "{format:?}: {text}");
        assert!(!text.contains("too short"), "{format:?}: {text}");
    }
}

/// A value whose `Serialize` panics.
#[derive(Debug)]
struct SerializePanics;

impl serde::Serialize for SerializePanics {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        panic!("Serialize of SerializePanics panicked")
    }
}

/// A localized variant whose extension panics while it is written.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(locales = "locales", default_locale = "en")]
enum Fragile {
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404)]
    NotFound {
        id: u64,
        #[api(extension)]
        broken: SerializePanics,
    },
}

/// The localized detail is written before the members: when they panic and are
/// rolled back, it stays, once, and no fallback is written beside it.
#[test]
fn members_rolled_back_after_a_localized_detail_leave_it_once() {
    let error = Fragile::NotFound {
        id: 7,
        broken: SerializePanics,
    };
    let detail = "Konto 7 wurde nicht gefunden.";
    let formats = [Format::Problem, Format::Envelope];
    for format in formats.into_iter().chain(BUILT_IN_WIRE_FORMATS) {
        let (_, _, text) = in_german(&error, format);
        let parsed = serde_json::from_str::<Value>(&text);
        assert!(parsed.is_ok(), "{format:?}: {text}");
        assert_eq!(text.matches(detail).count(), 1, "{format:?}: {text}");
        assert!(
            !text.contains("could not be completed"),
            "{format:?}: {text}"
        );
    }
}

#[test]
fn with_locale_sets_content_language_but_does_not_vary() {
    let response = ShopError::NotFound { id: 7 }.to_response(&Context::default().with_locale("de"));
    assert_eq!(response.headers()[CONTENT_LANGUAGE], "de");
    assert!(response.headers().get(VARY).is_none());
}

/// The `title` and `Content-Language` of `error` negotiated from `value`, and whether
/// it varies on `Accept-Language`.
fn negotiated(error: &ShopError, value: &[u8]) -> (String, String, bool) {
    let value = http::HeaderValue::from_bytes(value).expect("a header value");
    let response = error.to_response(&Context::default().with_accept_language(Some(value)));
    let body: Value = serde_json::from_slice(response.body()).expect("a JSON body");
    let language = response.headers()[CONTENT_LANGUAGE]
        .to_str()
        .expect("ASCII");
    (
        body["title"].as_str().expect("a title").to_owned(),
        language.to_owned(),
        response.headers().get(VARY).is_some(),
    )
}

/// One thread remembers its last negotiated response: each answer here must still be
/// the one its own value and code negotiate, whatever the one before it was.
#[test]
fn each_negotiated_response_follows_its_own_value_and_code() {
    let not_found = ShopError::NotFound { id: 7 };
    let cart_full = ShopError::CartFull {
        count: 3,
        total: 1.0,
    };
    let german_not_found = ("Konto nicht gefunden".to_owned(), "de".to_owned(), true);
    let english_not_found = ("Account not found".to_owned(), "en".to_owned(), true);
    // Longer than what a thread remembers; the same first 64 bytes.
    let long = |last: &str| format!("{}{last}", "x-aaaaaaa;q=0.1, ".repeat(5));
    let steps: [(&ShopError, Vec<u8>, (&str, &str)); 9] = [
        (&not_found, b"de".to_vec(), ("Konto nicht gefunden", "de")),
        (&not_found, b"de".to_vec(), ("Konto nicht gefunden", "de")),
        (&not_found, b"en".to_vec(), ("Account not found", "en")),
        (&cart_full, b"en".to_vec(), ("Cart full", "en")),
        (&cart_full, b"de".to_vec(), ("Warenkorb voll", "de")),
        (&not_found, b"de".to_vec(), ("Konto nicht gefunden", "de")),
        // A prefix of the last value is another value.
        (&not_found, b"d".to_vec(), ("Account not found", "en")),
        (
            &not_found,
            long("de").into_bytes(),
            ("Konto nicht gefunden", "de"),
        ),
        (
            &not_found,
            long("en").into_bytes(),
            ("Account not found", "en"),
        ),
    ];
    for (index, (error, value, (title, language))) in steps.iter().enumerate() {
        assert_eq!(
            negotiated(error, value),
            (title.to_string(), language.to_string(), true),
            "step {index}: {}",
            String::from_utf8_lossy(value)
        );
    }
    // A range with an extension or a private-use part is looked up without it.
    for value in [&b"de-u-co-phonebk"[..], b"fr, de-CH-x-private;q=0.5"] {
        assert_eq!(negotiated(&not_found, value), german_not_found);
    }
    // A value that is not visible ASCII negotiates the default locale, remembered or not.
    for _ in 0..2 {
        assert_eq!(
            negotiated(&not_found, "de, ä".as_bytes()),
            english_not_found
        );
        assert_eq!(negotiated(&not_found, b"de"), german_not_found);
    }
}

// ---------------------------------------------------------------- over HTTP

/// The shop's one route: `/accounts/{id}` answers `account_not_found`, except `1`;
/// `/cart/{count}` answers `cart_full`.
mod app {
    use super::ShopError;

    pub async fn account(id: u64) -> Result<&'static str, ShopError> {
        match id {
            1 => Ok("ada"),
            id => Err(ShopError::NotFound { id }),
        }
    }

    pub fn cart(count: u64) -> ShopError {
        ShopError::CartFull {
            count,
            total: 1234.5,
        }
    }
}

/// A GET of `path` with `Accept-Language: language` (none for `None`): its status,
/// `Content-Language`, whether it `Vary`s on `Accept-Language`, and its body.
async fn get(base: &str, path: &str, language: Option<&str>) -> (u16, Option<String>, bool, Value) {
    get_with_lines(base, path, language.as_slice()).await
}

/// [`get`] with one `Accept-Language` line per item of `languages`.
async fn get_with_lines(
    base: &str,
    path: &str,
    languages: &[&str],
) -> (u16, Option<String>, bool, Value) {
    let client = reqwest::Client::new();
    let mut request = client.get(format!("{base}{path}"));
    for language in languages {
        request = request.header("accept-language", *language);
    }
    let response = request.send().await.expect("the server answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let language = headers
        .get("content-language")
        .map(|value| value.to_str().expect("ASCII").to_owned());
    let varies = headers.get_all("vary").iter().any(|value| {
        value
            .to_str()
            .is_ok_and(|value| value.to_ascii_lowercase().contains("accept-language"))
    });
    let body = response.bytes().await.expect("a body");
    let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
    (status, language, varies, body)
}

/// The checks every integration passes, against its app at `base`.
async fn negotiates_accept_language(base: &str) {
    let (status, language, varies, body) =
        get(base, "/accounts/7", Some("de-CH, de;q=0.9, en;q=0.5")).await;
    assert_eq!(
        (status, language.as_deref(), varies),
        (404, Some("de"), true)
    );
    assert_eq!(body["title"], "Konto nicht gefunden");
    assert_eq!(body["detail"], "Konto 7 wurde nicht gefunden.");
    assert_eq!(body["code"], "account_not_found");
    assert_eq!(body["type"], "https://errors.example.com/account_not_found");

    // English wanted more than German: English.
    let (_, language, _, body) = get(base, "/accounts/7", Some("de;q=0.4, en-GB;q=0.8")).await;
    assert_eq!(language.as_deref(), Some("en"));
    assert_eq!(body["detail"], "Account 7 was not found.");

    // Repeated lines are one list (RFC 9110 section 5.3), negotiated whole: German,
    // wanted more on the second line than English on the first.
    for lines in [&["en;q=0.5", "de"][..], &["fr", "ja;q=0.9, de;q=0.8"]] {
        let (_, language, _, body) = get_with_lines(base, "/accounts/7", lines).await;
        assert_eq!(language.as_deref(), Some("de"), "{lines:?}");
        assert_eq!(body["title"], "Konto nicht gefunden", "{lines:?}");
    }

    // A language without files, and no header at all: the default locale.
    for wanted in [Some("fr-FR, ja;q=0.5"), None] {
        let (_, language, varies, body) = get(base, "/accounts/7", wanted).await;
        assert_eq!(
            (language.as_deref(), varies),
            (Some("en"), true),
            "{wanted:?}"
        );
        assert_eq!(body["title"], "Account not found", "{wanted:?}");
    }

    // Plurals and numbers differ by locale.
    let (_, _, _, en) = get(base, "/cart/1200", Some("en")).await;
    let (_, _, _, de) = get(base, "/cart/1200", Some("de")).await;
    let (_, _, _, de_one) = get(base, "/cart/1", Some("de")).await;
    assert_eq!(
        en["detail"],
        "1,200 items are over the limit (total 1,234.5)."
    );
    assert_eq!(
        de["detail"],
        "1.200 Artikel sind über dem Limit (Summe 1.234,5)."
    );
    assert_eq!(
        de_one["detail"],
        "Ein Artikel ist über dem Limit (Summe 1.234,5)."
    );

    // A success is not localized.
    let (status, language, varies, _) = get(base, "/accounts/1", Some("de")).await;
    assert_eq!((status, language, varies), (200, None, false));
}

mod over_axum {
    use apierror::Format;
    use apierror::axum::ErrorLayer;
    use axum::Router;
    use axum::extract::Path;
    use axum::routing::get;

    use super::{ShopError, app};

    async fn serve(layer: ErrorLayer) -> String {
        let routes = Router::new()
            .route(
                "/accounts/{id}",
                get(|Path(id): Path<u64>| app::account(id)),
            )
            .route(
                "/cart/{count}",
                get(|Path(count): Path<u64>| async move { Err::<(), ShopError>(app::cart(count)) }),
            )
            .layer(layer);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let address = listener.local_addr().expect("the bound address");
        tokio::spawn(async move {
            axum::serve(listener, routes)
                .await
                .expect("the server runs")
        });
        format!("http://{address}")
    }

    #[tokio::test]
    async fn the_layer_answers_in_the_negotiated_language() {
        super::negotiates_accept_language(&serve(ErrorLayer::default()).await).await;
    }

    #[tokio::test]
    async fn the_envelope_and_the_other_formats_carry_the_localized_message() {
        let base = serve(ErrorLayer::default().format(Format::Envelope)).await;
        let (_, language, varies, body) = super::get(&base, "/accounts/7", Some("de")).await;
        assert_eq!((language.as_deref(), varies), (Some("de"), true));
        assert_eq!(body["error"]["message"], "Konto 7 wurde nicht gefunden.");
        assert_eq!(body["error"]["code"], "account_not_found");

        let base = serve(ErrorLayer::default().format(Format::JsonApi)).await;
        let (_, _, _, body) = super::get(&base, "/accounts/7", Some("de")).await;
        assert_eq!(body["errors"][0]["title"], "Konto nicht gefunden");
        assert_eq!(body["errors"][0]["detail"], "Konto 7 wurde nicht gefunden.");

        let base = serve(ErrorLayer::default().format(Format::Google)).await;
        let (_, _, _, body) = super::get(&base, "/accounts/7", Some("de")).await;
        assert_eq!(body["error"]["message"], "Konto 7 wurde nicht gefunden.");
    }
}

mod over_actix {
    use actix_web::{App, web};
    use apierror::actix::ErrorMiddleware;

    use super::{ShopError, app};

    fn serve() -> String {
        super::actix_harness::serve(|| {
            App::new()
                .wrap(ErrorMiddleware::default())
                .route(
                    "/accounts/{id}",
                    web::get().to(|id: web::Path<u64>| app::account(id.into_inner())),
                )
                .route(
                    "/cart/{count}",
                    web::get().to(|count: web::Path<u64>| async move {
                        Err::<String, ShopError>(app::cart(count.into_inner()))
                    }),
                )
        })
    }

    #[tokio::test]
    async fn the_middleware_answers_in_the_negotiated_language() {
        super::negotiates_accept_language(&serve()).await;
    }
}

// ---------------------------------------------------------------- the docs

#[test]
fn the_catalog_page_is_written_per_locale() {
    use apierror::catalog::Catalog;
    let german = Catalog::new()
        .with::<ShopError>()
        .with_locale("de")
        .to_markdown();
    assert!(german.contains("| Konto nicht gefunden |"), "{german}");
    assert!(
        german.contains("\"detail\": \"Konto {$id} wurde nicht gefunden.\""),
        "{german}"
    );
    let english = Catalog::new().with::<ShopError>().to_markdown();
    assert!(!english.contains("\"title\": \"Warenkorb voll\""));
    assert!(english.contains("\"title\": \"Cart full\""), "{english}");
    let html = Catalog::new()
        .with::<ShopError>()
        .with_locale("de")
        .to_html();
    assert!(html.contains("Validierung fehlgeschlagen"));
}

#[test]
fn openapi_examples_are_in_the_default_locale() {
    let responses = apierror::openapi::responses::<ShopError>();
    let examples = &responses["404"]["content"]["application/problem+json"]["examples"];
    let example = &examples["account_not_found"];
    assert_eq!(example["summary"], "Account not found");
    assert_eq!(example["value"]["detail"], "Account {$id} was not found.");
    assert_eq!(example["value"]["code"], "account_not_found");
}

/// A variant with a `message` and `example(...)` values: its documented example in the
/// default locale is the message rendered with them.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(
    type_base = "https://errors.example.com/",
    locales = "locales",
    default_locale = "en"
)]
enum Exemplified {
    #[error("account {id} not found")]
    #[api(
        code = "account_not_found",
        status = 404,
        message = "Account {id} was not found.",
        example(id = 42)
    )]
    NotFound { id: u64 },
}

#[test]
fn an_example_with_values_keeps_them_in_the_default_locale() {
    let responses = apierror::openapi::responses::<Exemplified>();
    let example =
        &responses["404"]["content"]["application/problem+json"]["examples"]["account_not_found"];
    assert_eq!(example["value"]["detail"], "Account 42 was not found.");
    let german = apierror::catalog::Catalog::new()
        .with::<Exemplified>()
        .with_locale("de")
        .to_markdown();
    assert!(
        german.contains("Konto {$id} wurde nicht gefunden."),
        "{german}"
    );
    // Rendered, the Fluent message answers, not the `message` template.
    let body = problem(
        &Exemplified::NotFound { id: 7 },
        &Context::default().with_locale("de"),
    );
    assert_eq!(body["detail"], "Konto 7 wurde nicht gefunden.");
}

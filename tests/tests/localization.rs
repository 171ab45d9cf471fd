//! Localized messages (feature `fluent`): the Fluent files in `tests/locales/` give
//! `ShopError` its titles and details in English and German. Rendered directly here
//! in every format; over a real axum app in `localization_axum.rs`.

use apierror::{ApiError, Context, FieldViolation, Format};
use serde_json::Value;

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

fn problem(error: &ShopError, ctx: &Context) -> Value {
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
    let one = ShopError::CartFull { count: 1, total: 1234.5 };
    let many = ShopError::CartFull { count: 1200, total: 1234.5 };
    let en = Context::default().with_locale("en");
    let de = Context::default().with_locale("de-CH");
    assert_eq!(problem(&one, &en)["detail"], "One item is over the limit (total 1,234.5).");
    assert_eq!(problem(&many, &en)["detail"], "1,200 items are over the limit (total 1,234.5).");
    assert_eq!(problem(&one, &de)["detail"], "Ein Artikel ist über dem Limit (Summe 1’234.5).");
    let de = Context::default().with_locale("de");
    assert_eq!(problem(&many, &de)["detail"], "1.200 Artikel sind über dem Limit (Summe 1.234,5).");
}

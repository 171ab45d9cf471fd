//! The `utoipa` feature: `ToSchema` for the body types, and `IntoResponses` for
//! derived types, equal to what `apierror::openapi` writes.

use std::fmt::{Debug, Display};
use std::path::PathBuf;

use apierror::{ApiError, Envelope, FieldViolation, Problem, openapi};
use serde_json::json;
use utoipa::{IntoResponses, OpenApi, PartialSchema, ToSchema};

mod openapi_sample;
use openapi_sample::{AccountError, BillingError, assert_snapshot, pretty};

#[test]
fn schemas_are_the_components_schemas() {
    let components = openapi::components();
    let cases = [
        (Problem::name(), serde_json::to_value(Problem::schema())),
        (Envelope::name(), serde_json::to_value(Envelope::schema())),
        (
            FieldViolation::name(),
            serde_json::to_value(FieldViolation::schema()),
        ),
    ];
    for (name, schema) in cases {
        let schema = schema.expect("a schema serializes");
        assert_eq!(schema, components["schemas"][name.as_ref()], "{name}");
    }

    let mut referenced = Vec::new();
    Envelope::schemas(&mut referenced);
    let names: Vec<&str> = referenced.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["FieldViolation"]);
}

#[test]
fn derived_types_yield_the_openapi_responses() {
    let responses = serde_json::to_value(AccountError::responses()).expect("responses serialize");
    assert_eq!(responses, openapi::responses::<AccountError>());
    let responses = serde_json::to_value(BillingError::responses()).expect("responses serialize");
    assert_eq!(responses, openapi::responses::<BillingError>());

    let with_envelope = openapi::Options::new().envelope(true);
    let responses = apierror::utoipa::responses_with::<BillingError>(&with_envelope);
    assert_eq!(
        serde_json::to_value(responses).expect("responses serialize"),
        openapi::responses_with::<BillingError>(&with_envelope)
    );
}

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
#[allow(dead_code)] // Only read through its responses.
enum LookupError<'a, T: Debug + Display> {
    /// Nothing has this name.
    #[error("no {kind} named {name}")]
    #[api(code = "not_found", status = 404)]
    NotFound {
        kind: &'static str,
        #[api(field)]
        name: &'a str,
    },

    #[error("store failed on {0}")]
    #[api(code = "store_failed", status = 500)]
    Store(T),
}

#[test]
fn generic_types_are_into_responses_too() {
    let responses = serde_json::to_value(<LookupError<'static, u32> as IntoResponses>::responses())
        .expect("serializes");
    let statuses: Vec<&str> = responses
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(statuses, ["404", "500"]);
    assert_eq!(
        responses["404"]["content"]["application/problem+json"]["examples"]["not_found"]["description"],
        "Nothing has this name."
    );
}

/// Reads one account.
#[utoipa::path(
    get,
    path = "/accounts/{id}",
    operation_id = "getAccount",
    tag = "accounts",
    params(("id" = u64, Path, description = "The account's id.")),
    responses(
        (status = 200, description = "The account.", body = String),
        AccountError,
    ),
)]
#[allow(dead_code)]
fn get_account() {}

/// Pays an invoice.
#[utoipa::path(
    post,
    path = "/invoices/{id}/payment",
    operation_id = "payInvoice",
    tag = "billing",
    params(("id" = u64, Path, description = "The invoice's id.")),
    responses((status = 204, description = "The invoice was paid."), BillingError),
)]
#[allow(dead_code)]
fn pay_invoice() {}

#[derive(OpenApi)]
#[openapi(
    info(title = "Accounts sample API (utoipa)", version = "1.0.0", description = "The sample API, documented with utoipa.",
         license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0")),
    servers((url = "https://api.accounts.test/v1")),
    paths(get_account, pay_invoice),
    components(schemas(Problem)),
    security(()),
    tags((name = "accounts", description = "Accounts."), (name = "billing", description = "Payments of invoices.")),
)]
struct Api;

/// A utoipa document documents every code of every operation, and holds the
/// schemas the responses refer to. Written for `.ci/openapi-check.sh` (to
/// `$APIERROR_UTOIPA_OUT`, or `openapi-utoipa.json` under cargo's temporary
/// directory) and snapshotted.
#[test]
fn a_utoipa_document_documents_every_code() {
    let document = serde_json::to_value(Api::openapi()).expect("the document serializes");
    let responses = &document["paths"]["/accounts/{id}"]["get"]["responses"];
    assert_eq!(responses["200"]["description"], "The account.");
    for (status, code) in [
        ("404", "account_not_found"),
        ("404", "invoice_not_found"),
        ("422", "validation_failed"),
        ("500", "internal_error"),
    ] {
        let example = &responses[status]["content"]["application/problem+json"]["examples"][code];
        assert!(example["value"].is_object(), "{status} {code}");
    }
    let pay = &document["paths"]["/invoices/{id}/payment"]["post"]["responses"];
    assert_eq!(pay["402"], openapi::responses::<BillingError>()["402"]);
    assert_eq!(
        document["components"]["schemas"],
        json!({ "Problem": openapi::components()["schemas"]["Problem"] })
    );
    assert_eq!(document["openapi"], json!("3.1.0"));

    let default = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("openapi-utoipa.json");
    apierror_tests::write_documents("APIERROR_UTOIPA_OUT", &default, &document);
    assert_snapshot("openapi-utoipa.json", &pretty(&document));
}

/// Answers 404 and, with `Retry-After`, 503.
#[derive(Debug, thiserror::Error, ApiError)]
#[allow(dead_code)] // Only read through its responses.
enum ShopAccountError {
    #[error("account not found")]
    #[api(code = "account_not_found", status = 404)]
    NotFound,
    #[error("accounts busy")]
    #[api(code = "accounts_busy", status = 503)]
    Busy {
        #[api(header = "Retry-After")]
        retry_after_secs: u64,
    },
}

/// Answers 404 and 503 too, with other codes.
#[derive(Debug, thiserror::Error, ApiError)]
#[allow(dead_code)] // Only read through its responses.
enum ShopOrderError {
    #[error("order not found")]
    #[api(code = "order_not_found", status = 404)]
    NotFound,
    #[error("orders down")]
    #[api(code = "orders_down", status = 503)]
    Down,
}

/// Fails with either type.
#[utoipa::path(get, path = "/orders/{id}", responses(
    (status = 200, description = "The order.", body = String),
    apierror::utoipa::Merged<(ShopAccountError, ShopOrderError)>,
))]
#[allow(dead_code)]
fn get_order() {}

/// The same, the types the other way round.
#[utoipa::path(get, path = "/orders/{id}/account", responses(
    (status = 200, description = "The order's account.", body = String),
    apierror::utoipa::Merged<(ShopOrderError, ShopAccountError)>,
))]
#[allow(dead_code)]
fn get_order_account() {}

#[derive(OpenApi)]
#[openapi(paths(get_order, get_order_account), components(schemas(Problem)))]
struct ShopApi;

#[test]
fn merged_types_document_every_code_and_header_under_a_shared_status() {
    let document = serde_json::to_value(ShopApi::openapi()).expect("the document serializes");
    let expected = apierror::catalog::Catalog::new()
        .with::<ShopAccountError>()
        .with::<ShopOrderError>()
        .openapi_responses();
    for (path, method) in [("/orders/{id}", "get"), ("/orders/{id}/account", "get")] {
        let responses = &document["paths"][path][method]["responses"];
        let examples = &responses["404"]["content"]["application/problem+json"]["examples"];
        assert!(examples["account_not_found"].is_object(), "{path}");
        assert!(examples["order_not_found"].is_object(), "{path}");
        let codes: Vec<&str> = responses["503"]["x-error-codes"]
            .as_array()
            .expect("x-error-codes")
            .iter()
            .map(|entry| entry["code"].as_str().expect("code"))
            .collect();
        assert_eq!(codes, ["accounts_busy", "orders_down"], "{path}");
        assert_eq!(
            responses["503"]["headers"]["Retry-After"]["description"], "Set by `accounts_busy`.",
            "{path}"
        );
        for status in ["404", "503"] {
            assert_eq!(responses[status], expected[status], "{path} {status}");
        }
    }
}

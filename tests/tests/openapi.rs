//! `apierror::openapi`: the components, the responses of one type and of a catalog,
//! their agreement with what the errors really render, and a complete sample
//! document that `.ci/openapi-check.sh` validates with openapi-spec-validator and
//! Redocly CLI.

use std::collections::BTreeSet;
use std::path::PathBuf;

use apierror_tests::refs;

use apierror::openapi::{self, Options, SAMPLE_INSTANCE, SAMPLE_TRACE_ID};
use apierror::{
    ApiError, Context, FieldViolation, OPAQUE_CLIENT_MESSAGE, OPAQUE_SERVER_MESSAGE, TraceId,
};
use serde_json::{Value, json};

mod openapi_sample;
use openapi_sample::{
    AccountError, BillingError, DbError, LegacyError, assert_snapshot, catalog, pretty,
};

fn problem_json(responses: &Value, status: &str) -> Value {
    responses[status]["content"]["application/problem+json"].clone()
}

fn codes_of(responses: &Value, status: &str) -> Vec<String> {
    let examples = problem_json(responses, status)["examples"].clone();
    examples
        .as_object()
        .expect("examples is an object")
        .keys()
        .cloned()
        .collect()
}

#[test]
fn components_hold_the_three_schemas() {
    let components = openapi::components();
    let schemas = components["schemas"].as_object().expect("schemas");
    assert_eq!(
        schemas.keys().map(String::as_str).collect::<Vec<_>>(),
        ["Envelope", "FieldViolation", "Problem"]
    );
    let problem = &schemas["Problem"];
    for member in [
        "type", "title", "status", "detail", "instance", "code", "trace_id", "errors",
    ] {
        assert!(
            problem["properties"][member].is_object(),
            "Problem.{member}"
        );
    }
    // RFC 9457 section 3.1: type and instance are URI references; type defaults to about:blank.
    assert_eq!(problem["properties"]["type"]["format"], "uri-reference");
    assert_eq!(problem["properties"]["type"]["default"], "about:blank");
    assert_eq!(problem["properties"]["instance"]["format"], "uri-reference");
    // Extension members are allowed (section 3.2), so clients must not reject them.
    assert_eq!(problem["additionalProperties"], true);
    // `code` is open: a pattern, never a closed enum.
    assert!(problem["properties"]["code"].get("enum").is_none());
    // Envelope violations refer to FieldViolation.
    let mut targets = BTreeSet::new();
    refs(&components, &mut targets);
    assert_eq!(
        targets,
        BTreeSet::from(["#/components/schemas/FieldViolation".to_owned()])
    );
    assert_snapshot("openapi-components.json", &pretty(&components));
}

#[test]
fn the_schemas_accept_what_the_errors_render() {
    let components = openapi::components();
    let problem_schema = &components["schemas"]["Problem"];
    let ctx = Context::default()
        .with_trace_id(TraceId::parse(SAMPLE_TRACE_ID).expect("valid"))
        .with_instance("/accounts/7");
    let invalid = AccountError::Invalid(vec![
        FieldViolation::new("profile.color", "must be a color").with_code("invalid_color"),
    ]);
    let rendered: Value = serde_json::from_slice(invalid.to_response(&ctx).body()).expect("JSON");
    let required: Vec<&str> = problem_schema["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for member in &required {
        assert!(
            rendered.get(member).is_some(),
            "rendered problem lacks required `{member}`: {rendered}"
        );
    }
    for member in rendered.as_object().expect("object").keys() {
        assert!(
            problem_schema["properties"].get(member).is_some(),
            "`{member}` is not in the Problem schema"
        );
    }
    let violation = &rendered["errors"][0];
    let item = &problem_schema["properties"]["errors"]["items"];
    for member in violation.as_object().expect("object").keys() {
        assert!(
            item["properties"].get(member).is_some(),
            "errors[].{member} is not in the schema"
        );
    }

    let envelope = invalid.to_envelope(&ctx);
    let envelope = serde_json::to_value(&envelope).expect("serializes");
    let envelope_schema = &components["schemas"]["Envelope"]["properties"]["error"];
    for member in envelope["error"].as_object().expect("object").keys() {
        assert!(
            envelope_schema["properties"].get(member).is_some(),
            "error.{member} is not in the Envelope schema"
        );
    }
    let violation_schema = &components["schemas"]["FieldViolation"];
    for member in envelope["error"]["details"]["errors"][0]
        .as_object()
        .expect("object")
        .keys()
    {
        assert!(
            violation_schema["properties"].get(member).is_some(),
            "`{member}` is not in FieldViolation"
        );
    }
}

#[test]
fn one_response_per_status_following_transparent_variants() {
    let responses = openapi::responses::<AccountError>();
    let statuses: Vec<&str> = responses
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(statuses, ["402", "404", "409", "422", "429", "500", "503"]);
}

#[test]
fn several_codes_under_one_status_are_all_documented() {
    let responses = openapi::responses::<AccountError>();
    assert_eq!(
        codes_of(&responses, "404"),
        ["account_not_found", "invoice_not_found"]
    );
    let description = responses["404"]["description"]
        .as_str()
        .expect("description");
    assert_eq!(
        description,
        "Not Found. Error codes:\n\n- `account_not_found`: Account not found\n- `invoice_not_found`: Invoice not found"
    );
    let schema = &problem_json(&responses, "404")["schema"];
    assert_eq!(schema["allOf"][0]["$ref"], "#/components/schemas/Problem");
    let code = &schema["allOf"][1]["properties"]["code"];
    assert_eq!(
        code["examples"],
        json!(["account_not_found", "invoice_not_found"])
    );
    assert!(
        code.get("enum").is_none(),
        "codes are examples, not a closed enum"
    );
}

#[test]
fn each_example_has_title_detail_and_description() {
    let responses = openapi::responses::<AccountError>();
    let example =
        |status: &str, code: &str| problem_json(&responses, status)["examples"][code].clone();

    let not_found = example("404", "account_not_found");
    assert_eq!(not_found["summary"], "Account not found");
    assert_eq!(
        not_found["description"],
        "The account does not exist or is not visible to the caller.\n\n\
         Accounts of other organisations are reported as missing too, so their ids\ncannot be probed."
    );
    // The message depends on the value, so the sample detail is the title.
    assert_eq!(
        not_found["value"],
        json!({
            "type": "https://docs.example.com/errors#account_not_found",
            "title": "Account not found",
            "status": 404,
            "detail": "Account not found",
            "instance": SAMPLE_INSTANCE,
            "code": "account_not_found",
            "trace_id": SAMPLE_TRACE_ID,
        })
    );
    // A constant message is the detail.
    assert_eq!(
        example("422", "validation_failed")["value"]["detail"],
        "The account is invalid."
    );
    // Opaque codes: the generic sentences, and a note saying so.
    let internal = example("500", "internal_error");
    assert_eq!(internal["value"]["detail"], OPAQUE_SERVER_MESSAGE);
    assert!(
        internal["description"]
            .as_str()
            .expect("text")
            .ends_with("never carries the error's own message or fields.")
    );
    assert_eq!(
        example("409", "invoice_locked")["value"]["detail"],
        OPAQUE_CLIENT_MESSAGE
    );
    // An opaque code with a constant message answers with that message.
    assert_eq!(
        example("503", "payment_provider_unavailable")["value"]["detail"],
        "The payment provider is unavailable. Retry later."
    );
}

/// The examples are what the errors really answer with: every member but a
/// value-dependent `detail` is equal.
#[test]
fn examples_match_the_rendered_problems() {
    let responses = openapi::responses::<AccountError>();
    // As the layers render them: with the request's path as the instance.
    let ctx = Context::default()
        .with_trace_id(TraceId::parse(SAMPLE_TRACE_ID).expect("valid"))
        .with_instance(SAMPLE_INSTANCE);
    let errors: Vec<(AccountError, bool)> = vec![
        (AccountError::NotFound { id: 7 }, false),
        (AccountError::Invalid(Vec::new()), true),
        (
            AccountError::RateLimited {
                retry_after_secs: 30,
            },
            false,
        ),
        (
            AccountError::Db(DbError {
                host: "10.0.0.5".into(),
            }),
            true,
        ),
        (
            AccountError::Billing(BillingError::Declined {
                last4: "4242".into(),
            }),
            false,
        ),
        (AccountError::Billing(BillingError::NotFound(3)), false),
        (
            AccountError::Billing(BillingError::Provider(std::time::Duration::from_secs(5))),
            true,
        ),
        (
            AccountError::Billing(BillingError::Locked {
                auditor: "Ann".into(),
            }),
            true,
        ),
    ];
    for (error, constant_detail) in errors {
        let mut rendered: Value =
            serde_json::from_slice(error.to_response(&ctx).body()).expect("JSON");
        let status = error.status().as_u16().to_string();
        let mut example =
            problem_json(&responses, &status)["examples"][error.code()]["value"].clone();
        let rendered = rendered.as_object_mut().expect("object");
        let example = example.as_object_mut().expect("object");
        assert_eq!(
            example.keys().collect::<Vec<_>>(),
            rendered.keys().collect::<Vec<_>>(),
            "{}: the example shows every member",
            error.code()
        );
        let mut value_dependent = vec!["errors"];
        if !constant_detail {
            value_dependent.push("detail");
        }
        for member in value_dependent {
            rendered.remove(member);
            example.remove(member);
        }
        assert_eq!(example, rendered, "{}", error.code());
    }
}

#[test]
fn every_response_declares_the_trace_id_header_and_lists_its_codes() {
    let responses = openapi::responses::<AccountError>();
    for (status, response) in responses.as_object().expect("object") {
        let header = &response["headers"]["X-Trace-Id"];
        assert_eq!(header["schema"]["type"], "string", "{status}");
        let listed: Vec<&str> = response["x-error-codes"]
            .as_array()
            .expect("x-error-codes")
            .iter()
            .map(|entry| entry["code"].as_str().expect("code"))
            .collect();
        assert_eq!(listed, codes_of(&responses, status), "{status}");
        for entry in response["x-error-codes"].as_array().expect("array") {
            assert_eq!(
                entry["status"]
                    .as_u64()
                    .map(|status| status.to_string())
                    .as_deref(),
                Some(status.as_str())
            );
        }
    }
    let entry = &responses["500"]["x-error-codes"][0];
    assert_eq!(
        *entry,
        json!({
            "code": "internal_error",
            "status": 500,
            "title": "Internal error",
            "type": "https://docs.example.com/errors#internal_error",
            "expose": false,
            "description": "The server failed; the trace id finds the cause in its logs.",
        })
    );
}

/// A 503 its own variant answers without a header.
#[derive(Debug, thiserror::Error, ApiError)]
#[allow(dead_code)] // Only read through its responses.
enum GatewayError {
    #[error("upstream down")]
    #[api(code = "unavailable", status = 503)]
    Down,
    #[error(transparent)]
    #[api(transparent)]
    Upstream(#[from] UpstreamError),
}

/// The same 503, which sets `Retry-After`.
#[derive(Debug, thiserror::Error, ApiError)]
#[allow(dead_code)] // Only read through its responses.
enum UpstreamError {
    #[error("busy")]
    #[api(code = "unavailable", status = 503)]
    Busy {
        #[api(header = "Retry-After")]
        retry_after_secs: u64,
    },
}

/// [`GatewayError`] with the transparent variant first.
#[derive(Debug, thiserror::Error, ApiError)]
#[allow(dead_code)] // Only read through its responses.
enum GatewayFirstError {
    #[error(transparent)]
    #[api(transparent)]
    Upstream(#[from] UpstreamError),
    #[error("upstream down")]
    #[api(code = "unavailable", status = 503)]
    Down,
}

#[test]
fn a_status_declares_the_headers_of_every_variant_with_its_code() {
    for responses in [
        openapi::responses::<GatewayError>(),
        openapi::responses::<GatewayFirstError>(),
    ] {
        let response = &responses["503"];
        assert_eq!(
            response["headers"]["Retry-After"]["description"],
            "Set by `unavailable`."
        );
        assert_eq!(codes_of(&responses, "503"), ["unavailable"]);
    }
}

/// Header names spelled as the IETF and vendors do, and one written in lowercase.
#[derive(Debug, thiserror::Error, ApiError)]
#[allow(dead_code)] // Only read through its responses.
enum QuotaError {
    #[error("quota")]
    #[api(code = "quota_exceeded", status = 429)]
    Exceeded {
        #[api(header = "X-RateLimit-Reset")]
        reset: u64,
        #[api(header = "ETag")]
        etag: String,
        #[api(header = "x-quota-policy")]
        policy: String,
    },
    #[error("slow down")]
    #[api(code = "slow_down", status = 429)]
    SlowDown {
        #[api(header = "x-ratelimit-reset")]
        reset: u64,
    },
}

#[test]
fn header_names_keep_their_spelling() {
    let responses = openapi::responses::<QuotaError>();
    let headers = responses["429"]["headers"].as_object().expect("headers");
    let names: BTreeSet<&str> = headers.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        BTreeSet::from(["ETag", "X-RateLimit-Reset", "X-Trace-Id", "x-quota-policy"])
    );
    assert_eq!(
        headers["X-RateLimit-Reset"]["description"],
        "Set by `quota_exceeded`, `slow_down`."
    );
}

/// Every member an exposed variant can write.
#[derive(Debug, thiserror::Error, ApiError)]
#[allow(dead_code)] // Only read through its responses.
enum OrderError {
    /// The order cannot be changed.
    #[error("order {id} is locked")]
    #[api(code = "order_locked", status = 409)]
    Locked {
        #[api(extension = "resource_id")]
        id: u64,
        #[api(field)]
        field: String,
        #[api(extension)]
        owner: Option<String>,
        #[api(extension)]
        tags: Vec<String>,
        #[api(extension)]
        archived: bool,
        #[api(extension)]
        ratio: f64,
        #[api(violations)]
        violations: Vec<FieldViolation>,
    },
}

#[test]
fn examples_show_every_member_with_a_placeholder_of_its_type() {
    let options = Options::new().envelope(true);
    let responses = openapi::responses_with::<OrderError>(&options);
    let content = &responses["409"]["content"];
    let problem = &content["application/problem+json"]["examples"]["order_locked"]["value"];
    assert_eq!(problem["resource_id"], 0);
    assert_eq!(problem["field"], "{field}");
    assert_eq!(problem["owner"], "{owner}");
    assert_eq!(problem["tags"], json!([]));
    assert_eq!(problem["archived"], false);
    assert_eq!(problem["ratio"], 0.0);
    assert_eq!(
        problem["errors"],
        json!([{ "detail": "must not be empty", "pointer": "#/name" }])
    );
    let envelope = &content["application/json"]["examples"]["order_locked"]["value"]["error"];
    assert_eq!(envelope["field"], "{field}");
    assert_eq!(envelope["details"]["resource_id"], 0);
    assert_eq!(envelope["details"]["owner"], "{owner}");
    assert_eq!(
        envelope["details"]["errors"],
        json!([{ "field": "name", "message": "must not be empty" }])
    );

    // The members are those a rendered error has, in both formats.
    let error = OrderError::Locked {
        id: 7,
        field: "status".into(),
        owner: Some("ann".into()),
        tags: vec!["rush".into()],
        archived: true,
        ratio: 0.5,
        violations: vec![FieldViolation::new("status", "is final")],
    };
    let ctx = Context::default()
        .with_trace_id(TraceId::parse(SAMPLE_TRACE_ID).expect("valid"))
        .with_instance(SAMPLE_INSTANCE);
    let rendered: Value = serde_json::from_slice(error.to_response(&ctx).body()).expect("JSON");
    let keys = |value: &Value| -> BTreeSet<String> {
        value.as_object().expect("object").keys().cloned().collect()
    };
    assert_eq!(keys(problem), keys(&rendered));
    let rendered: Value = serde_json::from_slice(
        error
            .to_response(&ctx.clone().with_format(apierror::Format::Envelope))
            .body(),
    )
    .expect("JSON");
    assert_eq!(keys(envelope), keys(&rendered["error"]));
    assert_eq!(
        keys(&envelope["details"]),
        keys(&rendered["error"]["details"])
    );
}

#[test]
fn the_envelope_is_documented_when_asked() {
    assert!(
        openapi::responses::<BillingError>()["402"]["content"]
            .get("application/json")
            .is_none()
    );
    let responses = openapi::responses_with::<BillingError>(&Options::new().envelope(true));
    let content = &responses["402"]["content"];
    assert_eq!(
        content["application/json"]["schema"]["allOf"][0]["$ref"],
        "#/components/schemas/Envelope"
    );
    assert_eq!(
        content["application/json"]["schema"]["allOf"][1]["properties"]["error"]["properties"]["code"]
            ["examples"],
        json!(["card_declined"])
    );
    assert!(content["application/problem+json"].is_object());

    let ctx = Context::default().with_trace_id(TraceId::parse(SAMPLE_TRACE_ID).expect("valid"));
    let rendered = serde_json::to_value(
        BillingError::Provider(std::time::Duration::from_secs(1)).to_envelope(&ctx),
    )
    .expect("JSON");
    let example = &responses["503"]["content"]["application/json"]["examples"]["payment_provider_unavailable"]
        ["value"];
    assert_eq!(*example, rendered);
}

#[test]
fn a_catalog_documents_several_types() {
    let both = catalog().openapi_responses();
    // AccountError forwards to BillingError, so one type already covers both.
    assert_eq!(both, openapi::responses::<AccountError>());

    let billing_and_legacy = apierror::catalog::Catalog::new()
        .with::<BillingError>()
        .with::<LegacyError>();
    let responses = billing_and_legacy.openapi_responses();
    assert_eq!(
        codes_of(&responses, "404"),
        ["invoice_not_found", "not_found"]
    );
    // `invoice_not_found` answers 404 and 410: both are documented.
    assert_eq!(codes_of(&responses, "410"), ["invoice_not_found"]);
    assert_eq!(
        problem_json(&responses, "410")["examples"]["invoice_not_found"]["description"],
        "The invoice was archived."
    );

    let codes = billing_and_legacy.openapi_error_codes();
    let statuses: Vec<u64> = codes
        .as_array()
        .expect("array")
        .iter()
        .filter(|entry| entry["code"] == "invoice_not_found")
        .map(|entry| entry["status"].as_u64().expect("status"))
        .collect();
    assert_eq!(statuses, [404, 410]);
    assert_eq!(
        openapi::error_codes::<AccountError>(),
        catalog().openapi_error_codes()
    );
}

#[test]
fn responses_snapshot() {
    assert_snapshot(
        "openapi-responses.json",
        &pretty(&openapi::responses::<AccountError>()),
    );
}

/// A complete OpenAPI 3.1 document for the sample API.
fn sample_document() -> Value {
    let problem_or_envelope = Options::new().envelope(true);
    let account_id = json!({
        "name": "id", "in": "path", "required": true,
        "description": "The account's id.",
        "schema": { "type": "integer", "format": "int64", "minimum": 1 },
    });
    let account = json!({
        "type": "object",
        "required": ["id", "name"],
        "properties": { "id": { "type": "integer", "format": "int64" }, "name": { "type": "string" } },
    });
    let mut components = openapi::components();
    components["schemas"]["Account"] = account;
    components["securitySchemes"] = json!({ "bearer": { "type": "http", "scheme": "bearer" } });
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Accounts sample API",
            "version": "1.0.0",
            "description": "The sample API of the apierror tests: every error each operation can return.",
            "license": { "name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0" },
        },
        "servers": [{ "url": "https://api.accounts.test/v1" }],
        "security": [{ "bearer": [] }],
        "tags": [
            { "name": "accounts", "description": "Accounts." },
            { "name": "billing", "description": "Payments of invoices." },
        ],
        "paths": {
            "/accounts/{id}": {
                "get": {
                    "tags": ["accounts"],
                    "operationId": "getAccount",
                    "summary": "Read an account",
                    "description": "Reads one account.",
                    "parameters": [account_id],
                    "responses": with_success(
                        openapi::responses::<AccountError>(),
                        "200",
                        json!({ "description": "The account.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Account" } } } }),
                    ),
                }
            },
            "/accounts": {
                "post": {
                    "tags": ["accounts"],
                    "operationId": "createAccount",
                    "summary": "Create an account",
                    "description": "Creates an account. Errors come as an envelope unless the client asks for `application/problem+json`.",
                    "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Account" } } } },
                    "responses": with_success(
                        openapi::responses_with::<AccountError>(&problem_or_envelope),
                        "201",
                        json!({ "description": "The account was created.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Account" } } } }),
                    ),
                }
            },
            "/invoices/{id}/payment": {
                "post": {
                    "tags": ["billing"],
                    "operationId": "payInvoice",
                    "summary": "Pay an invoice",
                    "description": "Pays an invoice with the card on file.",
                    "parameters": [{
                        "name": "id", "in": "path", "required": true,
                        "description": "The invoice's id.",
                        "schema": { "type": "integer", "format": "int64", "minimum": 1 },
                    }],
                    "responses": with_success(
                        openapi::responses::<BillingError>(),
                        "204",
                        json!({ "description": "The invoice was paid." }),
                    ),
                }
            },
        },
        "components": components,
    });
    document[openapi::ERROR_CODES_EXTENSION] = catalog().openapi_error_codes();
    document
}

fn with_success(mut responses: Value, status: &str, response: Value) -> Value {
    responses[status] = response;
    responses
}

/// Writes the sample document for `.ci/openapi-check.sh` (to
/// `$APIERROR_OPENAPI_OUT`, or `openapi-sample.json` under cargo's temporary
/// directory), and snapshots it.
#[test]
fn sample_document_is_complete() {
    let document = sample_document();
    let mut targets = BTreeSet::new();
    refs(&document, &mut targets);
    for target in &targets {
        let name = target
            .strip_prefix("#/components/schemas/")
            .expect("a schema reference");
        assert!(
            document["components"]["schemas"][name].is_object(),
            "{target} resolves"
        );
    }
    let default = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("openapi-sample.json");
    apierror_tests::write_documents("APIERROR_OPENAPI_OUT", &default, &document);
    assert_snapshot("openapi-sample.json", &pretty(&document));
}

/// A templated message's examples show it rendered: with the variant's
/// `example(...)` values, else samples its fields' types suggest.
mod rendered_examples {
    use apierror::{ApiError, openapi};
    use serde_json::json;

    #[derive(Debug, thiserror::Error, ApiError)]
    #[allow(dead_code)] // Only read through its documentation.
    enum ShopError {
        #[error("account {id} not found")]
        #[api(
            code = "account_not_found",
            status = 404,
            message = "account {id} not found",
            example(id = 42)
        )]
        NotFound { id: u64 },

        #[error("no account named {name}")]
        #[api(
            code = "name_not_found",
            status = 404,
            message = "no account named {name:?} in shard {shard}"
        )]
        Name { name: String, shard: u32 },

        #[error("order {0} from {1} is locked")]
        #[api(
            code = "order_locked",
            status = 409,
            message = "order {0} from {1} is locked by {{admin}}",
            example(_0 = 7)
        )]
        Locked(u64, std::net::IpAddr),

        #[error("slow down")]
        #[api(
            code = "rate_limited",
            status = 429,
            message = "retry in {secs} seconds",
            example(secs = 30, region = "eu-west")
        )]
        Limited {
            secs: u64,
            #[api(extension)]
            region: String,
        },

        #[error("charge {id} of {amount}")]
        #[api(
            code = "charge_failed",
            status = 402,
            message = "charge [{id:>5}] of {amount:.2}",
            example(id = 42, amount = 1.23456)
        )]
        Charge { id: u32, amount: f64 },
    }

    fn example(status: &str, code: &str) -> serde_json::Value {
        let responses = openapi::responses::<ShopError>();
        responses[status]["content"]["application/problem+json"]["examples"][code]["value"].clone()
    }

    #[test]
    fn the_variants_own_example_values_fill_the_template() {
        assert_eq!(
            example("404", "account_not_found")["detail"],
            "account 42 not found"
        );
        assert_eq!(
            ShopError::NotFound { id: 1 }.descriptor().example_detail(),
            Some("account 42 not found")
        );
        assert_eq!(
            ShopError::NotFound { id: 1 }
                .descriptor()
                .message_template(),
            Some("account {id} not found")
        );
    }

    #[test]
    fn an_example_is_written_with_the_templates_format_specs() {
        let documented = example("402", "charge_failed");
        assert_eq!(documented["detail"], "charge [   42] of 1.23");
        let charge = ShopError::Charge {
            id: 42,
            amount: 1.23456,
        };
        let rendered: serde_json::Value =
            serde_json::from_slice(charge.to_response(&apierror::Context::default()).body())
                .expect("JSON");
        assert_eq!(documented["detail"], rendered["detail"]);
    }

    #[test]
    fn without_one_the_fields_type_gives_the_sample() {
        // A string is `string` (quoted under `?`), a number `0`; a type with no
        // sample keeps its placeholder; escaped braces stay single braces.
        assert_eq!(
            example("404", "name_not_found")["detail"],
            "no account named \"string\" in shard 0"
        );
        assert_eq!(
            example("409", "order_locked")["detail"],
            "order 7 from {1} is locked by {admin}"
        );
    }

    #[test]
    fn an_extensions_example_value_is_its_sample_and_every_example_has_an_instance() {
        let limited = example("429", "rate_limited");
        assert_eq!(limited["detail"], "retry in 30 seconds");
        assert_eq!(limited["region"], json!("eu-west"));
        assert_eq!(limited["instance"], openapi::SAMPLE_INSTANCE);
    }
}

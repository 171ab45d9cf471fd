//! The demo as a client sees it, in process: its error responses, its OpenAPI
//! document, its catalog page, and its codes against the committed lock file.

use std::collections::BTreeSet;
use std::path::PathBuf;

use apierror_tests::{dangling_refs, refs};

use axum::body::Body;
use http::{Request, StatusCode};
use serde_json::Value;
use tower::ServiceExt as _;

async fn get(path: &str) -> (StatusCode, http::HeaderMap, Vec<u8>) {
    let request = Request::get(path).body(Body::empty()).expect("a request");
    let response = demo::app(demo::layer())
        .oneshot(request)
        .await
        .expect("infallible");
    let (parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20).await.expect("a body");
    (parts.status, parts.headers, body.to_vec())
}

#[tokio::test]
async fn an_unknown_account_is_a_problem_document_with_a_trace_id() {
    let (status, headers, body) = get("/accounts/42").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(headers["content-type"], "application/problem+json");
    let body: Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(body["code"], "account_not_found");
    assert_eq!(body["type"], "https://errors.example.com/account_not_found");
    assert_eq!(body["detail"], "account 42 not found");
    assert_eq!(body["instance"], "/accounts/42");
    assert_eq!(
        body["trace_id"],
        headers["x-trace-id"].to_str().expect("ASCII")
    );
}

#[tokio::test]
async fn the_database_error_stays_opaque() {
    let (status, _, body) = get("/reports").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let text = String::from_utf8(body).expect("UTF-8");
    for secret in ["ledger", "db-2", "password", "connection reset"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
}

/// `/openapi.json` documents every error each route can answer, and resolves. The
/// document is also written out for `.ci/openapi-check.sh`, which validates it with
/// openapi-spec-validator and Redocly CLI.
#[tokio::test]
async fn the_openapi_document_lists_every_error_of_every_route() {
    let (status, headers, body) = get("/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/json");
    let document: Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(document, demo::docs::openapi());
    assert!(
        document["openapi"]
            .as_str()
            .is_some_and(|version| version.starts_with("3.1"))
    );

    let get_account = &document["paths"]["/accounts/{id}"]["get"]["responses"];
    for (status, code) in [
        ("404", "account_not_found"),
        ("409", "email_taken"),
        ("409", "insufficient_funds"),
        ("422", "validation_failed"),
        ("429", "rate_limited"),
        ("500", "internal_error"),
        ("503", "billing_unavailable"),
    ] {
        let examples = &get_account[status]["content"]["application/problem+json"]["examples"];
        assert!(examples[code].is_object(), "{status} {code}: {get_account}");
    }
    assert!(
        get_account["429"]["headers"]["Retry-After"].is_object(),
        "{get_account}"
    );

    let mut targets = BTreeSet::new();
    refs(&document, &mut targets);
    for target in targets {
        let name = target
            .strip_prefix("#/components/schemas/")
            .expect("a schema reference");
        assert!(
            document["components"]["schemas"][name].is_object(),
            "{target} resolves"
        );
    }

    let default = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("openapi-demo.json");
    apierror_tests::write_documents("APIERROR_DEMO_OPENAPI_OUT", &default, &document);
}

/// `/openapi-3.0.json` is the same document in OpenAPI 3.0.3: every operation keeps
/// its error responses and their examples. (`.ci/openapi-check.sh` validates the
/// rewrite the test above writes, which this one shows is the served document.)
#[tokio::test]
async fn the_openapi_3_0_document_keeps_every_error() {
    let (status, _, body) = get("/openapi-3.0.json").await;
    assert_eq!(status, StatusCode::OK);
    let document: Value = serde_json::from_slice(&body).expect("JSON");
    let mut expected = demo::docs::openapi();
    apierror::openapi::downgrade_to_3_0(&mut expected);
    assert_eq!(document, expected);
    assert_eq!(document["openapi"], "3.0.3");

    let original = demo::docs::openapi();
    let error_examples = |document: &Value| {
        let mut found = Vec::new();
        for (path, item) in document["paths"].as_object().expect("paths") {
            for (method, operation) in item.as_object().expect("a path item") {
                for (status, response) in operation["responses"].as_object().expect("responses") {
                    let examples = &response["content"]["application/problem+json"]["examples"];
                    for (code, example) in examples.as_object().into_iter().flatten() {
                        found.push((
                            path.clone(),
                            method.clone(),
                            status.clone(),
                            code.clone(),
                            example.clone(),
                        ));
                    }
                }
            }
        }
        found
    };
    let examples = error_examples(&original);
    assert!(examples.len() > 10, "{examples:?}");
    assert_eq!(error_examples(&document), examples);
    // No schema keeps 3.1's `examples` list (a media type's `examples` map stays).
    let text = String::from_utf8(body).expect("UTF-8");
    assert!(!text.contains("\"examples\":["), "{text}");
}

#[tokio::test]
async fn the_catalog_page_has_an_entry_per_code() {
    let (status, headers, body) = get("/errors").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-type"]
            .to_str()
            .expect("ASCII")
            .starts_with("text/html")
    );
    let page = String::from_utf8(body).expect("UTF-8");
    for code in [
        "account_not_found",
        "email_taken",
        "rate_limited",
        "billing_unavailable",
        "method_not_allowed",
    ] {
        assert!(
            page.contains(&format!("id=\"{code}\"")),
            "no entry for {code}"
        );
    }
}

#[test]
fn the_codes_do_not_conflict_and_are_stable() {
    let catalog = demo::docs::catalog();
    assert!(catalog.check().is_empty(), "{:?}", catalog.check());
    catalog.assert_stable(concat!(env!("CARGO_MANIFEST_DIR"), "/errors.lock.json"));
}

async fn post_json(path: &str, body: &str) -> (StatusCode, Value) {
    let request = Request::post(path)
        .header("content-type", "application/json")
        .body(Body::from(body.to_owned()))
        .expect("a request");
    let response = demo::app(demo::layer())
        .oneshot(request)
        .await
        .expect("infallible");
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .expect("a body");
    (status, serde_json::from_slice(&body).expect("JSON"))
}

/// The banner's request errors: a body field's pointer (a type error, a validator
/// check) and a query parameter, each with its code.
#[tokio::test]
async fn request_errors_locate_the_field_or_parameter() {
    let (status, body) = post_json("/accounts/2/transfers", r#"{"to":"one","amount":5}"#).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["pointer"], "#/to", "{body}");
    assert_eq!(body["errors"][0]["code"], "invalid_type", "{body}");

    let (status, body) = post_json("/accounts/2/transfers", r#"{"to":1,"amount":0}"#).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["pointer"], "#/amount", "{body}");
    assert_eq!(body["errors"][0]["code"], "range", "{body}");

    let (status, body) = post_json("/accounts/1/transfers", r#"{"to":2,"amount":1.0}"#).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "an integral float is an integer: {body}"
    );

    for query in ["limit=ten", "limit=0"] {
        let (status, _, body) = get(&format!("/accounts?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let body: Value = serde_json::from_slice(&body).expect("JSON");
        assert_eq!(body["code"], "invalid_request", "{body}");
        assert_eq!(body["errors"][0]["parameter"], "limit", "{body}");
    }
}

/// The request errors are documented as the layer answers them, with the registry's
/// entries, by utoipa and by aide: every example of a code the layer answered here
/// shows the same `type` (none is the canonical `about:blank` one the layer does not
/// answer with).
#[tokio::test]
async fn request_errors_are_documented_as_the_layer_answers_them() {
    let (_, rejected) = post_json("/accounts/2/transfers", r#"{"to":"one","amount":5}"#).await;
    assert_eq!(rejected["code"], "validation_failed", "{rejected}");
    let (_, _, body) = get("/accounts?limit=ten").await;
    let unparsed: Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(unparsed["code"], "invalid_request", "{unparsed}");
    let answered = [&rejected, &unparsed];
    for document in [demo::docs::openapi(), demo::docs_aide::openapi()] {
        let seen = examples_as_answered(&document, &answered);
        assert!(seen >= 10, "only {seen} examples of the answered codes");
    }
}

/// How many examples of `document` show the code of one of `answered`, each checked
/// to show its `type`.
fn examples_as_answered(document: &Value, answered: &[&Value]) -> usize {
    let mut seen = 0;
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            let responses = operation["responses"].as_object().into_iter().flatten();
            for (status, response) in responses {
                let examples = &response["content"]["application/problem+json"]["examples"];
                for (name, example) in examples.as_object().into_iter().flatten() {
                    let place = format!("{method} {path} {status} {name}");
                    for answer in answered {
                        if answer["code"] == example["value"]["code"] {
                            assert_eq!(example["value"]["type"], answer["type"], "{place}");
                            seen += 1;
                        }
                    }
                }
            }
        }
    }
    seen
}

/// Every (path, method, status, code) an error response of `document` documents.
fn error_pairs(document: &Value) -> BTreeSet<(String, String, String, String)> {
    let mut pairs = BTreeSet::new();
    let paths = document["paths"].as_object().expect("paths");
    for (path, item) in paths {
        for (method, operation) in item.as_object().expect("a path item") {
            let Some(responses) = operation["responses"].as_object() else {
                continue;
            };
            for (status, response) in responses {
                let examples = &response["content"]["application/problem+json"]["examples"];
                // The code of each body (an example's name may say more, such as
                // `validation_failed (framework)`).
                for example in examples.as_object().into_iter().flat_map(|e| e.values()) {
                    let code = example["value"]["code"].as_str().expect("a code");
                    pairs.insert((path.clone(), method.clone(), status.clone(), code.into()));
                }
            }
        }
    }
    pairs
}

/// `/openapi-aide.json`, built by aide from the handlers' types, documents the same
/// errors as the utoipa document: every (path, method, status, code), none more. It
/// is also written out for `.ci/openapi-check.sh`, with its 3.0 rewrite.
#[tokio::test]
async fn the_aide_document_documents_the_same_errors_as_the_utoipa_one() {
    let (status, _, body) = get("/openapi-aide.json").await;
    assert_eq!(status, StatusCode::OK);
    let document: Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(document, demo::docs_aide::openapi());

    let aide = error_pairs(&document);
    let utoipa = error_pairs(&demo::docs::openapi());
    assert!(
        aide.contains(&(
            "/accounts".into(),
            "post".into(),
            "415".into(),
            "unsupported_media_type".into()
        )),
        "{aide:#?}"
    );
    assert_eq!(
        aide.symmetric_difference(&utoipa).collect::<Vec<_>>(),
        Vec::<&(String, String, String, String)>::new(),
        "in one document and not the other"
    );

    assert_eq!(dangling_refs(&document), Vec::<String>::new());

    let default = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("openapi-demo-aide.json");
    apierror_tests::write_documents("APIERROR_DEMO_AIDE_OUT", &default, &document);
}

/// The banner's `curl -H 'Accept-Language: de'` line: the same error in German, its
/// code, type and status unchanged.
#[tokio::test]
async fn accept_language_de_answers_in_german() {
    let request = Request::get("/accounts/42")
        .header("accept-language", "de")
        .body(Body::empty())
        .expect("a request");
    let response = demo::app(demo::layer())
        .oneshot(request)
        .await
        .expect("infallible");
    let (parts, body) = response.into_parts();
    assert_eq!(parts.status, StatusCode::NOT_FOUND);
    assert_eq!(parts.headers["content-language"], "de");
    assert_eq!(parts.headers["vary"], "accept-language");
    let body = axum::body::to_bytes(body, 1 << 20).await.expect("a body");
    let body: Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(body["title"], "Konto nicht gefunden");
    assert_eq!(body["detail"], "Konto 42 nicht gefunden");
    assert_eq!(body["code"], "account_not_found");
    assert_eq!(body["type"], "https://errors.example.com/account_not_found");
}

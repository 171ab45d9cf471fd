//! The drop-in extractors end to end, shared by the axum and actix-web tests: the
//! handlers' types, and the scenarios run against each framework's app, served once
//! with problem documents and once with envelopes.

#![allow(dead_code)]

use apierror::client::ApiProblem;
use apierror::request::{Form, Garde, Json, Path, Query, Valid};
use apierror::{ApiError, FieldViolation, Location};
use http::StatusCode;
use http::header::HeaderMap;
use serde::Deserialize;
use serde_json::{Value, json};
// The derive calls `validate` on nested values as a method.
use validator::Validate as _;

/// The body `POST /orders` takes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Order {
    pub name: String,
    pub profile: Profile,
    pub items: Vec<Item>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub color: String,
}

#[derive(Debug, Deserialize, serde::Serialize)]
pub struct Item {
    pub qty: u32,
}

/// The query `GET /pages` takes.
#[derive(Debug, Deserialize)]
pub struct Page {
    pub limit: u32,
}

/// The path of `GET /accounts/{account}/orders/{order}`.
#[derive(Debug, Deserialize)]
pub struct OrderPath {
    pub account: u64,
    pub order: u64,
}

/// What `POST /signup` takes, checked with `validator`.
#[derive(Debug, Deserialize, validator::Validate)]
pub struct Signup {
    #[validate(length(min = 3, message = "at least 3 characters"))]
    pub name: String,
    #[validate(nested)]
    pub profile: Nickname,
    #[validate(nested)]
    pub items: Vec<Quantity>,
}

#[derive(Debug, Deserialize, validator::Validate)]
pub struct Nickname {
    #[validate(length(min = 2))]
    pub nick: String,
}

#[derive(Debug, Deserialize, validator::Validate)]
pub struct Quantity {
    #[validate(range(min = 1))]
    pub qty: u32,
}

/// What `POST /garde` takes, checked with `garde`.
#[derive(Debug, Deserialize, garde::Validate)]
pub struct GardeSignup {
    #[garde(length(min = 3))]
    pub name: String,
    #[garde(dive)]
    pub profile: GardeNickname,
    #[garde(dive)]
    pub items: Vec<GardeQuantity>,
}

#[derive(Debug, Deserialize, garde::Validate)]
pub struct GardeNickname {
    #[garde(length(min = 2))]
    pub nick: String,
}

#[derive(Debug, Deserialize, garde::Validate)]
pub struct GardeQuantity {
    #[garde(range(min = 1))]
    pub qty: u32,
}

/// What `GET /tenant` answers: a violation of a header.
#[derive(Debug, thiserror::Error, ApiError)]
pub enum TenantError {
    #[error("no tenant")]
    #[api(
        code = "validation_failed",
        status = 422,
        message = "The request is invalid."
    )]
    Missing(#[api(violations)] Vec<FieldViolation>),
}

pub fn missing_tenant() -> TenantError {
    TenantError::Missing(vec![
        FieldViolation::header("X-Tenant", "is required").with_code("missing_header"),
    ])
}

// ---------------------------------------------------------------- the handlers
// The drop-in extractors are one set of types for both frameworks, so both apps
// route to these same handlers.

pub async fn order(Json(order): Json<Order>) -> Json<Value> {
    let _ = (
        &order.profile.color,
        order.items.first().map(|item| item.qty),
    );
    Json(json!({ "name": order.name, "items": order.items.len() }))
}

pub async fn order_by_id(Path(id): Path<u64>) -> String {
    id.to_string()
}

pub async fn account_order(Path(path): Path<OrderPath>) -> String {
    format!("{}/{}", path.account, path.order)
}

pub async fn page(Query(page): Query<Page>) -> String {
    page.limit.to_string()
}

pub async fn form(Form(item): Form<Item>) -> Form<Item> {
    Form(item)
}

pub async fn signup(Valid(Json(signup)): Valid<Json<Signup>>) -> String {
    signup.name
}

pub async fn garde_signup(Garde(Json(signup)): Garde<Json<GardeSignup>>) -> String {
    signup.name
}

pub async fn tenant() -> Result<String, TenantError> {
    Err(missing_tenant())
}

/// The body limit both apps are given.
pub const BODY_LIMIT: usize = 1024;

const VALID: &str = r#"{"name": "ada", "profile": {"color": "red"}, "items": [{"qty": 1}]}"#;

/// One request and what it must answer with.
struct Case {
    name: &'static str,
    method: &'static str,
    path: &'static str,
    content_type: Option<&'static str>,
    body: String,
    status: u16,
    code: &'static str,
    /// The violations, in order: location, field, code.
    violations: &'static [(Location, &'static str, Option<&'static str>)],
}

fn json(name: &'static str, body: &str, violation: (Location, &'static str, &'static str)) -> Case {
    let violations: &'static [_] =
        Box::leak(Box::new([(violation.0, violation.1, Some(violation.2))]));
    Case {
        name,
        method: "POST",
        path: "/orders",
        content_type: Some("application/json"),
        body: body.to_owned(),
        status: 422,
        code: "validation_failed",
        violations,
    }
}

fn get(
    name: &'static str,
    path: &'static str,
    status: u16,
    code: &'static str,
    violations: &'static [(Location, &'static str, Option<&'static str>)],
) -> Case {
    Case {
        name,
        method: "GET",
        path,
        content_type: None,
        body: String::new(),
        status,
        code,
        violations,
    }
}

fn cases() -> Vec<Case> {
    use Location::{Body, Header, Parameter};
    let mut cases = vec![
        Case {
            name: "syntax",
            body: r#"{"name": "#.to_owned(),
            status: 400,
            code: "invalid_request",
            violations: &[],
            ..json("", "", (Body, "", ""))
        },
        json(
            "type",
            r#"{"name": 1, "profile": {"color": "red"}, "items": []}"#,
            (Body, "name", "invalid_type"),
        ),
        json(
            "missing",
            r#"{"profile": {"color": "red"}, "items": []}"#,
            (Body, "name", "missing_field"),
        ),
        json(
            "unknown field",
            r#"{"name": "a", "profile": {"color": "red"}, "items": [], "extra": 1}"#,
            (Body, "extra", "unknown_field"),
        ),
        json(
            "nested unknown field",
            r#"{"name": "a", "profile": {"color": "red", "hue": 1}, "items": []}"#,
            (Body, "profile.hue", "unknown_field"),
        ),
        json(
            "nested",
            r#"{"name": "a", "profile": {"color": 7}, "items": []}"#,
            (Body, "profile.color", "invalid_type"),
        ),
        json(
            "array index",
            r#"{"name": "a", "profile": {"color": "red"}, "items": [{"qty": 1}, {"qty": "x"}]}"#,
            (Body, "items[1].qty", "invalid_type"),
        ),
        Case {
            name: "wrong content type",
            content_type: Some("text/plain"),
            status: 415,
            code: "unsupported_media_type",
            violations: &[],
            ..json("", VALID, (Body, "", ""))
        },
        Case {
            name: "no content type",
            content_type: None,
            status: 415,
            code: "unsupported_media_type",
            violations: &[],
            ..json("", VALID, (Body, "", ""))
        },
        Case {
            name: "too large",
            body: format!(r#"{{"name": "{}"}}"#, "a".repeat(BODY_LIMIT)),
            status: 413,
            code: "payload_too_large",
            violations: &[],
            ..json("", "", (Body, "", ""))
        },
        get(
            "query type",
            "/pages?limit=ten",
            400,
            "invalid_request",
            &[(Parameter, "limit", Some("invalid_value"))],
        ),
        get(
            "query missing",
            "/pages",
            400,
            "invalid_request",
            &[(Parameter, "limit", Some("missing_field"))],
        ),
        get(
            "path",
            "/orders/seven",
            400,
            "invalid_request",
            &[(Parameter, "id", Some("invalid_value"))],
        ),
        get(
            "path by name",
            "/accounts/1/orders/x",
            400,
            "invalid_request",
            &[(Parameter, "order", Some("invalid_value"))],
        ),
        get(
            "header",
            "/tenant",
            422,
            "validation_failed",
            &[(Header, "X-Tenant", Some("missing_header"))],
        ),
        Case {
            name: "form",
            path: "/forms",
            content_type: Some("application/x-www-form-urlencoded"),
            body: "qty=x".to_owned(),
            violations: &[(Body, "qty", Some("invalid_value"))],
            ..json("", "", (Body, "", ""))
        },
        Case {
            name: "validator",
            path: "/signup",
            body: r#"{"name": "ab", "profile": {"nick": "x"}, "items": [{"qty": 2}, {"qty": 0}]}"#
                .to_owned(),
            violations: &[
                (Body, "items[1].qty", Some("range")),
                (Body, "name", Some("length")),
                (Body, "profile.nick", Some("length")),
            ],
            ..json("", "", (Body, "", ""))
        },
        Case {
            name: "garde",
            path: "/garde",
            body: r#"{"name": "ab", "profile": {"nick": "x"}, "items": [{"qty": 2}, {"qty": 0}]}"#
                .to_owned(),
            violations: &[
                (Body, "items[1].qty", None),
                (Body, "name", None),
                (Body, "profile.nick", None),
            ],
            ..json("", "", (Body, "", ""))
        },
        Case {
            name: "validator, body of the wrong shape first",
            path: "/signup",
            body: r#"{"name": 1}"#.to_owned(),
            violations: &[(Body, "name", Some("invalid_type"))],
            ..json("", "", (Body, "", ""))
        },
    ];
    cases.sort_by_key(|case| case.name);
    cases
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("a client")
}

async fn send(base: &str, case: &Case) -> (StatusCode, HeaderMap, String) {
    let method = reqwest::Method::from_bytes(case.method.as_bytes()).expect("a method");
    let mut request = client()
        .request(method, format!("{base}{}", case.path))
        .body(case.body.clone());
    if let Some(content_type) = case.content_type {
        request = request.header("content-type", content_type);
    }
    let response = request.send().await.expect("the server answers");
    let status = StatusCode::from_u16(response.status().as_u16()).expect("a status");
    let mut headers = HeaderMap::new();
    for (name, value) in response.headers() {
        headers.insert(
            http::HeaderName::from_bytes(name.as_str().as_bytes()).expect("a name"),
            http::HeaderValue::from_bytes(value.as_bytes()).expect("a value"),
        );
    }
    (status, headers, response.text().await.expect("a body"))
}

/// The member a violation's location is written under, in each format.
fn location_member(format: &str, location: Location) -> &'static str {
    match (format, location) {
        ("problem", Location::Parameter) => "parameter",
        ("problem", Location::Header) => "header",
        ("problem", _) => "pointer",
        _ => "field",
    }
}

/// Every failure, in both formats: status, code, and each violation's location,
/// field and code, read back by the client and checked in the raw body.
pub async fn every_failure_is_located(problem_base: &str, envelope_base: &str) {
    for (format, base) in [("problem", problem_base), ("envelope", envelope_base)] {
        for case in cases() {
            let (status, headers, text) = send(base, &case).await;
            let context = format!("{format}, {}: {text}", case.name);
            assert_eq!(status.as_u16(), case.status, "{context}");
            let content_type = headers["content-type"].to_str().expect("ASCII");
            let expected_type = match format {
                "problem" => "application/problem+json",
                _ => "application/json",
            };
            assert_eq!(content_type, expected_type, "{context}");
            let problem = ApiProblem::<String>::from_parts(status, &headers, text.as_bytes());
            assert_eq!(
                problem.code().known().map(String::as_str),
                Some(case.code),
                "{context}"
            );
            let got: Vec<_> = problem
                .violations()
                .iter()
                .map(|violation| (violation.location(), violation.field(), violation.code()))
                .collect();
            assert_eq!(got, case.violations, "{context}");
            let body: Value = serde_json::from_str(&text).expect("JSON");
            let errors = match format {
                "problem" => &body["errors"],
                _ => &body["error"]["details"]["errors"],
            };
            for (index, (location, _, _)) in case.violations.iter().enumerate() {
                let member = location_member(format, *location);
                assert!(errors[index][member].is_string(), "{context}");
            }
        }
    }
}

/// The raw members of a problem's violations: a pointer for a body field, the name
/// for a parameter; the detail has the line and column of a syntax error.
pub async fn problem_members_are_exact(base: &str) {
    let case = cases()
        .into_iter()
        .find(|case| case.name == "array index")
        .expect("the case");
    let (_, _, text) = send(base, &case).await;
    let body: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(body["errors"][0]["pointer"], "#/items/1/qty", "{text}");
    assert_eq!(body["errors"][0]["code"], "invalid_type", "{text}");
    assert_eq!(body["title"], "Unprocessable Content", "{text}");
    assert!(body["trace_id"].is_string(), "{text}");

    let case = cases()
        .into_iter()
        .find(|case| case.name == "query type")
        .expect("the case");
    let (_, _, text) = send(base, &case).await;
    let body: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(body["errors"][0]["parameter"], "limit", "{text}");
    assert!(body["errors"][0].get("pointer").is_none(), "{text}");

    let case = cases()
        .into_iter()
        .find(|case| case.name == "syntax")
        .expect("the case");
    let (_, _, text) = send(base, &case).await;
    let body: Value = serde_json::from_str(&text).expect("JSON");
    let detail = body["detail"].as_str().expect("a detail");
    assert!(detail.contains("at line 1 column 9"), "{detail}");
}

/// A valid body is extracted, and `Json` answers as a response.
pub async fn valid_requests_pass(base: &str) {
    let response = client()
        .post(format!("{base}/orders"))
        .header("content-type", "application/merge-patch+json")
        .body(VALID)
        .send()
        .await
        .expect("the server answers");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body: Value = serde_json::from_str(&response.text().await.expect("a body")).expect("JSON");
    assert_eq!(body, serde_json::json!({ "name": "ada", "items": 1 }));
    let response = client()
        .post(format!("{base}/forms"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("qty=3")
        .send()
        .await
        .expect("the server answers");
    assert_eq!(
        response.headers()["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(response.text().await.expect("a body"), "qty=3");
    let response = client()
        .get(format!("{base}/accounts/1/orders/2"))
        .send()
        .await
        .expect("the server answers");
    assert_eq!(response.text().await.expect("a body"), "1/2");
}

/// axum's own `Json`, `Query` and `Path` behind the layer: the violation the
/// rejection text names, with axum's text as the detail. (axum's text names a path
/// parameter only when the type has names: a struct, not `Path<u64>`.)
pub async fn the_layer_locates_axums_own_rejections(base: &str) {
    use Location::{Body, Parameter};
    let wanted = [
        "array index",
        "nested unknown field",
        "missing",
        "query type",
        "path by name",
    ];
    let expected: [(Location, &str, &str); 5] = [
        (Body, "items[1].qty", "invalid_type"),
        (Body, "profile.hue", "unknown_field"),
        (Body, "name", "missing_field"),
        (Parameter, "limit", "invalid_value"),
        (Parameter, "order", "invalid_value"),
    ];
    for (name, (location, field, code)) in wanted.into_iter().zip(expected) {
        let case = cases()
            .into_iter()
            .find(|case| case.name == name)
            .expect("the case");
        let (status, headers, text) = send(base, &case).await;
        assert_eq!(status.as_u16(), case.status, "{name}: {text}");
        let problem = ApiProblem::<String>::from_parts(status, &headers, text.as_bytes());
        let got: Vec<_> = problem
            .violations()
            .iter()
            .map(|violation| (violation.location(), violation.field(), violation.code()))
            .collect();
        assert_eq!(got, [(location, field, Some(code))], "{name}: {text}");
    }
}

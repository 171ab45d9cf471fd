//! The client's side of the demo: its error responses read back over loopback with
//! reqwest and `error_for_problem`, codes typed by the demo's own registry; and the
//! responses a proxy or a broken upstream sends instead, from a small local server.

use std::convert::Infallible;

use apierror::Format;
use apierror::client::{ApiProblem, BODY_LIMIT, ProblemCode, ResponseExt as _};
use axum::Router;
use axum::body::Body;
use axum::routing::get;
use demo::codes::Code;
use http::{Method, StatusCode};
use serde_json::{Value, json};

/// Serves `app` on 127.0.0.1, port 0, for the rest of the test; returns its base URL.
async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let address = listener.local_addr().expect("the bound address");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("the server runs") });
    format!("http://{address}")
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("a client")
}

/// `GET url`, read with `error_for_problem`.
async fn read(url: &str) -> Result<reqwest::Response, ApiProblem<Code>> {
    let response = client().get(url).send().await.expect("the server answers");
    response.error_for_problem::<Code>().await
}

/// What a proxy or a broken upstream answers.
fn upstream() -> Router {
    const PAGE: &str = "<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>";
    Router::new()
        .route("/ok", get(|| async { "fine" }))
        .route(
            "/html-502",
            get(|| async {
                (
                    StatusCode::BAD_GATEWAY,
                    [("content-type", "text/html")],
                    PAGE,
                )
            }),
        )
        .route(
            "/unknown-code",
            get(|| async {
                (
                    StatusCode::CONFLICT,
                    [
                        ("content-type", "application/problem+json"),
                        ("x-trace-id", "up-1"),
                    ],
                    r#"{"title":"Plan changed","status":409,"code":"plan_changed"}"#,
                )
            }),
        )
        .route(
            "/ten-megabytes",
            get(|| async { (StatusCode::INTERNAL_SERVER_ERROR, vec![b'x'; 10 << 20]) }),
        )
        .route(
            "/endless",
            get(|| async {
                let chunks =
                    futures_util::stream::repeat_with(|| Ok::<_, Infallible>(vec![b'y'; 4096]));
                (StatusCode::SERVICE_UNAVAILABLE, Body::from_stream(chunks))
            }),
        )
}

#[tokio::test]
async fn a_success_passes_through_untouched() {
    let base = serve(upstream()).await;
    let response = read(&format!("{base}/ok")).await.expect("a success");
    assert_eq!(response.text().await.expect("a body"), "fine");
}

#[tokio::test]
async fn an_html_502_from_a_proxy_is_a_retryable_problem() {
    let base = serve(upstream()).await;
    let problem = read(&format!("{base}/html-502")).await.expect_err("a 502");
    assert_eq!(problem.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(
        problem.code(),
        &ProblemCode::Unknown("bad_gateway".to_owned())
    );
    assert!(problem.body().contains("nginx"));
    assert!(problem.is_retryable());
}

#[tokio::test]
async fn a_code_the_registry_lacks_is_unknown_with_its_text() {
    let base = serve(upstream()).await;
    let problem = read(&format!("{base}/unknown-code"))
        .await
        .expect_err("a 409");
    assert_eq!(
        problem.code(),
        &ProblemCode::Unknown("plan_changed".to_owned())
    );
    assert_eq!(problem.title(), Some("Plan changed"));
    assert_eq!(problem.trace_id(), Some("up-1"));
    assert_eq!(
        problem.to_string(),
        "plan_changed: Plan changed (409, trace id up-1)"
    );
}

#[tokio::test]
async fn a_ten_megabyte_body_is_read_only_to_the_limit() {
    let base = serve(upstream()).await;
    let problem = read(&format!("{base}/ten-megabytes"))
        .await
        .expect_err("a 500");
    assert!(problem.is_truncated());
    assert_eq!(problem.body().len(), BODY_LIMIT);
    assert_eq!(
        problem.code(),
        &ProblemCode::Unknown("internal_error".to_owned())
    );
}

/// A body that never ends: an unbounded read would never return.
#[tokio::test]
async fn an_endless_body_is_read_only_to_the_limit() {
    let base = serve(upstream()).await;
    let url = format!("{base}/endless");
    let reading = tokio::time::timeout(std::time::Duration::from_secs(30), read(&url));
    let problem = reading.await.expect("the read stops").expect_err("a 503");
    assert!(problem.is_truncated());
    assert_eq!(problem.body().len(), BODY_LIMIT);
    assert!(problem.body().bytes().all(|byte| byte == b'y'));
}

// ---------------------------------------------------------------- the demo itself

/// One request to the demo and what its error reads back as.
struct Case {
    method: Method,
    path: &'static str,
    body: Option<Value>,
    status: u16,
    code: ProblemCode<Code>,
}

fn case(
    method: Method,
    path: &'static str,
    body: Option<Value>,
    status: u16,
    code: ProblemCode<Code>,
) -> Case {
    Case {
        method,
        path,
        body,
        status,
        code,
    }
}

fn unknown(code: &str) -> ProblemCode<Code> {
    ProblemCode::Unknown(code.to_owned())
}

/// Every error route of the demo, and the framework's own errors it answers.
fn cases() -> Vec<Case> {
    use ProblemCode::Known;
    let post = Method::POST;
    vec![
        case(
            Method::GET,
            "/accounts/42",
            None,
            404,
            Known(Code::AccountNotFound),
        ),
        case(
            post.clone(),
            "/accounts",
            Some(json!({"name": " ", "email": "x"})),
            422,
            Known(Code::ValidationFailed),
        ),
        case(
            post.clone(),
            "/accounts",
            Some(json!({"name": "Ada", "email": "ADA@example.com"})),
            409,
            unknown("email_taken"),
        ),
        case(
            post.clone(),
            "/accounts/2/transfers",
            Some(json!({"to": 1, "amount": 1000})),
            409,
            unknown("insufficient_funds"),
        ),
        case(
            Method::GET,
            "/accounts/1/invoices",
            None,
            503,
            unknown("billing_unavailable"),
        ),
        case(
            Method::GET,
            "/reports",
            None,
            500,
            Known(Code::InternalError),
        ),
        case(Method::GET, "/panic", None, 500, Known(Code::InternalError)),
        // The framework's errors: an extractor's rejection, an unknown route.
        case(
            post.clone(),
            "/accounts",
            Some(json!({"name": "Ada"})),
            422,
            Known(Code::ValidationFailed),
        ),
        case(Method::GET, "/nowhere", None, 404, unknown("not_found")),
    ]
}

/// Sends `case` to the demo at `base`; the problem read back and the `X-Trace-Id`.
async fn send(base: &str, case: &Case) -> (ApiProblem<Code>, String) {
    let mut request = client().request(case.method.clone(), format!("{base}{}", case.path));
    if let Some(body) = &case.body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let response = request.send().await.expect("the demo answers");
    let trace_id = response.headers()["x-trace-id"]
        .to_str()
        .expect("an ASCII trace id")
        .to_owned();
    let problem = response
        .error_for_problem::<Code>()
        .await
        .expect_err("an error");
    (problem, trace_id)
}

#[tokio::test]
async fn every_demo_error_reads_back_into_the_registry_in_both_formats() {
    for format in [Format::Problem, Format::Envelope] {
        let base = serve(demo::app(demo::layer().format(format))).await;
        for case in cases() {
            let (problem, trace_id) = send(&base, &case).await;
            let what = format!("{format:?} {} {}", case.method, case.path);
            assert_eq!(problem.status().as_u16(), case.status, "{what}");
            assert_eq!(problem.code(), &case.code, "{what}");
            assert_eq!(problem.trace_id(), Some(trace_id.as_str()), "{what}");
            assert!(problem.detail().is_some(), "{what}");
            assert_eq!(problem.is_retryable(), case.status == 503, "{what}");
        }
    }
}

#[tokio::test]
async fn the_demo_details_come_back_typed() {
    for format in [Format::Problem, Format::Envelope] {
        let base = serve(demo::app(demo::layer().format(format))).await;
        let cases = cases();

        let (problem, _) = send(&base, &cases[0]).await;
        assert_eq!(problem.detail(), Some("account 42 not found"));

        let (problem, _) = send(&base, &cases[1]).await;
        let fields: Vec<_> = problem
            .violations()
            .iter()
            .map(|violation| (violation.field(), violation.code()))
            .collect();
        assert_eq!(
            fields,
            [("name", Some("required")), ("email", Some("invalid_email"))]
        );

        let (problem, _) = send(&base, &cases[2]).await;
        assert_eq!(problem.field(), Some("email"));

        let (problem, _) = send(&base, &cases[3]).await;
        assert_eq!(problem.extension("balance"), Some(&json!(20)));
        assert_eq!(problem.extension("requested"), Some(&json!(1000)));

        let (problem, _) = send(&base, &cases[5]).await;
        assert_eq!(problem.detail(), Some(apierror::OPAQUE_SERVER_MESSAGE));
        assert!(!problem.body().contains("db-2"), "{}", problem.body());
    }
}

#[tokio::test]
async fn a_rate_limited_export_carries_its_retry_after() {
    let base = serve(demo::app(demo::layer())).await;
    let export = case(
        Method::POST,
        "/accounts/1/export",
        None,
        429,
        ProblemCode::Known(Code::RateLimited),
    );
    let first = client()
        .post(format!("{base}{}", export.path))
        .send()
        .await
        .expect("an answer");
    assert!(
        first.error_for_problem::<Code>().await.is_ok(),
        "the first export succeeds"
    );
    let (problem, trace_id) = send(&base, &export).await;
    assert_eq!(problem.code(), &export.code);
    assert_eq!(problem.trace_id(), Some(trace_id.as_str()));
    let wait = problem.retry_after().expect("a Retry-After");
    assert!(
        wait > std::time::Duration::ZERO && wait <= std::time::Duration::from_secs(30),
        "{wait:?}"
    );
    assert_eq!(
        problem.extension("retry_after_secs"),
        Some(&json!(wait.as_secs()))
    );
    assert!(problem.is_retryable());
    assert_eq!(
        problem.to_string(),
        format!("rate_limited: Rate limited (429, trace id {trace_id})")
    );
}

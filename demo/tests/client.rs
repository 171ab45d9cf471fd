//! The client's side of the demo: its error responses read back over loopback with
//! reqwest and `error_for_problem`, codes typed by the demo's own registry; and the
//! responses a proxy or a broken upstream sends instead, from a small local server.

use std::convert::Infallible;

use apierror::client::{ApiProblem, BODY_LIMIT, ProblemCode, ResponseExt as _};
use axum::Router;
use axum::body::Body;
use axum::routing::get;
use demo::codes::Code;
use http::StatusCode;

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

//! The axum integration end to end: a real server on a loopback port, a real HTTP
//! client, and the log lines the requests leave. The scenarios are in [`e2e`],
//! shared with the actix-web tests; this file builds the axum app they run against.

mod e2e;

use apierror::axum::ErrorLayer;
use apierror::{Format, Policy};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Json, Path, Query};
use axum::routing::{get, post};
use e2e::{AccountError, NewAccount, Search, Wording};
use http::StatusCode;
use http::header::WWW_AUTHENTICATE;
use serde_json::{Value, json};

// ---------------------------------------------------------------- the service

async fn account(Path(id): Path<u64>) -> Result<Json<Value>, AccountError> {
    match id {
        1 => Ok(Json(json!({ "id": 1, "name": "ada" }))),
        id => Err(AccountError::NotFound { id }),
    }
}

async fn create(Json(new): Json<NewAccount>) -> Result<StatusCode, AccountError> {
    new.validate()?;
    Ok(StatusCode::CREATED)
}

async fn by_name(Path(name): Path<String>) -> Result<(), AccountError> {
    Err(AccountError::Name(name))
}

async fn search(Query(search): Query<Search>) -> String {
    format!("limit {}", search.limit)
}

async fn own_json() -> (StatusCode, Json<Value>) {
    (StatusCode::CONFLICT, Json(json!({ "mine": true })))
}

async fn unauthorized() -> Result<(), (StatusCode, [(http::HeaderName, &'static str); 1])> {
    Err((StatusCode::UNAUTHORIZED, [(WWW_AUTHENTICATE, "Bearer")]))
}

async fn own_text() -> (StatusCode, &'static str) {
    (StatusCode::BAD_REQUEST, e2e::OWN_TEXT)
}

async fn secret_text() -> (StatusCode, &'static str) {
    (StatusCode::BAD_REQUEST, e2e::SECRET_TEXT)
}

async fn secret_failure() -> (StatusCode, &'static str) {
    (StatusCode::INTERNAL_SERVER_ERROR, e2e::SECRET_TEXT)
}

fn routes() -> Router {
    Router::new()
        .route("/accounts", post(create))
        .route("/accounts/{id}", get(account))
        .route("/names/{name}", get(by_name))
        .route("/limited", get(e2e::limited))
        .route("/db", get(e2e::db))
        .route("/billing", get(e2e::billing))
        .route("/search", get(search))
        .route("/panic", get(e2e::panics))
        .route("/own-json", get(own_json))
        .route("/unauthorized", get(unauthorized))
        .route("/own-text", get(own_text))
        .route("/secret-text", get(secret_text))
        .route("/secret-failure", get(secret_failure))
        .route("/login", get(e2e::login))
        .route("/whoami", get(e2e::whoami))
        .route("/seen", get(e2e::seen))
        .layer(DefaultBodyLimit::max(256))
}

// ---------------------------------------------------------------- the harness

/// A listener on 127.0.0.1, port 0, and its base URL.
async fn listen() -> (tokio::net::TcpListener, String) {
    e2e::logs_init();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let address = listener.local_addr().expect("the bound address");
    (listener, format!("http://{address}"))
}

/// Serves `app` for the rest of the test; returns its base URL.
async fn serve(app: Router) -> String {
    let (listener, base) = listen().await;
    tokio::spawn(async move { axum::serve(listener, app).await.expect("the server runs") });
    base
}

/// Serves the routes inside `layer` applied around the whole router
/// (`Layer::layer(router)`), not given to `Router::layer`: the placement that spares
/// axum's boxing of every route (BENCHMARKS.md).
async fn around(layer: ErrorLayer) -> String {
    let (listener, base) = listen().await;
    let app = tower::Layer::layer(&layer, routes());
    let app = axum::ServiceExt::<axum::extract::Request>::into_make_service(app);
    tokio::spawn(async move { axum::serve(listener, app).await.expect("the server runs") });
    base
}

async fn layered(layer: ErrorLayer) -> String {
    serve(routes().layer(layer)).await
}

/// The routes behind a default [`ErrorLayer`].
async fn base() -> String {
    layered(ErrorLayer::default()).await
}

// ---------------------------------------------------------------- the tests

#[tokio::test]
async fn a_derived_error_answers_a_problem_with_instance_and_trace_id() {
    e2e::a_derived_error_answers_a_problem_with_instance_and_trace_id(&base().await).await;
}

#[tokio::test]
async fn violations_headers_and_transparent_variants_render() {
    e2e::violations_headers_and_transparent_variants_render(&base().await).await;
}

#[tokio::test]
async fn trace_ids_from_the_request_are_echoed() {
    e2e::trace_ids_from_the_request_are_echoed(&base().await).await;
}

#[tokio::test]
async fn hostile_trace_headers_are_never_echoed() {
    e2e::hostile_trace_headers_are_never_echoed(&base().await).await;
}

#[tokio::test]
async fn a_trace_header_with_cr_or_lf_never_reaches_a_response() {
    e2e::a_trace_header_with_cr_or_lf_never_reaches_a_response(&base().await).await;
}

#[tokio::test]
async fn nothing_of_an_opaque_error_reaches_the_client_in_either_format() {
    let serve = async |format| layered(ErrorLayer::default().format(format)).await;
    e2e::nothing_of_an_opaque_error_reaches_the_client_in_either_format(serve).await;
}

#[tokio::test]
async fn the_development_policy_shows_the_inside() {
    let dev = layered(ErrorLayer::default().policy(Policy::Development)).await;
    e2e::the_development_policy_shows_the_inside(&dev).await;
}

#[tokio::test]
async fn extractor_rejections_get_the_same_shape() {
    // axum's own rejection texts.
    let wording = Wording {
        syntax: |detail| detail.contains("parse"),
        shape: |detail| detail.contains("name"),
        query: |detail| detail.contains("limit"),
    };
    e2e::extractor_rejections_get_the_same_shape(&base().await, wording).await;
}

#[tokio::test]
async fn unknown_routes_and_wrong_methods_get_the_same_shape() {
    e2e::unknown_routes_and_wrong_methods_get_the_same_shape(&base().await).await;
}

#[tokio::test]
async fn framework_errors_take_the_registry_entry() {
    let with_codes =
        layered(ErrorLayer::default().framework_codes::<apierror_test_codes::Code>()).await;
    e2e::framework_errors_take_the_registry_entry(&with_codes).await;
}

#[tokio::test]
async fn a_handlers_own_json_body_is_left_alone() {
    e2e::a_handlers_own_json_body_is_left_alone(&base().await).await;
}

#[tokio::test]
async fn accept_asks_for_a_problem_even_from_an_envelope_service() {
    let envelope = layered(ErrorLayer::default().format(Format::Envelope)).await;
    e2e::accept_asks_for_a_problem_even_from_an_envelope_service(&envelope).await;
}

#[tokio::test]
async fn a_panicking_handler_gets_an_opaque_500_and_the_server_keeps_serving() {
    let production = base().await;
    let dev = layered(ErrorLayer::default().policy(Policy::Development)).await;
    e2e::a_panicking_handler_gets_an_opaque_500_and_the_server_keeps_serving(&production, &dev)
        .await;
}

#[tokio::test]
async fn logged_text_cannot_forge_log_lines() {
    e2e::logged_text_cannot_forge_log_lines(&base().await).await;
}

#[tokio::test]
async fn without_the_layer_a_derived_error_still_answers_a_full_problem() {
    let bare = serve(routes()).await;
    e2e::without_the_layer_a_derived_error_still_answers_a_full_problem(&bare).await;
}

#[tokio::test]
async fn redaction_can_be_turned_off_in_the_layer() {
    let verbatim = layered(ErrorLayer::default().redaction(false)).await;
    e2e::redaction_can_be_turned_off_in_the_layer(&base().await, &verbatim).await;
}

#[tokio::test]
async fn a_panic_takes_the_services_own_internal_error() {
    let errors = layered(ErrorLayer::default().framework_errors::<AccountError>()).await;
    e2e::a_panic_takes_the_services_own_internal_error(&base().await, &errors).await;
}

#[tokio::test]
async fn a_handlers_plain_text_is_redacted() {
    let verbatim = layered(ErrorLayer::default().redaction(false)).await;
    e2e::a_handlers_plain_text_is_redacted(&base().await, &verbatim, &["/secret-text"]).await;
}

#[tokio::test]
async fn a_handlers_plain_text_5xx_is_logged_whole() {
    e2e::a_handlers_plain_text_5xx_is_logged_whole(&base().await, &["/secret-failure"]).await;
}

#[tokio::test]
async fn handlers_read_the_trace_id_the_response_carries() {
    e2e::handlers_read_the_trace_id_the_response_carries(&base().await).await;
}

#[tokio::test]
async fn the_trace_header_can_be_kept_for_errors() {
    e2e::the_trace_header_can_be_kept_for_errors(
        &layered(ErrorLayer::default().trace_header_on_success(false)).await,
    )
    .await;
}

#[tokio::test]
async fn the_trace_id_extractor_never_fails_without_the_layer() {
    let bare = serve(routes()).await;
    e2e::the_trace_id_extractor_never_fails_without_the_layer(&bare).await;
}

#[tokio::test]
async fn accept_is_negotiated_by_quality() {
    let envelope = layered(ErrorLayer::default().format(Format::Envelope)).await;
    e2e::accept_is_negotiated_by_quality(&base().await, &envelope).await;
}

#[tokio::test]
async fn errors_vary_by_accept_when_formats_are_negotiated() {
    let single = layered(ErrorLayer::default().format(Format::Google)).await;
    e2e::errors_vary_by_accept_when_formats_are_negotiated(&base().await, &single).await;
}

#[tokio::test]
async fn a_handlers_own_plain_text_4xx_gets_its_status_code() {
    e2e::a_handlers_own_plain_text_4xx_gets_its_status_code(&base().await).await;
}

#[tokio::test]
async fn every_error_log_line_names_the_method_and_path() {
    e2e::every_error_log_line_names_the_method_and_path(&base().await).await;
}

#[tokio::test]
async fn the_layer_around_the_whole_router_does_what_router_layer_does() {
    // The scenarios that count log lines of a fixed trace id run once per process,
    // against `Router::layer`; these count only ids generated for them.
    let base = around(ErrorLayer::default()).await;
    e2e::a_derived_error_answers_a_problem_with_instance_and_trace_id(&base).await;
    e2e::unknown_routes_and_wrong_methods_get_the_same_shape(&base).await;
    let dev = around(ErrorLayer::default().policy(Policy::Development)).await;
    e2e::a_panicking_handler_gets_an_opaque_500_and_the_server_keeps_serving(&base, &dev).await;
    let errors_only = around(ErrorLayer::default().trace_header_on_success(false)).await;
    e2e::the_trace_header_can_be_kept_for_errors(&errors_only).await;
}

// ------------------------------------------------- a service answering from `call`

/// A tower service that answers from `call` itself, before any future is polled, as
/// a hand-written service may: a derived error rendered there, or a panic there.
#[derive(Clone)]
struct AnswersInCall;

impl tower::Service<axum::extract::Request> for AnswersInCall {
    type Response = axum::response::Response;
    type Error = std::convert::Infallible;
    type Future = std::future::Ready<Result<Self::Response, Self::Error>>;

    fn poll_ready(
        &mut self,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: axum::extract::Request) -> Self::Future {
        if request.uri().path() == "/panic" {
            panic!("a service panicked in call");
        }
        let error = AccountError::NotFound { id: 7 };
        std::future::ready(Ok(axum::response::IntoResponse::into_response(error)))
    }
}

/// The body and the `X-Trace-Id` of `service`'s answer to a GET of `path` carrying
/// `trace_id`.
async fn answer(
    service: impl tower::Service<
        axum::extract::Request,
        Response = axum::response::Response,
        Error = std::convert::Infallible,
    >,
    path: &str,
    trace_id: &str,
) -> (StatusCode, Value, String) {
    use tower::ServiceExt as _;
    let request = http::Request::get(path)
        .header("x-trace-id", trace_id)
        .body(axum::body::Body::empty())
        .expect("a request");
    let response = service.oneshot(request).await.expect("infallible");
    let status = response.status();
    let header = response.headers()["x-trace-id"]
        .to_str()
        .expect("ASCII")
        .to_owned();
    let body = axum::body::to_bytes(response.into_body(), 64 * 1024)
        .await
        .expect("a body");
    let body = serde_json::from_slice(&body).expect("a JSON body");
    (status, body, header)
}

/// The layer makes the request current while the service is called, not only while
/// its future is polled: an error rendered in `call` carries the request's trace id
/// and path, and a panic in `call` is answered like a handler's.
#[tokio::test]
async fn a_service_answering_from_call_is_served_inside_the_requests_scope() {
    e2e::logs_init();
    let layer = ErrorLayer::default();
    let service = tower::Layer::layer(&layer, AnswersInCall);
    let (status, body, header) = answer(service.clone(), "/accounts/7", "in-call-7").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "account_not_found");
    assert_eq!(body["instance"], "/accounts/7");
    assert_eq!(
        (body["trace_id"].as_str(), header.as_str()),
        (Some("in-call-7"), "in-call-7")
    );

    let (status, body, header) = answer(service, "/panic", "in-call-panic").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body["code"], "internal_error");
    assert_eq!(body["instance"], "/panic");
    assert_eq!(header, "in-call-panic");
    assert!(!body.to_string().contains("panicked in call"), "{body}");
}

/// A handler's future that a client's disconnect or a timeout drops before it
/// finishes is dropped inside the request's scope, as it was polled: an error its
/// drop renders carries the request's trace id, and a panic there is logged with
/// that id instead of unwinding into the server.
#[tokio::test]
async fn a_cancelled_request_drops_its_handler_inside_the_requests_scope() {
    use tower::ServiceExt as _;

    e2e::logs_init();
    let (sender, rendered) = std::sync::mpsc::channel();
    let app = Router::new()
        .route(
            "/renders-on-drop",
            get(move || {
                let guard = e2e::ReadsOnDrop {
                    sender: sender.clone(),
                    read: rendered_trace_id,
                };
                async move {
                    let _guard = guard;
                    std::future::pending::<&'static str>().await
                }
            }),
        )
        .route(
            "/panics-on-drop",
            get(|| async {
                let _guard = e2e::PanicsOnDrop;
                std::future::pending::<&'static str>().await
            }),
        );
    let service = tower::Layer::layer(&ErrorLayer::default(), app);
    for (path, trace_id) in [
        ("/renders-on-drop", "cancelled-render"),
        ("/panics-on-drop", "cancelled-panic"),
    ] {
        let request = http::Request::get(path)
            .header("x-trace-id", trace_id)
            .body(axum::body::Body::empty())
            .expect("a request");
        e2e::abandon(service.clone().oneshot(request)).await;
    }
    let header = rendered.try_recv().expect("the guard rendered its error");
    assert_eq!(header, "cancelled-render");
    e2e::assert_drop_panic_logged("cancelled-panic");
}

/// The `X-Trace-Id` of a derived error rendered now.
fn rendered_trace_id() -> String {
    let response = axum::response::IntoResponse::into_response(AccountError::NotFound { id: 7 });
    let header = response.headers()["x-trace-id"].to_str().expect("ASCII");
    header.to_owned()
}

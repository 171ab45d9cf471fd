//! The actix-web integration end to end: a real server on a loopback port, a real
//! HTTP client, and the log lines the requests leave. The scenarios are in [`e2e`],
//! shared with the axum tests; this file builds the actix-web app they run against.

mod actix_harness;
mod e2e;

use actix_web::middleware::Condition;
use actix_web::{App, HttpResponse, web};
use apierror::actix::ErrorMiddleware;
use apierror::{Format, Policy};
use e2e::{AccountError, NewAccount, Search, Wording};
use serde_json::{Value, json};

// ---------------------------------------------------------------- the service

async fn account(id: web::Path<u64>) -> Result<web::Json<Value>, AccountError> {
    match id.into_inner() {
        1 => Ok(web::Json(json!({ "id": 1, "name": "ada" }))),
        id => Err(AccountError::NotFound { id }),
    }
}

async fn create(new: web::Json<NewAccount>) -> Result<HttpResponse, AccountError> {
    new.validate()?;
    Ok(HttpResponse::Created().finish())
}

async fn by_name(name: web::Path<String>) -> Result<HttpResponse, AccountError> {
    Err(AccountError::Name(name.into_inner()))
}

async fn search(search: web::Query<Search>) -> String {
    format!("limit {}", search.limit)
}

async fn own_json() -> HttpResponse {
    HttpResponse::Conflict()
        .content_type("application/json")
        .body(json!({ "mine": true }).to_string())
}

async fn unauthorized() -> HttpResponse {
    HttpResponse::Unauthorized()
        .insert_header(("www-authenticate", "Bearer"))
        .finish()
}

async fn own_text() -> HttpResponse {
    HttpResponse::BadRequest().body(e2e::OWN_TEXT)
}

async fn secret_text() -> HttpResponse {
    HttpResponse::BadRequest().body(e2e::SECRET_TEXT)
}

async fn secret_error() -> Result<String, actix_web::Error> {
    Err(actix_web::error::ErrorBadRequest(e2e::SECRET_TEXT))
}

async fn secret_failure() -> HttpResponse {
    HttpResponse::InternalServerError().body(e2e::SECRET_TEXT)
}

async fn secret_failure_error() -> Result<String, actix_web::Error> {
    Err(actix_web::error::ErrorInternalServerError(e2e::SECRET_TEXT))
}

// ---------------------------------------------------------------- the harness

/// Serves the app on 127.0.0.1, port 0, on a thread of its own with one worker,
/// for the rest of the test binary; returns its base URL. `middleware` is `None`
/// for an app without [`ErrorMiddleware`].
fn serve(middleware: Option<ErrorMiddleware>) -> String {
    e2e::logs_init();
    actix_harness::serve(move || {
        App::new()
            .app_data(web::JsonConfig::default().limit(256))
            .route("/accounts", web::post().to(create))
            // A resource, not `App::route`, so that a wrong method is a 405.
            .service(web::resource("/accounts/{id}").route(web::get().to(account)))
            .route("/names/{name}", web::get().to(by_name))
            .route("/limited", web::get().to(e2e::limited))
            .route("/db", web::get().to(e2e::db))
            .route("/billing", web::get().to(e2e::billing))
            .route("/search", web::get().to(search))
            .route("/panic", web::get().to(e2e::panics))
            .route("/own-json", web::get().to(own_json))
            .route("/unauthorized", web::get().to(unauthorized))
            .route("/own-text", web::get().to(own_text))
            .route("/secret-text", web::get().to(secret_text))
            .route("/secret-error", web::get().to(secret_error))
            .route("/secret-failure", web::get().to(secret_failure))
            .route("/secret-failure-error", web::get().to(secret_failure_error))
            .route("/login", web::get().to(e2e::login))
            .route("/whoami", web::get().to(e2e::whoami))
            .route("/seen", web::get().to(e2e::seen))
            .wrap(Condition::new(
                middleware.is_some(),
                middleware.clone().unwrap_or_default(),
            ))
    })
}

fn layered(middleware: ErrorMiddleware) -> String {
    serve(Some(middleware))
}

/// The app behind a default [`ErrorMiddleware`].
fn base() -> String {
    layered(ErrorMiddleware::default())
}

// ---------------------------------------------------------------- the tests

#[tokio::test]
async fn a_derived_error_answers_a_problem_with_instance_and_trace_id() {
    e2e::a_derived_error_answers_a_problem_with_instance_and_trace_id(&base()).await;
}

#[tokio::test]
async fn violations_headers_and_transparent_variants_render() {
    e2e::violations_headers_and_transparent_variants_render(&base()).await;
}

#[tokio::test]
async fn trace_ids_from_the_request_are_echoed() {
    e2e::trace_ids_from_the_request_are_echoed(&base()).await;
}

#[tokio::test]
async fn hostile_trace_headers_are_never_echoed() {
    e2e::hostile_trace_headers_are_never_echoed(&base()).await;
}

#[tokio::test]
async fn a_trace_header_with_cr_or_lf_never_reaches_a_response() {
    e2e::a_trace_header_with_cr_or_lf_never_reaches_a_response(&base()).await;
}

#[tokio::test]
async fn nothing_of_an_opaque_error_reaches_the_client_in_either_format() {
    let serve = async |format| layered(ErrorMiddleware::default().format(format));
    e2e::nothing_of_an_opaque_error_reaches_the_client_in_either_format(serve).await;
}

#[tokio::test]
async fn the_development_policy_shows_the_inside() {
    let dev = layered(ErrorMiddleware::default().policy(Policy::Development));
    e2e::the_development_policy_shows_the_inside(&dev).await;
}

#[tokio::test]
async fn extractor_rejections_get_the_same_shape() {
    // actix-web's own rejection texts.
    let wording = Wording {
        syntax: |detail| detail.contains("Json deserialize error"),
        shape: |detail| detail.contains("invalid type"),
        query: |detail| detail.starts_with("Query deserialize error"),
    };
    e2e::extractor_rejections_get_the_same_shape(&base(), wording).await;
}

#[tokio::test]
async fn unknown_routes_and_wrong_methods_get_the_same_shape() {
    e2e::unknown_routes_and_wrong_methods_get_the_same_shape(&base()).await;
}

#[tokio::test]
async fn framework_errors_take_the_registry_entry() {
    let with_codes =
        layered(ErrorMiddleware::default().framework_codes::<apierror_test_codes::Code>());
    e2e::framework_errors_take_the_registry_entry(&with_codes).await;
}

#[tokio::test]
async fn a_handlers_own_json_body_is_left_alone() {
    e2e::a_handlers_own_json_body_is_left_alone(&base()).await;
}

#[tokio::test]
async fn accept_asks_for_a_problem_even_from_an_envelope_service() {
    let envelope = layered(ErrorMiddleware::default().format(Format::Envelope));
    e2e::accept_asks_for_a_problem_even_from_an_envelope_service(&envelope).await;
}

#[tokio::test]
async fn a_panicking_handler_gets_an_opaque_500_and_the_server_keeps_serving() {
    let production = base();
    let dev = layered(ErrorMiddleware::default().policy(Policy::Development));
    e2e::a_panicking_handler_gets_an_opaque_500_and_the_server_keeps_serving(&production, &dev)
        .await;
}

#[tokio::test]
async fn logged_text_cannot_forge_log_lines() {
    e2e::logged_text_cannot_forge_log_lines(&base()).await;
}

#[tokio::test]
async fn without_the_layer_a_derived_error_still_answers_a_full_problem() {
    let bare = serve(None);
    e2e::without_the_layer_a_derived_error_still_answers_a_full_problem(&bare).await;
}

#[tokio::test]
async fn redaction_can_be_turned_off_in_the_layer() {
    let verbatim = layered(ErrorMiddleware::default().redaction(false));
    e2e::redaction_can_be_turned_off_in_the_layer(&base(), &verbatim).await;
}

#[tokio::test]
async fn a_panic_takes_the_services_own_internal_error() {
    let errors = layered(ErrorMiddleware::default().framework_errors::<AccountError>());
    e2e::a_panic_takes_the_services_own_internal_error(&base(), &errors).await;
}

#[tokio::test]
async fn a_handlers_plain_text_is_redacted() {
    let verbatim = layered(ErrorMiddleware::default().redaction(false));
    let paths = ["/secret-text", "/secret-error"];
    e2e::a_handlers_plain_text_is_redacted(&base(), &verbatim, &paths).await;
}

#[tokio::test]
async fn a_handlers_plain_text_5xx_is_logged_whole() {
    let paths = ["/secret-failure", "/secret-failure-error"];
    e2e::a_handlers_plain_text_5xx_is_logged_whole(&base(), &paths).await;
}

#[tokio::test]
async fn handlers_read_the_trace_id_the_response_carries() {
    e2e::handlers_read_the_trace_id_the_response_carries(&base()).await;
}

#[tokio::test]
async fn the_trace_header_can_be_kept_for_errors() {
    e2e::the_trace_header_can_be_kept_for_errors(&layered(
        ErrorMiddleware::default().trace_header_on_success(false),
    ))
    .await;
}

#[tokio::test]
async fn the_trace_id_extractor_never_fails_without_the_layer() {
    let bare = serve(None);
    e2e::the_trace_id_extractor_never_fails_without_the_layer(&bare).await;
}

#[tokio::test]
async fn accept_is_negotiated_by_quality() {
    let envelope = layered(ErrorMiddleware::default().format(Format::Envelope));
    e2e::accept_is_negotiated_by_quality(&base(), &envelope).await;
}

#[tokio::test]
async fn errors_vary_by_accept_when_formats_are_negotiated() {
    let single = layered(ErrorMiddleware::default().format(Format::Google));
    e2e::errors_vary_by_accept_when_formats_are_negotiated(&base(), &single).await;
}

#[tokio::test]
async fn a_handlers_own_plain_text_4xx_gets_its_status_code() {
    e2e::a_handlers_own_plain_text_4xx_gets_its_status_code(&base()).await;
}

#[tokio::test]
async fn every_error_log_line_names_the_method_and_path() {
    e2e::every_error_log_line_names_the_method_and_path(&base()).await;
}

/// actix-web answers HEAD only where a route takes it: a `web::get()` route on a
/// resource answers 405 with `Allow: GET`, one added with `App::route` 404 (the
/// resource falls back to the app's default service). The middleware keeps the
/// status and `Allow` actix-web chose, and gives the answer its problem's headers.
#[tokio::test]
async fn head_and_other_methods_answer_as_actix_web_does() {
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("a client");
    let (bare, layered) = (serve(None), base());
    let cases = [
        (reqwest::Method::HEAD, "/accounts/1", 405),
        (reqwest::Method::PUT, "/accounts/1", 405),
        (reqwest::Method::HEAD, "/own-text", 404),
        (reqwest::Method::HEAD, "/nowhere", 404),
    ];
    for (method, path, status) in cases {
        let request = |base: &str| client.request(method.clone(), format!("{base}{path}"));
        let plain = request(&bare).send().await.expect("the server answers");
        let answer = request(&layered).send().await.expect("the server answers");
        assert_eq!(plain.status().as_u16(), status, "{method} {path} without");
        assert_eq!(answer.status().as_u16(), status, "{method} {path}");
        let allow = |response: &reqwest::Response| {
            response
                .headers()
                .get("allow")
                .map(|value| value.to_str().expect("ASCII").to_owned())
        };
        assert_eq!(allow(&answer), allow(&plain), "{method} {path}");
        if status == 405 {
            assert_eq!(allow(&answer).as_deref(), Some("GET"), "{method} {path}");
        }
        let content_type = answer.headers().get("content-type").cloned();
        assert_eq!(
            content_type.as_ref().map(|value| value.as_bytes()),
            Some(&b"application/problem+json"[..]),
            "{method} {path}"
        );
        let body = answer.bytes().await.expect("a body");
        if method == reqwest::Method::HEAD {
            assert!(
                body.is_empty(),
                "{method} {path}: a HEAD answer has no body"
            );
        } else {
            let problem: Value = serde_json::from_slice(&body).expect("JSON");
            assert_eq!(problem["code"], "method_not_allowed", "{method} {path}");
        }
    }
}

/// A handler's future that a client's disconnect drops before it finishes is
/// dropped inside the request's scope, as it was polled: an error its drop renders
/// carries the request's trace id, and a panic there is logged with that id
/// instead of unwinding into the server.
#[test]
fn a_cancelled_request_drops_its_handler_inside_the_requests_scope() {
    use actix_web::dev::Service as _;

    e2e::logs_init();
    let (sender, rendered) = std::sync::mpsc::channel();
    actix_web::rt::System::new().block_on(async move {
        let renders = move || {
            let guard = e2e::ReadsOnDrop {
                sender: sender.clone(),
                read: rendered_trace_id,
            };
            async move {
                let _guard = guard;
                std::future::pending::<HttpResponse>().await
            }
        };
        let panics = || async {
            let _guard = e2e::PanicsOnDrop;
            std::future::pending::<HttpResponse>().await
        };
        let app = App::new()
            .route("/renders-on-drop", web::get().to(renders))
            .route("/panics-on-drop", web::get().to(panics))
            .wrap(ErrorMiddleware::default());
        let app = actix_web::test::init_service(app).await;
        for (path, trace_id) in [
            ("/renders-on-drop", "cancelled-render"),
            ("/panics-on-drop", "cancelled-panic"),
        ] {
            let request = actix_web::test::TestRequest::get()
                .uri(path)
                .insert_header(("x-trace-id", trace_id))
                .to_request();
            e2e::abandon(app.call(request)).await;
        }
    });
    let header = rendered.try_recv().expect("the guard rendered its error");
    assert_eq!(header, "cancelled-render");
    e2e::assert_drop_panic_logged("cancelled-panic");
}

/// The `X-Trace-Id` of a derived error rendered now.
fn rendered_trace_id() -> String {
    let error = AccountError::NotFound { id: 7 };
    let response = actix_web::ResponseError::error_response(&error);
    let header = response.headers().get("x-trace-id").expect("a trace id");
    header.to_str().expect("ASCII").to_owned()
}

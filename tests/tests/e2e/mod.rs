//! What the axum and actix-web end-to-end tests share: the service's errors and
//! request bodies, the handlers that need no extractor, the HTTP client, the log
//! capture, and the scenarios both frameworks must pass. Each test binary builds
//! its own app on a loopback port and runs these against its base URL.

use std::sync::{Arc, Mutex, OnceLock};

use apierror::{ApiError as _, FieldViolation, Format, OPAQUE_SERVER_MESSAGE, TraceId};
use http::StatusCode;
use http::header::HeaderMap;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

// ---------------------------------------------------------------- the service

/// The inside of an opaque failure: nothing of it may reach a client.
#[derive(Debug, thiserror::Error)]
#[error("connection refused by db.internal:5432 (password=hunter2)")]
pub struct DbFailure;

/// An error of its own that [`AccountError::Billing`] passes through.
#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[error("billing backend unreachable at 10.1.2.3")]
#[api(code = "billing_unavailable", status = 503)]
pub struct BillingError;

/// Every error the service's handlers return.
#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[api(type_base = "https://errors.example.com/")]
pub enum AccountError {
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404, title = "Account not found")]
    NotFound { id: u64 },

    #[error("{} invalid fields", .0.len())]
    #[api(
        code = "validation_failed",
        status = 422,
        message = "The request is invalid."
    )]
    Invalid(#[api(violations)] Vec<FieldViolation>),

    #[error("rate limited for {retry_after_secs}s")]
    #[api(code = "rate_limited", status = 429)]
    RateLimited {
        #[api(header = "Retry-After")]
        retry_after_secs: u64,
    },

    #[error("no account named {0}")]
    #[api(code = "name_not_found", status = 404)]
    Name(String),

    #[error("database failed (SECRET-DISPLAY)")]
    #[api(code = "internal_error", status = 500)]
    Db(#[source] DbFailure),

    #[error(transparent)]
    #[api(transparent)]
    Billing(#[from] BillingError),

    /// A `Display` with a secret in it, which redaction removes.
    #[error("login refused: password=hunter2")]
    #[api(code = "login_refused", status = 401)]
    Login,

    /// Carries the trace id the handler extracted, to compare with the response's.
    #[error("the handler saw {seen_trace_id}")]
    #[api(
        code = "trace_seen",
        status = 409,
        message = "The handler saw a trace id."
    )]
    Seen {
        #[api(extension)]
        seen_trace_id: String,
    },
}

/// The body of `POST /accounts`.
#[derive(Deserialize)]
pub struct NewAccount {
    pub name: String,
}

/// The query of `GET /search`.
#[derive(Deserialize)]
pub struct Search {
    pub limit: u32,
}

impl NewAccount {
    /// The one check `POST /accounts` makes before it creates the account.
    pub fn validate(&self) -> Result<(), AccountError> {
        if self.name.is_empty() {
            let violation = FieldViolation::new("name", "must not be empty").with_code("empty");
            return Err(AccountError::Invalid(vec![violation]));
        }
        Ok(())
    }
}

/// `GET /limited`.
pub async fn limited() -> Result<(), AccountError> {
    Err(AccountError::RateLimited {
        retry_after_secs: 30,
    })
}

/// `GET /db`.
pub async fn db() -> Result<(), AccountError> {
    Err(AccountError::Db(DbFailure))
}

/// `GET /billing`.
pub async fn billing() -> Result<(), AccountError> {
    Err(BillingError.into())
}

/// `GET /login`.
pub async fn login() -> Result<(), AccountError> {
    Err(AccountError::Login)
}

/// `GET /whoami`: the trace id the handler reads, as the body.
pub async fn whoami(trace_id: TraceId) -> String {
    trace_id.as_str().to_owned()
}

/// `GET /seen`: an error carrying the trace id the handler read.
pub async fn seen(trace_id: TraceId) -> Result<(), AccountError> {
    Err(AccountError::Seen {
        seen_trace_id: trace_id.as_str().to_owned(),
    })
}

/// The body of the plain-text 400 that `GET /own-text` answers with.
pub const OWN_TEXT: &str = "this name is taken";

/// The body of the plain-text 400 that `GET /secret-text` answers with: a handler
/// that formatted more than it should.
pub const SECRET_TEXT: &str =
    "bad login for ann password=hunter2 from 10.1.2.3 reading /etc/secret";

/// What of [`SECRET_TEXT`] must never reach a client while redaction is on.
const SECRETS: [&str; 3] = ["hunter2", "10.1.2.3", "/etc/secret"];

/// `GET /panic`.
pub async fn panics() -> &'static str {
    panic!("PANIC-SECRET: the handler fell over")
}

// ---------------------------------------------------------------- the harness

fn post_json(base: &str, body: Value) -> reqwest::RequestBuilder {
    client()
        .post(format!("{base}/accounts"))
        .header("content-type", "application/json")
        .body(body.to_string())
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("a client")
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|error| panic!("{error}: {}", self.text))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .map(|value| value.to_str().expect("a visible ASCII header"))
    }

    fn trace_id(&self) -> &str {
        self.header("x-trace-id")
            .expect("every response carries X-Trace-Id")
    }

    fn content_type(&self) -> Option<&str> {
        self.header("content-type")
    }
}

async fn send(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.expect("the server answers");
    let status = StatusCode::from_u16(response.status().as_u16()).expect("a status");
    let headers = response.headers().clone();
    let text = response.text().await.expect("a body");
    Answer {
        status,
        headers,
        text,
    }
}

async fn get_path(base: &str, path: &str) -> Answer {
    send(client().get(format!("{base}{path}"))).await
}

/// Every log line the test binary wrote, through a `tracing` subscriber at debug.
fn logs() -> String {
    String::from_utf8_lossy(&log_buffer().lock().expect("the log buffer")).into_owned()
}

pub fn log_lines_with(needle: &str) -> Vec<String> {
    logs()
        .lines()
        .filter(|line| line.contains(needle))
        .map(str::to_owned)
        .collect()
}

fn log_buffer() -> &'static Arc<Mutex<Vec<u8>>> {
    static BUFFER: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    BUFFER.get_or_init(Arc::default)
}

struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        std::io::Write::write(&mut *self.0.lock().expect("the log buffer"), bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Sends the test binary's log lines, at debug, to the buffer the scenarios read;
/// call it before serving.
pub fn logs_init() {
    static INIT: OnceLock<()> = OnceLock::new();
    INIT.get_or_init(|| {
        let buffer = log_buffer().clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .with_writer(move || LogWriter(buffer.clone()))
            .init();
    });
}

fn is_generated(trace_id: &str) -> bool {
    trace_id.len() == 36
        && trace_id
            .bytes()
            .all(|byte| byte.is_ascii_hexdigit() || byte == b'-')
}

// ---------------------------------------------------------------- the scenarios
//
// Each takes the base URL of the app behind a default layer or middleware unless
// its parameters say otherwise.

pub async fn a_derived_error_answers_a_problem_with_instance_and_trace_id(base: &str) {
    let answer = get_path(base, "/accounts/7").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.content_type(), Some("application/problem+json"));
    let body = answer.json();
    let trace_id = answer.trace_id().to_owned();
    assert!(is_generated(&trace_id), "{trace_id}");
    assert_eq!(
        body,
        json!({
            "type": "https://errors.example.com/account_not_found",
            "title": "Account not found",
            "status": 404,
            "code": "account_not_found",
            "detail": "account 7 not found",
            "instance": "/accounts/7",
            "trace_id": trace_id,
        })
    );
    // Logged once, with the trace id the client saw.
    let lines = log_lines_with(&trace_id);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("account_not_found") && lines[0].contains("status=404"),
        "{}",
        lines[0]
    );

    let ok = get_path(base, "/accounts/1").await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(
        is_generated(ok.trace_id()),
        "success responses carry a trace id too"
    );
    assert_ne!(ok.trace_id(), trace_id);
}

pub async fn violations_headers_and_transparent_variants_render(base: &str) {
    let invalid = send(post_json(base, json!({ "name": "" }))).await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = invalid.json();
    assert_eq!(body["code"], "validation_failed");
    assert_eq!(body["detail"], "The request is invalid.");
    assert_eq!(
        body["errors"],
        json!([{ "detail": "must not be empty", "pointer": "#/name", "code": "empty" }])
    );

    let limited = get_path(base, "/limited").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.header("retry-after"), Some("30"));
    assert_eq!(limited.json()["code"], "rate_limited");

    let billing = get_path(base, "/billing").await;
    assert_eq!(billing.status, StatusCode::SERVICE_UNAVAILABLE);
    let body = billing.json();
    assert_eq!(body["code"], "billing_unavailable");
    assert!(!billing.text.contains("10.1.2.3"), "{}", billing.text);
}

pub async fn trace_ids_from_the_request_are_echoed(base: &str) {
    let cases = [
        ("x-trace-id", "req-42.a:b_c", "req-42.a:b_c"),
        ("x-request-id", "from-request-id", "from-request-id"),
        (
            "traceparent",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "4bf92f3577b34da6a3ce929d0e0e4736",
        ),
    ];
    for (header, value, expected) in cases {
        let answer = send(
            client()
                .get(format!("{base}/accounts/7"))
                .header(header, value),
        )
        .await;
        assert_eq!(answer.trace_id(), expected, "{header}");
        assert_eq!(answer.json()["trace_id"], expected, "{header}");
        assert_eq!(
            log_lines_with(&format!("trace_id={expected} ")).len(),
            1,
            "{header}"
        );

        let ok = send(
            client()
                .get(format!("{base}/accounts/1"))
                .header(header, value),
        )
        .await;
        assert_eq!(ok.trace_id(), expected, "{header} on a success");
    }
}

pub async fn hostile_trace_headers_are_never_echoed(base: &str) {
    let long = "a".repeat(300);
    let hostile = [
        "\"quoted\"",
        "has spaces in it",
        "semi;colon",
        "<script>alert(1)</script>",
        long.as_str(),
    ];
    let cases = hostile
        .iter()
        .flat_map(|value| {
            ["x-trace-id", "x-request-id", "traceparent"].map(|header| (header, *value))
        })
        .chain([
            // Valid as an id, but not as a `traceparent`, which is ignored whole.
            (
                "traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            ),
            (
                "traceparent",
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            ),
            (
                "traceparent",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            ),
        ]);
    for (header, value) in cases {
        let answer = send(
            client()
                .get(format!("{base}/accounts/7"))
                .header(header, value),
        )
        .await;
        let trace_id = answer.trace_id().to_owned();
        assert!(
            is_generated(&trace_id),
            "{header}: {value:?} gave {trace_id:?}"
        );
        assert_eq!(answer.json()["trace_id"], trace_id.as_str());
        assert!(
            !answer.text.contains(value),
            "{header}: {value:?} echoed in {}",
            answer.text
        );
        for (name, echoed) in &answer.headers {
            assert!(
                echoed.as_bytes() != value.as_bytes(),
                "{value:?} echoed in {name}"
            );
        }
    }
}

pub async fn a_trace_header_with_cr_or_lf_never_reaches_a_response(base: &str) {
    let address = base.trim_start_matches("http://");
    // No HTTP client sends these bytes, so write the request by hand.
    for injected in [
        "good\rX-Injected: 1",
        "good\nX-Injected: 1",
        "good\r\nX-Injected: 1",
    ] {
        let mut stream = tokio::net::TcpStream::connect(address)
            .await
            .expect("connect");
        let request = format!(
            "GET /accounts/7 HTTP/1.1\r\nHost: {address}\r\nX-Trace-Id: {injected}\r\nConnection: close\r\n\r\n"
        );
        stream
            .write_all(request.as_bytes())
            .await
            .expect("write the request");
        let mut response = Vec::new();
        stream
            .read_to_end(&mut response)
            .await
            .expect("read the response");
        let response = String::from_utf8_lossy(&response);
        assert!(response.starts_with("HTTP/1.1 "), "{response}");
        // Either the parser rejects the request (a bare CR), or it reads the line
        // break as the end of the header (LF, CRLF): `good` is then a trace id of its
        // own, and what came after it another request header, never a response one.
        assert!(
            !response.to_ascii_lowercase().contains("x-injected"),
            "{injected:?} was echoed: {response}"
        );
        let (head, _) = response.split_once("\r\n\r\n").expect("a complete head");
        for line in head
            .lines()
            .filter(|line| line.to_ascii_lowercase().starts_with("x-trace-id:"))
        {
            let id = line["x-trace-id:".len()..].trim();
            assert!(
                id == "good" || is_generated(id),
                "{injected:?} gave {line:?}"
            );
        }
    }
    // The server still serves.
    assert_eq!(get_path(base, "/accounts/1").await.status, StatusCode::OK);
}

/// `serve(format)` serves the app behind a layer or middleware answering in `format`.
pub async fn nothing_of_an_opaque_error_reaches_the_client_in_either_format(
    serve: impl AsyncFn(Format) -> String,
) {
    for format in [Format::Problem, Format::Envelope] {
        let base = serve(format).await;
        let answer = get_path(&base, "/db").await;
        assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(answer.content_type(), Some(format.content_type()));
        for secret in [
            "SECRET-DISPLAY",
            "hunter2",
            "db.internal",
            "database",
            "DbFailure",
            "Db",
        ] {
            assert!(
                !answer.text.contains(secret),
                "{format:?} leaked {secret}: {}",
                answer.text
            );
            for (name, value) in &answer.headers {
                assert!(
                    !value.to_str().unwrap_or_default().contains(secret),
                    "{secret} in header {name}"
                );
            }
        }
        let body = answer.json();
        let message = match format {
            Format::Envelope => &body["error"]["message"],
            _ => &body["detail"],
        };
        assert_eq!(message, OPAQUE_SERVER_MESSAGE);
        // The log has it all, under the trace id the client got.
        let lines = log_lines_with(answer.trace_id());
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].contains("ERROR"), "{}", lines[0]);
        assert!(
            lines[0].contains("SECRET-DISPLAY") && lines[0].contains("hunter2"),
            "{}",
            lines[0]
        );
    }
}

/// `base` serves the app under [`apierror::Policy::Development`].
pub async fn the_development_policy_shows_the_inside(base: &str) {
    let answer = get_path(base, "/db").await;
    let body = answer.json();
    assert_eq!(body["debug"]["message"], "database failed (SECRET-DISPLAY)");
    assert_eq!(
        body["debug"]["source"][0],
        "connection refused by db.internal:5432 (password=hunter2)"
    );
}

/// The framework's own wording of a rejection, which `detail` must match.
pub struct Wording {
    /// A body that is not JSON.
    pub syntax: fn(&str) -> bool,
    /// JSON of the wrong shape.
    pub shape: fn(&str) -> bool,
    /// A query string that does not parse.
    pub query: fn(&str) -> bool,
}

/// `wording` checks the `detail` of the rejections whose words are the framework's.
pub async fn extractor_rejections_get_the_same_shape(base: &str, wording: Wording) {
    let post = |body: &'static str, content_type: &'static str| {
        client()
            .post(format!("{base}/accounts"))
            .header("content-type", content_type)
            .body(body)
    };

    let syntax = send(post("{\"name\":", "application/json")).await;
    assert_eq!(syntax.status, StatusCode::BAD_REQUEST);
    let body = syntax.json();
    assert_eq!(body["code"], "invalid_request");
    assert_eq!(body["type"], "about:blank");
    assert_eq!(body["title"], "Bad Request");
    assert_eq!(body["instance"], "/accounts");
    assert_eq!(body["trace_id"], syntax.trace_id());
    assert!(
        body["detail"].as_str().is_some_and(wording.syntax),
        "{body}"
    );

    let shape = send(post("{\"name\":5}", "application/json")).await;
    assert_eq!(shape.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = shape.json();
    assert_eq!(body["code"], "validation_failed");
    assert_eq!(body["title"], "Unprocessable Content");
    assert!(body["detail"].as_str().is_some_and(wording.shape), "{body}");

    let media = send(post("{\"name\":\"x\"}", "text/plain")).await;
    assert_eq!(media.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(media.json()["code"], "unsupported_media_type");
    assert_eq!(media.content_type(), Some("application/problem+json"));

    let large = format!("{{\"name\":\"{}\"}}", "x".repeat(1000));
    let large = send(
        client()
            .post(format!("{base}/accounts"))
            .header("content-type", "application/json")
            .body(large),
    )
    .await;
    assert_eq!(large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(large.json()["code"], "payload_too_large");
    assert_eq!(large.json()["title"], "Content Too Large");

    let path = get_path(base, "/accounts/seven").await;
    assert_eq!(path.status, StatusCode::BAD_REQUEST);
    assert_eq!(path.json()["code"], "invalid_request");
    assert_eq!(path.json()["instance"], "/accounts/seven");

    let query = get_path(base, "/search?limit=many").await;
    assert_eq!(query.status, StatusCode::BAD_REQUEST);
    assert_eq!(query.json()["code"], "invalid_request");
    let detail = query.json()["detail"].clone();
    assert!(detail.as_str().is_some_and(wording.query), "{detail}");

    for answer in [&syntax, &shape, &media, &large, &path, &query] {
        assert_eq!(
            log_lines_with(answer.trace_id()).len(),
            1,
            "each rejection is logged once"
        );
    }
}

/// With `.framework_codes::<Code>()`, the framework's errors whose code the registry declares
/// answer with the registry's entry; the others keep their canonical one.
pub async fn framework_errors_take_the_registry_entry(base: &str) {
    let missing = get_path(base, "/nowhere").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let body = missing.json();
    assert_eq!(body["code"], "not_found");
    assert_eq!(body["title"], "Not found");
    assert_eq!(body["type"], "https://errors.example.com/not_found");

    let shape = send(post_json(base, json!({ "name": 5 }))).await;
    assert_eq!(shape.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = shape.json();
    assert_eq!(body["code"], "validation_failed");
    assert_eq!(body["title"], "Validation failed");
    assert_eq!(body["type"], "https://errors.example.com/validation_failed");
    // The framework's own text (its wording differs between axum and actix-web).
    assert!(
        body["detail"]
            .as_str()
            .is_some_and(|detail| detail.contains("5")),
        "{body}"
    );

    let method = send(client().delete(format!("{base}/accounts/7"))).await;
    assert_eq!(
        method.json()["type"],
        "about:blank",
        "no registry entry: canonical"
    );
}

pub async fn unknown_routes_and_wrong_methods_get_the_same_shape(base: &str) {
    let missing = get_path(base, "/nowhere/at/all").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.content_type(), Some("application/problem+json"));
    assert_eq!(
        missing.json(),
        json!({
            "type": "about:blank",
            "title": "Not Found",
            "status": 404,
            "code": "not_found",
            "detail": "No resource exists at this path.",
            "instance": "/nowhere/at/all",
            "trace_id": missing.trace_id(),
        })
    );

    let method = send(client().delete(format!("{base}/accounts/7"))).await;
    assert_eq!(method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(method.json()["code"], "method_not_allowed");
    assert_eq!(method.json()["title"], "Method Not Allowed");
    let allow = method.header("allow").expect("405 keeps Allow");
    assert!(allow.contains("GET"), "{allow}");

    let status = get_path(base, "/unauthorized").await;
    assert_eq!(status.status, StatusCode::UNAUTHORIZED);
    assert_eq!(status.json()["code"], "unauthorized");
    assert_eq!(
        status.header("www-authenticate"),
        Some("Bearer"),
        "the handler's headers are kept"
    );
}

pub async fn a_handlers_own_json_body_is_left_alone(base: &str) {
    let answer = get_path(base, "/own-json").await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    assert_eq!(answer.content_type(), Some("application/json"));
    assert_eq!(answer.json(), json!({ "mine": true }));
    assert!(is_generated(answer.trace_id()));
}

/// `base` serves the app in [`Format::Envelope`].
pub async fn accept_asks_for_a_problem_even_from_an_envelope_service(base: &str) {
    for path in ["/accounts/7", "/nowhere"] {
        let plain = get_path(base, path).await;
        assert_eq!(plain.content_type(), Some("application/json"), "{path}");
        let body = plain.json();
        assert!(body["error"]["code"].is_string(), "{path}: {body}");
        assert_eq!(body["error"]["trace_id"], plain.trace_id());

        let accept = "text/html;q=0.5, application/problem+json";
        let problem = send(
            client()
                .get(format!("{base}{path}"))
                .header("accept", accept),
        )
        .await;
        assert_eq!(
            problem.content_type(),
            Some("application/problem+json"),
            "{path}"
        );
        let body = problem.json();
        assert_eq!(body["status"], 404);
        assert_eq!(body["instance"], path);

        let refused = "application/problem+json;q=0, application/json";
        let refused = send(
            client()
                .get(format!("{base}{path}"))
                .header("accept", refused),
        )
        .await;
        assert_eq!(refused.content_type(), Some("application/json"), "{path}");
    }
    let created = send(post_json(base, json!({ "name": "" }))).await;
    assert_eq!(
        created.json()["error"]["details"]["errors"],
        json!([{ "field": "name", "message": "must not be empty", "code": "empty" }])
    );
}

/// `dev` serves the app under [`apierror::Policy::Development`].
pub async fn a_panicking_handler_gets_an_opaque_500_and_the_server_keeps_serving(
    base: &str,
    dev: &str,
) {
    // An id of its own on each run, so that a test binary may run the scenario
    // against several apps and still find exactly its own log line.
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let trace_id = format!("panic-trace-{run}");
    let answer = send(
        client()
            .get(format!("{base}/panic"))
            .header("x-trace-id", &trace_id),
    )
    .await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(answer.trace_id(), trace_id);
    assert!(!answer.text.contains("PANIC-SECRET"), "{}", answer.text);
    let body = answer.json();
    assert_eq!(body["code"], "internal_error");
    assert_eq!(body["detail"], OPAQUE_SERVER_MESSAGE);
    assert_eq!(body["instance"], "/panic");
    let lines = log_lines_with(&format!("trace_id={trace_id} "));
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("PANIC-SECRET"),
        "the panic message is in the log: {}",
        lines[0]
    );

    let answer = get_path(dev, "/panic").await;
    assert!(
        !answer.text.contains("PANIC-SECRET"),
        "not even in development: {}",
        answer.text
    );

    for _ in 0..3 {
        assert_eq!(get_path(base, "/accounts/1").await.status, StatusCode::OK);
        assert_eq!(
            get_path(base, "/panic").await.status,
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}

pub async fn logged_text_cannot_forge_log_lines(base: &str) {
    let answer = send(
        client()
            .get(format!(
                "{base}/names/ada%0AFORGED%20ERROR%20line%0D%1B[31m"
            ))
            .header("x-trace-id", "forge-1"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(
        answer.json()["detail"],
        "no account named ada\nFORGED ERROR line\r\u{1b}[31m"
    );
    let lines = log_lines_with("trace_id=forge-1 ");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains(r"ada\nFORGED ERROR line\r\u{1b}[31m"),
        "{}",
        lines[0]
    );
    assert!(!logs().lines().any(|line| line.starts_with("FORGED")));
}

/// `base` serves the app with no layer or middleware at all.
pub async fn without_the_layer_a_derived_error_still_answers_a_full_problem(base: &str) {
    let answer = get_path(base, "/accounts/7").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.content_type(), Some("application/problem+json"));
    let body = answer.json();
    assert_eq!(body["code"], "account_not_found");
    assert!(is_generated(answer.trace_id()));
    assert_eq!(body["trace_id"], answer.trace_id());
    assert!(
        body.get("instance").is_none(),
        "no request context, so no instance: {body}"
    );
    assert_eq!(log_lines_with(answer.trace_id()).len(), 1);
}

/// `redacting` serves the app behind a default layer or middleware, `verbatim`
/// behind one built with `.redaction(false)`.
pub async fn redaction_can_be_turned_off_in_the_layer(redacting: &str, verbatim: &str) {
    let redacted = get_path(redacting, "/login").await;
    assert_eq!(redacted.status, StatusCode::UNAUTHORIZED);
    let detail = redacted.json()["detail"].clone();
    let detail = detail.as_str().expect("a detail");
    assert!(detail.starts_with("login refused: password"), "{detail}");
    assert!(!detail.contains("hunter2"), "redacted by default: {detail}");

    let shown = get_path(verbatim, "/login").await;
    assert_eq!(shown.json()["detail"], "login refused: password=hunter2");
}

/// `errors` serves the app with the layer told `.framework_errors::<AccountError>()`: a
/// contained panic answers AccountError's own `internal_error`, type URI and all,
/// where `base` answers the canonical `about:blank` one.
pub async fn a_panic_takes_the_services_own_internal_error(base: &str, errors: &str) {
    let canonical = get_path(base, "/panic").await.json();
    assert_eq!(canonical["type"], "about:blank");
    let own = AccountError::Db(DbFailure).descriptor();
    let answer = get_path(errors, "/panic").await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    let body = answer.json();
    assert_eq!(body["code"], "internal_error");
    assert_eq!(body["type"], own.type_uri());
    assert_eq!(body["type"], "https://errors.example.com/internal_error");
    assert_eq!(body["title"], own.title());
    assert_eq!(body["detail"], OPAQUE_SERVER_MESSAGE);
    // A code the type does not have stays canonical.
    let missing = get_path(errors, "/nowhere").await.json();
    assert_eq!(missing["type"], "about:blank");
}

/// A handler's own plain-text error body at each of `paths` is redacted as a
/// `Display` message is, and shown as it is when the layer turns redaction off.
pub async fn a_handlers_plain_text_is_redacted(redacting: &str, verbatim: &str, paths: &[&str]) {
    for path in paths {
        let redacted = get_path(redacting, path).await;
        assert_eq!(redacted.status, StatusCode::BAD_REQUEST, "{path}");
        let body = redacted.json();
        assert_eq!(body["code"], "bad_request", "{path}: {body}");
        let detail = body["detail"].as_str().expect("a detail");
        assert!(detail.starts_with("bad login for ann"), "{path}: {detail}");
        for secret in SECRETS {
            assert!(!detail.contains(secret), "{path}: {secret} in {detail}");
        }

        let shown = get_path(verbatim, path).await;
        assert_eq!(shown.json()["detail"], SECRET_TEXT, "{path}");
    }
}

/// A handler's own plain-text 5xx is opaque to the client, and its text reaches the
/// log whole, under the response's trace id: redacting what only the operator reads
/// would take the path and address they debug with.
pub async fn a_handlers_plain_text_5xx_is_logged_whole(base: &str, paths: &[&str]) {
    for path in paths {
        let answer = get_path(base, path).await;
        assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR, "{path}");
        for secret in SECRETS.iter().chain(&["bad login"]) {
            assert!(
                !answer.text.contains(secret),
                "{path}: {secret} in {}",
                answer.text
            );
        }
        let lines = log_lines_with(answer.trace_id());
        let whole = lines
            .iter()
            .filter(|line| SECRETS.iter().all(|s| line.contains(s)));
        assert_eq!(whole.count(), 1, "{path}: {lines:#?}");
    }
}

/// A handler's `TraceId` is the id its response carries, incoming or generated.
pub async fn handlers_read_the_trace_id_the_response_carries(base: &str) {
    let ok = get_path(base, "/whoami").await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(is_generated(&ok.text), "{}", ok.text);
    assert_eq!(ok.text, ok.trace_id());

    for (header, value) in [("x-trace-id", "whoami-1"), ("x-request-id", "whoami-2")] {
        let ok = send(client().get(format!("{base}/whoami")).header(header, value)).await;
        assert_eq!(ok.text, value, "{header}");
        assert_eq!(ok.trace_id(), value, "{header}");
    }

    for incoming in [None, Some("seen-1")] {
        let mut request = client().get(format!("{base}/seen"));
        if let Some(value) = incoming {
            request = request.header("x-trace-id", value);
        }
        let answer = send(request).await;
        assert_eq!(answer.status, StatusCode::CONFLICT);
        let body = answer.json();
        assert_eq!(body["seen_trace_id"], body["trace_id"], "{body}");
        assert_eq!(body["trace_id"], answer.trace_id());
        match incoming {
            Some(value) => assert_eq!(answer.trace_id(), value),
            None => assert!(is_generated(answer.trace_id())),
        }
        assert_eq!(log_lines_with(answer.trace_id()).len(), 1);
    }
}

/// `base` serves the app with `trace_header_on_success(false)`: a success carries
/// no `X-Trace-Id` unless its handler read the `TraceId`, and then the one it read;
/// every error response still carries the trace id its body and log line name.
pub async fn the_trace_header_can_be_kept_for_errors(base: &str) {
    for incoming in [None, Some("quiet-1")] {
        let mut request = client().get(format!("{base}/accounts/1"));
        if let Some(value) = incoming {
            request = request.header("x-trace-id", value);
        }
        let ok = send(request).await;
        assert_eq!(ok.status, StatusCode::OK);
        assert_eq!(ok.header("x-trace-id"), None, "{incoming:?}");
    }

    let read = get_path(base, "/whoami").await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(is_generated(&read.text), "{}", read.text);
    assert_eq!(read.trace_id(), read.text);
    let echoed = send(
        client()
            .get(format!("{base}/whoami"))
            .header("x-trace-id", "quiet-2"),
    )
    .await;
    assert_eq!(
        (echoed.text.as_str(), echoed.trace_id()),
        ("quiet-2", "quiet-2")
    );

    for path in ["/accounts/7", "/no-such-route", "/panic"] {
        let error = get_path(base, path).await;
        assert!(
            error.status.is_client_error() || error.status.is_server_error(),
            "{path}"
        );
        assert!(is_generated(error.trace_id()), "{path}");
        assert_eq!(error.json()["trace_id"], error.trace_id(), "{path}");
    }
    let echoed = send(
        client()
            .get(format!("{base}/accounts/7"))
            .header("x-trace-id", "quiet-3"),
    )
    .await;
    assert_eq!(echoed.trace_id(), "quiet-3");
}

/// `base` serves the app with no layer or middleware: the extractor still reads a
/// valid incoming id, or makes one, and never fails.
pub async fn the_trace_id_extractor_never_fails_without_the_layer(base: &str) {
    let ok = send(
        client()
            .get(format!("{base}/whoami"))
            .header("x-trace-id", "bare-1"),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.text, "bare-1");

    let hostile = send(
        client()
            .get(format!("{base}/whoami"))
            .header("x-trace-id", "a b"),
    )
    .await;
    assert_eq!(hostile.status, StatusCode::OK);
    assert!(is_generated(&hostile.text), "{}", hostile.text);

    let fresh = get_path(base, "/whoami").await;
    assert!(is_generated(&fresh.text), "{}", fresh.text);
}

/// `problem` and `envelope` serve the app in each format: `Accept` is negotiated by
/// quality, both ways, and a tie keeps the service's format.
pub async fn accept_is_negotiated_by_quality(problem: &str, envelope: &str) {
    let envelope_type = Some("application/json");
    let problem_type = Some("application/problem+json");
    let cases = [
        (
            problem,
            "application/json, application/problem+json;q=0.5",
            envelope_type,
        ),
        (
            envelope,
            "application/json;q=0.5, application/problem+json",
            problem_type,
        ),
        (problem, "application/problem+json;q=0, */*", envelope_type),
        (envelope, "application/json;q=0, */*", problem_type),
        (
            problem,
            "Application/JSON ; charset=utf-8 ; q=1.000, application/problem+json;q=0.9",
            envelope_type,
        ),
        // A problem document is JSON: asking for `application/json` alone keeps it.
        (problem, "application/json", problem_type),
        (envelope, "application/json", envelope_type),
        (problem, "application/*", problem_type),
        (envelope, "application/*", envelope_type),
        (problem, "*/*", problem_type),
        (
            envelope,
            "application/problem+json;q=0.5, application/json;q=0.5",
            envelope_type,
        ),
        (
            problem,
            "application/json;q=2, application/problem+json;q=0.1",
            problem_type,
        ),
        (problem, "text/html", problem_type),
    ];
    for (base, accept, expected) in cases {
        for path in ["/accounts/7", "/nowhere"] {
            let answer = send(
                client()
                    .get(format!("{base}{path}"))
                    .header("accept", accept),
            )
            .await;
            assert_eq!(answer.status, StatusCode::NOT_FOUND);
            assert_eq!(answer.content_type(), expected, "{accept} on {path}");
            let body = answer.json();
            match expected {
                Some("application/json") => assert!(body["error"]["code"].is_string(), "{body}"),
                _ => assert_eq!(body["status"], 404, "{body}"),
            }
        }
    }
}

/// An error whose format `Accept` chose among several says `Vary: Accept`, with or
/// without the header (its absence chooses too), so that a cache never hands one
/// client's format to another; a success, and a service with one format, do not.
pub async fn errors_vary_by_accept_when_formats_are_negotiated(negotiating: &str, single: &str) {
    let varies = |answer: &Answer| {
        let values = answer.headers.get_all("vary").iter();
        values
            .flat_map(|value| value.to_str().expect("an ASCII Vary").split(','))
            .filter(|name| name.trim().eq_ignore_ascii_case("accept"))
            .count()
    };
    for accept in [None, Some("application/json"), Some("text/html")] {
        for path in ["/accounts/7", "/nowhere", "/panic"] {
            let request = client().get(format!("{negotiating}{path}"));
            let request = match accept {
                Some(accept) => request.header("accept", accept),
                None => request,
            };
            let answer = send(request).await;
            assert!(answer.status.is_client_error() || answer.status.is_server_error());
            assert_eq!(varies(&answer), 1, "{path} with Accept {accept:?}");
            let single = get_path(single, path).await;
            assert_eq!(single.status, answer.status, "{path}");
            assert_eq!(varies(&single), 0, "{path} from the one-format service");
        }
    }
    let success = get_path(negotiating, "/accounts/1").await;
    assert_eq!(success.status, StatusCode::OK);
    assert_eq!(varies(&success), 0, "a success is the handler's own");
}

/// A handler's own plain-text 400 takes the status's canonical code, not the
/// extractors' `invalid_request`, with its text as the message.
pub async fn a_handlers_own_plain_text_4xx_gets_its_status_code(base: &str) {
    let answer = get_path(base, "/own-text").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.content_type(), Some("application/problem+json"));
    assert_eq!(
        answer.json(),
        json!({
            "type": "about:blank",
            "title": "Bad Request",
            "status": 400,
            "code": "bad_request",
            "detail": OWN_TEXT,
            "instance": "/own-text",
            "trace_id": answer.trace_id(),
        })
    );
}

/// Every "request failed" line, and the panic's, names the request's method and path.
pub async fn every_error_log_line_names_the_method_and_path(base: &str) {
    let cases = [
        (
            "GET",
            "/accounts/7",
            client().get(format!("{base}/accounts/7")),
        ),
        ("POST", "/accounts", post_json(base, json!({ "name": 5 }))),
        (
            "DELETE",
            "/accounts/7",
            client().delete(format!("{base}/accounts/7")),
        ),
        ("GET", "/nowhere", client().get(format!("{base}/nowhere"))),
        ("GET", "/own-text", client().get(format!("{base}/own-text"))),
        ("GET", "/db", client().get(format!("{base}/db"))),
        ("GET", "/panic", client().get(format!("{base}/panic"))),
    ];
    for (method, path, request) in cases {
        let answer = send(request).await;
        assert!(answer.status.is_client_error() || answer.status.is_server_error());
        let lines = log_lines_with(&format!("trace_id={} ", answer.trace_id()));
        assert_eq!(lines.len(), 1, "{method} {path}: {lines:?}");
        let line = &lines[0];
        assert!(
            line.contains(&format!(" method={method} "))
                && line.contains(&format!(" path={path} ")),
            "{method} {path}: {line}"
        );
    }
}

/// Polls a response future once, which must be waiting on its handler, and drops
/// it: what a server does when the client goes away.
pub async fn abandon(answer: impl Future) {
    let mut answer = std::pin::pin!(answer);
    std::future::poll_fn(|cx| {
        let polled = answer.as_mut().poll(cx);
        assert!(polled.is_pending(), "the handler never answers");
        std::task::Poll::Ready(())
    })
    .await;
}

/// Sends what `read` reads when dropped: held by a handler's future, what the drop
/// of an abandoned request sees of its scope.
pub struct ReadsOnDrop<T> {
    pub sender: std::sync::mpsc::Sender<T>,
    pub read: fn() -> T,
}

impl<T> Drop for ReadsOnDrop<T> {
    fn drop(&mut self) {
        self.sender.send((self.read)()).expect("the test waits");
    }
}

/// Panics when dropped: held by a handler's future, it panics when the request is
/// abandoned.
pub struct PanicsOnDrop;

impl Drop for PanicsOnDrop {
    fn drop(&mut self) {
        panic!("a guard panicked on drop");
    }
}

/// Asserts that a [`PanicsOnDrop`]'s panic was logged with `trace_id`.
pub fn assert_drop_panic_logged(trace_id: &str) {
    let logged = log_lines_with("a guard panicked on drop");
    assert!(
        logged.iter().any(|line| line.contains(trace_id)),
        "{logged:?}"
    );
}

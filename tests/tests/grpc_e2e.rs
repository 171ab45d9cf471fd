//! gRPC end to end: a real tonic server behind `apierror::tonic::ErrorLayer` on a
//! loopback port, called by a real tonic client. The service's errors are the
//! HTTP end-to-end tests' `AccountError`, so the two transports answer the same
//! errors.

#[allow(dead_code)]
mod e2e;

use std::time::Duration;

use accounts_grpc::{Account, Accounts, GetAccount, get_account};
use apierror::tonic::{ErrorLayer, GrpcProblem};
use apierror::{FieldViolation, GrpcCode, OPAQUE_SERVER_MESSAGE, Policy, TraceId};
use e2e::{AccountError, DbFailure};
use tonic::transport::{Channel, Endpoint, Server};
use tonic::{Code, Status};
use tonic_types::StatusExt;

/// Texts of `DbFailure`, `AccountError::Db` and the panic that no client may see.
const SECRETS: &[&str] = &["hunter2", "SECRET-DISPLAY", "db.internal", "DbFailure"];

/// `GetAccount`: the id chooses the answer.
fn handler(request: GetAccount) -> Result<Account, Status> {
    match request.id {
        404 => Err(AccountError::NotFound { id: 404 })?,
        422 => {
            let violation = FieldViolation::new("name", "must not be empty").with_code("empty");
            Err(AccountError::Invalid(vec![violation]))?
        }
        429 => Err(AccountError::RateLimited {
            retry_after_secs: 30,
        })?,
        500 => Err(AccountError::Db(DbFailure))?,
        666 => panic!("handler exploded: password=hunter2"),
        // tonic's own `Status`, not a derived error's.
        503 => Err(Status::unavailable("down for maintenance")),
        // A handler that reads the call's trace id, and answers with it.
        8 => Ok(Account {
            id: 8,
            name: apierror::tonic::trace_id()
                .map(|trace_id| trace_id.to_string())
                .unwrap_or_default(),
        }),
        id => Ok(Account {
            id,
            name: "ada".to_owned(),
        }),
    }
}

/// Serves the service behind `layer` on 127.0.0.1, port 0; returns a client channel.
async fn serve(layer: ErrorLayer) -> Channel {
    e2e::logs_init();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let address = listener.local_addr().expect("the bound address");
    let incoming = tonic::transport::server::TcpIncoming::from(listener);
    let server = Server::builder()
        .layer(layer)
        .add_service(Accounts::new(handler))
        .serve_with_incoming(incoming);
    tokio::spawn(async move { server.await.expect("the server runs") });
    Endpoint::from_shared(format!("http://{address}"))
        .expect("a loopback URL")
        .connect()
        .await
        .expect("connect over loopback")
}

async fn call(channel: &Channel, id: u64, metadata: &[(&'static str, &str)]) -> Status {
    match get_account(channel.clone(), id, metadata).await {
        Ok(response) => panic!("expected an error, got {response:?}"),
        Err(status) => status,
    }
}

fn trace_id_of(status: &Status) -> &str {
    let value = status.metadata().get("x-trace-id").expect("x-trace-id");
    value.to_str().expect("an ASCII trace id")
}

#[tokio::test]
async fn error_info_and_request_info_arrive_with_the_callers_trace_id() {
    let channel = serve(ErrorLayer::default()).await;
    let status = call(&channel, 404, &[("x-trace-id", "grpc-404")]).await;
    assert_eq!(status.code(), Code::NotFound);
    assert_eq!(status.message(), "account 404 not found");
    assert_eq!(trace_id_of(&status), "grpc-404");
    let details = status.check_error_details().expect("details decode");
    let info = details.error_info().expect("ErrorInfo");
    assert_eq!(info.reason, "ACCOUNT_NOT_FOUND");
    assert_eq!(
        details.request_info().expect("RequestInfo").request_id,
        "grpc-404"
    );
    let problem = GrpcProblem::<String>::from_status(&status);
    assert_eq!(
        problem.code().known().map(String::as_str),
        Some("account_not_found")
    );
    assert_eq!(problem.trace_id(), Some("grpc-404"));
    // Logged once, at debug for a 404, with the trace id.
    let lines = e2e::log_lines_with("trace_id=grpc-404 ");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("DEBUG"), "{lines:?}");
    assert!(
        lines[0].contains("/accounts.Accounts/GetAccount"),
        "{lines:?}"
    );
}

#[tokio::test]
async fn bad_request_arrives_and_parses_back() {
    let channel = serve(ErrorLayer::default()).await;
    let status = call(&channel, 422, &[]).await;
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(status.message(), "The request is invalid.");
    let problem = GrpcProblem::<String>::from_status(&status);
    let expected = FieldViolation::new("name", "must not be empty").with_code("empty");
    assert_eq!(problem.violations(), [expected].as_slice());
}

#[tokio::test]
async fn retry_info_arrives_and_parses_back() {
    let channel = serve(ErrorLayer::default()).await;
    let status = call(&channel, 429, &[("x-request-id", "grpc-429")]).await;
    assert_eq!(status.code(), Code::ResourceExhausted);
    let problem = GrpcProblem::<String>::from_status(&status);
    assert_eq!(problem.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(problem.grpc_code(), GrpcCode::ResourceExhausted);
    assert_eq!(problem.trace_id(), Some("grpc-429"));
    let lines = e2e::log_lines_with("trace_id=grpc-429 ");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("WARN"), "{lines:?}");
}

/// Every text of a status a client can see: message, metadata, and the details
/// both as raw bytes and decoded.
fn visible_text(status: &Status) -> String {
    let metadata = format!("{:?}", status.metadata());
    let raw = String::from_utf8_lossy(status.details()).into_owned();
    let decoded = format!("{:?}", status.get_error_details());
    [status.message(), &metadata, &raw, &decoded].join("\n")
}

/// An opaque `INTERNAL` whose visible text holds none of `secrets`.
fn assert_opaque_internal(status: &Status, secrets: &[&str]) {
    assert_eq!(status.code(), Code::Internal);
    assert_eq!(status.message(), OPAQUE_SERVER_MESSAGE);
    let text = visible_text(status);
    for secret in secrets {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    assert!(status.get_error_details().debug_info().is_none());
}

#[tokio::test]
async fn an_opaque_error_leaks_nothing_and_is_logged_at_error() {
    let channel = serve(ErrorLayer::default()).await;
    let status = call(&channel, 500, &[("x-trace-id", "grpc-500")]).await;
    assert_opaque_internal(&status, SECRETS);
    let lines = e2e::log_lines_with("trace_id=grpc-500 ");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("ERROR"), "{lines:?}");
}

#[tokio::test]
async fn development_policy_sends_debug_info() {
    let channel = serve(ErrorLayer::default().policy(Policy::Development)).await;
    let status = call(&channel, 500, &[]).await;
    let problem = GrpcProblem::<String>::from_status(&status);
    let (detail, entries) = problem.debug().expect("DebugInfo");
    assert_eq!(detail, "database failed (SECRET-DISPLAY)");
    assert!(
        entries.iter().any(|entry| entry.contains("db.internal")),
        "{entries:?}"
    );
}

#[tokio::test]
async fn a_panic_is_an_opaque_internal_and_the_server_keeps_serving() {
    let channel = serve(ErrorLayer::default()).await;
    let status = call(&channel, 666, &[("x-trace-id", "grpc-panic")]).await;
    assert_eq!(status.code(), Code::Internal);
    assert_eq!(status.message(), OPAQUE_SERVER_MESSAGE);
    assert_eq!(trace_id_of(&status), "grpc-panic");
    let text = visible_text(&status);
    assert!(
        !text.contains("hunter2") && !text.contains("exploded"),
        "{text}"
    );
    let problem = GrpcProblem::<String>::from_status(&status);
    assert_eq!(
        problem.code().known().map(String::as_str),
        Some("internal_error")
    );
    // The message is in the log, once, with the trace id.
    let lines = e2e::log_lines_with("trace_id=grpc-panic ");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("handler exploded"), "{lines:?}");
    // The same connection still answers.
    let account = get_account(channel.clone(), 7, &[])
        .await
        .expect("a success");
    assert_eq!(account.get_ref().name, "ada");
}

#[tokio::test]
async fn a_success_carries_the_trace_id_too() {
    let channel = serve(ErrorLayer::default()).await;
    let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    let response = get_account(channel.clone(), 7, &[("traceparent", traceparent)])
        .await
        .expect("a success");
    let trace_id = response.metadata().get("x-trace-id").expect("x-trace-id");
    assert_eq!(trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
}

#[tokio::test]
async fn invalid_trace_metadata_is_replaced_never_echoed() {
    let channel = serve(ErrorLayer::default()).await;
    let invalid = [
        ("x-trace-id", "has spaces in it"),
        ("x-request-id", "quote\"d"),
        (
            "traceparent",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        ),
    ];
    for (name, value) in invalid {
        let status = call(&channel, 404, &[(name, value)]).await;
        let trace_id = trace_id_of(&status).to_owned();
        assert_ne!(trace_id, value);
        assert!(TraceId::parse(&trace_id).is_some(), "{trace_id}");
        assert_eq!(trace_id.len(), 36, "a fresh UUID: {trace_id}");
        let problem = GrpcProblem::<String>::from_status(&status);
        assert_eq!(problem.trace_id(), Some(trace_id.as_str()));
        assert!(!visible_text(&status).contains(value));
    }
}

/// The layer that sets `x-trace-id` on errors only, and on the successes whose
/// handler read the id.
fn errors_only() -> ErrorLayer {
    ErrorLayer::default().trace_header_on_success(false)
}

#[tokio::test]
async fn errors_only_a_success_whose_handler_did_not_read_the_id_has_no_trace_header() {
    let channel = serve(errors_only()).await;
    for metadata in [&[][..], &[("x-trace-id", "grpc-quiet")]] {
        let response = get_account(channel.clone(), 7, metadata)
            .await
            .expect("a success");
        assert_eq!(response.get_ref().name, "ada");
        assert!(
            response.metadata().get("x-trace-id").is_none(),
            "{:?}",
            response.metadata()
        );
    }
}

#[tokio::test]
async fn errors_only_a_success_whose_handler_read_the_id_carries_that_id() {
    let channel = serve(errors_only()).await;
    let response = get_account(channel.clone(), 8, &[])
        .await
        .expect("a success");
    let read = response.get_ref().name.clone();
    assert!(TraceId::parse(&read).is_some(), "the handler read {read:?}");
    let header = response.metadata().get("x-trace-id").expect("x-trace-id");
    assert_eq!(header, read.as_str());
    // The caller's id, when it sent one.
    let response = get_account(channel.clone(), 8, &[("x-request-id", "grpc-read")])
        .await
        .expect("a success");
    assert_eq!(response.get_ref().name, "grpc-read");
    let header = response.metadata().get("x-trace-id").expect("x-trace-id");
    assert_eq!(header, "grpc-read");
}

#[tokio::test]
async fn errors_only_every_error_still_carries_the_trace_id() {
    let channel = serve(errors_only()).await;
    let derived = call(&channel, 404, &[("x-trace-id", "grpc-derived")]).await;
    assert_eq!(trace_id_of(&derived), "grpc-derived");
    let panicked = call(&channel, 666, &[("x-trace-id", "grpc-panicked")]).await;
    assert_eq!(trace_id_of(&panicked), "grpc-panicked");
    // tonic's own `Status` carries none of its own: the layer sets the caller's, or
    // a fresh one.
    let own = call(&channel, 503, &[("x-trace-id", "grpc-own")]).await;
    assert_eq!(own.code(), Code::Unavailable);
    assert_eq!(trace_id_of(&own), "grpc-own");
    let own = call(&channel, 503, &[]).await;
    assert!(TraceId::parse(trace_id_of(&own)).is_some());
}

#[tokio::test]
async fn by_default_a_success_carries_a_fresh_trace_id_when_the_call_sent_none() {
    let channel = serve(ErrorLayer::default()).await;
    let response = get_account(channel.clone(), 7, &[])
        .await
        .expect("a success");
    let header = response.metadata().get("x-trace-id").expect("x-trace-id");
    let header = header.to_str().expect("an ASCII trace id");
    assert!(TraceId::parse(header).is_some(), "{header}");
    assert_eq!(header.len(), 36, "a fresh UUID: {header}");
}

/// A handler's future that a client's cancellation drops before it finishes is
/// dropped inside the call's scope, as it was polled: `apierror::tonic::trace_id()`
/// in its drop reads the call's trace id, and a panic there is logged with that id
/// instead of unwinding into the server.
#[tokio::test]
async fn a_cancelled_call_drops_its_handler_inside_the_calls_scope() {
    use tower::ServiceExt as _;

    type Answer = Result<http::Response<tonic::body::Body>, std::convert::Infallible>;
    e2e::logs_init();
    let (sender, read) = std::sync::mpsc::channel();
    let handler = tower::service_fn(move |request: http::Request<tonic::body::Body>| {
        let reads = e2e::ReadsOnDrop {
            sender: sender.clone(),
            read: || apierror::tonic::trace_id().map(|trace_id| trace_id.to_string()),
        };
        let panics = request.uri().path() == "/panics-on-drop";
        async move {
            if panics {
                let _guard = e2e::PanicsOnDrop;
                std::future::pending::<Answer>().await
            } else {
                let _guard = reads;
                std::future::pending::<Answer>().await
            }
        }
    });
    let service = tower::Layer::layer(&ErrorLayer::default(), handler);
    for (path, trace_id) in [
        ("/reads-on-drop", "cancelled-call"),
        ("/panics-on-drop", "cancelled-panic"),
    ] {
        let request = http::Request::post(path)
            .header("x-trace-id", trace_id)
            .body(tonic::body::Body::empty())
            .expect("a request");
        e2e::abandon(service.clone().oneshot(request)).await;
    }
    // Each call's future holds a reader: the panicking call's is dropped after the
    // panic, while the drop unwinds, still inside that call's scope.
    let read: Vec<_> = read.try_iter().collect();
    assert_eq!(
        read,
        [
            Some("cancelled-call".to_owned()),
            Some("cancelled-panic".to_owned())
        ]
    );
    e2e::assert_drop_panic_logged("cancelled-panic");
}

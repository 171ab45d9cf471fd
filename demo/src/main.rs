//! The apierror demo: a small accounts API on axum whose every error response,
//! from its own errors to axum's rejections, unknown routes and panics, has one
//! documented shape and a trace id found in the log.
//!
//! `cargo run -p demo`, then try the `curl` lines it prints. `PORT` changes the port
//! (8080), `GRPC_PORT` that of the same accounts over gRPC (50051), `APIERROR_DEV=1` switches to the development policy (a `debug` member
//! with the internal error in every body), `APIERROR_FORMAT=envelope` answers
//! envelopes instead of problem documents, `OTEL_TRACES_EXPORTER=console` prints
//! each request's OpenTelemetry span to stdout as it ends, with the trace id that
//! error bodies carry.

use std::net::{Ipv4Addr, SocketAddr};

use apierror::{Format, Policy};
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

use demo::accounts::Store;
use demo::app_with;
use tonic::transport::server::TcpIncoming;

/// The `curl` lines printed on start, one per behaviour worth seeing.
fn examples(base: &str) -> Vec<(&'static str, String)> {
    let json = "-H 'content-type: application/json'";
    vec![
        ("an account", format!("curl -i {base}/accounts/1")),
        (
            "not found, with a field in the message",
            format!("curl -i {base}/accounts/42"),
        ),
        (
            "the same in German (Accept-Language; Content-Language answers)",
            format!("curl -i -H 'Accept-Language: de' {base}/accounts/42"),
        ),
        (
            "violations, all at once",
            format!("curl -i {json} -d '{{\"name\":\"\",\"email\":\"nope\"}}' {base}/accounts"),
        ),
        (
            "a field at fault",
            format!(
                "curl -i {json} -d '{{\"name\":\"Ada\",\"email\":\"ada@example.com\"}}' {base}/accounts"
            ),
        ),
        (
            "extension members",
            format!("curl -i {json} -d '{{\"to\":1,\"amount\":500}}' {base}/accounts/2/transfers"),
        ),
        (
            "Retry-After (run it twice)",
            format!("curl -i -X POST {base}/accounts/1/export"),
        ),
        (
            "a transparent variant",
            format!("curl -i {base}/accounts/1/invoices"),
        ),
        (
            "an opaque database error",
            format!("curl -i {base}/reports"),
        ),
        ("a panic, contained", format!("curl -i {base}/panic")),
        (
            "the OpenAPI document",
            format!("curl -s {base}/openapi.json"),
        ),
        ("the error catalog page", format!("curl -s {base}/errors")),
        (
            "JSON that does not parse: line and column",
            format!("curl -i {json} -d '{{\"name\":' {base}/accounts"),
        ),
        (
            "a body field of the wrong type: its pointer",
            format!(
                "curl -i {json} -d '{{\"to\":\"one\",\"amount\":5}}' {base}/accounts/2/transfers"
            ),
        ),
        (
            "a validator check: its pointer",
            format!("curl -i {json} -d '{{\"to\":1,\"amount\":0}}' {base}/accounts/2/transfers"),
        ),
        (
            "a query parameter violation",
            format!("curl -i '{base}/accounts?limit=ten'"),
        ),
        (
            "a bad path parameter",
            format!("curl -i {base}/accounts/seven"),
        ),
        ("an unknown route", format!("curl -i {base}/nowhere")),
        (
            "a wrong method, with Allow",
            format!("curl -i -X DELETE {base}/accounts/1"),
        ),
        (
            "your trace id, echoed",
            format!("curl -i -H 'x-trace-id: my-trace-1' {base}/accounts/42"),
        ),
        (
            "a problem document from an envelope service",
            format!("curl -i -H 'accept: application/problem+json' {base}/accounts/42"),
        ),
    ]
}

const ROUTES: &[&str] = &[
    "GET    /accounts?limit=N",
    "POST   /accounts                  {\"name\", \"email\"}",
    "GET    /accounts/{id}",
    "POST   /accounts/{id}/transfers   {\"to\", \"amount\"}",
    "POST   /accounts/{id}/export",
    "GET    /accounts/{id}/invoices",
    "GET    /reports",
    "GET    /panic",
    "GET    /openapi.json              every route with every error it can answer",
    "GET    /openapi-3.0.json          the same, as OpenAPI 3.0.3",
    "GET    /openapi-aide.json         the same errors, documented with aide",
    "GET    /errors                    the error catalog page (open it in a browser)",
];

/// The port in the environment variable `name`, or `default`.
fn env_port(name: &str, default: u16) -> std::io::Result<u16> {
    match std::env::var(name) {
        Ok(port) => port.parse::<u16>().map_err(|error| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{name}={port:?}: {error}"),
            )
        }),
        Err(_) => Ok(default),
    }
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|value| matches!(value.as_str(), "1" | "true" | "yes"))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    // apierror logs 4xx at debug and 5xx at error; show them all.
    let filter = Targets::new()
        .with_target("apierror", LevelFilter::DEBUG)
        .with_target("demo", LevelFilter::DEBUG)
        .with_default(LevelFilter::INFO);
    // OTEL_TRACES_EXPORTER=console: every span printed to stdout as it ends.
    let tracer = demo::telemetry::console_tracer_from_env();
    tracing_subscriber::registry()
        .with(tracing_subscriber::fmt::layer())
        .with(tracer.as_ref().map(demo::telemetry::layer))
        .with(filter)
        .init();

    let port = env_port("PORT", 8080)?;
    let grpc_port = env_port("GRPC_PORT", 50051)?;
    let policy = if env_flag("APIERROR_DEV") {
        Policy::Development
    } else {
        Policy::Production
    };
    let format = match std::env::var("APIERROR_FORMAT").as_deref() {
        Ok("envelope") => Format::Envelope,
        Ok("google") => Format::Google,
        Ok("microsoft") => Format::Microsoft,
        Ok("jsonapi") => Format::JsonApi,
        Ok("fastapi") => Format::FastApi,
        Ok("house") => Format::Custom(&demo::house::House),
        _ => Format::Problem,
    };

    let listener =
        tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await?;
    let base = format!("http://{}", listener.local_addr()?);
    println!("apierror demo on {base} ({policy:?} policy, {format:?} format)\n");
    println!("Routes:");
    for route in ROUTES {
        println!("  {route}");
    }
    println!("\nTry:");
    for (what, line) in examples(&base) {
        println!("  # {what}\n  {line}\n");
    }

    let grpc_listener =
        tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, grpc_port))).await?;
    let grpc_address = grpc_listener.local_addr()?;
    println!("apierror demo on {grpc_address} over gRPC, the same accounts and errors:");
    println!(
        "  GRPC_URL=http://{grpc_address} cargo run -p demo --example grpc_client -- 42\n  \
         grpcurl -plaintext -proto demo/grpc/accounts.proto -d '{{\"id\": 42}}' \
         {grpc_address} accounts.Accounts/GetAccount\n"
    );

    let store = Store::seeded();
    let grpc = tonic::transport::Server::builder()
        .layer(demo::grpc::layer().policy(policy))
        .add_service(demo::grpc::service(store.clone()))
        .serve_with_incoming_shutdown(TcpIncoming::from(grpc_listener), shutdown());
    let layer = demo::layer().format(format).policy(policy);
    let http = axum::serve(listener, app_with(layer, store)).with_graceful_shutdown(shutdown());
    let (http, grpc) = tokio::join!(http, grpc);
    grpc.map_err(std::io::Error::other)?;
    http
}

/// Resolves on Ctrl-C; if the signal handler cannot be installed, never.
async fn shutdown() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

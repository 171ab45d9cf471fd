//! What `ErrorLayer` (axum, tonic) and `ErrorMiddleware` (actix-web) cost on a
//! successful request: the same app called in process with and without them, one
//! request at a time, so the difference is the layer's own work on a 2xx (its
//! request's scope, the trace id read or generated, the `X-Trace-Id` header). The
//! tonic service is the workspace's one-method gRPC service (`accounts-grpc`), sent
//! one encoded unary call as an `http::Request` and its answer read to its
//! trailers. Each is measured as
//! configured by default (`X-Trace-Id` on every response) and with
//! `trace_header_on_success(false)` (on error responses only); the axum router is
//! also measured with tower's `Identity` layer, which does nothing: what axum itself
//! adds for any layer given to `Router::layer`; and with tower's `MapResponse` around
//! the whole router, a layer that only looks at each response: what wrapping the
//! router's future costs by itself. `axum-served` serves the router on a loopback
//! socket and sends each request over one kept-alive connection: a whole request,
//! hyper's work and the client's included (callgrind counts no kernel work);
//! `actix-served` does the same with actix-web's `HttpServer`, its one worker on a
//! thread of its own.
//!
//! `cargo bench -p apierror-benches --bench layer` runs criterion over the apps.
//! `layer <app> <iterations>` runs one app in a loop without criterion, for
//! `benches/layer.sh` to count instructions under callgrind.

use std::hint::black_box;

use accounts_grpc::{Account, Accounts, GET_ACCOUNT, GetAccount};
use actix_web::dev::ServiceResponse;
use actix_web::http::header::HeaderValue as ActixValue;
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpResponse, web};
use apierror::actix::ErrorMiddleware;
use apierror::axum::ErrorLayer;
use axum::Router;
use axum::body::Body;
use axum::routing::get;
use bytes::Bytes;
use criterion::Criterion;
use http::Request;
use http::header::{HeaderName, HeaderValue};
use http_body_util::{BodyExt as _, Full};
use tower::layer::util::Identity;
use tower::util::MapResponseLayer;
use tower::{Layer as _, Service, ServiceExt};

/// A trace id a client sent, which the layer validates and echoes.
const CLIENT_TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";

/// One app as measured: its framework, what wraps it, and what the request carries.
#[derive(Clone, Copy)]
struct Setup {
    name: &'static str,
    framework: Framework,
    layer: Layer,
    carried: Carried,
}

/// What a request carries besides its method and path.
#[derive(Clone, Copy, PartialEq)]
enum Carried {
    /// No header: the layer generates a trace id if something asks for one.
    Nothing,
    /// A valid `X-Trace-Id`, which the layer validates and echoes.
    TraceId,
    /// What a browser sends to an API (axum and actix-web only): eleven headers,
    /// `Accept` and `Accept-Language` among them, no trace id.
    Browser,
}

/// A header name as hyper holds one it parsed: a standard name by its index, another
/// without an allocation of its own (hyper's values share the request's buffer, so a
/// layer's clone of one is a reference count, as a static value's is).
fn static_name(name: &'static str) -> HeaderName {
    HeaderName::from_static(name)
}

impl Carried {
    /// The request's headers.
    fn headers(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Carried::Nothing => &[],
            Carried::TraceId => &[("x-trace-id", CLIENT_TRACE_ID)],
            Carried::Browser => &BROWSER_HEADERS,
        }
    }
}

/// A browser's request to an API on another origin (Firefox's, as sent by `fetch`).
const BROWSER_HEADERS: [(&str, &str); 11] = [
    ("host", "api.example.com"),
    (
        "user-agent",
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    ),
    ("accept", "application/json, text/plain, */*"),
    ("accept-language", "en-US,en;q=0.5"),
    ("accept-encoding", "gzip, deflate, br, zstd"),
    ("referer", "https://app.example.com/accounts"),
    ("origin", "https://app.example.com"),
    ("connection", "keep-alive"),
    ("sec-fetch-dest", "empty"),
    ("sec-fetch-mode", "cors"),
    ("sec-fetch-site", "same-site"),
];

#[derive(Clone, Copy, PartialEq)]
enum Framework {
    Axum,
    /// The axum router served by `axum::serve` on a loopback socket, sent each
    /// request over one kept-alive HTTP/1.1 connection: what a request pays whole,
    /// hyper's parsing and writing included.
    AxumServed,
    Actix,
    /// The actix-web app served by `HttpServer` (one worker) on a loopback socket,
    /// sent each request over one kept-alive HTTP/1.1 connection from a client
    /// thread: what a request pays whole, actix-http's parsing and writing and the
    /// hop between the threads included.
    ActixServed,
    Tonic,
}

/// What wraps the app.
#[derive(Clone, Copy, PartialEq)]
enum Layer {
    /// Nothing: the bare app.
    None,
    /// tower's `Identity` (axum only): the cost of `Router::layer` itself.
    Identity,
    /// apierror's layer or middleware as configured by default.
    Default,
    /// apierror's, with `trace_header_on_success(false)`.
    ErrorsOnly,
    /// apierror's, errors only, around the whole router (axum only):
    /// `ErrorLayer::layer(router)` served as it is, not given to `Router::layer`.
    AroundErrorsOnly,
    /// tower's `MapResponse` around the whole router, looking at each response's
    /// status and handing it on (axum only): what any layer placed there pays to
    /// wrap the router's future.
    AroundMapResponse,
}

const SETUPS: [Setup; 32] = [
    setup(
        "actix-served",
        Framework::ActixServed,
        Layer::None,
        Carried::Nothing,
    ),
    setup(
        "actix-served-middleware-errors-only",
        Framework::ActixServed,
        Layer::ErrorsOnly,
        Carried::Nothing,
    ),
    setup(
        "axum-served",
        Framework::AxumServed,
        Layer::None,
        Carried::Nothing,
    ),
    setup(
        "axum-served-around-errors-only",
        Framework::AxumServed,
        Layer::AroundErrorsOnly,
        Carried::Nothing,
    ),
    setup(
        "axum-around-map-response",
        Framework::Axum,
        Layer::AroundMapResponse,
        Carried::Nothing,
    ),
    setup(
        "axum-around-map-response-trace-header",
        Framework::Axum,
        Layer::AroundMapResponse,
        Carried::TraceId,
    ),
    setup(
        "axum-around-errors-only",
        Framework::Axum,
        Layer::AroundErrorsOnly,
        Carried::Nothing,
    ),
    setup(
        "axum-around-errors-only-trace-header",
        Framework::Axum,
        Layer::AroundErrorsOnly,
        Carried::TraceId,
    ),
    setup("axum", Framework::Axum, Layer::None, Carried::Nothing),
    setup(
        "axum-layer",
        Framework::Axum,
        Layer::Default,
        Carried::Nothing,
    ),
    setup(
        "axum-layer-errors-only",
        Framework::Axum,
        Layer::ErrorsOnly,
        Carried::Nothing,
    ),
    setup(
        "axum-identity",
        Framework::Axum,
        Layer::Identity,
        Carried::Nothing,
    ),
    setup(
        "axum-trace-header",
        Framework::Axum,
        Layer::None,
        Carried::TraceId,
    ),
    setup(
        "axum-layer-trace-header",
        Framework::Axum,
        Layer::Default,
        Carried::TraceId,
    ),
    setup(
        "axum-layer-errors-only-trace-header",
        Framework::Axum,
        Layer::ErrorsOnly,
        Carried::TraceId,
    ),
    setup(
        "axum-identity-trace-header",
        Framework::Axum,
        Layer::Identity,
        Carried::TraceId,
    ),
    setup(
        "axum-browser",
        Framework::Axum,
        Layer::None,
        Carried::Browser,
    ),
    setup(
        "axum-around-errors-only-browser",
        Framework::Axum,
        Layer::AroundErrorsOnly,
        Carried::Browser,
    ),
    setup(
        "actix-browser",
        Framework::Actix,
        Layer::None,
        Carried::Browser,
    ),
    setup(
        "actix-middleware-errors-only-browser",
        Framework::Actix,
        Layer::ErrorsOnly,
        Carried::Browser,
    ),
    setup("actix", Framework::Actix, Layer::None, Carried::Nothing),
    setup(
        "actix-middleware",
        Framework::Actix,
        Layer::Default,
        Carried::Nothing,
    ),
    setup(
        "actix-middleware-errors-only",
        Framework::Actix,
        Layer::ErrorsOnly,
        Carried::Nothing,
    ),
    setup(
        "actix-trace-header",
        Framework::Actix,
        Layer::None,
        Carried::TraceId,
    ),
    setup(
        "actix-middleware-trace-header",
        Framework::Actix,
        Layer::Default,
        Carried::TraceId,
    ),
    setup(
        "actix-middleware-errors-only-trace-header",
        Framework::Actix,
        Layer::ErrorsOnly,
        Carried::TraceId,
    ),
    setup("tonic", Framework::Tonic, Layer::None, Carried::Nothing),
    setup(
        "tonic-layer",
        Framework::Tonic,
        Layer::Default,
        Carried::Nothing,
    ),
    setup(
        "tonic-layer-errors-only",
        Framework::Tonic,
        Layer::ErrorsOnly,
        Carried::Nothing,
    ),
    setup(
        "tonic-trace-header",
        Framework::Tonic,
        Layer::None,
        Carried::TraceId,
    ),
    setup(
        "tonic-layer-trace-header",
        Framework::Tonic,
        Layer::Default,
        Carried::TraceId,
    ),
    setup(
        "tonic-layer-errors-only-trace-header",
        Framework::Tonic,
        Layer::ErrorsOnly,
        Carried::TraceId,
    ),
];

const fn setup(name: &'static str, framework: Framework, layer: Layer, carried: Carried) -> Setup {
    Setup {
        name,
        framework,
        layer,
        carried,
    }
}

/// Runs `body` with a function that sends one request to the app `setup` names and
/// returns its status.
fn with_app<R>(setup: Setup, body: impl FnOnce(&mut dyn FnMut() -> u16) -> R) -> R {
    match setup.framework {
        Framework::Axum => with_axum_app(setup, body),
        Framework::AxumServed => with_served_axum_app(setup, body),
        Framework::Actix => with_actix_app(setup, body),
        Framework::ActixServed => with_served_actix_app(setup, body),
        Framework::Tonic => with_tonic_app(setup, body),
    }
}

async fn ok() -> &'static str {
    "ok"
}

fn with_axum_app<R>(setup: Setup, body: impl FnOnce(&mut dyn FnMut() -> u16) -> R) -> R {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let mut app = Router::new().route("/accounts", get(ok));
    app = match setup.layer {
        Layer::None | Layer::AroundErrorsOnly | Layer::AroundMapResponse => app,
        Layer::Identity => app.layer(Identity::new()),
        Layer::Default => app.layer(ErrorLayer::default()),
        Layer::ErrorsOnly => app.layer(ErrorLayer::default().trace_header_on_success(false)),
    };
    // As `axum::serve` does (through `into_make_service`): every route is built once,
    // not on each request.
    let app = app.with_state(());
    if setup.layer == Layer::AroundMapResponse {
        let look = |response: axum::response::Response| {
            black_box(response.status());
            response
        };
        let mut app = MapResponseLayer::new(look).layer(app);
        body(&mut || runtime.block_on(call_axum(&mut app, setup.carried)))
    } else if setup.layer == Layer::AroundErrorsOnly {
        let mut app = ErrorLayer::default()
            .trace_header_on_success(false)
            .layer(app);
        body(&mut || runtime.block_on(call_axum(&mut app, setup.carried)))
    } else {
        let mut app = app;
        body(&mut || runtime.block_on(call_axum(&mut app, setup.carried)))
    }
}

fn with_served_axum_app<R>(setup: Setup, body: impl FnOnce(&mut dyn FnMut() -> u16) -> R) -> R {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .expect("a runtime");
    let app = Router::new().route("/accounts", get(ok));
    let (mut connection, mut buffer) = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let address = listener.local_addr().expect("its address");
        match setup.layer {
            Layer::AroundErrorsOnly => {
                let app = ErrorLayer::default()
                    .trace_header_on_success(false)
                    .layer(app);
                let app = axum::ServiceExt::<axum::extract::Request>::into_make_service(app);
                tokio::spawn(async move { axum::serve(listener, app).await });
            }
            _ => {
                tokio::spawn(async move { axum::serve(listener, app).await });
            }
        }
        let connection = tokio::net::TcpStream::connect(address)
            .await
            .expect("the server accepts");
        (connection, Vec::with_capacity(1024))
    });
    body(&mut || {
        runtime.block_on(async {
            connection.write_all(SERVED_REQUEST).await.expect("sent");
            buffer.clear();
            loop {
                let mut chunk = [0; 512];
                let read = connection.read(&mut chunk).await.expect("read");
                if let Some(status) = served_status(&mut buffer, &chunk[..read]) {
                    return status;
                }
            }
        })
    })
}

/// The request the served apps are sent, over one kept-alive connection.
const SERVED_REQUEST: &[u8] = b"GET /accounts HTTP/1.1\r\nhost: localhost\r\n\r\n";

/// Adds `read` to the answer in `buffer`; once it holds the whole `200 ok` (its head,
/// then the two bytes its length says), its status.
fn served_status(buffer: &mut Vec<u8>, read: &[u8]) -> Option<u16> {
    assert!(!read.is_empty(), "the server closed the connection");
    buffer.extend_from_slice(read);
    let end = buffer.windows(4).position(|window| window == b"\r\n\r\n")?;
    if buffer.len() < end + 4 + 2 {
        return None;
    }
    let status = std::str::from_utf8(&buffer[9..12]).expect("a status");
    Some(status.parse().expect("a number"))
}

fn with_served_actix_app<R>(setup: Setup, body: impl FnOnce(&mut dyn FnMut() -> u16) -> R) -> R {
    use std::io::{Read as _, Write as _};

    let (sender, receiver) = std::sync::mpsc::channel();
    let layered = setup.layer == Layer::ErrorsOnly;
    // The server runs on its own thread, as actix-web's workers do; it is left
    // running when the app has been measured, and ends with the process.
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = if layered {
                serve_actix(move || {
                    App::new()
                        .wrap(ErrorMiddleware::default().trace_header_on_success(false))
                        .route("/accounts", web::get().to(actix_ok))
                })
            } else {
                serve_actix(|| App::new().route("/accounts", web::get().to(actix_ok)))
            };
            let (server, address) = server;
            sender.send(address).expect("the client waits");
            server.await.expect("the server runs");
        });
    });
    let address = receiver.recv().expect("the server's address");
    let mut connection = std::net::TcpStream::connect(address).expect("the server accepts");
    connection.set_nodelay(true).expect("no delay");
    let mut buffer = Vec::with_capacity(1024);
    body(&mut || {
        connection.write_all(SERVED_REQUEST).expect("sent");
        buffer.clear();
        loop {
            let mut chunk = [0; 512];
            let read = connection.read(&mut chunk).expect("read");
            if let Some(status) = served_status(&mut buffer, &chunk[..read]) {
                return status;
            }
        }
    })
}

/// `HttpServer` with one worker on a loopback port, and the port's address.
fn serve_actix<F, T, B>(app: F) -> (actix_web::dev::Server, std::net::SocketAddr)
where
    F: Fn() -> App<T> + Send + Clone + 'static,
    T: actix_web::dev::ServiceFactory<
            actix_web::dev::ServiceRequest,
            Config = (),
            Response = ServiceResponse<B>,
            Error = actix_web::Error,
            InitError = (),
        > + 'static,
    B: actix_web::body::MessageBody + 'static,
{
    let server = actix_web::HttpServer::new(app)
        .workers(1)
        .disable_signals()
        .bind(("127.0.0.1", 0))
        .expect("a loopback port");
    let address = server.addrs()[0];
    (server.run(), address)
}

async fn call_axum<S>(app: &mut S, carried: Carried) -> u16
where
    S: Service<Request<Body>, Response = axum::response::Response>,
    S::Error: std::fmt::Debug,
{
    let mut request = Request::builder().uri("/accounts");
    for (name, value) in carried.headers() {
        request = request.header(static_name(name), HeaderValue::from_static(value));
    }
    let request = request.body(Body::empty()).expect("a valid request");
    let ready = ServiceExt::<Request<Body>>::ready(app)
        .await
        .expect("a router is always ready");
    let response = ready.call(request).await.expect("infallible");
    response.status().as_u16()
}

async fn actix_ok() -> HttpResponse {
    HttpResponse::Ok().body("ok")
}

fn with_actix_app<R>(setup: Setup, body: impl FnOnce(&mut dyn FnMut() -> u16) -> R) -> R {
    let system = actix_web::rt::System::new();
    let route = || web::get().to(actix_ok);
    let middleware = match setup.layer {
        Layer::Default => Some(ErrorMiddleware::default()),
        Layer::ErrorsOnly => Some(ErrorMiddleware::default().trace_header_on_success(false)),
        Layer::None | Layer::Identity | Layer::AroundErrorsOnly | Layer::AroundMapResponse => None,
    };
    if let Some(middleware) = middleware {
        let app = App::new().wrap(middleware).route("/accounts", route());
        let app = system.block_on(init_service(app));
        body(&mut || system.block_on(call_actix(&app, setup.carried)))
    } else {
        let app = system.block_on(init_service(App::new().route("/accounts", route())));
        body(&mut || system.block_on(call_actix(&app, setup.carried)))
    }
}

async fn call_actix<S, B>(app: &S, carried: Carried) -> u16
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = ServiceResponse<B>,
            Error = actix_web::Error,
        >,
{
    let mut request = TestRequest::get().uri("/accounts");
    for (name, value) in carried.headers() {
        let name = actix_web::http::header::HeaderName::from_static(name);
        request = request.insert_header((name, ActixValue::from_static(value)));
    }
    let response = app.call(request.to_request()).await;
    response.map_or(0, |response| response.status().as_u16())
}

/// `GetAccount { id: 7 }` as a gRPC message: uncompressed, two bytes long, the
/// protobuf varint field 1 = 7.
const GET_ACCOUNT_7: &[u8] = &[0, 0, 0, 0, 2, 0x08, 0x07];

fn account(request: GetAccount) -> Result<Account, tonic::Status> {
    Ok(Account {
        id: request.id,
        name: "ada".to_owned(),
    })
}

fn with_tonic_app<R>(setup: Setup, body: impl FnOnce(&mut dyn FnMut() -> u16) -> R) -> R {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let service = Accounts::new(account);
    let layer = match setup.layer {
        Layer::Default => Some(apierror::tonic::ErrorLayer::default()),
        Layer::ErrorsOnly => {
            Some(apierror::tonic::ErrorLayer::default().trace_header_on_success(false))
        }
        Layer::None | Layer::Identity | Layer::AroundErrorsOnly | Layer::AroundMapResponse => None,
    };
    if let Some(layer) = layer {
        let mut service = layer.layer(service);
        body(&mut || runtime.block_on(call_tonic(&mut service, setup.carried)))
    } else {
        let mut service = service;
        body(&mut || runtime.block_on(call_tonic(&mut service, setup.carried)))
    }
}

/// One unary `GetAccount` call, as tonic's server hands it to its layers; 200 when
/// the answer's trailers say `grpc-status: 0`.
async fn call_tonic<S>(service: &mut S, carried: Carried) -> u16
where
    S: Service<Request<tonic::body::Body>, Response = http::Response<tonic::body::Body>>,
    S::Error: std::fmt::Debug,
{
    let mut request = Request::post(GET_ACCOUNT)
        .header("content-type", "application/grpc")
        .header("te", "trailers");
    for (name, value) in carried.headers() {
        request = request.header(static_name(name), HeaderValue::from_static(value));
    }
    let message = Full::new(Bytes::from_static(GET_ACCOUNT_7));
    let request = request
        .body(tonic::body::Body::new(message))
        .expect("a valid request");
    let ready = ServiceExt::<Request<tonic::body::Body>>::ready(service)
        .await
        .expect("the service is always ready");
    let response = ready.call(request).await.expect("infallible");
    let Ok(collected) = response.into_body().collect().await else {
        return 0;
    };
    let status = collected
        .trailers()
        .and_then(|trailers| trailers.get("grpc-status"));
    if status.is_some_and(|status| status == "0") {
        200
    } else {
        0
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [name, iterations] = args.as_slice() {
        let setup = SETUPS
            .into_iter()
            .find(|setup| setup.name == name)
            .unwrap_or_else(|| panic!("unknown app {name}"));
        let iterations: u64 = iterations.parse().expect("a number of iterations");
        let served = with_app(setup, |call| {
            (0..iterations).filter(|_| call() == 200).count()
        });
        assert_eq!(served as u64, iterations, "every request is a 200");
        return;
    }
    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("layer_2xx");
    for setup in SETUPS {
        with_app(setup, |call| {
            assert_eq!(call(), 200, "{}", setup.name);
            group.bench_function(setup.name, |b| b.iter(|| black_box(call())));
        });
    }
    group.finish();
    criterion.final_summary();
}

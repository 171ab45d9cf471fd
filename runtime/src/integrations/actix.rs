//! actix-web integration (feature `actix-web`): derived errors are
//! `ResponseError`, and [`ErrorMiddleware`] gives every response of an app the
//! same error shape.
//!
//! ```no_run
//! use actix_web::{App, HttpServer, web};
//! use apierror::Format;
//! use apierror::actix::ErrorMiddleware;
//!
//! #[derive(Debug, thiserror::Error, apierror::ApiError)]
//! enum AccountError {
//!     #[error("account {id} not found")]
//!     #[api(code = "account_not_found", status = 404)]
//!     NotFound { id: u64 },
//! }
//!
//! async fn account(id: web::Path<u64>) -> Result<String, AccountError> {
//!     Err(AccountError::NotFound { id: id.into_inner() })
//! }
//!
//! # async fn run() -> std::io::Result<()> {
//! HttpServer::new(|| {
//!     App::new()
//!         .route("/accounts/{id}", web::get().to(account))
//!         .wrap(ErrorMiddleware::default().format(Format::Envelope))
//! })
//! .bind(("127.0.0.1", 8080))?
//! .run()
//! .await
//! # }
//! ```

use std::convert::Infallible;
use std::fmt;
use std::future::{Future, Ready};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll, ready};

use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::dev::Payload;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::StatusCode as ActixStatus;
use actix_web::http::header::{
    self as actix_header, HeaderMap as ActixHeaders, HeaderName as ActixName,
    HeaderValue as ActixValue,
};
use actix_web::{FromRequest, HttpMessage as _, HttpRequest, HttpResponse, ResponseError};
use bytes::Bytes;

#[cfg(feature = "fluent")]
use super::shared::AcceptLanguage;
use super::shared::{
    Accept, MAX_FRAMEWORK_TEXT, Origin, Outgoing, Polled, RequestFacts, Scope, Serving, Settings,
    Trace, Wanted, framework_error, framework_text, in_scope, one_pass, outgoing, panic_response,
    replacement, served_trace_id, settings_builders,
};
use super::telemetry::{ErrorRecord, Telemetry};
use crate::{ApiError, Context, HttpError, TraceId};

#[cfg(feature = "garde")]
pub use crate::request::Garde;
#[cfg(feature = "validator")]
pub use crate::request::Valid;
/// The drop-in extractors, whose rejections render in the service's shape and
/// locate the failure (see [`crate::request`]).
pub use crate::request::{
    Extracted, Form, FormRejection, Json, JsonRejection, Path, PathRejection, Query,
    QueryRejection, ValidRejection,
};

/// [`TRACE_ID_HEADER`](crate::TRACE_ID_HEADER) in actix-web's `http` version.
const TRACE_ID: ActixName = ActixName::from_static("x-trace-id");

/// The headers a request's trace id is read from, in the order
/// [`TraceId::from_headers`] reads them, built once in actix-web's `http` version.
const TRACE_HEADERS: [ActixName; 3] = [
    TRACE_ID,
    ActixName::from_static("x-request-id"),
    ActixName::from_static("traceparent"),
];

/// Marks a response rendered by this crate, so the middleware leaves its body alone.
#[derive(Clone, Copy, Debug)]
struct Rendered;

/// What generated code calls; reached through `apierror::__private`.
pub(crate) mod generated {
    use super::{ActixStatus, ApiError, HttpResponse, to_actix};

    /// A derived error's status in actix-web's `http` version.
    pub fn status_code<E: ApiError + ?Sized>(error: &E) -> ActixStatus {
        ActixStatus::from_u16(error.descriptor().status_u16())
            .unwrap_or(ActixStatus::INTERNAL_SERVER_ERROR)
    }

    /// The response for a derived error: rendered with the request's context inside
    /// [`ErrorMiddleware`](super::ErrorMiddleware), with `Context::default()` and a
    /// fresh trace id outside it, and logged once.
    pub fn error_response<E: ApiError + ?Sized>(error: &E) -> HttpResponse {
        to_actix(crate::integrations::shared::render(error))
    }
}

/// Converts a rendered response to actix-web's types (actix-web 4 is on `http` 0.2)
/// and marks it as rendered.
fn to_actix(response: http::Response<Bytes>) -> HttpResponse {
    let (parts, body) = response.into_parts();
    let status =
        ActixStatus::from_u16(parts.status.as_u16()).unwrap_or(ActixStatus::INTERNAL_SERVER_ERROR);
    let mut actix = HttpResponse::with_body(status, body).map_into_boxed_body();
    copy_headers(&parts.headers, actix.headers_mut());
    actix.extensions_mut().insert(Rendered);
    if let Some(record) = parts.extensions.get::<ErrorRecord>() {
        actix.extensions_mut().insert(record.clone());
    }
    actix
}

/// Copies headers from `http` 1 to actix-web's `http` 0.2, replacing what `to`
/// held under the same names.
fn copy_headers(from: &http::HeaderMap, to: &mut ActixHeaders) {
    for name in from.keys() {
        let Ok(actix_name) = ActixName::from_bytes(name.as_str().as_bytes()) else {
            continue;
        };
        to.remove(&actix_name);
        for value in from.get_all(name) {
            if let Ok(value) = ActixValue::from_bytes(value.as_bytes()) {
                to.append(actix_name.clone(), value);
            }
        }
    }
}

/// Up to how many header names an actix-web request is read in one pass. Fewer than
/// for `http` 1's map (`ONE_PASS_NAMES`, 12): actix-web's map is a hash map of small
/// vectors, whose iteration costs about 55 instructions a name, so five lookups cost
/// less from about seven names on (`benches/layer.sh`, a browser's eleven headers:
/// 456 fewer by lookups; one trace header: 359 fewer in one pass).
const ACTIX_ONE_PASS_NAMES: usize = 6;

/// The headers the middleware keeps of a request (see [`Wanted`]): in one pass over
/// a few, by lookups (names built once) among many.
fn wanted_headers(headers: &ActixHeaders) -> Wanted<'_, ActixValue> {
    use actix_header::{ACCEPT, ACCEPT_LANGUAGE};
    if headers.len_keys() <= ACTIX_ONE_PASS_NAMES {
        return one_pass(headers.iter(), (&ACCEPT, &ACCEPT_LANGUAGE, &TRACE_HEADERS));
    }
    let mut accept = headers.get_all(ACCEPT);
    let mut accept_language = headers.get_all(ACCEPT_LANGUAGE);
    Wanted {
        trace: TRACE_HEADERS.each_ref().map(|name| headers.get(name)),
        accept: [accept.next(), accept.next()],
        accept_language: [accept_language.next(), accept_language.next()],
    }
}

/// The request's trace id, read from actix-web's headers as
/// [`TraceId::from_headers`] reads them.
fn trace_id(headers: &ActixHeaders) -> Option<TraceId> {
    // actix-web's headers are `http` 0.2's: looked up by names built once, neither
    // copied over nor parsed from text.
    TraceId::from_header_lookup(|index| {
        headers.get(&TRACE_HEADERS[index]).map(ActixValue::as_bytes)
    })
}

/// An actix-web middleware that gives every response of an app one error shape and
/// a trace id: the same behaviour as `apierror::axum::ErrorLayer` (feature `axum`).
///
/// For each request it:
///
/// - reads the trace id from `X-Trace-Id`, `X-Request-Id` or `traceparent`
///   ([`TraceId::from_headers`]: invalid ids are ignored, never echoed) or makes a
///   fresh one (made only when something needs it), which handlers read with the
///   [`TraceId`] extractor, and sets `X-Trace-Id` on every response, success or
///   error ([`trace_header_on_success(false)`](ErrorMiddleware::trace_header_on_success)
///   keeps it for errors and for the successes whose handler read the id);
/// - renders the app's derived errors with the request path as `instance`, in the
///   format the request's `Accept` prefers by quality value: `application/json` is
///   [`Format::Envelope`](crate::Format::Envelope), `application/problem+json` [`Format::Problem`](crate::Format::Problem) (which a
///   bare `application/json` also accepts, a problem document being JSON), and a
///   tie, or an `Accept` that names neither, keeps the middleware's [`Format`](crate::Format);
/// - replaces every other 4xx or 5xx response whose body is empty or plain text
///   (extractor errors such as `JsonPayloadError` and `QueryPayloadError`, unknown
///   routes, wrong methods, `HttpResponse::BadRequest()` from a handler) with an
///   [`HttpError`] in the same shape, keeping its headers (`Allow`, ...). The
///   extractors' errors get the statuses axum gives the same failures, so that a
///   client sees one behaviour: a `Json` body with the wrong `Content-Type` is 415
///   `unsupported_media_type`, well-formed JSON of the wrong shape 422
///   `validation_failed`, and a path parameter that does not parse 400
///   `invalid_request` (actix-web itself answers 400, 400 and 404). Only the
///   extractors' errors (`JsonPayloadError`, `QueryPayloadError`, `PathError`,
///   `UrlencodedError`, `PayloadError`) are rejections; a handler's own 400 or 422,
///   such as `HttpResponse::BadRequest().body("text")`, takes its status's canonical
///   code (`bad_request`), with the text as its message. A response
///   whose body has another type (a handler's own JSON, say) is the handler's
///   choice and is left alone;
/// - catches a panic in a handler and answers an opaque `internal_error` (500);
///   the panic message goes to the log only, and the worker keeps serving. A
///   request dropped before it is answered (the client went away) drops its
///   handler's future inside the request's scope too: what that drop renders carries
///   the request's trace id, and a panic there is logged, not unwound;
/// - logs every error response once, with its trace id and the request's method and
///   path ([`log_error`](crate::log_error)).
/// - with the `opentelemetry` feature, takes the trace id of the request's span
///   when it has a valid OpenTelemetry context, before any header, and marks that
///   span with each error; with `opentelemetry` or `metrics`, counts each error in
///   `apierror.errors` (see the `apierror::telemetry` module).
///
/// Messages taken from an error's `Display` are redacted
/// ([`redact`](crate::redact)) unless [`redaction(false)`](ErrorMiddleware::redaction)
/// turns it off.
///
/// Register it with `App::wrap`, so it wraps every route and the default service.
///
/// actix-web's own extractors do not name the failing field in their errors
/// (`Json deserialize error: invalid type: ...`), so their rejections answer without
/// violations; the drop-in extractors [`Json`], [`Query`], [`Path`] and [`Form`] of
/// this module locate every failure (a `pointer` for a body field, a `parameter` for
/// a query or path parameter).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorMiddleware {
    settings: Settings,
}

settings_builders!(ErrorMiddleware);

impl<S, B> Transform<S, ServiceRequest> for ErrorMiddleware
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = actix_web::Error;
    type Transform = ErrorMiddlewareService<S>;
    type InitError = ();
    type Future = Ready<Result<ErrorMiddlewareService<S>, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        std::future::ready(Ok(ErrorMiddlewareService {
            service,
            settings: Arc::new(self.settings.clone()),
        }))
    }
}

/// The service [`ErrorMiddleware`] wraps around an app.
#[derive(Debug)]
pub struct ErrorMiddlewareService<S> {
    service: S,
    settings: Arc<Settings>,
}

pin_project_lite::pin_project! {
    /// The future [`ErrorMiddlewareService`] answers with: the app's, polled inside
    /// the request's scope with its panics caught, then its response finished (the
    /// trace id header set, a framework error replaced).
    ///
    /// **Breaking change:** this was an alias of a boxed `Pin<Box<dyn Future>>`
    /// without parameters; it is now a named type whose parameter is the inner
    /// service's future. Code that only uses it as the
    /// service's `Future` is unaffected. The middleware runs on every request, and the
    /// box cost an allocation and the copies into it on each.
    #[project = ResponseFutureProjection]
    pub struct ResponseFuture<F> {
        #[pin]
        state: Serving<F, LocalBoxFuture<ServiceResponse<BoxBody>>>,
        scope: Scope,
        telemetry: Telemetry,
    }

    impl<F> PinnedDrop for ResponseFuture<F> {
        fn drop(this: Pin<&mut Self>) {
            let this = this.project();
            this.state.drop_in(this.scope);
        }
    }
}

/// A boxed future on actix-web's single-threaded runtime.
type LocalBoxFuture<T> = Pin<Box<dyn Future<Output = T>>>;

impl<S, B> Service<ServiceRequest> for ErrorMiddlewareService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = actix_web::Error;
    type Future = ResponseFuture<S::Future>;

    forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let telemetry = Telemetry::current(|| request.match_pattern());
        let wanted = wanted_headers(request.headers());
        let accept = wanted.accept(
            &self.settings,
            || request.headers().get_all(actix_header::ACCEPT),
            Accept::Actix,
            ActixValue::as_bytes,
        );
        let scope = self.settings.scope(RequestFacts {
            trace: match telemetry.trace_id() {
                Some(traced) => Trace::decided(traced),
                None => wanted.trace(
                    self.settings.success_trace_header,
                    |index, value| Trace::Actix { index, value },
                    ActixValue::as_bytes,
                ),
            },
            method: http_method(request.method()),
            path: request.path(),
            accept,
            #[cfg(feature = "fluent")]
            accept_language: wanted.accept_language(
                || request.headers().get_all(actix_header::ACCEPT_LANGUAGE),
                AcceptLanguage::Actix,
                ActixValue::as_bytes,
            ),
        });
        let mut future = ResponseFuture {
            state: Serving::Done,
            scope,
            telemetry,
        };
        let service = &self.service;
        future
            .state
            .call(&future.scope, request, |request| service.call(request));
        future
    }
}

impl<F, B> Future for ResponseFuture<F>
where
    F: Future<Output = Result<ServiceResponse<B>, actix_web::Error>>,
    B: MessageBody + 'static,
{
    type Output = Result<ServiceResponse<BoxBody>, actix_web::Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        let scope = &*this.scope;
        let response = match ready!(this.state.as_mut().poll_in(scope, cx)) {
            Polled::Replaced(response) => response,
            Polled::Served(Ok(Ok(response))) => {
                let mut response = response.map_into_boxed_body();
                if !kept(&mut response, scope) {
                    let replacing = Box::pin(replace_response(response, scope.error_context()));
                    response = ready!(this.state.as_mut().start_replacing(replacing, cx));
                }
                response
            }
            Polled::Served(Ok(Err(error))) => {
                let rendered = in_scope(scope, || error.error_response());
                let ctx = scope.error_context();
                let response = match rendered {
                    Ok(response) => Prerendered::from_error_response(response, &error, &ctx),
                    // A panic in the error's own rendering is contained as a
                    // handler's is.
                    Err(message) => Prerendered::new(panic_response(&ctx, &message)),
                };
                return failed(this, response);
            }
            Polled::Served(Err(message)) => {
                let ctx = scope.error_context();
                return failed(this, Prerendered::new(panic_response(&ctx, &message)));
            }
        };
        this.state.set(Serving::Done);
        let extensions = response.response().extensions();
        this.telemetry.finish(|| extensions.get());
        drop(extensions);
        Poll::Ready(Ok(response))
    }
}

/// The end of a request whose app failed: `response`, the rendered error, answered
/// as actix-web's error, and its record left for the telemetry.
fn failed<F>(
    this: ResponseFutureProjection<'_, F>,
    response: Prerendered,
) -> Poll<Result<ServiceResponse<BoxBody>, actix_web::Error>> {
    let mut state = this.state;
    state.set(Serving::Done);
    this.telemetry.finish(|| response.record.as_ref());
    Poll::Ready(Err(response.into()))
}

/// Whether a response on its way out is kept, with `X-Trace-Id` set on it; one that
/// is not is the framework's own error, to be replaced. Changed in place: a response
/// moved in and out is copied each way, on every request.
fn kept(response: &mut ServiceResponse<BoxBody>, scope: &Scope) -> bool {
    let rendered = response.response().extensions().get::<Rendered>().is_some();
    let status = response.status();
    let headers = response.headers();
    let content_type = || {
        headers
            .get(actix_header::CONTENT_TYPE)
            .map(ActixValue::as_bytes)
    };
    match outgoing(rendered, status.as_u16(), content_type) {
        Outgoing::Kept { overwrite } => {
            let error = status.is_client_error() || status.is_server_error();
            let trace_header = scope
                .response_trace_id(error)
                .and_then(|trace_id| ActixValue::from_bytes(trace_id.as_bytes()).ok());
            if let Some(value) = trace_header
                && (overwrite || !response.headers().contains_key(&TRACE_ID))
            {
                response.headers_mut().insert(TRACE_ID, value);
            }
            true
        }
        Outgoing::Replaced => false,
    }
}

/// Replaces a framework error response with an [`HttpError`] rendered under `ctx`.
async fn replace_response(
    response: ServiceResponse<BoxBody>,
    ctx: Context,
) -> ServiceResponse<BoxBody> {
    let trace_id = ctx.trace_id_or_generate();
    let status = response.status();
    let (request, original) = response.into_parts();
    let headers = original.headers().clone();
    let error = match original.error() {
        Some(error) => error_of(status, error, &ctx),
        None => {
            let (_, body) = original.into_parts();
            let text = read_text(body).await;
            framework_error(http_status(status), text, Origin::Handler, &ctx)
        }
    }
    .in_registry_of(&ctx);
    ServiceResponse::new(request, replace(&error, &ctx, &trace_id, &headers))
}

/// The [`HttpError`] for an actix-web error attached to a response, with the
/// error's text, mapped as axum maps the same failures: a `Json` body of the wrong
/// type is 415, well-formed JSON of the wrong shape 422 (`validation_failed`), and a
/// path parameter that does not parse a 400 `invalid_request` (actix-web answers
/// 400, 400 and 404). A handler's own 4xx text is redacted as `ctx` says; a 5xx's is
/// only logged, whole.
fn error_of(status: ActixStatus, error: &actix_web::Error, ctx: &Context) -> HttpError {
    use actix_web::error::{InternalError, JsonPayloadError, PathError};

    let text = framework_text(error.to_string().as_bytes());
    match error.as_error::<JsonPayloadError>() {
        Some(JsonPayloadError::ContentType) => {
            let error = HttpError::new(http::StatusCode::UNSUPPORTED_MEDIA_TYPE);
            return match text {
                Some(text) => error.with_message(text),
                None => error,
            };
        }
        Some(JsonPayloadError::Deserialize(json))
            if json.classify() == serde_json::error::Category::Data =>
        {
            return HttpError::rejection(
                http::StatusCode::UNPROCESSABLE_ENTITY,
                text.unwrap_or_default(),
            );
        }
        _ => {}
    }
    let path_error = error.as_error::<PathError>().is_some()
        || (status == ActixStatus::NOT_FOUND
            && error
                .as_error::<InternalError<serde::de::value::Error>>()
                .is_some());
    if path_error {
        return HttpError::rejection(http::StatusCode::BAD_REQUEST, text.unwrap_or_default());
    }
    framework_error(http_status(status), text, origin_of(error), ctx)
}

/// An extractor's error, or one a handler chose (`ErrorBadRequest("text")`, say).
fn origin_of(error: &actix_web::Error) -> Origin {
    use actix_web::error::{JsonPayloadError, PayloadError, QueryPayloadError, UrlencodedError};

    let extractor = error.as_error::<JsonPayloadError>().is_some()
        || error.as_error::<QueryPayloadError>().is_some()
        || error.as_error::<UrlencodedError>().is_some()
        || error.as_error::<PayloadError>().is_some();
    if extractor {
        Origin::Extractor
    } else {
        Origin::Handler
    }
}

/// A method in `http` 1, from actix-web's `http` 0.2: the common ones matched, the
/// rest parsed from their name.
fn http_method(method: &actix_web::http::Method) -> http::Method {
    use actix_web::http::Method as Actix;
    match *method {
        Actix::GET => http::Method::GET,
        Actix::POST => http::Method::POST,
        Actix::PUT => http::Method::PUT,
        Actix::DELETE => http::Method::DELETE,
        Actix::PATCH => http::Method::PATCH,
        Actix::HEAD => http::Method::HEAD,
        _ => http::Method::from_bytes(method.as_str().as_bytes()).unwrap_or_default(),
    }
}

/// The request's trace id, in a handler: the one [`ErrorMiddleware`] decided for the
/// request, which its error response and log line carry.
///
/// It never fails. Without the middleware it reads the headers as the middleware
/// does ([`TraceId::from_headers`]) or makes a fresh id, and stores it as a request
/// extension so every extraction in the request agrees; but then nothing ties it to
/// an error response, which gets a trace id of its own. Install the middleware.
///
/// ```
/// use apierror::TraceId;
///
/// async fn handler(trace_id: TraceId) -> String {
///     format!("your request is {trace_id}")
/// }
/// # let _ = actix_web::App::new()
/// #     .route("/", actix_web::web::get().to(handler))
/// #     .wrap(apierror::actix::ErrorMiddleware::default());
/// ```
impl FromRequest for TraceId {
    type Error = Infallible;
    type Future = Ready<Result<TraceId, Infallible>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        if let Some(trace_id) = served_trace_id() {
            return std::future::ready(Ok(trace_id));
        }
        let stored = request.extensions().get::<TraceId>().copied();
        let trace_id = stored.unwrap_or_else(|| {
            let trace_id = trace_id(request.headers()).unwrap_or_else(TraceId::generate);
            request.extensions_mut().insert(trace_id);
            trace_id
        });
        std::future::ready(Ok(trace_id))
    }
}

fn http_status(status: ActixStatus) -> http::StatusCode {
    http::StatusCode::from_u16(status.as_u16()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR)
}

/// Renders `error` under `ctx`, logs it, and keeps `headers` of the response it
/// replaces beside the rendered ones.
fn replace(
    error: &HttpError,
    ctx: &Context,
    trace_id: &TraceId,
    headers: &ActixHeaders,
) -> HttpResponse {
    let mut response = to_actix(replacement(error, ctx, *trace_id));
    for (name, value) in headers.iter() {
        let framing = [
            actix_header::CONTENT_LENGTH,
            actix_header::TRANSFER_ENCODING,
        ]
        .contains(name);
        if !framing && !response.headers().contains_key(name) {
            response.headers_mut().append(name.clone(), value.clone());
        }
    }
    response
}

/// The framework's text from a body, read only when the body says it is small.
async fn read_text(body: BoxBody) -> Option<String> {
    match body.size() {
        BodySize::Sized(size) if size <= MAX_FRAMEWORK_TEXT as u64 => {
            let bytes = actix_web::body::to_bytes_limited(body, MAX_FRAMEWORK_TEXT)
                .await
                .ok()?
                .ok()?;
            framework_text(&bytes)
        }
        _ => None,
    }
}

/// A response rendered ahead of time, returned as the middleware's error when the
/// request is gone: after a panic, or when the inner service failed. actix-web
/// answers it through [`ResponseError`].
struct Prerendered {
    status: ActixStatus,
    headers: ActixHeaders,
    body: Bytes,
    /// What the middleware records of it ([`Telemetry::finish`]).
    record: Option<ErrorRecord>,
}

impl Prerendered {
    fn new(response: http::Response<Bytes>) -> Prerendered {
        let (parts, body) = response.into_parts();
        let mut headers = ActixHeaders::new();
        copy_headers(&parts.headers, &mut headers);
        Prerendered {
            status: ActixStatus::from_u16(parts.status.as_u16())
                .unwrap_or(ActixStatus::INTERNAL_SERVER_ERROR),
            headers,
            body,
            record: parts.extensions.get::<ErrorRecord>().cloned(),
        }
    }

    /// An inner service's error: kept as rendered if this crate rendered it,
    /// replaced by an [`HttpError`] otherwise.
    fn from_error_response(
        response: HttpResponse,
        error: &actix_web::Error,
        ctx: &Context,
    ) -> Prerendered {
        let trace_id = ctx.trace_id_or_generate();
        let rendered = response.extensions().get::<Rendered>().is_some();
        let replaced = if rendered {
            response
        } else {
            let headers = response.headers().clone();
            replace(
                &error_of(response.status(), error, ctx),
                ctx,
                &trace_id,
                &headers,
            )
        };
        let status = replaced.status();
        let mut headers = replaced.headers().clone();
        if !headers.contains_key(TRACE_ID)
            && let Ok(value) = ActixValue::from_str(trace_id.as_str())
        {
            headers.insert(TRACE_ID, value);
        }
        let record = replaced.extensions().get::<ErrorRecord>().cloned();
        let body = replaced.into_body().try_into_bytes().unwrap_or_default();
        Prerendered {
            status,
            headers,
            body,
            record,
        }
    }
}

impl fmt::Debug for Prerendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Prerendered")
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Prerendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "an error response rendered by apierror ({})",
            self.status
        )
    }
}

impl ResponseError for Prerendered {
    fn status_code(&self) -> ActixStatus {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response =
            HttpResponse::with_body(self.status, self.body.clone()).map_into_boxed_body();
        *response.headers_mut() = self.headers.clone();
        response.extensions_mut().insert(Rendered);
        response
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorMiddleware;
    use crate::codes::fixture::Registry;

    /// Read in one pass or by lookups, a request's headers give what `trace_id` and
    /// `get_all` give: each trace header's first value in order of preference, and the
    /// first two values of `Accept` and of `Accept-Language`.
    #[test]
    fn request_headers_read_in_one_pass_are_the_lookups() {
        use super::{ActixHeaders, ActixName, ActixValue, Trace, trace_id, wanted_headers};
        use actix_web::http::header::{ACCEPT, ACCEPT_LANGUAGE};

        crate::integrations::shared::header_cases::each(|request| {
            let mut headers = ActixHeaders::new();
            for (name, value) in request {
                let name = ActixName::try_from(name.as_str()).expect("a name");
                headers.append(name, ActixValue::from_static(value));
            }
            let wanted = wanted_headers(&headers);
            let keep = |index, value| Trace::Actix { index, value };
            for parse_now in [false, true] {
                let read = wanted.trace(parse_now, keep, ActixValue::as_bytes);
                let read = read.and_then(|trace| trace.carried());
                assert_eq!(read, trace_id(&headers), "{request:?}");
            }
            let accept: Vec<_> = headers.get_all(ACCEPT).take(2).collect();
            assert_eq!(
                wanted.accept.iter().flatten().copied().collect::<Vec<_>>(),
                accept
            );
            let languages: Vec<_> = headers.get_all(ACCEPT_LANGUAGE).collect();
            let read_languages: Vec<_> = wanted.accept_language.iter().flatten().copied().collect();
            assert_eq!(
                read_languages,
                languages[..languages.len().min(2)],
                "{request:?}"
            );
        });
    }

    #[test]
    #[allow(deprecated)]
    fn the_former_name_of_framework_codes_still_works() {
        let renamed = ErrorMiddleware::default().framework_codes::<Registry>();
        assert_eq!(ErrorMiddleware::default().codes::<Registry>(), renamed);
        assert_ne!(ErrorMiddleware::default(), renamed);
    }
}

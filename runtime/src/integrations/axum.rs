//! axum integration (feature `axum`): derived errors are `IntoResponse`, and
//! [`ErrorLayer`] gives every response of an app the same error shape.
//!
//! ```
//! use apierror::axum::ErrorLayer;
//! use apierror::{Format, Policy};
//! use axum::{Router, routing::get};
//!
//! #[derive(Debug, thiserror::Error, apierror::ApiError)]
//! enum AccountError {
//!     #[error("account {id} not found")]
//!     #[api(code = "account_not_found", status = 404)]
//!     NotFound { id: u64 },
//! }
//!
//! async fn account() -> Result<String, AccountError> {
//!     Err(AccountError::NotFound { id: 7 })
//! }
//!
//! // Add the layer after the routes and the fallback, so that it wraps them all.
//! let app: Router = Router::new()
//!     .route("/accounts/7", get(account))
//!     .layer(ErrorLayer::default().format(Format::Envelope).policy(Policy::Production));
//! // axum::serve(listener, app).await
//! ```

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context as TaskContext, Poll, ready};

use ::axum::body::{Body, HttpBody};
use ::axum::extract::{FromRequestParts, OriginalUri};
use ::axum::response::{IntoResponse, Response};
use http::Request;
use http::header::Entry;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderValue, TRANSFER_ENCODING};
use http::request::Parts;
use tower::Service;

use super::shared::{
    HttpHeaders, MAX_FRAMEWORK_TEXT, Origin, Outgoing, Polled, RequestFacts, Scope, Serving,
    Settings, Trace, framework_error, framework_text, outgoing, panic_response, replacement,
    served_trace_id, settings_builders, tower_layer,
};
use super::telemetry::Telemetry;
use crate::request::RequestError;
use crate::{ApiError, Context, TRACE_ID_HEADER, TraceId};

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

/// Marks a response rendered by this crate, so the layer leaves its body alone.
#[derive(Clone, Copy, Debug)]
struct Rendered;

/// What generated code calls; reached through `apierror::__private`.
pub(crate) mod generated {
    use super::{ApiError, Body, Rendered, Response};

    /// The response for a derived error: rendered with the request's context inside
    /// [`ErrorLayer`](super::ErrorLayer), with `Context::default()` and a fresh
    /// trace id outside it, and logged once.
    pub fn into_response<E: ApiError + ?Sized>(error: &E) -> Response {
        let mut response = crate::integrations::shared::render(error).map(Body::from);
        response.extensions_mut().insert(Rendered);
        response
    }
}

tower_layer! {
    /// A tower [`Layer`](tower::Layer) that gives every response of an axum app one
    /// error shape and a trace id.
    ///
    /// For each request it:
    ///
    /// - reads the trace id from `X-Trace-Id`, `X-Request-Id` or `traceparent`
    ///   ([`TraceId::from_headers`]: invalid ids are ignored, never echoed) or makes a
    ///   fresh one (made only when something needs it), which handlers read with the
    ///   [`TraceId`] extractor, and sets `X-Trace-Id` on every response, success or
    ///   error ([`trace_header_on_success(false)`](ErrorLayer::trace_header_on_success)
    ///   keeps it for errors and for the successes whose handler read the id);
    /// - renders the app's derived errors with the request path as `instance`, in the
    ///   format the request's `Accept` prefers by quality value: `application/json` is
    ///   [`Format::Envelope`](crate::Format::Envelope), `application/problem+json` [`Format::Problem`](crate::Format::Problem) (which a
    ///   bare `application/json` also accepts, a problem document being JSON), and a
    ///   tie, or an `Accept` that names neither, keeps the layer's [`Format`](crate::Format);
    /// - replaces every other 4xx or 5xx response whose body is empty or plain text
    ///   (axum's extractor rejections, unknown routes, wrong methods, body limits,
    ///   `StatusCode` returned by a handler) with an [`HttpError`](crate::HttpError) in the same shape,
    ///   keeping its headers (`Allow`, `WWW-Authenticate`, `Retry-After`, ...). An
    ///   extractor's 400 or 422 is `invalid_request` or `validation_failed` (axum's
    ///   rejections are told apart by the fixed words their text starts with); a
    ///   handler's own, such as `(StatusCode::BAD_REQUEST, "text")`, takes its status's
    ///   canonical code (`bad_request`), with the text as its message. Where axum's
    ///   text names the failing field or parameter (its `Json`, `Query` and `Form` write
    ///   the serde path, its `Path` the parameter of a struct), the answer carries it as
    ///   a violation (`errors`: a `pointer` or a `parameter`); for exact locations in
    ///   every case (a scalar `Path<u64>`, a 415 or 413 in the service's shape, the
    ///   `Valid` and `Garde` checks), use the drop-in extractors
    ///   [`Json`], [`Query`], [`Path`] and [`Form`] of this module. A
    ///   response whose body has another type (a handler's own JSON, say) is the
    ///   handler's choice and is left alone;
    /// - catches a panic in a handler and answers an opaque `internal_error` (500);
    ///   the panic message goes to the log only, and the server keeps serving. A
    ///   request dropped before it is answered (the client went away, a timeout) drops
    ///   its handler's future inside the request's scope too: what that drop renders
    ///   carries the request's trace id, and a panic there is logged, not unwound;
    /// - logs every error response once, with its trace id and the request's method and
    ///   path ([`log_error`](crate::log_error)).
    /// - with the `opentelemetry` feature, takes the trace id of the request's span
    ///   when it has a valid OpenTelemetry context, before any header, and marks that
    ///   span with each error; with `opentelemetry` or `metrics`, counts each error in
    ///   `apierror.errors` (see the `apierror::telemetry` module).
    ///
    /// Messages taken from an error's `Display` are redacted
    /// ([`redact`](crate::redact)) unless [`redaction(false)`](ErrorLayer::redaction)
    /// turns it off.
    ///
    /// Add it with `Router::layer` after the routes and the fallback, so it wraps
    /// them all. `ErrorLayer::default()` answers problem documents under
    /// [`Policy::Production`](crate::Policy::Production).
    ;
    /// The service [`ErrorLayer`] wraps around an app's routes.
}

#[cfg(feature = "aide")]
impl ErrorLayer {
    /// The context the layer's framework errors take their entries from, for
    /// `apierror::aide::error_layer_with`.
    pub(crate) fn framework_context(&self) -> &crate::Context {
        &self.settings.base
    }
}

/// The future of a framework error response's replacement.
type Replacing = Pin<Box<dyn Future<Output = Response> + Send>>;

pin_project_lite::pin_project! {
    /// The future [`ErrorService`] answers with: the app's, polled inside the
    /// request's scope with its panics caught, then its response finished (the
    /// trace id header set, a framework error replaced).
    ///
    /// **Breaking change:** this was a boxed `Pin<Box<dyn Future + …>>` with the
    /// inner service's error as its one parameter; it is now a named type whose
    /// parameter is the inner service's future. Code that only uses it as the
    /// service's `Future` is unaffected. The layer runs on every request, and the
    /// box cost an allocation and the copies into it on each.
    pub struct ResponseFuture<F> {
        #[pin]
        state: Serving<Responding<F>, Replacing>,
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

pin_project_lite::pin_project! {
    /// The app's future with its response converted, inside the request's scope.
    struct Responding<F> {
        #[pin]
        future: F,
    }
}

impl<F, R, E> Future for Responding<F>
where
    F: Future<Output = Result<R, E>>,
    R: IntoResponse,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Self::Output> {
        match self.project().future.poll(cx) {
            Poll::Ready(output) => Poll::Ready(output.map(IntoResponse::into_response)),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S, B> Service<Request<B>> for ErrorService<S>
where
    S: Service<Request<B>>,
    S::Response: IntoResponse,
{
    type Response = Response;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut TaskContext<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let path = match request.extensions().get::<OriginalUri>() {
            Some(original) => original.path(),
            None => request.uri().path(),
        };
        let telemetry = Telemetry::current(|| matched_route(&request));
        let headers = HttpHeaders::read(request.headers());
        let scope = self.settings.scope(RequestFacts {
            trace: match telemetry.trace_id() {
                Some(traced) => Trace::decided(traced),
                None => headers.trace(self.settings.success_trace_header),
            },
            method: request.method().clone(),
            path,
            accept: headers.accept(&self.settings),
            #[cfg(feature = "fluent")]
            accept_language: headers.accept_language(),
        });
        let mut future = ResponseFuture {
            state: Serving::Done,
            scope,
            telemetry,
        };
        let inner = &mut self.inner;
        future
            .state
            .call(&future.scope, request, |request| Responding {
                future: inner.call(request),
            });
        future
    }
}

impl<F, R, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<R, E>>,
    R: IntoResponse,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        let scope = &*this.scope;
        let response = match ready!(this.state.as_mut().poll_in(scope, cx)) {
            Polled::Replaced(response) => response,
            Polled::Served(served) => {
                let mut response = match served {
                    Ok(Ok(response)) => response,
                    Ok(Err(error)) => {
                        this.state.set(Serving::Done);
                        return Poll::Ready(Err(error));
                    }
                    Err(message) => panicked(scope, &message),
                };
                if let Some(replacing) = finish(&mut response, scope) {
                    response = ready!(this.state.as_mut().start_replacing(replacing, cx));
                }
                response
            }
        };
        this.state.set(Serving::Done);
        this.telemetry.finish(|| response.extensions().get());
        Poll::Ready(Ok(response))
    }
}

/// The answer to a request whose handler panicked (`message`): an opaque
/// `internal_error`, rendered for the request.
fn panicked(scope: &Scope, message: &str) -> Response {
    let mut response = panic_response(&scope.error_context(), message).map(Body::from);
    response.extensions_mut().insert(Rendered);
    response
}

/// The route the request matched (`/accounts/{id}`), which the router records when
/// the layer wraps the routes (`Router::layer`); `None` for the fallback.
#[cfg(any(feature = "opentelemetry", feature = "metrics"))]
fn matched_route<B>(request: &Request<B>) -> Option<String> {
    let matched = request.extensions().get::<::axum::extract::MatchedPath>();
    matched.map(|route| route.as_str().to_owned())
}

#[cfg(not(any(feature = "opentelemetry", feature = "metrics")))]
fn matched_route<B>(_: &Request<B>) -> Option<String> {
    None
}

/// A response on its way out: `X-Trace-Id` set on it if it is kept (`None`), or the
/// future of its replacement if it is the framework's own error. Changed in place:
/// a response moved in and out is copied each way, on every request.
fn finish(response: &mut Response, scope: &Scope) -> Option<Replacing> {
    let rendered = response.extensions().get::<Rendered>().is_some();
    let status = response.status();
    let headers = response.headers();
    let content_type = || headers.get(CONTENT_TYPE).map(HeaderValue::as_bytes);
    match outgoing(rendered, status.as_u16(), content_type) {
        Outgoing::Kept { overwrite } => {
            let trace_header = scope
                .response_trace_id(status.is_client_error() || status.is_server_error())
                .and_then(|trace_id| HeaderValue::from_bytes(trace_id.as_bytes()).ok());
            if let Some(value) = trace_header {
                set_trace_header(
                    response.headers_mut().entry(TRACE_ID_HEADER),
                    value,
                    overwrite,
                );
            }
            None
        }
        Outgoing::Replaced => {
            let response = std::mem::take(response);
            Some(Box::pin(replace(response, scope.error_context())))
        }
    }
}

/// Replaces a framework error response with an [`HttpError`](crate::HttpError)
/// rendered under `ctx`, keeping its headers.
async fn replace(response: Response, ctx: Context) -> Response {
    let trace_id = ctx.trace_id_or_generate();
    let status = response.status();
    let (mut parts, body) = response.into_parts();
    let text = read_text(body).await;
    let origin = match &text {
        Some(text) if is_rejection(text) => Origin::Extractor,
        _ => Origin::Handler,
    };
    // axum's own extractors name the failing field or parameter in their text.
    let located = match (&text, origin) {
        (Some(text), Origin::Extractor) => crate::request::axum_rejection_violation(text),
        _ => None,
    };
    let error = framework_error(status, text, origin, &ctx).in_registry_of(&ctx);
    let (rendered, body) = match located {
        Some(violation) => replacement(&RequestError::located(error, violation), &ctx, trace_id),
        None => replacement(&error, &ctx, trace_id),
    }
    .into_parts();
    for name in [CONTENT_TYPE, CONTENT_LENGTH, TRANSFER_ENCODING] {
        parts.headers.remove(name);
    }
    parts.headers.extend(rendered.headers);
    parts.extensions.extend(rendered.extensions);
    parts.status = rendered.status;
    parts.extensions.insert(Rendered);
    Response::from_parts(parts, Body::from(body))
}

/// Sets `X-Trace-Id` where it is missing, or over a handler's own when `overwrite`;
/// one lookup of the header, since the layer does this on every response.
fn set_trace_header(entry: Entry<'_, HeaderValue>, value: HeaderValue, overwrite: bool) {
    match entry {
        Entry::Vacant(vacant) => {
            vacant.insert(value);
        }
        Entry::Occupied(mut occupied) if overwrite => {
            occupied.insert(value);
        }
        Entry::Occupied(_) => {}
    }
}

/// The framework's text from a body, read only when the body says it is small.
async fn read_text(body: Body) -> Option<String> {
    let small = HttpBody::size_hint(&body)
        .upper()
        .is_some_and(|upper| upper <= MAX_FRAMEWORK_TEXT as u64);
    if !small {
        return None;
    }
    let bytes = ::axum::body::to_bytes(body, MAX_FRAMEWORK_TEXT)
        .await
        .ok()?;
    framework_text(&bytes)
}

/// How the texts of axum's own 400 and 422 rejections start (`axum::extract::rejection`
/// and the path extractor's `Invalid URL: …`), which tells them apart from a
/// handler's own plain-text 400. The e2e tests check them against axum.
const REJECTION_PREFIXES: [&str; 8] = [
    "Failed to deserialize the JSON body into the target type",
    "Failed to parse the request body as JSON",
    "Failed to deserialize form",
    "Failed to deserialize query string",
    "Failed to buffer the request body",
    "Request body didn't contain valid UTF-8",
    "Invalid URL: ",
    "Invalid UTF-8 in `",
];

/// Whether a plain-text error body is one of axum's extractor rejections.
fn is_rejection(text: &str) -> bool {
    REJECTION_PREFIXES
        .iter()
        .any(|prefix| text.starts_with(prefix))
}

/// The request's trace id, in a handler: the one [`ErrorLayer`] decided for the
/// request, which its error response and log line carry.
///
/// It never fails. Without the layer it reads the headers as the layer does
/// ([`TraceId::from_headers`]) or makes a fresh id, and stores it as a request
/// extension so every extraction in the request agrees; but then nothing ties it to
/// an error response, which gets a trace id of its own. Install the layer.
///
/// ```
/// use apierror::TraceId;
///
/// async fn handler(trace_id: TraceId) -> String {
///     format!("your request is {trace_id}")
/// }
/// # let _: axum::Router = axum::Router::new()
/// #     .route("/", axum::routing::get(handler))
/// #     .layer(apierror::axum::ErrorLayer::default());
/// ```
impl<S: Send + Sync> FromRequestParts<S> for TraceId {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<TraceId, Infallible> {
        if let Some(trace_id) = served_trace_id() {
            return Ok(trace_id);
        }
        if let Some(trace_id) = parts.extensions.get::<TraceId>() {
            return Ok(*trace_id);
        }
        let trace_id = TraceId::from_headers(&parts.headers).unwrap_or_else(TraceId::generate);
        parts.extensions.insert(trace_id);
        Ok(trace_id)
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorLayer;
    use crate::codes::fixture::Registry;

    #[test]
    #[allow(deprecated)]
    fn the_former_name_of_framework_codes_still_works() {
        let renamed = ErrorLayer::default().framework_codes::<Registry>();
        assert_eq!(ErrorLayer::default().codes::<Registry>(), renamed);
        assert_ne!(ErrorLayer::default(), renamed);
    }
}

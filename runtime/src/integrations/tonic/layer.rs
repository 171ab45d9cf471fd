//! [`ErrorLayer`] for tonic servers: what `apierror::axum::ErrorLayer` does for
//! axum, for gRPC calls.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context as TaskContext, Poll, ready};

use http::{HeaderName, Request, Response};
use tower::Service;

use super::status::ToStatus;
use crate::integrations::shared::{
    Accept, HttpHeaders, Polled, RequestFacts, Scope, Serving, Settings, Trace, contained_panic,
    settings_builders, tower_layer,
};
use crate::integrations::telemetry::Telemetry;

/// `grpc-status` among an answer's headers: a trailers-only answer, which is how a
/// call that fails before any message is answered (a unary success has its `0` in
/// the trailers).
const GRPC_STATUS: HeaderName = HeaderName::from_static("grpc-status");

tower_layer! {
    /// A tower [`Layer`](tower::Layer) for a tonic server
    /// (`Server::builder().layer(ErrorLayer::default())`).
    ///
    /// For each call it:
    ///
    /// - reads the trace id from the `x-trace-id`, `x-request-id` or `traceparent`
    ///   metadata ([`TraceId::from_headers`](crate::TraceId::from_headers): an invalid id is ignored, never echoed) or
    ///   makes a fresh one (made only when something needs it), which handlers read
    ///   with [`trace_id()`](super::trace_id), and sets `x-trace-id` on every response,
    ///   success or error ([`trace_header_on_success(false)`](ErrorLayer::trace_header_on_success)
    ///   keeps it for errors and for the successes whose handler read the id);
    /// - gives the handler's derived errors, turned into `Status` with `?` or
    ///   `.into()`, that trace id and the layer's policy and limits (`RequestInfo`,
    ///   `DebugInfo` under [`Policy::Development`](crate::Policy::Development)), and logs
    ///   each once at its level with the method path;
    /// - catches a panic in a handler and answers an opaque `INTERNAL` with the
    ///   `internal_error` details; the panic message goes to the log only, and the
    ///   server keeps serving. A call cancelled before it is answered drops its
    ///   handler's future inside the call's scope too: [`trace_id`](super::trace_id)
    ///   still reads the call's id there, and a panic there is logged, not unwound.
    ///
    /// The builders are the axum layer's; `format` has no effect on gRPC answers.
    ;
    /// The service [`ErrorLayer`] wraps around a tonic server's routes.
}

pin_project_lite::pin_project! {
    /// The future [`ErrorService`] answers with: the service's, polled inside the
    /// call's scope with its panics caught, then its answer finished (`x-trace-id`
    /// set, a panic answered with `INTERNAL`).
    ///
    /// **Breaking change:** this was a boxed `Pin<Box<dyn Future + …>>` with the
    /// inner service's response body and error as its parameters; it is now a named
    /// type whose parameter is the inner service's future. Code that only uses it as
    /// the service's `Future` is unaffected. The layer runs on every call, and the
    /// box cost an allocation and the copies into it on each.
    pub struct ResponseFuture<F> {
        #[pin]
        state: Serving<F, NeverReplaced>,
        scope: Scope,
        telemetry: Telemetry,
        // The call's full method, for the telemetry's route.
        method: Option<String>,
        // Whether the future was polled: the first poll reads the span tonic enters.
        polled: bool,
    }

    impl<F> PinnedDrop for ResponseFuture<F> {
        fn drop(this: Pin<&mut Self>) {
            let this = this.project();
            this.state.drop_in(this.scope);
        }
    }
}

impl<S, B, R> Service<Request<B>> for ErrorService<S>
where
    S: Service<Request<B>, Response = Response<R>>,
    R: Default,
{
    type Response = Response<R>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut TaskContext<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        // The full method (`/accounts.Accounts/Get`) is the call's bounded route, kept
        // only for the telemetry features.
        #[cfg(any(feature = "opentelemetry", feature = "metrics"))]
        let method = Some(request.uri().path().to_owned());
        #[cfg(not(any(feature = "opentelemetry", feature = "metrics")))]
        let method: Option<String> = None;
        let telemetry = Telemetry::current(|| method.clone());
        let headers = HttpHeaders::read(request.headers());
        let scope = self.settings.scope(RequestFacts {
            trace: match telemetry.trace_id() {
                Some(traced) => Trace::decided(traced),
                None => headers.trace(self.settings.success_trace_header),
            },
            method: request.method().clone(),
            path: request.uri().path(),
            accept: Accept::Absent,
            // gRPC metadata may carry it too: a Status's message is localized alike.
            #[cfg(feature = "fluent")]
            accept_language: headers.accept_language(),
        });
        let mut future = ResponseFuture {
            state: Serving::Done,
            scope,
            telemetry,
            method,
            polled: false,
        };
        let inner = &mut self.inner;
        future
            .state
            .call(&future.scope, request, |request| inner.call(request));
        future
    }
}

impl<F, R, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<R>, E>>,
    R: Default,
{
    type Output = Result<Response<R>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        if !*this.polled {
            *this.polled = true;
            // Polled now, perhaps inside tonic's `trace_fn` span, which was not
            // entered when the layer was called: the handler's errors carry its trace.
            this.telemetry.or_current(|| this.method.take());
            if let Some(traced) = this.telemetry.trace_id() {
                this.scope.set_trace_id(traced);
            }
        }
        let served = match ready!(this.state.as_mut().poll_in(this.scope, cx)) {
            Polled::Served(served) => served,
            Polled::Replaced(never) => match never {},
        };
        // Finished: nothing is left for the drop to do inside the scope.
        this.state.set(Serving::Done);
        let (mut response, error) = match served {
            Ok(Ok(response)) => {
                let error = is_error(&response);
                (response, error)
            }
            Ok(Err(error)) => return Poll::Ready(Err(error)),
            Err(message) => (panic_answer(this.scope, &message), true),
        };
        if let Some(trace_id) = this.scope.response_trace_id(error) {
            super::set_trace_id(response.headers_mut(), &trace_id);
        }
        let record = this.scope.record().take();
        this.telemetry.finish(|| record.as_ref());
        Poll::Ready(Ok(response))
    }
}

/// What the layer's [`Serving`] state replaces a gRPC answer with: nothing, ever (a
/// trailers-only error answer is the handler's or tonic's, and kept).
type NeverReplaced = std::future::Pending<std::convert::Infallible>;

/// Whether an answer is a gRPC error: a trailers-only answer with a code other than
/// `OK` (a handler's `Status`, one of tonic's own). A stream that fails after its
/// first message says so in its trailers, past the headers the layer sets.
fn is_error<R>(response: &Response<R>) -> bool {
    let code = response.headers().get(GRPC_STATUS);
    code.is_some_and(|code| code.as_bytes() != b"0")
}

/// The answer to a call whose handler panicked: an opaque `INTERNAL`, its record
/// left in the scope; the panic message goes to the log only.
fn panic_answer<R: Default>(scope: &Scope, message: &str) -> Response<R> {
    let (error, ctx) = contained_panic(&scope.error_context(), message);
    scope.record().set_panic(&error, message);
    error.to_status(&ctx).into_http()
}

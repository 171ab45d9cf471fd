//! [`ErrorLayer`] for tonic servers: what `apierror::axum::ErrorLayer` does for
//! axum, for gRPC calls.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll};

use http::{Request, Response};
use tower::Service;

use super::status::ToStatus;
use crate::TraceId;
#[cfg(feature = "fluent")]
use crate::integrations::shared::AcceptLanguage;
use crate::integrations::shared::{
    Accept, RequestFacts, Settings, call_catching, contained_panic, scope_catching,
    settings_builders, tower_layer,
};
use crate::integrations::telemetry::{RecordSlot, Telemetry};

tower_layer! {
    /// A tower [`Layer`](tower::Layer) for a tonic server
    /// (`Server::builder().layer(ErrorLayer::default())`).
    ///
    /// For each call it:
    ///
    /// - reads the trace id from the `x-trace-id`, `x-request-id` or `traceparent`
    ///   metadata ([`TraceId::from_headers`]: an invalid id is ignored, never echoed) or
    ///   makes a fresh one, and sets `x-trace-id` on every response, success or error;
    /// - gives the handler's derived errors, turned into `Status` with `?` or
    ///   `.into()`, that trace id and the layer's policy and limits (`RequestInfo`,
    ///   `DebugInfo` under [`Policy::Development`](crate::Policy::Development)), and logs
    ///   each once at its level with the method path;
    /// - catches a panic in a handler and answers an opaque `INTERNAL` with the
    ///   `internal_error` details; the panic message goes to the log only, and the
    ///   server keeps serving.
    ///
    /// The builders are the axum layer's; `format` has no effect on gRPC answers.
    ;
    /// The service [`ErrorLayer`] wraps around a tonic server's routes.
}

/// The future [`ErrorService`] answers with.
pub type ResponseFuture<R, E> =
    Pin<Box<dyn Future<Output = Result<Response<R>, E>> + Send + 'static>>;

impl<S, B, R> Service<Request<B>> for ErrorService<S>
where
    S: Service<Request<B>, Response = Response<R>>,
    S::Future: Send + 'static,
    R: Default + Send + 'static,
{
    type Response = Response<R>;
    type Error = S::Error;
    type Future = ResponseFuture<R, S::Error>;

    fn poll_ready(&mut self, cx: &mut TaskContext<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        // The full method (`/accounts.Accounts/Get`) is the call's bounded route, kept
        // only for the telemetry features.
        #[cfg(any(feature = "opentelemetry", feature = "metrics"))]
        let method = Some(request.uri().path().to_owned());
        #[cfg(not(any(feature = "opentelemetry", feature = "metrics")))]
        let method: Option<String> = None;
        let telemetry = Telemetry::current(|| method.clone());
        let scope = self.settings.scope(RequestFacts {
            trace_id: telemetry
                .trace_id()
                .or_else(|| TraceId::from_headers(request.headers())),
            method: request.method().clone(),
            path: request.uri().path(),
            accept: Accept::Absent,
            // gRPC metadata may carry it too: a Status's message is localized alike.
            #[cfg(feature = "fluent")]
            accept_language: AcceptLanguage::of(request.headers()),
        });
        request.extensions_mut().insert(scope.trace_id());
        let inner = &mut self.inner;
        let called = call_catching(&scope, || inner.call(request));
        Box::pin(async move {
            // Polled now, perhaps inside tonic's `trace_fn` span, which was not
            // entered when the layer was called: the handler's errors carry its trace.
            let telemetry = telemetry.or_current(|| method);
            let scope = match telemetry.trace_id() {
                Some(traced) if scope.trace_id() != traced => Arc::new(scope.with_trace_id(traced)),
                _ => scope,
            };
            let trace_id = scope.trace_id();
            let slot = RecordSlot::default();
            let outcome = match called {
                Ok(future) => scope_catching(scope.clone(), slot.scope(future)).await,
                Err(message) => Err(message),
            };
            let mut response = match outcome {
                Ok(Ok(response)) => response,
                Ok(Err(error)) => return Err(error),
                Err(message) => {
                    let (error, ctx) = contained_panic(&scope.error_context(), &message);
                    slot.set_panic(&error, &message);
                    error.to_status(&ctx).into_http()
                }
            };
            super::set_trace_id(response.headers_mut(), &trace_id);
            let record = slot.take();
            telemetry.finish(|| record.as_ref());
            Ok(response)
        })
    }
}

//! [`ErrorLayer`] for tonic servers: what `apierror::axum::ErrorLayer` does for
//! axum, for gRPC calls.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll};

use http::{Request, Response};
use tower::{Layer, Service};

use super::status::ToStatus;
use crate::TraceId;
use crate::integrations::shared::{
    RequestFacts, Settings, call_catching, contained_panic, scope_catching, settings_builders,
};

/// A tower [`Layer`] for a tonic server
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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorLayer {
    settings: Settings,
}

settings_builders!(ErrorLayer);

impl<S> Layer<S> for ErrorLayer {
    type Service = ErrorService<S>;

    fn layer(&self, inner: S) -> ErrorService<S> {
        ErrorService {
            inner,
            settings: self.settings.clone(),
        }
    }
}

/// The service [`ErrorLayer`] wraps around a tonic server's routes.
#[derive(Clone, Debug)]
pub struct ErrorService<S> {
    inner: S,
    settings: Settings,
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
        let ctx = Arc::new(self.settings.context(RequestFacts {
            trace_id: TraceId::from_headers(request.headers()),
            method: request.method().clone(),
            path: request.uri().path(),
            accept: std::iter::empty(),
        }));
        let trace_id = ctx.trace_id_or_generate();
        request.extensions_mut().insert(trace_id);
        let inner = &mut self.inner;
        let called = call_catching(&ctx, || inner.call(request));
        Box::pin(async move {
            let outcome = match called {
                Ok(future) => scope_catching(ctx.clone(), future).await,
                Err(message) => Err(message),
            };
            let mut response = match outcome {
                Ok(Ok(response)) => response,
                Ok(Err(error)) => return Err(error),
                Err(message) => {
                    let (error, ctx) = contained_panic(&ctx, &message);
                    error.to_status(&ctx).into_http()
                }
            };
            super::set_trace_id(response.headers_mut(), &trace_id);
            Ok(response)
        })
    }
}

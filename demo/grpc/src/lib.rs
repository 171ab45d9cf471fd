//! The demo's one-method gRPC service, `accounts.Accounts/GetAccount`, written
//! against tonic's codegen API by hand: what `tonic-prost-build` writes from
//! `accounts.proto` beside this crate's `Cargo.toml`.
//!
//! Hand-written because it is this small: no `protoc` on a fresh machine, no build
//! script, no generated file to keep in sync. The demo serves it, its example client
//! calls it with [`get_account`], and the workspace's gRPC tests do both on loopback.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tonic::codegen::{Body, Service, StdError, http};
use tonic::server::{Grpc, NamedService, UnaryService};
use tonic::{Request, Response, Status};
use tonic_prost::ProstCodec;

/// The request message.
#[derive(Clone, Copy, PartialEq, Eq, prost::Message)]
pub struct GetAccount {
    /// The account to read.
    #[prost(uint64, tag = "1")]
    pub id: u64,
}

/// The response message.
#[derive(Clone, PartialEq, Eq, prost::Message)]
pub struct Account {
    /// The account's id.
    #[prost(uint64, tag = "1")]
    pub id: u64,
    /// The account holder's name.
    #[prost(string, tag = "2")]
    pub name: String,
}

/// The method's path.
pub const GET_ACCOUNT: &str = "/accounts.Accounts/GetAccount";

type BoxFuture<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'static>>;

/// The `accounts.Accounts` service, answering `GetAccount` with `handler`.
pub struct Accounts<F> {
    handler: Arc<F>,
}

impl<F> Accounts<F>
where
    F: Fn(GetAccount) -> Result<Account, Status> + Send + Sync + 'static,
{
    /// The service answering each call with `handler`.
    pub fn new(handler: F) -> Self {
        Accounts {
            handler: Arc::new(handler),
        }
    }
}

impl<F> Clone for Accounts<F> {
    fn clone(&self) -> Self {
        Accounts {
            handler: Arc::clone(&self.handler),
        }
    }
}

impl<F> NamedService for Accounts<F> {
    const NAME: &'static str = "accounts.Accounts";
}

struct Unary<F>(Arc<F>);

impl<F> UnaryService<GetAccount> for Unary<F>
where
    F: Fn(GetAccount) -> Result<Account, Status> + Send + Sync + 'static,
{
    type Response = Account;
    type Future = BoxFuture<Response<Account>, Status>;

    fn call(&mut self, request: Request<GetAccount>) -> Self::Future {
        let handler = Arc::clone(&self.0);
        // The handler runs when the future is polled, as an async handler's body does.
        Box::pin(async move { handler(request.into_inner()).map(Response::new) })
    }
}

impl<F, B> Service<http::Request<B>> for Accounts<F>
where
    F: Fn(GetAccount) -> Result<Account, Status> + Send + Sync + 'static,
    B: Body + Send + 'static,
    B::Error: Into<StdError> + Send + 'static,
{
    type Response = http::Response<tonic::body::Body>;
    type Error = std::convert::Infallible;
    type Future = BoxFuture<Self::Response, Self::Error>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        if request.uri().path() != GET_ACCOUNT {
            return Box::pin(async { Ok(Status::unimplemented("no such method").into_http()) });
        }
        let service = Unary(Arc::clone(&self.handler));
        Box::pin(async move {
            let mut grpc = Grpc::new(ProstCodec::<Account, GetAccount>::default());
            Ok(grpc.unary(service, request).await)
        })
    }
}

/// Calls `GetAccount` on `channel` with `id`, with the metadata `metadata` adds.
pub async fn get_account(
    channel: tonic::transport::Channel,
    id: u64,
    metadata: &[(&'static str, &str)],
) -> Result<Response<Account>, Status> {
    let mut client = tonic::client::Grpc::new(channel);
    client
        .ready()
        .await
        .map_err(|error| Status::unavailable(error.to_string()))?;
    let mut request = Request::new(GetAccount { id });
    for (name, value) in metadata {
        let value = value
            .parse()
            .map_err(|_| Status::invalid_argument("metadata value"))?;
        request.metadata_mut().insert(*name, value);
    }
    let path = http::uri::PathAndQuery::from_static(GET_ACCOUNT);
    client
        .unary(request, path, ProstCodec::<GetAccount, Account>::default())
        .await
}

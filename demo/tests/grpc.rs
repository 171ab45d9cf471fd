//! The demo's gRPC service on loopback, called by the example client's code: the
//! same account errors as over HTTP, typed by the demo's registry.

use accounts_grpc::get_account;
use demo::accounts::Store;
use tonic::transport::{Endpoint, Server};

/// Serves the demo's gRPC service on 127.0.0.1, port 0; returns its URL.
async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let address = listener.local_addr().expect("the bound address");
    let server = Server::builder()
        .layer(demo::grpc::layer())
        .add_service(demo::grpc::service(Store::seeded()))
        .serve_with_incoming(tonic::transport::server::TcpIncoming::from(listener));
    tokio::spawn(async move { server.await.expect("the server runs") });
    format!("http://{address}")
}

/// What the example client prints for `id`.
async fn client_output(url: &str, id: u64) -> String {
    let channel = Endpoint::from_shared(url.to_owned())
        .expect("a loopback URL")
        .connect()
        .await
        .expect("connect over loopback");
    let answer = get_account(channel, id, &[("x-trace-id", "demo-grpc")]).await;
    demo::grpc::describe(answer.map(tonic::Response::into_inner))
}

#[tokio::test]
async fn the_example_client_reads_accounts_and_account_errors() {
    let url = serve().await;
    assert_eq!(client_output(&url, 1).await, "account 1: Ada");
    assert_eq!(
        client_output(&url, 42).await,
        "NotFound: account 42 not found\ncode: account_not_found\n\
         domain: accounts.example.com\ntrace id: demo-grpc"
    );
    assert_eq!(
        client_output(&url, 0).await,
        "InvalidArgument: The request is invalid.\ncode: validation_failed\n\
         domain: accounts.example.com\nviolation: id must be 1 or more\ntrace id: demo-grpc"
    );
}

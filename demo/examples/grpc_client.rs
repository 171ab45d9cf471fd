//! Calls the demo's gRPC service and prints what comes back, errors read with
//! `apierror::tonic::GrpcProblem`. Start the demo (`cargo run -p demo`), then:
//!
//! ```text
//! cargo run -p demo --example grpc_client -- 1      # an account
//! cargo run -p demo --example grpc_client -- 42     # NotFound, account_not_found
//! cargo run -p demo --example grpc_client -- 0      # InvalidArgument, a violation
//! ```
//!
//! `GRPC_URL` changes the server (`http://127.0.0.1:50051`).

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let id = match std::env::args().nth(1) {
        Some(id) => id.parse()?,
        None => 1,
    };
    let url = std::env::var("GRPC_URL").unwrap_or_else(|_| "http://127.0.0.1:50051".to_owned());
    let channel = tonic::transport::Endpoint::from_shared(url)?
        .connect()
        .await?;
    let answer = accounts_grpc::get_account(channel, id, &[]).await;
    println!(
        "{}",
        demo::grpc::describe(answer.map(tonic::Response::into_inner))
    );
    Ok(())
}

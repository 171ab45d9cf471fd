//! tonic integration (feature `tonic`): derived errors are `tonic::Status`es with
//! `google.rpc` details, [`ErrorLayer`] gives a tonic server trace ids and contained
//! panics, and [`GrpcProblem`] reads a `Status` back on the client.
//!
//! ```
//! use apierror::tonic::{GrpcProblem, ToStatus};
//! use apierror::{Context, TraceId};
//!
//! #[derive(Debug, thiserror::Error, apierror::ApiError)]
//! #[api(domain = "accounts.example.com")]
//! enum AccountError {
//!     #[error("account {id} exists")]
//!     #[api(code = "account_exists", status = 409, grpc = "already_exists")]
//!     Exists { id: u64 },
//! }
//!
//! let trace_id = TraceId::parse("req-7").unwrap();
//! let status = AccountError::Exists { id: 7 }.to_status(&Context::default().with_trace_id(trace_id));
//! assert_eq!(status.code(), tonic::Code::AlreadyExists);
//! assert_eq!(status.message(), "account 7 exists");
//!
//! let problem = GrpcProblem::<String>::from_status(&status);
//! assert_eq!(problem.code().known().map(String::as_str), Some("account_exists"));
//! assert_eq!(problem.domain(), Some("accounts.example.com"));
//! assert_eq!(problem.trace_id(), Some("req-7"));
//! ```

mod client;
mod layer;
mod status;

pub use client::GrpcProblem;
pub use layer::{ErrorLayer, ErrorService, ResponseFuture};
pub use status::ToStatus;

/// The trace id of the call [`ErrorLayer`] is serving, for a handler: the one the
/// call's errors and log lines carry, generated now if the call carried none. A
/// call whose handler reads it answers with `x-trace-id` even under
/// [`trace_header_on_success(false)`](ErrorLayer::trace_header_on_success).
///
/// `None` outside the layer, and in a task the handler spawned (the call's scope is
/// current only while the layer polls the call's own future).
///
/// Earlier versions of the layer also left the id in the request's extensions, which
/// cost every call an allocation and a map insert (see BENCHMARKS.md); it is no
/// longer there: read it here.
///
/// ```
/// use tonic::{Request, Response, Status};
///
/// async fn get_account(request: Request<u64>) -> Result<Response<String>, Status> {
///     let trace_id = apierror::tonic::trace_id();
///     let reference = trace_id.map(|id| id.to_string()).unwrap_or_default();
///     Ok(Response::new(format!("account {} ({reference})", request.into_inner())))
/// }
/// ```
pub fn trace_id() -> Option<crate::TraceId> {
    crate::integrations::shared::served_trace_id()
}

use crate::GrpcCode;

/// What generated code calls; reached through `apierror::__private`.
pub(crate) mod generated {
    /// The `Status` for a derived error, with the request's context inside
    /// [`ErrorLayer`](super::ErrorLayer), and logged once.
    pub fn into_status<E: crate::ApiError + ?Sized>(error: &E) -> tonic::Status {
        super::status::logged_status(error)
    }
}

/// Sets `x-trace-id` to `trace_id` in response headers or a status's metadata.
fn set_trace_id(headers: &mut http::HeaderMap, trace_id: &crate::TraceId) {
    if let Ok(value) = http::HeaderValue::from_bytes(trace_id.as_bytes()) {
        headers.insert(crate::TRACE_ID_HEADER, value);
    }
}

impl From<GrpcCode> for tonic::Code {
    fn from(code: GrpcCode) -> tonic::Code {
        tonic::Code::from_i32(code.number())
    }
}

impl From<tonic::Code> for GrpcCode {
    fn from(code: tonic::Code) -> GrpcCode {
        GrpcCode::from_number(code as i32).unwrap_or(GrpcCode::Unknown)
    }
}

#[cfg(test)]
mod tests {
    use crate::GrpcCode;

    #[test]
    fn codes_convert_both_ways_by_number() {
        for code in GrpcCode::ALL {
            let tonic = tonic::Code::from(code);
            assert_eq!(tonic as i32, code.number());
            assert_eq!(GrpcCode::from(tonic), code);
        }
    }
}

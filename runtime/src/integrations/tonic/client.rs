//! [`GrpcProblem`]: a `tonic::Status` as a client reads it, the gRPC side of
//! [`ApiProblem`](crate::client::ApiProblem).

use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

use tonic::Status;
use tonic_types::{ErrorDetails, StatusExt};

use crate::client::ProblemCode;
use crate::{FieldViolation, GrpcCode, TRACE_ID_HEADER};

/// A `Status` read back into the facts the server wrote: the code typed by the
/// service's `ErrorCodes` registry `C` (from `ErrorInfo.reason`), the violations
/// (`BadRequest`), the retry delay (`RetryInfo`) and the trace id (`RequestInfo`,
/// else the `x-trace-id` metadata).
///
/// A status without `ErrorInfo` (from a server that does not use this crate, or
/// tonic's own) has the `Unknown` code named after its gRPC code (`unavailable`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrpcProblem<C = String> {
    grpc_code: GrpcCode,
    code: ProblemCode<C>,
    message: String,
    domain: Option<String>,
    metadata: HashMap<String, String>,
    violations: Vec<FieldViolation>,
    retry_after: Option<Duration>,
    trace_id: Option<String>,
    debug: Option<(String, Vec<String>)>,
}

impl<C: FromStr> GrpcProblem<C> {
    /// Reads a `Status`; details that do not decode are ignored.
    pub fn from_status(status: &Status) -> Self {
        let details = status.get_error_details();
        let grpc_code = GrpcCode::from(status.code());
        let info = details.error_info();
        let code = match info {
            Some(info) => parse_reason(&info.reason),
            None => ProblemCode::Unknown(grpc_code.name().to_owned()),
        };
        GrpcProblem {
            grpc_code,
            code,
            message: status.message().to_owned(),
            domain: info
                .map(|info| info.domain.clone())
                .filter(|domain| !domain.is_empty()),
            metadata: info.map(|info| info.metadata.clone()).unwrap_or_default(),
            violations: violations(&details),
            retry_after: details.retry_info().and_then(|info| info.retry_delay),
            trace_id: trace_id(status, &details),
            debug: details
                .debug_info()
                .map(|debug| (debug.detail.clone(), debug.stack_entries.clone())),
        }
    }
}

/// The code of an `ErrorInfo.reason`: `ACCOUNT_NOT_FOUND` names `account_not_found`,
/// so the registry is asked for the lowercase reason first, then for it as written.
fn parse_reason<C: FromStr>(reason: &str) -> ProblemCode<C> {
    match reason.to_ascii_lowercase().parse() {
        Ok(code) => ProblemCode::Known(code),
        Err(_) => ProblemCode::parse(reason),
    }
}

fn violations(details: &ErrorDetails) -> Vec<FieldViolation> {
    let Some(bad_request) = details.bad_request() else {
        return Vec::new();
    };
    let violation = |grpc: &tonic_types::FieldViolation| {
        let violation = FieldViolation::new(grpc.field.clone(), grpc.description.clone());
        match grpc.reason.as_str() {
            "" => violation,
            reason => violation.with_code(reason.to_owned()),
        }
    };
    bad_request.field_violations.iter().map(violation).collect()
}

fn trace_id(status: &Status, details: &ErrorDetails) -> Option<String> {
    let from_details = details
        .request_info()
        .map(|info| info.request_id.clone())
        .filter(|id| !id.is_empty());
    from_details.or_else(|| {
        let value = status.metadata().get(TRACE_ID_HEADER.as_str())?;
        value.to_str().ok().map(str::to_owned)
    })
}

impl<C> GrpcProblem<C> {
    /// The gRPC status code.
    pub fn grpc_code(&self) -> GrpcCode {
        self.grpc_code
    }

    /// The code, typed by the registry.
    pub fn code(&self) -> &ProblemCode<C> {
        &self.code
    }

    /// The status message: the error's public message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// `ErrorInfo.domain`, when the server set one.
    pub fn domain(&self) -> Option<&str> {
        self.domain.as_deref()
    }

    /// `ErrorInfo.metadata`: the error's extension fields (JSON text for anything
    /// but a string) and its `field`.
    pub fn metadata(&self) -> &HashMap<String, String> {
        &self.metadata
    }

    /// The invalid fields, from `BadRequest`.
    pub fn violations(&self) -> &[FieldViolation] {
        &self.violations
    }

    /// How long to wait before retrying, from `RetryInfo`.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// The id that finds the error in the server's logs.
    pub fn trace_id(&self) -> Option<&str> {
        self.trace_id.as_deref()
    }

    /// `DebugInfo`, sent under `Policy::Development` only: the internal message, and
    /// the type name followed by the source chain.
    pub fn debug(&self) -> Option<(&str, &[String])> {
        self.debug
            .as_ref()
            .map(|(detail, entries)| (detail.as_str(), entries.as_slice()))
    }
}

//! gRPC: the code each error answers with (`#[api(grpc = "…")]` or the standard
//! mapping from its status), and a derived error as a `tonic::Status` with
//! `google.rpc` details, read back by `GrpcProblem`.

use std::time::Duration;

use apierror::tonic::{GrpcProblem, ToStatus};
use apierror::{ApiError, Context, FieldViolation, GrpcCode, Policy, TraceId};
use tonic::Code;
use tonic_types::StatusExt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, apierror::ErrorCodes)]
#[api(domain = "accounts.example.com")]
pub enum Codes {
    /// The account exists already.
    #[api(status = 409, grpc = "already_exists")]
    AccountExists,
    #[api(status = 409)]
    EditConflict,
    #[api(status = 422)]
    ValidationFailed,
}

#[derive(Debug)]
pub struct DbError;

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection to 10.0.0.5 refused")
    }
}

impl std::error::Error for DbError {}

#[derive(Debug, thiserror::Error, ApiError)]
#[api(domain = "accounts.example.com")]
pub enum AccountError {
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404)]
    NotFound {
        #[api(extension = "account_id")]
        id: u64,
    },

    #[error("account {0} exists")]
    #[api(code = Codes::AccountExists)]
    Exists(u64),

    #[error("edit conflict")]
    #[api(code = Codes::EditConflict)]
    Conflict,

    #[error("plan {plan} is over its limit")]
    #[api(code = "plan_exhausted", status = 403, grpc = "resource_exhausted")]
    OverLimit {
        #[api(field)]
        plan: String,
    },

    #[error("invalid request")]
    #[api(code = Codes::ValidationFailed, message = "The request is invalid.")]
    Invalid(#[api(violations)] Vec<FieldViolation>),

    #[error("too many requests")]
    #[api(code = "rate_limited", status = 429)]
    RateLimited {
        #[api(header = "Retry-After")]
        retry_after_secs: u64,
    },

    #[error("database: {0}")]
    #[api(code = "internal_error", status = 500)]
    Db(#[source] DbError),
}

fn ctx() -> Context {
    Context::default().with_trace_id(TraceId::parse("trace-42").expect("a valid trace id"))
}

#[test]
fn the_grpc_code_is_the_status_mapping_unless_overridden() {
    let code = |error: &AccountError| error.descriptor().grpc_code();
    assert_eq!(code(&AccountError::NotFound { id: 7 }), GrpcCode::NotFound);
    assert_eq!(code(&AccountError::Conflict), GrpcCode::Aborted);
    assert_eq!(code(&AccountError::Exists(7)), GrpcCode::AlreadyExists);
    let over = AccountError::OverLimit {
        plan: "free".into(),
    };
    assert_eq!(code(&over), GrpcCode::ResourceExhausted);
    assert_eq!(code(&AccountError::Db(DbError)), GrpcCode::Internal);
    assert_eq!(
        Codes::AccountExists.descriptor().grpc_code(),
        GrpcCode::AlreadyExists
    );
    assert_eq!(
        Codes::EditConflict.descriptor().grpc_code(),
        GrpcCode::Aborted
    );
}

#[test]
fn an_exposed_error_carries_its_message_error_info_and_trace_id() {
    let status = AccountError::NotFound { id: 7 }.to_status(&ctx());
    assert_eq!(status.code(), Code::NotFound);
    assert_eq!(status.message(), "account 7 not found");
    assert_eq!(
        status.metadata().get("x-trace-id").expect("x-trace-id"),
        "trace-42"
    );
    let details = status.check_error_details().expect("details decode");
    let info = details.error_info().expect("ErrorInfo");
    assert_eq!(info.reason, "ACCOUNT_NOT_FOUND");
    assert_eq!(info.domain, "accounts.example.com");
    assert_eq!(
        info.metadata.get("account_id").map(String::as_str),
        Some("7")
    );
    let request = details.request_info().expect("RequestInfo");
    assert_eq!(request.request_id, "trace-42");
    assert!(details.debug_info().is_none());
    assert!(details.bad_request().is_none());
    assert!(details.retry_info().is_none());
}

#[test]
fn violations_become_bad_request_and_read_back() {
    let violations = vec![
        FieldViolation::new("email", "must be an email").with_code("format"),
        FieldViolation::new("items[2].name", "is required"),
    ];
    let status = AccountError::Invalid(violations.clone()).to_status(&ctx());
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(status.message(), "The request is invalid.");
    let details = status.check_error_details().expect("details decode");
    let bad_request = details.bad_request().expect("BadRequest");
    assert_eq!(bad_request.field_violations[0].field, "email");
    assert_eq!(
        bad_request.field_violations[0].description,
        "must be an email"
    );
    assert_eq!(bad_request.field_violations[0].reason, "format");
    let problem = GrpcProblem::<Codes>::from_status(&status);
    assert_eq!(problem.code().known(), Some(&Codes::ValidationFailed));
    assert_eq!(problem.violations(), violations.as_slice());
}

#[test]
fn retry_after_becomes_retry_info() {
    let status = AccountError::RateLimited {
        retry_after_secs: 30,
    }
    .to_status(&ctx());
    assert_eq!(status.code(), Code::ResourceExhausted);
    let problem = GrpcProblem::<String>::from_status(&status);
    assert_eq!(problem.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(problem.grpc_code(), GrpcCode::ResourceExhausted);
    assert_eq!(problem.trace_id(), Some("trace-42"));
}

#[test]
fn the_field_goes_into_error_info_metadata() {
    let status = AccountError::OverLimit {
        plan: "free".into(),
    }
    .to_status(&ctx());
    assert_eq!(status.code(), Code::ResourceExhausted);
    let problem = GrpcProblem::<String>::from_status(&status);
    assert_eq!(
        problem.metadata().get("field").map(String::as_str),
        Some("free")
    );
    assert_eq!(
        problem.code().known().map(String::as_str),
        Some("plan_exhausted")
    );
}

#[test]
fn an_opaque_error_says_nothing_of_itself_in_production() {
    let status = AccountError::Db(DbError).to_status(&ctx());
    assert_eq!(status.code(), Code::Internal);
    assert_eq!(status.message(), apierror::OPAQUE_SERVER_MESSAGE);
    let details = String::from_utf8_lossy(status.details()).into_owned();
    assert!(!details.contains("10.0.0.5"), "{details}");
    assert!(!details.contains("DbError"), "{details}");
    let problem = GrpcProblem::<String>::from_status(&status);
    assert_eq!(problem.debug(), None);
    assert_eq!(
        problem.code().known().map(String::as_str),
        Some("internal_error")
    );
}

#[test]
fn development_policy_adds_debug_info() {
    let ctx = ctx().with_policy(Policy::Development);
    let status = AccountError::Db(DbError).to_status(&ctx);
    let problem = GrpcProblem::<String>::from_status(&status);
    let (detail, entries) = problem.debug().expect("DebugInfo");
    assert_eq!(detail, "database: connection to 10.0.0.5 refused");
    assert!(entries[0].contains("AccountError"), "{entries:?}");
    assert_eq!(entries[1], "connection to 10.0.0.5 refused");
}

#[test]
fn from_error_gives_a_fresh_trace_id_outside_the_layer() {
    let status = tonic::Status::from(AccountError::Conflict);
    assert_eq!(status.code(), Code::Aborted);
    let problem = GrpcProblem::<Codes>::from_status(&status);
    assert_eq!(problem.code().known(), Some(&Codes::EditConflict));
    let trace_id = problem.trace_id().expect("a trace id");
    assert!(TraceId::parse(trace_id).is_some());
    assert_eq!(
        status
            .metadata()
            .get("x-trace-id")
            .and_then(|v| v.to_str().ok()),
        Some(trace_id)
    );
}

#[test]
fn a_status_from_elsewhere_is_named_by_its_grpc_code() {
    let status = tonic::Status::unavailable("overloaded");
    let problem = GrpcProblem::<Codes>::from_status(&status);
    assert_eq!(
        problem.code(),
        &apierror::client::ProblemCode::Unknown("unavailable".to_owned())
    );
    assert_eq!(problem.message(), "overloaded");
    assert_eq!(problem.trace_id(), None);
}

#[test]
fn outside_the_layer_a_handler_reads_no_trace_id() {
    assert_eq!(apierror::tonic::trace_id(), None);
}

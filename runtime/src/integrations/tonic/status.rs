//! A derived error as a `tonic::Status`: the code, the public message and the
//! `google.rpc` details, written from the same rendering an HTTP response gets, so
//! that what stays private over HTTP stays private over gRPC.

use std::collections::HashMap;

use serde_json::Value;
use tonic::metadata::MetadataMap;
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, FieldViolation as GrpcViolation, StatusExt};

use crate::client::ApiProblem;
use crate::{ApiError, Context, Format, TraceId};

/// Problem members the details carry by other means than `ErrorInfo.metadata`.
const NOT_METADATA: &[&str] = &["debug", "errors_truncated"];

/// What a derived error answers over gRPC: `error.to_status(&ctx)`.
///
/// Implemented for every [`ApiError`]. `From<E> for tonic::Status` (which the derive
/// writes) calls it with the context of the request [`ErrorLayer`](super::ErrorLayer)
/// serves, and logs the error once; `to_status` itself logs nothing, as
/// [`ApiError::to_response`] does not.
pub trait ToStatus {
    /// The `Status` for this error under `ctx`:
    ///
    /// - the code is [`ErrorDescriptor::grpc_code`](crate::ErrorDescriptor::grpc_code);
    /// - the message is the public message an HTTP response carries as `detail`:
    ///   the generic sentence for an unexposed error;
    /// - the details are `ErrorInfo` (reason: the code in UPPER_SNAKE_CASE; domain:
    ///   `#[api(domain = "…")]`; metadata: the extension fields and `field`),
    ///   `BadRequest` from the violations, `RetryInfo` from a `Retry-After` header
    ///   field, `RequestInfo` whose `request_id` is the trace id, and, under
    ///   [`Policy::Development`](crate::Policy::Development) only, `DebugInfo` with
    ///   the internal message, type and source chain;
    /// - the trace id is also the `x-trace-id` metadata entry.
    fn to_status(&self, ctx: &Context) -> Status;
}

impl<E: ApiError + ?Sized> ToStatus for E {
    fn to_status(&self, ctx: &Context) -> Status {
        let trace_id = ctx.trace_id_or_generate();
        let ctx = ctx
            .clone()
            .with_trace_id(trace_id)
            .with_format(Format::Problem);
        let problem = ApiProblem::<String>::from_response(&self.to_response(&ctx));
        let descriptor = self.descriptor();
        let details = details(&problem, descriptor.domain(), &trace_id);
        let message = problem.detail().unwrap_or(descriptor.title());
        let mut status =
            Status::with_error_details(Code::from(descriptor.grpc_code()), message, details);
        // Through the header map, as the layer sets it on responses.
        let mut headers = std::mem::take(status.metadata_mut()).into_headers();
        super::set_trace_id(&mut headers, &trace_id);
        *status.metadata_mut() = MetadataMap::from_headers(headers);
        status
    }
}

/// The `google.rpc` details of a rendered problem.
fn details(problem: &ApiProblem<String>, domain: Option<&str>, trace_id: &TraceId) -> ErrorDetails {
    let mut details = ErrorDetails::new();
    details.set_error_info(
        reason(&problem.code().to_string()),
        domain.unwrap_or_default(),
        metadata(problem),
    );
    if !problem.violations().is_empty() {
        details.set_bad_request(
            problem
                .violations()
                .iter()
                .map(violation)
                .collect::<Vec<_>>(),
        );
    }
    if let Some(delay) = problem.retry_after() {
        details.set_retry_info(Some(delay));
    }
    details.set_request_info(trace_id.as_str(), "");
    if let Some(debug) = problem.extension("debug") {
        set_debug_info(&mut details, debug);
    }
    details
}

/// `ErrorInfo.reason`: the code in UPPER_SNAKE_CASE, as AIP-193 writes reasons
/// (`account_not_found` becomes `ACCOUNT_NOT_FOUND`; `.` and `-` become `_`).
pub(crate) fn reason(code: &str) -> String {
    code.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// `ErrorInfo.metadata`: the extension fields and `field`, strings as they are and
/// any other JSON value as its JSON text.
fn metadata(problem: &ApiProblem<String>) -> HashMap<String, String> {
    let extensions = problem
        .extensions()
        .iter()
        .filter(|(name, _)| !NOT_METADATA.contains(&name.as_str()))
        .map(|(name, value)| (name.clone(), json_text(value)));
    let field = problem
        .field()
        .map(|field| ("field".to_owned(), field.to_owned()));
    extensions.chain(field).collect()
}

fn json_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn violation(violation: &crate::FieldViolation) -> GrpcViolation {
    let mut grpc = GrpcViolation::new(violation.field(), violation.message());
    grpc.reason = violation.code().unwrap_or_default().to_owned();
    grpc
}

/// `DebugInfo` from the problem's `debug` member: the internal message as `detail`,
/// the type name and the source chain as the stack entries.
fn set_debug_info(details: &mut ErrorDetails, debug: &Value) {
    let text = |name| debug.get(name).and_then(Value::as_str).unwrap_or_default();
    let sources = debug.get("source").and_then(Value::as_array);
    let entries = std::iter::once(format!("type: {}", text("type")))
        .chain(sources.into_iter().flatten().map(json_text))
        .collect::<Vec<_>>();
    details.set_debug_info(entries, text("message"));
}

/// Logs `error` once, with the request's context inside the layer, and answers its
/// `Status`: what `From<E> for tonic::Status` does.
pub(crate) fn logged_status<E: ApiError + ?Sized>(error: &E) -> Status {
    crate::integrations::shared::note_grpc(error);
    crate::integrations::shared::with_context(|ctx| {
        let trace_id = ctx.trace_id_or_generate();
        crate::log::log_request_error(error, error.descriptor(), &trace_id, ctx);
        error.to_status(&ctx.clone().with_trace_id(trace_id))
    })
}

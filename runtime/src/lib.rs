//! HTTP API errors right by construction.
//!
//! Annotate an error enum once with `#[derive(ApiError)]` and get, checked at
//! compile time: the HTTP status, a stable code clients can branch on, an RFC 9457
//! problem document, a JSON envelope, response headers and trace ids. Internal
//! errors never leak.
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod context;
mod descriptor;
mod diag;
mod envelope;
mod error;
mod json;
mod problem;
mod render;
mod trace;
mod violation;

pub use context::{Context, Format, Limits, Policy};
pub use descriptor::{ErrorDescriptor, LogLevel};
pub use envelope::{Envelope, EnvelopeError};
pub use error::ApiError;
pub use problem::{PROBLEM_JSON, Problem};
pub use render::{OPAQUE_CLIENT_MESSAGE, OPAQUE_SERVER_MESSAGE, TRACE_ID_HEADER};
pub use trace::{InvalidTraceId, TraceId};
pub use violation::FieldViolation;

#[cfg(feature = "derive")]
pub use apierror_derive::ApiError;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

// Where things live (each file imports only files listed before it):
//   constants.rs   media types, X-Trace-Id, opaque messages, code syntax, reserved headers
//   json.rs        JSON string escaping        descriptor.rs  ErrorDescriptor, JSON heads
//   trace.rs       TraceId                     violation.rs   FieldViolation
//   codes.rs       ErrorCodes (registries)     context.rs     Context, Format, Policy, Limits
//   redact.rs      redaction of Display text   log.rs         logging, render diagnostics
//   writer.rs      Members, Headers: what generated code writes through
//   render.rs      the one writer of bodies and responses
//   problem.rs, envelope.rs   the body types, parsed back by to_problem/to_envelope
//   error.rs       trait ApiError              http_error.rs  HttpError, reason phrases
//   openapi.rs     OpenAPI for one error type
//   client.rs      ApiProblem: error responses read back by clients (client/reqwest.rs)
//   catalog/       Catalog (mod.rs), lock file (lock.rs), docs page (page.rs), OpenAPI (openapi.rs)
//   integrations/  axum.rs, actix.rs, utoipa.rs, aide.rs, shared.rs (layer and middleware), impls.rs
//   request/       request errors: serde errors located (serde.rs), rejections (rejection.rs),
//                  the drop-in extractors (extract.rs; axum.rs, actix.rs), axum's texts read
//                  (text.rs), validator and garde (validate.rs), the utoipa Modify (utoipa.rs),
//                  the extractors for aide (aide.rs)
//   private.rs     __private: what generated code reaches
//! HTTP API errors right by construction.
//!
//! Annotate an error enum once with [`#[derive(ApiError)]`](macro@ApiError) and get,
//! checked at compile time: the HTTP status, a stable code clients can branch on, an
//! [RFC 9457](https://www.rfc-editor.org/rfc/rfc9457) problem document ([`Problem`]),
//! a JSON envelope ([`Envelope`]), response headers and trace ids ([`TraceId`]); a
//! code registry that cannot drift ([`ErrorCodes`]); a catalog and a lock file that
//! catch breaking changes to codes ([`catalog`]). Internal errors never leak: a 5xx is
//! opaque unless annotated otherwise, and production policy never shows internals.
//!
//! ```
//! use apierror::{ApiError, Context, FieldViolation, Format, Policy};
//!
//! #[derive(Debug, thiserror::Error)]
//! #[error("connection to {host} refused")]
//! pub struct DbError { host: String }
//!
//! #[derive(Debug, thiserror::Error, ApiError)]
//! #[api(type_base = "https://errors.example.com/")]
//! pub enum AccountError {
//!     /// The account does not exist or is not visible to the caller.
//!     #[error("account {id} not found")]
//!     #[api(code = "account_not_found", status = 404, title = "Account not found")]
//!     NotFound { id: u64 },
//!
//!     #[error("invalid request: {} violations", .0.len())]
//!     #[api(code = "validation_failed", status = 422, message = "The request is invalid.")]
//!     Invalid(#[api(violations)] Vec<FieldViolation>),
//!
//!     #[error("too many requests")]
//!     #[api(code = "rate_limited", status = 429)]
//!     RateLimited { #[api(header = "Retry-After")] retry_after_secs: u64 },
//!
//!     #[error("database: {0}")]
//!     #[api(code = "internal_error", status = 500)]   // 5xx: expose = false by default
//!     Db(#[from] DbError),
//! }
//!
//! // The status, code and title are static facts of the variant.
//! let error = AccountError::NotFound { id: 7 };
//! assert_eq!(error.status(), 404);
//! assert_eq!(error.code(), "account_not_found");
//!
//! // A whole response: status, Content-Type, X-Trace-Id, header fields, body.
//! let response = AccountError::RateLimited { retry_after_secs: 30 }.to_response(&Context::default());
//! assert_eq!(response.status(), 429);
//! assert_eq!(response.headers()["content-type"], "application/problem+json");
//! assert_eq!(response.headers()["retry-after"], "30");
//!
//! // Opaque: the database error stays in the logs.
//! let error = AccountError::Db(DbError { host: "10.0.0.5".into() });
//! let envelope = error.to_envelope(&Context::default().with_format(Format::Envelope));
//! assert_eq!(envelope.error.code, "internal_error");
//! assert!(!envelope.error.message.contains("10.0.0.5"));
//!
//! // Development policy shows internals, for opaque errors too. Never in production.
//! let problem = error.to_problem(&Context::default().with_policy(Policy::Development));
//! assert_eq!(problem.extension("debug").unwrap()["message"], "database: connection to 10.0.0.5 refused");
//! ```
//!
//! # Where to read on
//!
//! - [`derive(ApiError)`](macro@ApiError): every attribute, with defaults and the
//!   compile-time checks.
//! - [`ApiError`](trait@ApiError): what a derived type can do.
//! - [`Context`], [`Policy`], [`Format`], [`Limits`]: the per-request facts a response
//!   is rendered with.
//! - [`ErrorCodes`](trait@ErrorCodes): one registry of codes for a whole service.
//! - [`catalog::Catalog`]: conflicts across types, the lock file, and the error
//!   catalog page (`to_markdown`, `to_html`).
//! - [`openapi`]: OpenAPI 3.1 components and responses, written from the descriptors.
//! - [`redact`]: what is removed from `Display`-based messages before they are sent.
//! - [`client::ApiProblem`]: any error response read back by a client, its code typed
//!   by the service's registry, with the trace id and `Retry-After`.
//! - `request` (with a framework, `validator` or `garde`): request errors, from the
//!   drop-in extractors, `validator` and `garde`, located by pointer, parameter or
//!   header ([`Location`]).
//! - [`HttpError`]: the framework's own errors (rejections, unknown routes, panics),
//!   with canonical codes.
//!
//! # Features
//!
//! - `derive` (default): the derive macros.
//! - `axum`: derived errors are `IntoResponse`; `apierror::axum::ErrorLayer` gives a
//!   whole app one error shape and a trace id (axum 0.8); the drop-in extractors
//!   `apierror::axum::{Json, Query, Path, Form}` locate every request error
//!   (`apierror::request`).
//! - `actix-web`: derived errors are `ResponseError`; `apierror::actix::ErrorMiddleware`
//!   does what the axum layer does (actix-web 4), and `apierror::actix` has the same
//!   drop-in extractors.
//! - `utoipa`: derived errors are `utoipa::IntoResponses`; the body types are
//!   `ToSchema` (utoipa 6).
//! - `aide`: derived errors are `aide::OperationOutput`, and with `axum` the drop-in
//!   extractors are `aide::OperationInput`, documenting their rejections;
//!   `apierror::aide::components` adds the `Problem` schema to a document (aide 0.15,
//!   schemars 0.9).
//! - `validator`, `garde`: their reports as [`FieldViolation`]s
//!   (`apierror::request::validator_violations`, `garde_violations`), and the
//!   validating extractors `Valid<E>` and `Garde<E>` (validator 0.21, garde 0.23).
//! - `reqwest`: `apierror::client::ResponseExt`, whose `error_for_problem` reads an
//!   error response into a [`client::ApiProblem`], its body up to a limit (reqwest 0.13).
//! - `tonic`: derived errors convert to `tonic::Status` with `google.rpc` details;
//!   `apierror::tonic::ErrorLayer` gives a tonic server trace ids and contained
//!   panics, and `apierror::tonic::GrpcProblem` reads a `Status` back (tonic 0.14).
//! - `tracing`: errors are logged once as they become responses, at their `log` level.
//! - `opentelemetry`: with the axum layer or the actix-web middleware, an error's trace
//!   id is the OpenTelemetry trace id of the request's span, which the error marks
//!   (`error.type`, status `Error` for a 5xx) and counts in `apierror.errors`
//!   (opentelemetry 0.33, tracing-opentelemetry 0.34). See the `telemetry` module.
//! - `metrics`: the same `apierror.errors` counter through the `metrics` facade
//!   (metrics 0.24).
//! - `fluent`: localized titles and details from Fluent files, one folder per locale,
//!   checked at compile time (`#[api(locales = "locales", default_locale = "en")]`:
//!   a code missing from a locale, a variable that names no exposed field and a syntax
//!   error are compile errors on the variant); `Context::with_locale` chooses the
//!   locale, and the axum layer and the actix-web middleware negotiate
//!   `Accept-Language`, answering with `Content-Language` and `Vary` (fluent-bundle
//!   0.16, fluent-langneg 0.14). `catalog::Catalog::with_locale` writes the catalog
//!   page per locale.
//!
//! A feature adds its impl to every derived type in the build (Cargo unifies features
//! across crates). A type with its own `IntoResponse`, `ResponseError`,
//! `IntoResponses` or `OperationOutput` keeps it with
//! `#[api(skip_impl(axum, actix_web, utoipa, tonic, aide))]`, any subset. The
//! minimum supported Rust version is 1.88.
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod catalog;
pub mod client;
mod codes;
mod constants;
mod context;
mod descriptor;
mod envelope;
mod error;
pub mod format;
mod grpc;
mod http_error;
mod integrations;
mod json;
mod limits;
#[cfg(feature = "fluent")]
mod locale;
#[cfg(not(feature = "fluent"))]
#[path = "locale_off.rs"]
mod locale;
#[cfg(feature = "fluent")]
mod localizer;
mod log;
pub mod openapi;
mod problem;
pub mod redact;
mod render;
#[cfg(any(
    feature = "axum",
    feature = "actix-web",
    feature = "validator",
    feature = "garde",
    feature = "utoipa"
))]
#[cfg_attr(
    docsrs,
    doc(cfg(any(
        feature = "axum",
        feature = "actix-web",
        feature = "validator",
        feature = "garde",
        feature = "utoipa"
    )))
)]
pub mod request;
#[cfg(any(feature = "opentelemetry", feature = "metrics"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "opentelemetry", feature = "metrics"))))]
pub mod telemetry;
mod trace;
mod violation;
mod writer;

pub use codes::{ErrorCodes, UnknownCode};
pub use constants::{
    ENVELOPE_JSON, OPAQUE_CLIENT_MESSAGE, OPAQUE_SERVER_MESSAGE, PROBLEM_JSON, TRACE_ID_HEADER,
};
pub use context::Context;
pub use descriptor::{ErrorDescriptor, LogLevel};
pub use envelope::{Envelope, EnvelopeError};
pub use error::{ApiError, log_error};
pub use format::{ErrorView, Format, WireFormat};
pub use grpc::GrpcCode;
pub use http_error::HttpError;
pub use limits::{Limits, Policy};
pub use problem::Problem;
pub use trace::{InvalidTraceId, TraceId};
pub use violation::{FieldViolation, Location};

#[cfg(feature = "derive")]
#[cfg_attr(docsrs, doc(cfg(feature = "derive")))]
#[doc = include_str!("derive_api_error.md")]
pub use apierror_derive::ApiError;
#[cfg(feature = "derive")]
#[cfg_attr(docsrs, doc(cfg(feature = "derive")))]
pub use apierror_derive::ErrorCodes;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

/// axum integration (feature `axum`).
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub use integrations::axum;

/// actix-web integration (feature `actix-web`).
#[cfg(feature = "actix-web")]
#[cfg_attr(docsrs, doc(cfg(feature = "actix-web")))]
pub use integrations::actix;

/// tonic integration (feature `tonic`).
#[cfg(feature = "tonic")]
#[cfg_attr(docsrs, doc(cfg(feature = "tonic")))]
pub use integrations::tonic;

/// aide integration (feature `aide`).
#[cfg(feature = "aide")]
#[cfg_attr(docsrs, doc(cfg(feature = "aide")))]
pub use integrations::aide;

/// utoipa integration (feature `utoipa`).
#[cfg(feature = "utoipa")]
#[cfg_attr(docsrs, doc(cfg(feature = "utoipa")))]
pub use integrations::utoipa;

//! The framework integrations, each behind its feature: `axum.rs` (`IntoResponse`,
//! `ErrorLayer`), `actix.rs` (`ResponseError`, `ErrorMiddleware`), `utoipa.rs`
//! (`IntoResponses`, `ToSchema`), `aide.rs` (`OperationOutput`, the `Problem`
//! schema). `shared.rs` holds what the axum layer and the actix-web middleware
//! share, `accept.rs` their content negotiation, `telemetry.rs` their OpenTelemetry
//! and `metrics` hooks, and `impls.rs` the macros through which the derive
//! implements the framework traits. `tonic/` holds the gRPC side:
//! `Status` with `google.rpc` details, a layer, a client reader.

mod impls;

#[cfg(any(feature = "axum", feature = "actix-web", feature = "tonic"))]
pub(crate) mod accept;
#[cfg(any(feature = "axum", feature = "actix-web", feature = "tonic"))]
mod shared;
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) use shared::with_context;
#[cfg(any(feature = "axum", feature = "actix-web", feature = "tonic"))]
pub(crate) mod telemetry;

#[cfg(feature = "actix-web")]
pub mod actix;
#[cfg(feature = "aide")]
pub mod aide;
#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "tonic")]
pub mod tonic;
#[cfg(feature = "utoipa")]
pub mod utoipa;

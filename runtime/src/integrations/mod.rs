//! The framework integrations, each behind its feature: `axum.rs` (`IntoResponse`,
//! `ErrorLayer`), `actix.rs` (`ResponseError`, `ErrorMiddleware`), `utoipa.rs`
//! (`IntoResponses`, `ToSchema`). `shared.rs` holds what the axum layer and the
//! actix-web middleware share, `accept.rs` their content negotiation, `telemetry.rs` their OpenTelemetry
//! and `metrics` hooks, and `impls.rs`
//! the macros through which the derive implements the framework traits.

mod impls;

#[cfg(any(feature = "axum", feature = "actix-web"))]
mod accept;
#[cfg(any(feature = "axum", feature = "actix-web"))]
mod shared;
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) mod telemetry;

#[cfg(feature = "actix-web")]
pub mod actix;
#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "utoipa")]
pub mod utoipa;

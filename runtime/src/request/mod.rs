//! Request errors: what the drop-in extractors answer when a request does not parse
//! into what a handler takes, shared by the axum and actix-web integrations, and
//! the conversions of `validator` and `garde` reports into violations.
//!
//! - [`FieldViolation::from_serde`](crate::FieldViolation::from_serde) turns a
//!   `serde_path_to_error` error into a violation that names the failing field
//!   (`items[2].qty`, pointer `#/items/2/qty`) and what went wrong, in serde's terms.
//! - [`Json`], [`Form`], [`Query`] and [`Path`] are used as the framework's own
//!   (`apierror::axum::Json` and `apierror::actix::Json` are this one type). Their
//!   rejections ([`JsonRejection`], [`FormRejection`], [`QueryRejection`],
//!   [`PathRejection`], [`ValidRejection`]) render in the service's shape, with the
//!   format and policy of the request's context (set by `ErrorLayer` or
//!   `ErrorMiddleware`), and a status from the canonical table:
//!
//! | failure | status | code | `errors` |
//! | --- | --- | --- | --- |
//! | a body that is not JSON | 400 | `invalid_request` | none; `detail` has the line and column |
//! | a body of the wrong shape | 422 | `validation_failed` | one, with a `pointer` |
//! | a query or path parameter of the wrong shape | 400 | `invalid_request` | one, with a `parameter` |
//! | a missing or wrong `Content-Type` | 415 | `unsupported_media_type` | none |
//! | a body over the size limit | 413 | `payload_too_large` | none |
//! | a body that fails validation (`Valid`, `Garde`) | 422 | `validation_failed` | every violation, with pointers |
//! | parameters that fail validation | 400 | `invalid_request` | every violation, with parameters |
//!
//! With the `utoipa` feature each rejection is `utoipa::IntoResponses`, documenting
//! the statuses it can answer with, so `responses(AccountError, JsonRejection)`
//! declares them on an operation, and [`RequestErrors`] (a `utoipa::Modify`)
//! declares them on every operation of a finished document. With the `aide` feature
//! (and `axum`) the extractors are `aide::OperationInput`: a handler that takes them
//! documents their rejections in an aide document by itself (see `apierror::aide`).

// These docs and the extractors' name items of several features (the frameworks',
// `utoipa`'s, `validator`'s, `garde`'s): in a build without one of them those links
// have nothing to point at. docs.rs documents the crate with every feature on.
#![cfg_attr(
    not(all(
        feature = "axum",
        feature = "actix-web",
        feature = "utoipa",
        feature = "validator",
        feature = "garde"
    )),
    allow(rustdoc::broken_intra_doc_links)
)]

#[cfg(any(feature = "axum", feature = "actix-web"))]
mod extract;
#[cfg(any(feature = "axum", feature = "actix-web"))]
mod rejection;
#[cfg(any(feature = "axum", feature = "actix-web"))]
mod serde;
#[cfg(feature = "axum")]
mod text;
#[cfg(any(feature = "validator", feature = "garde"))]
mod validate;

#[cfg(feature = "actix-web")]
mod actix;
#[cfg(all(feature = "aide", feature = "axum"))]
mod aide;
#[cfg(feature = "axum")]
mod axum;
#[cfg(feature = "utoipa")]
mod utoipa;

#[cfg(all(feature = "garde", any(feature = "axum", feature = "actix-web")))]
pub use extract::Garde;
#[cfg(all(feature = "validator", any(feature = "axum", feature = "actix-web")))]
pub use extract::Valid;
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub use extract::{Extracted, Form, Json, Path, Query};
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub use rejection::{FormRejection, JsonRejection, PathRejection, QueryRejection, ValidRejection};
#[cfg(feature = "utoipa")]
pub use utoipa::{FrameworkRequestErrors, RequestErrors};
#[cfg(feature = "garde")]
pub use validate::garde_violations;
#[cfg(feature = "validator")]
pub use validate::validator_violations;

#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) use rejection::RequestError;
#[cfg(feature = "axum")]
pub(crate) use text::axum_rejection_violation;

/// Whether a `Content-Type` names JSON: `application/json` or `application/*+json`,
/// parameters aside. (actix-web's `Json` takes the app's `JsonConfig` instead.)
#[cfg(feature = "axum")]
fn is_json(content_type: Option<&[u8]>) -> bool {
    media_type(content_type).is_some_and(|essence| {
        let essence = essence.to_ascii_lowercase();
        essence == "application/json"
            || essence.starts_with("application/") && essence.ends_with("+json")
    })
}

/// Whether a `Content-Type` names a URL-encoded form.
#[cfg(any(feature = "axum", feature = "actix-web"))]
fn is_form(content_type: Option<&[u8]>) -> bool {
    media_type(content_type)
        .is_some_and(|essence| essence.eq_ignore_ascii_case("application/x-www-form-urlencoded"))
}

/// The media type of a `Content-Type`, without its parameters.
#[cfg(any(feature = "axum", feature = "actix-web"))]
fn media_type(content_type: Option<&[u8]>) -> Option<&str> {
    let value = std::str::from_utf8(content_type?).ok()?;
    Some(value.split(';').next().unwrap_or_default().trim())
}

/// The 415 of a body whose `Content-Type` is not `expected`.
#[cfg(any(feature = "axum", feature = "actix-web"))]
fn unsupported_media_type(expected: &str) -> RequestError {
    RequestError::new(
        http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
        format!("Expected a request body with `Content-Type: {expected}`."),
    )
}

/// The rejection of a body that could not be read: 413 over the limit, 400
/// otherwise, with the framework's text.
#[cfg(any(feature = "axum", feature = "actix-web"))]
fn unreadable_body(status: u16, text: impl std::fmt::Display) -> RequestError {
    match status {
        413 => RequestError::new(
            http::StatusCode::PAYLOAD_TOO_LARGE,
            "The request body is over the size limit.",
        ),
        _ => RequestError::new(
            http::StatusCode::BAD_REQUEST,
            format!("The request body could not be read: {text}."),
        ),
    }
}

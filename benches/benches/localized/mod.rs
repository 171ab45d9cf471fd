//! The localization benchmark's errors (issue 16): one variant with an interpolated
//! message, once with its text in a `message` template and once from Fluent files
//! (`benches/locales/`), rendered in the same format with the same trace id.
#![allow(dead_code)]

use apierror::{ApiError, Context, TraceId};
use bytes::Bytes;
use http::Response;

use crate::common::TRACE_ID;

/// Unlocalized: the message is a template.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
pub enum Plain {
    #[error("account {id} not found")]
    #[api(
        code = "account_not_found",
        status = 404,
        title = "Account not found",
        message = "Account {id} was not found."
    )]
    NotFound { id: u64 },
}

/// Localized: title and detail from `benches/locales/{en,de}/errors.ftl`.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(
    type_base = "https://errors.example.com/",
    locales = "locales",
    default_locale = "en"
)]
pub enum Localized {
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404, title = "Account not found")]
    NotFound { id: u64 },
}

/// The `Accept-Language` of the measured negotiated requests.
pub const ACCEPT_LANGUAGE: &str = "de-CH, de;q=0.9, en;q=0.5";

/// The contexts measured: unlocalized; the default locale; `with_locale("de")`; the
/// header a layer passes on.
pub fn contexts() -> [(&'static str, Context); 4] {
    let base =
        || Context::default().with_trace_id(TraceId::parse(TRACE_ID).expect("a valid trace id"));
    let header = http::HeaderValue::from_static(ACCEPT_LANGUAGE);
    [
        ("unlocalized", base()),
        ("default-locale", base()),
        ("with-locale-de", base().with_locale("de")),
        (
            "accept-language-de",
            base().with_accept_language(Some(header)),
        ),
    ]
}

/// The response of the case `name` (one of [`contexts`]).
pub fn response(name: &str, ctx: &Context) -> Response<Bytes> {
    match name {
        "unlocalized" => Plain::NotFound { id: 7 }.to_response(ctx),
        _ => Localized::NotFound { id: 7 }.to_response(ctx),
    }
}

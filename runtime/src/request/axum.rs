//! The drop-in extractors under axum: `FromRequest`/`FromRequestParts` for
//! [`Json`], [`Form`], [`Query`], [`Path`] and the validating extractors, and
//! `IntoResponse` for a `Json` response.

use ::axum::extract::rejection::{BytesRejection, PathRejection as AxumPathRejection};
use ::axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use ::axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderValue};
use http::request::Parts;
use http::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::serde::{BodyKind, invalid, parse_json, parse_urlencoded};
use super::{
    Form, FormRejection, Json, JsonRejection, Path, PathRejection, Query, QueryRejection,
    RequestError, is_form, is_json, unreadable_body, unsupported_media_type,
};
use crate::{FieldViolation, HttpError};

fn content_type(headers: &http::HeaderMap) -> Option<&[u8]> {
    headers.get(CONTENT_TYPE).map(HeaderValue::as_bytes)
}

/// The body, read under axum's `DefaultBodyLimit`.
async fn body<S: Send + Sync>(request: Request, state: &S) -> Result<Bytes, RequestError> {
    Bytes::from_request(request, state)
        .await
        .map_err(|rejection: BytesRejection| {
            unreadable_body(rejection.status().as_u16(), rejection.body_text())
        })
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = JsonRejection;

    async fn from_request(request: Request, state: &S) -> Result<Json<T>, JsonRejection> {
        if !is_json(content_type(request.headers())) {
            return Err(unsupported_media_type("application/json").into());
        }
        let bytes = body(request, state).await?;
        Ok(Json(parse_json(&bytes)?))
    }
}

/// A JSON response, `Content-Type: application/json`. A value that fails to
/// serialize answers an opaque 500, its error only logged.
impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        match serde_json::to_vec(&self.0) {
            Ok(body) => {
                let json = HeaderValue::from_static("application/json");
                ([(CONTENT_TYPE, json)], body).into_response()
            }
            Err(error) => {
                let error = HttpError::internal().with_message(error.to_string());
                crate::integrations::axum::generated::into_response(&error)
            }
        }
    }
}

/// A URL-encoded response, `Content-Type: application/x-www-form-urlencoded`. A
/// value that fails to serialize answers an opaque 500, its error only logged.
impl<T: Serialize> IntoResponse for Form<T> {
    fn into_response(self) -> Response {
        match serde_urlencoded::to_string(&self.0) {
            Ok(body) => {
                let form = HeaderValue::from_static("application/x-www-form-urlencoded");
                ([(CONTENT_TYPE, form)], body).into_response()
            }
            Err(error) => {
                let error = HttpError::internal().with_message(error.to_string());
                crate::integrations::axum::generated::into_response(&error)
            }
        }
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = FormRejection;

    async fn from_request(request: Request, state: &S) -> Result<Form<T>, FormRejection> {
        if matches!(*request.method(), Method::GET | Method::HEAD) {
            let query = request.uri().query().unwrap_or_default().as_bytes();
            return Ok(Form(parse_urlencoded(query, BodyKind::Query)?));
        }
        if !is_form(content_type(request.headers())) {
            let expected = "application/x-www-form-urlencoded";
            return Err(unsupported_media_type(expected).into());
        }
        let bytes = body(request, state).await?;
        Ok(Form(parse_urlencoded(&bytes, BodyKind::Form)?))
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = QueryRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Query<T>, QueryRejection> {
        let query = parts.uri.query().unwrap_or_default().as_bytes();
        Ok(Query(parse_urlencoded(query, BodyKind::Query)?))
    }
}

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = PathRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Path<T>, PathRejection> {
        match ::axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(::axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => {
                let names = match RawPathParams::from_request_parts(parts, state).await {
                    Ok(params) => params.iter().map(|(name, _)| name.to_owned()).collect(),
                    Err(_) => Vec::new(),
                };
                Err(path_error(&rejection, &names).into())
            }
        }
    }
}

/// axum's path rejection located: the parameter it names, or, for a value it
/// names by position, the route's parameter at that position. A route whose
/// parameters do not fit the type at all is a 500, as axum answers.
fn path_error(rejection: &AxumPathRejection, names: &[String]) -> RequestError {
    use ::axum::extract::path::ErrorKind;

    let status = rejection.status();
    if status.is_server_error() {
        return RequestError::new(status, rejection.body_text());
    }
    let AxumPathRejection::FailedToDeserializePathParams(error) = rejection else {
        return RequestError::new(StatusCode::BAD_REQUEST, rejection.body_text());
    };
    let kind = error.kind();
    let name = match kind {
        ErrorKind::ParseErrorAtKey { key, .. }
        | ErrorKind::DeserializeError { key, .. }
        | ErrorKind::InvalidUtf8InPathParam { key } => Some(key.as_str()),
        ErrorKind::ParseErrorAtIndex { index, .. } => names.get(*index).map(String::as_str),
        ErrorKind::ParseError { .. } if names.len() == 1 => names.first().map(String::as_str),
        _ => None,
    };
    match name {
        Some(name) => {
            let violation = FieldViolation::parameter(name.to_owned(), kind.to_string());
            invalid(BodyKind::Path, violation.with_code("invalid_value"))
        }
        None => RequestError::new(
            StatusCode::BAD_REQUEST,
            format!("The path is invalid: {kind}."),
        ),
    }
}

/// A validating extractor under axum: the inner extractor (from the request or
/// from its parts), then `check`.
macro_rules! validating {
    ($feature:literal, $name:ident, $check:path, $($bound:tt)+) => {
        #[cfg(feature = $feature)]
        impl<E, S> FromRequest<S> for crate::request::$name<E>
        where
            E: FromRequest<S> + crate::request::Extracted,
            E::Value: $($bound)+,
            E::Rejection: Into<crate::request::ValidRejection>,
            S: Send + Sync,
        {
            type Rejection = crate::request::ValidRejection;

            async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
                let extracted = E::from_request(request, state).await.map_err(Into::into)?;
                $check(&extracted)?;
                Ok(crate::request::$name(extracted))
            }
        }

        #[cfg(feature = $feature)]
        impl<E, S> FromRequestParts<S> for crate::request::$name<E>
        where
            E: FromRequestParts<S> + crate::request::Extracted,
            E::Value: $($bound)+,
            E::Rejection: Into<crate::request::ValidRejection>,
            S: Send + Sync,
        {
            type Rejection = crate::request::ValidRejection;

            async fn from_request_parts(
                parts: &mut Parts,
                state: &S,
            ) -> Result<Self, Self::Rejection> {
                let extracted = E::from_request_parts(parts, state)
                    .await
                    .map_err(Into::into)?;
                $check(&extracted)?;
                Ok(crate::request::$name(extracted))
            }
        }
    };
}

validating!(
    "validator",
    Valid,
    crate::request::validate::check_validator,
    validator::Validate
);
validating!("garde", Garde, crate::request::validate::check_garde, garde::Validate<Context: Default>);

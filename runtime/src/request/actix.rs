//! The drop-in extractors under actix-web: `FromRequest` for [`Json`], [`Form`],
//! [`Query`], [`Path`] and the validating extractors, and `Responder` for a `Json`
//! response.

use std::future::{Future, Ready, ready};
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{FromRequest, HttpRequest, HttpResponse, Responder};
use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::serde::{BodyKind, invalid, not_json, parse_json, parse_urlencoded};
use super::{
    Form, FormRejection, Json, JsonRejection, Path, PathRejection, Query, QueryRejection,
    RequestError, is_form, unreadable_body, unsupported_media_type,
};
use crate::{FieldViolation, HttpError};

/// The future of an extractor that reads the body.
type BodyFuture<T, E> = Pin<Box<dyn Future<Output = Result<T, E>>>>;

fn content_type(request: &HttpRequest) -> Option<&[u8]> {
    request
        .headers()
        .get(CONTENT_TYPE)
        .map(|value| value.as_bytes())
}

/// The body, read under actix-web's `PayloadConfig` limit, if `accepted`; the 415
/// for `expected` otherwise.
fn body(
    request: &HttpRequest,
    payload: &mut Payload,
    accepted: bool,
    expected: &'static str,
) -> impl Future<Output = Result<Bytes, RequestError>> + 'static {
    let bytes = Bytes::from_request(request, payload);
    async move {
        if !accepted {
            return Err(unsupported_media_type(expected));
        }
        bytes.await.map_err(|error| {
            let status = error.as_response_error().status_code().as_u16();
            unreadable_body(status, error)
        })
    }
}

/// Read as actix-web's own `web::Json` reads the body, so that the app's `JsonConfig`
/// (its limit, 2 MiB by default, and its content types) applies as it does there:
/// the body is taken as raw JSON, then deserialized here, with the failing field
/// located.
impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = JsonRejection;
    type Future = BodyFuture<Json<T>, JsonRejection>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let raw = actix_web::web::Json::<Box<RawValue>>::from_request(request, payload);
        Box::pin(async move {
            let raw = raw.await.map_err(unread_json)?;
            Ok(Json(parse_json(raw.get().as_bytes())?))
        })
    }
}

/// Why actix-web's JSON reader gave no body: the wrong content type (415), a body
/// over `JsonConfig`'s limit (413), text that is not JSON (400, with its line and
/// column), or a body that could not be read. An app's own `JsonConfig` error
/// handler may have made it another error: its status is kept.
fn unread_json(error: actix_web::Error) -> RequestError {
    use actix_web::error::JsonPayloadError;

    match error.as_error::<JsonPayloadError>() {
        Some(JsonPayloadError::ContentType) => unsupported_media_type("application/json"),
        Some(JsonPayloadError::Deserialize(error)) => not_json(error),
        _ => {
            let status = error.as_response_error().status_code().as_u16();
            unreadable_body(status, error)
        }
    }
}

/// A JSON response, `Content-Type: application/json`. A value that fails to
/// serialize answers an opaque 500, its error only logged.
impl<T: Serialize> Responder for Json<T> {
    type Body = actix_web::body::BoxBody;

    fn respond_to(self, _request: &HttpRequest) -> HttpResponse {
        match serde_json::to_vec(&self.0) {
            Ok(body) => HttpResponse::Ok()
                .content_type("application/json")
                .body(body),
            Err(error) => {
                let error = HttpError::internal().with_message(error.to_string());
                crate::integrations::actix::generated::error_response(&error)
            }
        }
    }
}

/// A URL-encoded response, `Content-Type: application/x-www-form-urlencoded`. A
/// value that fails to serialize answers an opaque 500, its error only logged.
impl<T: Serialize> Responder for Form<T> {
    type Body = actix_web::body::BoxBody;

    fn respond_to(self, _request: &HttpRequest) -> HttpResponse {
        match serde_urlencoded::to_string(&self.0) {
            Ok(body) => HttpResponse::Ok()
                .content_type("application/x-www-form-urlencoded")
                .body(body),
            Err(error) => {
                let error = HttpError::internal().with_message(error.to_string());
                crate::integrations::actix::generated::error_response(&error)
            }
        }
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Form<T> {
    type Error = FormRejection;
    type Future = BodyFuture<Form<T>, FormRejection>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        use actix_web::http::Method;

        if matches!(*request.method(), Method::GET | Method::HEAD) {
            let query = parse_urlencoded(request.query_string().as_bytes(), BodyKind::Query);
            return Box::pin(ready(query.map(Form).map_err(Into::into)));
        }
        let accepted = is_form(content_type(request));
        let bytes = body(
            request,
            payload,
            accepted,
            "application/x-www-form-urlencoded",
        );
        Box::pin(async move { Ok(Form(parse_urlencoded(&bytes.await?, BodyKind::Form)?)) })
    }
}

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = QueryRejection;
    type Future = Ready<Result<Query<T>, QueryRejection>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let query = parse_urlencoded(request.query_string().as_bytes(), BodyKind::Query);
        ready(query.map(Query).map_err(Into::into))
    }
}

impl<T: DeserializeOwned> FromRequest for Path<T> {
    type Error = PathRejection;
    type Future = Ready<Result<Path<T>, PathRejection>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let extracted = actix_web::web::Path::<T>::extract(request).into_inner();
        ready(match extracted {
            Ok(path) => Ok(Path(path.into_inner())),
            Err(error) => Err(path_error::<T>(request, &error.to_string()).into()),
        })
    }
}

/// actix-web's path error located. actix-web's message does not name the
/// parameter, so the parameters are read again as a form of names and values, which
/// names it for a struct; a route with one parameter names it whatever the type.
fn path_error<T: DeserializeOwned>(request: &HttpRequest, text: &str) -> RequestError {
    let params: Vec<(&str, &str)> = request.match_info().iter().collect();
    let form = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&params)
        .finish();
    if let Err(error) = parse_urlencoded::<T>(form.as_bytes(), BodyKind::Path)
        && error
            .violations()
            .iter()
            .any(|violation| !violation.field().is_empty())
    {
        return error;
    }
    match params.as_slice() {
        [(name, _)] => {
            let violation = FieldViolation::parameter((*name).to_owned(), text.to_owned());
            invalid(BodyKind::Path, violation.with_code("invalid_value"))
        }
        _ => RequestError::new(
            http::StatusCode::BAD_REQUEST,
            format!("The path is invalid: {text}."),
        ),
    }
}

/// A validating extractor under actix-web: the inner extractor, then `check`.
macro_rules! validating {
    ($feature:literal, $name:ident, $check:path, $($bound:tt)+) => {
        #[cfg(feature = $feature)]
        impl<E> FromRequest for crate::request::$name<E>
        where
            E: FromRequest + crate::request::Extracted + 'static,
            E::Value: $($bound)+,
            E::Error: Into<crate::request::ValidRejection>,
        {
            type Error = crate::request::ValidRejection;
            type Future = BodyFuture<Self, Self::Error>;

            fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
                let extracted = E::from_request(request, payload);
                Box::pin(async move {
                    let extracted = extracted.await.map_err(Into::into)?;
                    $check(&extracted)?;
                    Ok(crate::request::$name(extracted))
                })
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

//! `#[api(skip_impl(...))]`: with every integration feature on (this crate's
//! dev-dependencies turn them on), a type that skips an integration's impl can write
//! its own beside the derive, and that one is what the framework uses. The
//! integrations it does not name keep the derived impls.

use std::collections::BTreeMap;

use apierror::ApiError;

/// Answers axum with its own response; actix-web and utoipa keep the derived impls.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(skip_impl(axum))]
enum AxumOwn {
    #[error("busy")]
    #[api(code = "busy", status = 503)]
    Busy,
}

impl axum::response::IntoResponse for AxumOwn {
    fn into_response(self) -> axum::response::Response {
        (http::StatusCode::IM_A_TEAPOT, "own axum response").into_response()
    }
}

/// Answers actix-web with its own response.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(skip_impl(actix_web))]
enum ActixOwn {
    #[error("busy")]
    #[api(code = "busy", status = 503)]
    Busy,
}

impl actix_web::ResponseError for ActixOwn {
    fn status_code(&self) -> actix_web::http::StatusCode {
        actix_web::http::StatusCode::IM_A_TEAPOT
    }

    fn error_response(&self) -> actix_web::HttpResponse {
        actix_web::HttpResponse::build(self.status_code()).body("own actix response")
    }
}

/// Documents its own responses in utoipa; a struct takes `skip_impl` too.
#[derive(Debug, thiserror::Error, ApiError)]
#[error("busy")]
#[api(code = "busy", status = 503, skip_impl(utoipa))]
struct UtoipaOwn;

impl utoipa::IntoResponses for UtoipaOwn {
    fn responses() -> BTreeMap<String, utoipa::openapi::RefOr<utoipa::openapi::response::Response>>
    {
        let response = utoipa::openapi::ResponseBuilder::new()
            .description("own utoipa response")
            .build();
        BTreeMap::from([("418".to_owned(), response.into())])
    }
}

/// Skips all three: only `ApiError` itself is derived.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(skip_impl(axum, actix_web, utoipa))]
enum AllOwn {
    #[error("not found")]
    #[api(code = "not_found", status = 404)]
    NotFound,
}

impl axum::response::IntoResponse for AllOwn {
    fn into_response(self) -> axum::response::Response {
        (http::StatusCode::GONE, "all own").into_response()
    }
}

#[tokio::test]
async fn skip_impl_axum_uses_the_hand_written_into_response() {
    use axum::response::IntoResponse;

    let response = AxumOwn::Busy.into_response();
    assert_eq!(response.status(), 418);
    let body = axum::body::to_bytes(response.into_body(), 1024)
        .await
        .unwrap();
    assert_eq!(&body[..], b"own axum response");
    // The derive itself is untouched.
    assert_eq!(AxumOwn::Busy.status(), 503);
    let response = AllOwn::NotFound.into_response();
    assert_eq!(response.status(), 410);
}

#[tokio::test]
async fn skip_impl_axum_keeps_the_other_integrations() {
    let response = actix_web::ResponseError::error_response(&AxumOwn::Busy);
    assert_eq!(response.status(), 503);
    let responses = <AxumOwn as utoipa::IntoResponses>::responses();
    assert_eq!(responses.keys().collect::<Vec<_>>(), ["503"]);
}

#[tokio::test]
async fn skip_impl_actix_web_uses_the_hand_written_response_error() {
    let response = actix_web::ResponseError::error_response(&ActixOwn::Busy);
    assert_eq!(response.status(), 418);
    let body = actix_web::body::to_bytes(response.into_body())
        .await
        .unwrap();
    assert_eq!(&body[..], b"own actix response");
    // axum keeps the derived impl: the problem document, with the derived status.
    let response = axum::response::IntoResponse::into_response(ActixOwn::Busy);
    assert_eq!(response.status(), 503);
}

#[test]
fn skip_impl_utoipa_uses_the_hand_written_into_responses() {
    let responses = <UtoipaOwn as utoipa::IntoResponses>::responses();
    assert_eq!(responses.keys().collect::<Vec<_>>(), ["418"]);
    let json = serde_json::to_value(&responses["418"]).unwrap();
    assert_eq!(json["description"], "own utoipa response");
    assert_eq!(UtoipaOwn.code(), "busy");
}

/// Answers gRPC with its own `Status`; the HTTP integrations keep the derived impls.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(skip_impl(tonic))]
enum TonicOwn {
    #[error("busy")]
    #[api(code = "busy", status = 503)]
    Busy,
}

impl From<TonicOwn> for tonic::Status {
    fn from(_: TonicOwn) -> tonic::Status {
        tonic::Status::aborted("own status")
    }
}

#[test]
fn skip_impl_tonic_uses_the_hand_written_from() {
    let status = tonic::Status::from(TonicOwn::Busy);
    assert_eq!(status.code(), tonic::Code::Aborted);
    assert_eq!(status.message(), "own status");
    // The derived `ToStatus` is still there for those who want it.
    let derived = apierror::tonic::ToStatus::to_status(&TonicOwn::Busy, &Default::default());
    assert_eq!(derived.code(), tonic::Code::Unavailable);
}

/// Documents its own aide responses; the derived `OperationOutput` is left out.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(skip_impl(aide))]
enum AideOwn {
    #[error("busy")]
    #[api(code = "busy", status = 503)]
    Busy,
}

impl aide::OperationOutput for AideOwn {
    type Inner = Self;

    fn inferred_responses(
        _: &mut aide::generate::GenContext,
        _: &mut aide::openapi::Operation,
    ) -> Vec<(Option<u16>, aide::openapi::Response)> {
        let response = aide::openapi::Response {
            description: "own aide response".to_owned(),
            ..Default::default()
        };
        vec![(Some(418), response)]
    }
}

#[test]
fn skip_impl_aide_uses_the_hand_written_operation_output() {
    let mut operation = aide::openapi::Operation::default();
    let responses = aide::generate::in_context(|ctx| {
        <AideOwn as aide::OperationOutput>::inferred_responses(ctx, &mut operation)
    });
    assert_eq!(responses.len(), 1);
    assert_eq!(responses[0].0, Some(418));
    assert_eq!(responses[0].1.description, "own aide response");
    // utoipa keeps the derived impl.
    let derived = <AideOwn as utoipa::IntoResponses>::responses();
    assert!(derived.contains_key("503"));
    assert_eq!(AideOwn::Busy.code(), "busy");
}

//! The demo's OpenAPI document built with aide (`/openapi-aide.json`): the same
//! routes as [`docs`](crate::docs), documented from the handlers' types rather than
//! from annotations. The error responses come from the same place: each handler's
//! error type (`AccountError`, an `aide::OperationOutput` through the derive) and the
//! drop-in extractors it takes (`aide::OperationInput`, with their rejections).

use aide::axum::ApiRouter;
use aide::axum::routing::{get_with, post_with};
use aide::openapi::{Info, License, OpenApi, Server};
use aide::transform::TransformOperation;
use axum::Json;

use crate::accounts::{self, Account, Store};

/// The demo's OpenAPI document, as aide builds it from the routes' handlers.
pub fn openapi() -> serde_json::Value {
    let mut api = OpenApi {
        info: Info {
            title: "apierror demo: accounts API".to_owned(),
            version: "0.1.0".to_owned(),
            description: Some(
                "Every route with every error it can answer, from the same descriptors the errors render from."
                    .to_owned(),
            ),
            license: Some(License {
                name: "MIT OR Apache-2.0".to_owned(),
                identifier: Some("MIT OR Apache-2.0".to_owned()),
                ..License::default()
            }),
            ..Info::default()
        },
        servers: vec![Server {
            url: "http://127.0.0.1:8080".to_owned(),
            description: Some("cargo run -p demo".to_owned()),
            ..Server::default()
        }],
        // The demo has no authentication: every operation is open.
        security: vec![Default::default()],
        ..OpenApi::default()
    };
    let _router: axum::Router<Store> = routes().finish_api(&mut api);
    // aide keeps the schema of `GET /accounts`'s query struct, which the parameters
    // inline: no document refers to it.
    if let Some(components) = api.components.as_mut() {
        components.schemas.shift_remove("Page");
    }
    // The schemas the error responses refer to, and what the layer the demo is
    // served with answers: the 500 of a contained panic, and the request errors with
    // the registry's entries.
    apierror::aide::components(&mut api);
    apierror::aide::error_layer_with(&mut api, &crate::layer());
    // A document aide built from types always serializes.
    serde_json::to_value(&api).unwrap_or_default()
}

/// The documented routes, as `app_with` serves them.
fn routes() -> ApiRouter<Store> {
    const ACCOUNT: Option<&str> = Some("The account's id");
    ApiRouter::new()
        .api_route(
            "/accounts",
            get_with(accounts::list, named("list", "`GET /accounts`", None)).post_with(
                accounts::create,
                |op| {
                    let summary = "`POST /accounts`: validates every field and reports all violations at once.";
                    op.with(named("create", summary, None))
                        .response_with::<201, Json<Account>, _>(|response| {
                            // Its handler's type, a tuple, does not say so.
                            response.description("The new account")
                        })
                },
            ),
        )
        .api_route(
            "/accounts/{id}",
            get_with(accounts::get, named("get", "`GET /accounts/{id}`", ACCOUNT)),
        )
        .api_route(
            "/accounts/{id}/transfers",
            post_with(
                accounts::transfer,
                named("transfer", "`POST /accounts/{id}/transfers`", Some("The paying account's id")),
            ),
        )
        .api_route(
            "/accounts/{id}/export",
            post_with(
                accounts::export,
                named("export", "`POST /accounts/{id}/export`: one export per account every 30 seconds.", ACCOUNT),
            ),
        )
        .api_route(
            "/accounts/{id}/invoices",
            get_with(accounts::invoices, |op| {
                let summary = "`GET /accounts/{id}/invoices`: billing is down, and says so in its own words.";
                op.with(named("invoices", summary, ACCOUNT))
                    .with(empty_list("The invoices"))
            }),
        )
        .api_route(
            "/reports",
            get_with(accounts::report, |op| {
                let summary = "`GET /reports`: the database fails; the client sees an opaque 500.";
                op.with(named("report", summary, None))
                    .with(empty_list("The report"))
            }),
        )
}

/// The operation id and summary utoipa takes from the handler's name and doc
/// comment, and the path parameter `id` with its description, if the route has one.
fn named(
    id: &'static str,
    summary: &'static str,
    path_id: Option<&'static str>,
) -> impl FnOnce(TransformOperation<'_>) -> TransformOperation<'_> {
    move |operation| {
        let operation = operation.id(id).summary(summary);
        match path_id {
            Some(description) => operation.with(id_parameter(description)),
            None => operation,
        }
    }
}

/// The 200 of a handler that answers `Json<Vec<()>>` (nothing yet), described as the
/// utoipa document describes it: schemars writes `()` as `{"type": "null"}`, which
/// OpenAPI 3.0 cannot say.
fn empty_list(
    description: &'static str,
) -> impl FnOnce(TransformOperation<'_>) -> TransformOperation<'_> {
    move |mut operation| {
        let responses = operation
            .inner_mut()
            .responses
            .get_or_insert_with(Default::default);
        let ok = aide::openapi::Response {
            description: description.to_owned(),
            ..aide::openapi::Response::default()
        };
        responses.responses.insert(
            aide::openapi::StatusCode::Code(200),
            aide::openapi::ReferenceOr::Item(ok),
        );
        operation
    }
}

/// Describes the path parameter `id`, which `Path<u64>` documents by position only.
fn id_parameter(
    description: &'static str,
) -> impl FnOnce(TransformOperation<'_>) -> TransformOperation<'_> {
    move |mut operation| {
        let parameter = aide::openapi::Parameter::Path {
            parameter_data: aide::openapi::ParameterData {
                name: "id".to_owned(),
                description: Some(description.to_owned()),
                required: true,
                format: aide::openapi::ParameterSchemaOrContent::Schema(
                    aide::openapi::SchemaObject {
                        json_schema: schemars::json_schema!({ "type": "integer", "format": "uint64", "minimum": 0 }),
                        example: None,
                        external_docs: None,
                    },
                ),
                extensions: Default::default(),
                deprecated: None,
                example: None,
                examples: Default::default(),
                explode: None,
            },
            style: aide::openapi::PathStyle::Simple,
        };
        operation
            .inner_mut()
            .parameters
            .push(aide::openapi::ReferenceOr::Item(parameter));
        operation
    }
}

/// `GET /openapi-aide.json`
pub async fn openapi_json() -> Json<serde_json::Value> {
    Json(openapi())
}

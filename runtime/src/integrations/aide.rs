//! aide integration (feature `aide`, aide 0.15).
//!
//! - A type with `#[derive(ApiError)]` implements `aide::OperationOutput`, so a
//!   handler returning `Result<Json<T>, AccountError>` documents, beside its success,
//!   one response per status the error can answer with: the same responses
//!   [`openapi::responses`] writes (every code under its
//!   status with a named example, `X-Trace-Id` and the `#[api(header)]` headers),
//!   converted from that very JSON so the two cannot differ.
//! - With `axum`, the drop-in extractors `apierror::axum::{Json, Query, Path, Form}`
//!   (and `Valid`, `Garde` around them) are `aide::OperationInput`: they document
//!   what aide's own documents for axum's (the body schema, the parameters) plus
//!   their rejections: `Json` and `Form` 400, 413, 415 and 422; `Query` and `Path`
//!   400. A handler that takes them documents its request errors by doing nothing.
//! - A status that several of them answer with (400 from `Path` and from the error
//!   type, say) is one response holding every code's example. Where a rejection's
//!   canonical example and the service's own share a code with different bodies, both
//!   are kept, the framework's as `validation_failed (framework)`.
//!
//! The responses refer to `#/components/schemas/Problem`. aide collects the schemas
//! its generator makes, not this crate's, so a document adds them with one line
//! after `finish_api`: [`components(&mut api)`](components). [`error_layer`] documents what the axum
//! `ErrorLayer` answers on every operation (a contained panic's 500); `error_layer_with`
//! does it for the layer the app is served with, whose `framework_codes` or
//! `framework_errors` give the request errors the service's entries.
#![cfg_attr(
    feature = "axum",
    doc = r##"
# Example

```
use aide::axum::ApiRouter;
use aide::axum::routing::get;
use aide::openapi::OpenApi;
use apierror::ApiError;
use apierror::axum::{Json, Path};

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
enum AccountError {
    /// The account does not exist or is not visible to the caller.
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404, title = "Account not found")]
    NotFound { id: u64 },
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct AccountPath { id: u64 }

async fn get_account(Path(path): Path<AccountPath>) -> Result<Json<String>, AccountError> {
    Err(AccountError::NotFound { id: path.id })
}

let mut api = OpenApi::default();
let _router: axum::Router = ApiRouter::new()
    .api_route("/accounts/{id}", get(get_account))
    .finish_api(&mut api);
apierror::aide::components(&mut api); // the schemas the error responses refer to

let document = serde_json::to_value(&api).unwrap();
let responses = &document["paths"]["/accounts/{id}"]["get"]["responses"];
let problem = &responses["404"]["content"]["application/problem+json"];
assert!(problem["examples"]["account_not_found"].is_object());
assert_eq!(problem["schema"]["allOf"][0]["$ref"], "#/components/schemas/Problem");
// The path parameter that does not parse: `Path`'s own rejection.
assert!(responses["400"]["content"]["application/problem+json"]["examples"]["invalid_request"].is_object());
assert!(document["components"]["schemas"]["Problem"].is_object());
```
"##
)]

use ::aide::openapi::{
    Example, MediaType, OpenApi, Operation, ReferenceOr, Response, SchemaObject, StatusCode,
};
use ::aide::util::iter_operations_mut;
use serde_json::Value;

use crate::http_error::{in_registry, rejection_descriptor};
use crate::openapi::{self, Options};
use crate::{ApiError, Context, ErrorDescriptor, HttpError};

/// What a derived type's `aide::OperationOutput::inferred_responses` returns: the
/// responses of [`openapi::responses::<E>()`](crate::openapi::responses) whose status
/// `operation` does not have yet, `(Some(status), response)`. The others are merged
/// into the operation's response for their status (their examples and headers added
/// to it), so that no code is lost where an extractor or another error type answers
/// with the same status.
///
/// ```
/// # #[derive(Debug, thiserror::Error, apierror::ApiError)]
/// # enum AccountError { #[error("gone")] #[api(code = "gone", status = 410)] Gone }
/// let mut operation = aide::openapi::Operation::default();
/// let responses = apierror::aide::inferred_responses::<AccountError>(&mut operation);
/// assert_eq!(responses[0].0, Some(410));
/// ```
pub fn inferred_responses<E: ApiError>(operation: &mut Operation) -> Vec<(Option<u16>, Response)> {
    new_or_merged(operation, openapi::responses::<E>())
}

/// Adds the responses of [`openapi::responses::<E>()`](crate::openapi::responses) to
/// `operation`, merged into the responses it already has for the same statuses: what
/// the drop-in extractors' `aide::OperationInput` does with their rejections.
pub fn add_responses<E: ApiError>(operation: &mut Operation) {
    add_all(operation, openapi::responses::<E>());
}

/// Adds the schemas the document's error responses refer to (`Problem`; `Envelope`
/// and `FieldViolation` for responses that document the envelope, see
/// [`Options::envelope`](crate::openapi::Options::envelope)), as
/// [`openapi::components()`] writes them, to the
/// document's components: the one line an aide document needs, as a utoipa one lists
/// `components(schemas(apierror::Problem))`. Call it after `finish_api`, which puts
/// the operations in the document; a schema no operation refers to is left out, so
/// that linters find no unused component.
///
/// ```
/// # #[derive(Debug, thiserror::Error, apierror::ApiError)]
/// # enum AccountError { #[error("gone")] #[api(code = "gone", status = 410)] Gone }
/// use aide::openapi::{OpenApi, Operation, PathItem, ReferenceOr};
///
/// let mut operation = Operation::default();
/// apierror::aide::add_responses::<AccountError>(&mut operation);
/// let item = PathItem { get: Some(operation), ..PathItem::default() };
/// let mut api = OpenApi::default();
/// api.paths.get_or_insert_with(Default::default).paths.insert("/accounts".into(), ReferenceOr::Item(item));
///
/// apierror::aide::components(&mut api);
/// let document = serde_json::to_value(&api).unwrap();
/// assert!(document["components"]["schemas"]["Problem"].is_object());
/// assert!(document["components"]["schemas"].get("Envelope").is_none());
/// ```
pub fn components(api: &mut OpenApi) {
    let Value::Object(schemas) = openapi::components()["schemas"].take() else {
        return;
    };
    let paths = serde_json::to_string(&api.paths).unwrap_or_default();
    let envelope = paths.contains(openapi::ENVELOPE_SCHEMA_REF);
    let components = api.components.get_or_insert_with(Default::default);
    for (name, schema) in schemas {
        let referred = match name.as_str() {
            "Problem" => paths.contains(openapi::PROBLEM_SCHEMA_REF),
            // The envelope's schema refers to the violation's.
            _ => envelope,
        };
        if let (true, Ok(json_schema)) = (referred, serde_json::from_value(schema)) {
            let schema = SchemaObject {
                json_schema,
                example: None,
                external_docs: None,
            };
            components.schemas.insert(name, schema);
        }
    }
}

/// Adds to every operation of a finished document what the axum `ErrorLayer`
/// answers on any route: 500 `internal_error`, for a handler that panicked (as
/// `apierror::utoipa::RequestErrors` does for a utoipa document). Merged into an
/// operation's 500 where it has one.
///
/// ```
/// let mut api = aide::openapi::OpenApi::default();
/// // ... `ApiRouter::finish_api(&mut api)` ...
/// apierror::aide::error_layer(&mut api);
/// ```
pub fn error_layer(api: &mut OpenApi) {
    document_layer(api, &Context::default());
}

/// [`error_layer`] for the very layer the app is served with: where `layer` was given
/// `.framework_codes::<C>()` or `.framework_errors::<E>()`, the 500 and every request
/// error the drop-in extractors documented (`invalid_request`, `validation_failed`,
/// ...) show the service's entry for their code, as `layer` answers them, instead of
/// the canonical `about:blank` ones.
///
/// ```
/// use apierror::axum::ErrorLayer;
///
/// #[derive(Clone, Copy, apierror::ErrorCodes)]
/// #[api(type_base = "https://errors.example.com/")]
/// enum Code {
///     #[api(status = 500, title = "Internal error")]
///     InternalError,
/// }
///
/// let layer = ErrorLayer::default().framework_codes::<Code>();
/// let mut api = aide::openapi::OpenApi::default();
/// // ... `ApiRouter::finish_api(&mut api)`, then the app served with `layer` ...
/// apierror::aide::error_layer_with(&mut api, &layer);
/// ```
#[cfg(feature = "axum")]
pub fn error_layer_with(api: &mut OpenApi, layer: &crate::axum::ErrorLayer) {
    document_layer(api, layer.framework_context());
}

/// Adds the layer's 500 to every operation and shows each framework error as a
/// layer with `ctx`'s registries answers it.
fn document_layer(api: &mut OpenApi, ctx: &Context) {
    let internal = [HttpError::internal().in_registry_of(ctx).descriptor()];
    let responses = openapi::responses_for(&internal, &Options::new());
    let answers: Vec<_> = framework_descriptors()
        .into_iter()
        .filter_map(|canonical| {
            let answered = in_registry(canonical, ctx);
            let differs = !std::ptr::eq(answered, canonical);
            differs.then(|| (example_of(canonical), example_of(answered)))
        })
        .filter_map(|(canonical, answered)| Some((canonical?, answered?)))
        .collect();
    let items = api
        .paths
        .iter_mut()
        .flat_map(|paths| paths.paths.values_mut());
    for item in items {
        if let ReferenceOr::Item(item) = item {
            for (_, operation) in iter_operations_mut(item) {
                add_all(operation, responses.clone());
                for (canonical, answered) in &answers {
                    show_as_answered(operation, canonical, answered);
                }
            }
        }
    }
}

/// The errors of the framework that documents show, as a default layer answers
/// them: the drop-in extractors' rejections and a contained panic's 500.
fn framework_descriptors() -> Vec<&'static ErrorDescriptor> {
    let rejections = [400, 413, 415, 422].map(rejection_descriptor);
    let mut descriptors = rejections.to_vec();
    descriptors.push(HttpError::internal().descriptor());
    descriptors
}

/// The problem document example [`openapi::responses_for`] writes for `descriptor`.
fn example_of(descriptor: &'static ErrorDescriptor) -> Option<ReferenceOr<Example>> {
    let responses = convert(openapi::responses_for(&[descriptor], &Options::new()));
    let (_, mut response) = responses.into_iter().next()?;
    let mut content = response
        .content
        .shift_remove(crate::constants::PROBLEM_JSON)?;
    content.examples.shift_remove(descriptor.code())
}

/// Replaces in `operation` each example showing `canonical`'s body with `answered`,
/// and drops a `code (framework)` example left showing what its plain name shows.
fn show_as_answered(
    operation: &mut Operation,
    canonical: &ReferenceOr<Example>,
    answered: &ReferenceOr<Example>,
) {
    let responses = operation.responses.iter_mut();
    let responses = responses.flat_map(|responses| responses.responses.values_mut());
    for response in responses {
        let ReferenceOr::Item(response) = response else {
            continue;
        };
        for content in response.content.values_mut() {
            for example in content.examples.values_mut() {
                if same_body(example, canonical) {
                    example.clone_from(answered);
                }
            }
            let examples = &content.examples;
            let repeated: Vec<String> = examples
                .iter()
                .filter_map(|(name, example)| {
                    let plain = name.strip_suffix(openapi::FRAMEWORK_EXAMPLE_SUFFIX)?;
                    let shown = examples.get(plain)?;
                    same_body(shown, example).then(|| name.clone())
                })
                .collect();
            for name in repeated {
                content.examples.shift_remove(&name);
            }
        }
    }
}

/// Adds every response of `responses` (a Responses object written by
/// [`crate::openapi`]) to `operation`.
fn add_all(operation: &mut Operation, responses: Value) {
    let new = new_or_merged(operation, responses);
    let existing = operation.responses.get_or_insert_with(Default::default);
    for (status, response) in new {
        if let Some(status) = status {
            existing
                .responses
                .insert(StatusCode::Code(status), ReferenceOr::Item(response));
        }
    }
}

/// Merges each response of `responses` into `operation`'s response for the same
/// status, and returns those whose status it does not have.
fn new_or_merged(operation: &mut Operation, responses: Value) -> Vec<(Option<u16>, Response)> {
    let mut new = Vec::new();
    for (status, response) in convert(responses) {
        let existing = operation
            .responses
            .as_mut()
            .and_then(|responses| responses.responses.get_mut(&StatusCode::Code(status)));
        match existing {
            Some(ReferenceOr::Item(existing)) => merge(existing, response),
            // A response given as a `$ref` is the document author's: left as it is.
            Some(_) => {}
            None => new.push((Some(status), response)),
        }
    }
    new
}

/// aide's types for a Responses object written by [`crate::openapi`], with their
/// statuses.
fn convert(responses: Value) -> Vec<(u16, Response)> {
    let Value::Object(responses) = responses else {
        return Vec::new();
    };
    responses
        .into_iter()
        .filter_map(|(status, response)| {
            let status = status.parse().ok()?;
            // The JSON is this crate's own; the tests prove it converts without
            // loss. Should it ever not, keep the response rather than lose it.
            let fallback = Response {
                description: response["description"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                ..Response::default()
            };
            Some((status, serde_json::from_value(response).unwrap_or(fallback)))
        })
        .collect()
}

/// Adds to `existing` the headers, media types and examples of `added` it lacks,
/// and appends `added`'s `x-error-codes` entries it does not list.
fn merge(existing: &mut Response, added: Response) {
    for (name, header) in added.headers {
        existing.headers.entry(name).or_insert(header);
    }
    for (media_type, content) in added.content {
        match existing.content.get_mut(&media_type) {
            Some(existing) => merge_examples(existing, content),
            None => {
                existing.content.insert(media_type, content);
            }
        }
    }
    if let Some(Value::Array(added)) = added.extensions.get(openapi::ERROR_CODES_EXTENSION) {
        let codes = existing
            .extensions
            .entry(openapi::ERROR_CODES_EXTENSION.to_owned())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(codes) = codes {
            for entry in added {
                if !codes.contains(entry) {
                    codes.push(entry.clone());
                }
            }
        }
    }
}

/// The examples of `added` that `existing` lacks, added to it; an `existing`
/// without a schema takes `added`'s. Where one name holds two bodies and one of them
/// is the framework's canonical error (an extractor's `validation_failed` beside the
/// service's), both are kept, the framework's as `validation_failed (framework)`: a
/// client may get either. Two of the service's own keep the first (the catalog's
/// check reports such a conflict).
fn merge_examples(existing: &mut MediaType, added: MediaType) {
    for (name, example) in added.examples {
        let Some(own) = existing.examples.get(&name) else {
            existing.examples.insert(name, example);
            continue;
        };
        if same_body(own, &example) {
            continue;
        }
        let framework = format!("{name}{}", openapi::FRAMEWORK_EXAMPLE_SUFFIX);
        if is_canonical(&example) {
            existing.examples.entry(framework).or_insert(example);
        } else if is_canonical(own) {
            let own = existing.examples.insert(name, example);
            existing.examples.extend(own.map(|own| (framework, own)));
        }
    }
    if existing.schema.is_none() {
        existing.schema = added.schema;
    }
}

/// Whether two examples show the same body (their summaries and descriptions, a
/// variant's or a registry entry's docs, may differ).
fn same_body(one: &ReferenceOr<Example>, other: &ReferenceOr<Example>) -> bool {
    match (one, other) {
        (ReferenceOr::Item(one), ReferenceOr::Item(other)) => one.value == other.value,
        _ => false,
    }
}

/// Whether `example` shows one of the framework's canonical errors.
fn is_canonical(example: &ReferenceOr<Example>) -> bool {
    framework_descriptors()
        .into_iter()
        .filter_map(example_of)
        .any(|canonical| same_body(&canonical, example))
}

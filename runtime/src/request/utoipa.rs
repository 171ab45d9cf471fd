//! [`RequestErrors`]: a `utoipa::Modify` that documents, on every operation of a
//! finished OpenAPI document, the request errors the integrations answer with.

use ::utoipa::Modify;
use ::utoipa::openapi::example::Example;
use ::utoipa::openapi::path::{Operation, ParameterIn, PathItem};
use ::utoipa::openapi::{Content, OpenApi, RefOr, Response};

use crate::http_error::{in_registry, rejection_descriptor};
use crate::openapi::{self, Options};
use crate::{ApiError, Context, ErrorCodes, ErrorDescriptor, HttpError};

/// A `utoipa::Modify` that adds to every operation of an OpenAPI document the
/// errors the request itself can answer with before (or around) the handler, as the
/// drop-in extractors and the `ErrorLayer` / `ErrorMiddleware` answer them:
///
/// - an operation with path or query parameters: 400 `invalid_request`;
/// - an operation with a request body: 400 `invalid_request`, 413
///   `payload_too_large`, 415 `unsupported_media_type`, 422 `validation_failed`;
/// - every operation: 500 `internal_error`, what a contained panic answers.
///
/// Each response is the one [`openapi::responses`] writes
/// (`application/problem+json` with the `Problem` schema, one example per code,
/// `X-Trace-Id`). Where an operation
/// already declares the status, the codes' examples and the header are added to its
/// response and the rest of it is kept; a response given as a `$ref` is left as it
/// is. Where the operation's own example of a code differs from the framework's (a
/// `validation_failed` of the service's type against the canonical `about:blank`
/// one), both are kept, the framework's as `validation_failed (framework)`: a client
/// may get either.
///
/// These are the canonical `about:blank` errors a default layer answers. A layer
/// given `.framework_codes::<C>()` or `.framework_errors::<E>()` answers with the
/// service's entries instead: document it with
/// [`RequestErrors::framework_codes`] or [`RequestErrors::framework_errors`], which
/// say the same.
///
/// ```
/// use apierror::utoipa::RequestErrors;
/// use utoipa::OpenApi;
///
/// #[derive(serde::Deserialize, utoipa::ToSchema)]
/// struct NewAccount { name: String }
///
/// /// Creates an account.
/// #[utoipa::path(post, path = "/accounts", request_body = NewAccount,
///     responses((status = 201, description = "Created")))]
/// fn create_account() {}
///
/// #[derive(OpenApi)]
/// #[openapi(paths(create_account), components(schemas(apierror::Problem)), modifiers(&RequestErrors))]
/// struct Api;
///
/// let document = serde_json::to_value(Api::openapi()).unwrap();
/// let responses = &document["paths"]["/accounts"]["post"]["responses"];
/// for status in ["400", "413", "415", "422", "500"] {
///     assert!(responses[status]["content"]["application/problem+json"].is_object(), "{status}");
/// }
/// assert!(responses["422"]["content"]["application/problem+json"]["examples"]["validation_failed"].is_object());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RequestErrors;

impl RequestErrors {
    /// [`RequestErrors`] for a layer given `.framework_codes::<C>()`: each request
    /// error is documented with the registry `C`'s entry for its code and status
    /// where it has one. `const`, because utoipa's `modifiers(&…)` takes a name:
    ///
    /// ```
    /// use apierror::utoipa::{FrameworkRequestErrors, RequestErrors};
    /// use utoipa::OpenApi;
    ///
    /// #[derive(Clone, Copy, apierror::ErrorCodes)]
    /// #[api(type_base = "https://errors.example.com/")]
    /// enum Code {
    ///     #[api(status = 500, title = "Internal error")]
    ///     InternalError,
    /// }
    ///
    /// /// Checks the service.
    /// #[utoipa::path(get, path = "/health", responses((status = 200, description = "Up")))]
    /// fn health() {}
    ///
    /// const REQUEST_ERRORS: FrameworkRequestErrors = RequestErrors::framework_codes::<Code>();
    ///
    /// #[derive(OpenApi)]
    /// #[openapi(paths(health), components(schemas(apierror::Problem)), modifiers(&REQUEST_ERRORS))]
    /// struct Api;
    ///
    /// let document = serde_json::to_value(Api::openapi()).unwrap();
    /// let content = &document["paths"]["/health"]["get"]["responses"]["500"]["content"];
    /// let example = &content["application/problem+json"]["examples"]["internal_error"];
    /// assert_eq!(example["value"]["type"], "https://errors.example.com/internal_error");
    /// ```
    pub const fn framework_codes<C: ErrorCodes>() -> FrameworkRequestErrors {
        FrameworkRequestErrors::CANONICAL.framework_codes::<C>()
    }

    /// [`RequestErrors`] for a layer given `.framework_errors::<E>()`: each request
    /// error is documented with the variant of `E` (or of a type it forwards to) that
    /// has its code and status, where one has.
    pub const fn framework_errors<E: ApiError>() -> FrameworkRequestErrors {
        FrameworkRequestErrors::CANONICAL.framework_errors::<E>()
    }
}

impl Modify for RequestErrors {
    fn modify(&self, openapi: &mut OpenApi) {
        document(openapi, &Context::default());
    }
}

/// [`RequestErrors`] for a layer that answers the framework's errors with the
/// service's own entries: made by [`RequestErrors::framework_codes`] or
/// [`RequestErrors::framework_errors`], and given both as the layer may be (the
/// registry is asked first, as there).
#[derive(Clone, Copy, Debug)]
pub struct FrameworkRequestErrors {
    codes: Option<fn(Context) -> Context>,
    errors: Option<fn(Context) -> Context>,
}

impl FrameworkRequestErrors {
    const CANONICAL: FrameworkRequestErrors = FrameworkRequestErrors {
        codes: None,
        errors: None,
    };

    /// Also takes the registry `C`'s entries, as the layer's `.framework_codes::<C>()`.
    #[must_use]
    pub const fn framework_codes<C: ErrorCodes>(mut self) -> FrameworkRequestErrors {
        self.codes = Some(Context::with_framework_codes::<C>);
        self
    }

    /// Also takes `E`'s variants, as the layer's `.framework_errors::<E>()`.
    #[must_use]
    pub const fn framework_errors<E: ApiError>(mut self) -> FrameworkRequestErrors {
        self.errors = Some(Context::with_framework_errors::<E>);
        self
    }
}

impl Modify for FrameworkRequestErrors {
    fn modify(&self, openapi: &mut OpenApi) {
        let configured = [self.codes, self.errors].into_iter().flatten();
        let ctx = configured.fold(Context::default(), |ctx, configure| configure(ctx));
        document(openapi, &ctx);
    }
}

/// Adds to every operation the request errors it can answer with, as a layer with
/// `ctx`'s framework registries answers them.
fn document(openapi: &mut OpenApi, ctx: &Context) {
    for item in openapi.paths.paths.values_mut() {
        let item_has_parameters = has_parameters(item.parameters.as_deref());
        for operation in operations(item) {
            let descriptors = answered(
                item_has_parameters || has_parameters(operation.parameters.as_deref()),
                operation.request_body.is_some(),
                ctx,
            );
            let responses = super::super::integrations::utoipa::convert(openapi::responses_for(
                &descriptors,
                &Options::new(),
            ));
            for (status, response) in responses {
                merge(&mut operation.responses.responses, status, response);
            }
        }
    }
}

/// Every operation of a path item.
fn operations(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
        &mut item.query,
    ]
    .into_iter()
    .flatten()
}

/// Whether `parameters` hold a path or query parameter (one given as a `$ref` is
/// counted: it may be either).
fn has_parameters(parameters: Option<&[RefOr<::utoipa::openapi::path::Parameter>]>) -> bool {
    parameters
        .unwrap_or_default()
        .iter()
        .any(|parameter| match parameter {
            RefOr::T(parameter) => matches!(
                parameter.parameter_in,
                ParameterIn::Path | ParameterIn::Query | ParameterIn::QueryString
            ),
            RefOr::Ref(_) => true,
        })
}

/// The codes an operation can answer with from its request alone, each with the
/// entry `ctx`'s registries give it, as the layer answers it.
fn answered(parameters: bool, body: bool, ctx: &Context) -> Vec<&'static ErrorDescriptor> {
    let mut statuses = Vec::new();
    if parameters || body {
        statuses.push(400);
    }
    if body {
        statuses.extend([413, 415, 422]);
    }
    let mut descriptors: Vec<_> = statuses.into_iter().map(rejection_descriptor).collect();
    descriptors.push(HttpError::internal().descriptor());
    descriptors
        .into_iter()
        .map(|canonical| in_registry(canonical, ctx))
        .collect()
}

/// Adds `response` under `status`, or merges it into the response already there:
/// its media types, examples and headers where the existing one lacks them.
fn merge(
    responses: &mut std::collections::BTreeMap<String, RefOr<Response>>,
    status: String,
    response: RefOr<Response>,
) {
    let (Some(RefOr::T(existing)), RefOr::T(added)) = (responses.get_mut(&status), &response)
    else {
        responses.entry(status).or_insert(response);
        return;
    };
    for (name, header) in &added.headers {
        existing
            .headers
            .entry(name.clone())
            .or_insert_with(|| header.clone());
    }
    for (media_type, content) in &added.content {
        match (existing.content.get_mut(media_type), content) {
            (Some(RefOr::T(existing)), RefOr::T(added)) => merge_examples(existing, added),
            (Some(_), _) => {}
            (None, _) => {
                existing.content.insert(media_type.clone(), content.clone());
            }
        }
    }
}

/// The examples of `added` that `existing` lacks, added to it (one whose body
/// differs from `existing`'s of the same name as `name (framework)`); an `existing`
/// without a schema takes `added`'s.
fn merge_examples(existing: &mut Content, added: &Content) {
    for (name, example) in &added.examples {
        let name = match existing.examples.get(name) {
            Some(own) if same_body(own, example) => continue,
            Some(_) => format!("{name}{}", openapi::FRAMEWORK_EXAMPLE_SUFFIX),
            None => name.clone(),
        };
        existing
            .examples
            .entry(name)
            .or_insert_with(|| example.clone());
    }
    if existing.schema.is_none() {
        existing.schema.clone_from(&added.schema);
    }
}

/// Whether two examples show the same body (their summaries and descriptions, the
/// variant's or the registry entry's docs, may differ).
fn same_body(one: &RefOr<Example>, other: &RefOr<Example>) -> bool {
    match (one, other) {
        (RefOr::T(one), RefOr::T(other)) => one.value == other.value,
        _ => one == other,
    }
}

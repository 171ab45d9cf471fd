//! utoipa integration (feature `utoipa`, utoipa 6).
//!
//! - [`Problem`], [`Envelope`] and
//!   [`FieldViolation`](crate::FieldViolation) implement `utoipa::ToSchema`,
//!   with the same schemas as [`openapi::components()`].
//! - A type with `#[derive(ApiError)]` implements `utoipa::IntoResponses`, so it can
//!   be named in `#[utoipa::path(responses(...))]`. It yields the same responses as
//!   [`openapi::responses`]: one per status, every code
//!   under it with a named example.
//! - An operation that fails with several error types names them as one
//!   [`Merged<(AccountError, OrderError)>`](Merged): utoipa keeps one response per
//!   status, the last given, so listing them one by one would lose codes.
//!
//! The responses refer to `#/components/schemas/Problem`. utoipa collects the
//! schemas of `body = T` responses, not those of an `IntoResponses` type, so a
//! document lists it: `components(schemas(apierror::Problem))`, one line, as below.
//! Responses that also document the envelope (`responses_with` and
//! [`Options::envelope`](crate::openapi::Options::envelope)) refer to `Envelope`
//! too: list `apierror::Envelope` as well, which registers `FieldViolation`.
#![doc = r##"
# Example

```
use apierror::{ApiError, FieldViolation};
use utoipa::OpenApi;

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
enum AccountError {
    /// The account does not exist or is not visible to the caller.
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404, title = "Account not found")]
    NotFound { id: u64 },
    #[error("invalid account: {} violations", .0.len())]
    #[api(code = "validation_failed", status = 422, message = "The account is invalid.")]
    Invalid(#[api(violations)] Vec<FieldViolation>),
}

/// Reads one account.
#[utoipa::path(get, path = "/accounts/{id}", responses(
    (status = 200, description = "The account", body = String),
    AccountError,
))]
fn get_account() {}

#[derive(OpenApi)]
#[openapi(
    paths(get_account),
    components(schemas(apierror::Problem)), // the schema the error responses refer to
)]
struct Api;

let document = serde_json::to_value(Api::openapi()).unwrap();
let responses = &document["paths"]["/accounts/{id}"]["get"]["responses"];
assert!(responses["404"]["content"]["application/problem+json"]["examples"]["account_not_found"].is_object());
assert!(responses["422"]["content"]["application/problem+json"]["examples"]["validation_failed"].is_object());
let problem = &responses["404"]["content"]["application/problem+json"]["schema"]["allOf"][0];
assert_eq!(problem["$ref"], "#/components/schemas/Problem");
assert!(document["components"]["schemas"]["Problem"].is_object());
```
"##]

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::marker::PhantomData;

use ::utoipa::openapi::schema::{ObjectBuilder, Schema};
use ::utoipa::openapi::{RefOr, Response};
use ::utoipa::{PartialSchema, ToSchema};
use serde_json::Value;

use crate::openapi::{self, Options};

/// The request errors on every operation of a finished document (see
/// [`crate::request`]).
pub use crate::request::{FrameworkRequestErrors, RequestErrors};
use crate::{ApiError, Envelope, ErrorDescriptor, FieldViolation, Problem};

/// What `utoipa::IntoResponses::responses` returns.
pub type Responses = BTreeMap<String, RefOr<Response>>;

/// [`openapi::responses::<E>()`](crate::openapi::responses) as utoipa's types:
/// what a derived type's `utoipa::IntoResponses` implementation returns.
///
/// ```
/// # #[derive(Debug, thiserror::Error, apierror::ApiError)]
/// # enum AccountError { #[error("gone")] #[api(code = "gone", status = 410)] Gone }
/// let responses = apierror::utoipa::responses::<AccountError>();
/// assert!(responses.contains_key("410"));
/// ```
pub fn responses<E: ApiError>() -> Responses {
    responses_with::<E>(&Options::new())
}

/// [`responses`] with [`Options`], for example to document the envelope too
/// when building a `utoipa::openapi::path::Operation` by hand.
pub fn responses_with<E: ApiError>(options: &Options) -> Responses {
    convert(openapi::responses_with::<E>(options))
}

/// Several error types documented as one: a `utoipa::IntoResponses` whose responses
/// hold, under each status, the codes and headers of every type in the tuple `T`, in
/// any order.
///
/// Name it where an operation can fail with several error types. utoipa keeps one
/// response per status, the last given, so `responses(AccountError, OrderError)`
/// would document a 404 both answer with OrderError's codes only.
///
/// ```
/// use apierror::utoipa::Merged;
/// # #[derive(Debug, thiserror::Error, apierror::ApiError)]
/// # enum AccountError { #[error("gone")] #[api(code = "account_not_found", status = 404)] Gone }
/// # #[derive(Debug, thiserror::Error, apierror::ApiError)]
/// # enum OrderError { #[error("gone")] #[api(code = "order_not_found", status = 404)] Gone }
///
/// #[utoipa::path(get, path = "/accounts/{id}/orders/{order}", responses(
///     (status = 200, description = "The order", body = String),
///     Merged<(AccountError, OrderError)>,
/// ))]
/// fn get_order() {}
///
/// use utoipa::IntoResponses;
/// let responses = serde_json::to_value(Merged::<(AccountError, OrderError)>::responses()).unwrap();
/// let examples = &responses["404"]["content"]["application/problem+json"]["examples"];
/// assert!(examples["account_not_found"].is_object());
/// assert!(examples["order_not_found"].is_object());
/// ```
pub struct Merged<T: ErrorTypes>(PhantomData<T>);

impl<T: ErrorTypes> ::utoipa::IntoResponses for Merged<T> {
    fn responses() -> Responses {
        let mut descriptors = Vec::new();
        T::visit_descriptors(&mut |descriptor| descriptors.push(descriptor));
        convert(openapi::responses_for(&descriptors, &Options::new()))
    }
}

/// A tuple of up to eight error types, for [`Merged`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a tuple of up to eight `ApiError` types",
    note = "name the types as a tuple: `Merged<(AccountError, OrderError)>`"
)]
pub trait ErrorTypes {
    /// Calls `visit` with every descriptor of every type.
    fn visit_descriptors(visit: &mut dyn FnMut(&'static ErrorDescriptor));
}

macro_rules! error_types {
    ($($ty:ident),+) => {
        impl<$($ty: ApiError),+> ErrorTypes for ($($ty,)+) {
            fn visit_descriptors(visit: &mut dyn FnMut(&'static ErrorDescriptor)) {
                $($ty::__visit_descriptors(visit);)+
            }
        }
    };
}

error_types!(A);
error_types!(A, B);
error_types!(A, B, C);
error_types!(A, B, C, D);
error_types!(A, B, C, D, E);
error_types!(A, B, C, D, E, F);
error_types!(A, B, C, D, E, F, G);
error_types!(A, B, C, D, E, F, G, H);

/// utoipa's types for a Responses object written by [`crate::openapi`].
pub(crate) fn convert(responses: Value) -> Responses {
    let Value::Object(responses) = responses else {
        return Responses::new();
    };
    responses
        .into_iter()
        .map(|(status, response)| {
            // The JSON is this crate's own; the tests prove it converts without
            // loss. Should it ever not, keep the response rather than lose it.
            let fallback = response["description"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let response = serde_json::from_value(response)
                .unwrap_or_else(|_| RefOr::T(Response::new(fallback)));
            (status, response)
        })
        .collect()
}

fn schema(value: Value) -> RefOr<Schema> {
    serde_json::from_value(value)
        .unwrap_or_else(|_| RefOr::T(Schema::Object(ObjectBuilder::new().build())))
}

impl PartialSchema for Problem {
    fn schema() -> RefOr<Schema> {
        schema(openapi::problem_schema())
    }
}

/// Named `Problem`, as `#/components/schemas/Problem` in the responses expects.
impl ToSchema for Problem {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Problem")
    }
}

impl PartialSchema for Envelope {
    fn schema() -> RefOr<Schema> {
        schema(openapi::envelope_schema())
    }
}

/// Named `Envelope`; registers `FieldViolation`, which it refers to.
impl ToSchema for Envelope {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Envelope")
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((
            FieldViolation::name().into_owned(),
            FieldViolation::schema(),
        ));
    }
}

impl PartialSchema for FieldViolation {
    fn schema() -> RefOr<Schema> {
        schema(openapi::field_violation_schema())
    }
}

/// Named `FieldViolation`.
impl ToSchema for FieldViolation {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("FieldViolation")
    }
}

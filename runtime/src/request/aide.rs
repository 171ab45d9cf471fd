//! The drop-in extractors as `aide::OperationInput` (features `aide` and `axum`):
//! what aide documents for axum's own extractor of the same name (the body schema,
//! the parameters), then the extractor's rejections, merged into the operation's
//! responses. `Json` and `Form` are also `aide::OperationOutput`, as axum's are.

use ::aide::generate::GenContext;
use ::aide::openapi::{Operation, Response};
use ::aide::{OperationInput, OperationOutput};
use schemars::JsonSchema;

use super::{Form, FormRejection, Json, JsonRejection, Path, PathRejection, Query, QueryRejection};

/// `OperationInput` for one extractor: axum's `$axum`'s documentation, then the
/// responses of `$rejection`.
macro_rules! documented_input {
    ($name:ident, $axum:ty, $rejection:ty) => {
        impl<T: JsonSchema> OperationInput for $name<T> {
            fn operation_input(ctx: &mut GenContext, operation: &mut Operation) {
                <$axum>::operation_input(ctx, operation);
                crate::aide::add_responses::<$rejection>(operation);
            }
        }
    };
}

documented_input!(Json, ::axum::Json<T>, JsonRejection);
documented_input!(Form, ::axum::extract::Form<T>, FormRejection);
documented_input!(Query, ::axum::extract::Query<T>, QueryRejection);
documented_input!(Path, ::axum::extract::Path<T>, PathRejection);

/// `OperationOutput` for a response wrapper: what aide documents for axum's, as the
/// 200 a handler answers with (without the text rejections aide adds to axum's when
/// asked for every error response: these are no response's).
macro_rules! documented_output {
    ($name:ident, $axum:ty) => {
        impl<T: JsonSchema> OperationOutput for $name<T> {
            type Inner = T;

            fn operation_response(
                ctx: &mut GenContext,
                operation: &mut Operation,
            ) -> Option<Response> {
                <$axum>::operation_response(ctx, operation)
            }

            fn inferred_responses(
                ctx: &mut GenContext,
                operation: &mut Operation,
            ) -> Vec<(Option<u16>, Response)> {
                Self::operation_response(ctx, operation)
                    .map(|response| (Some(200), response))
                    .into_iter()
                    .collect()
            }
        }
    };
}

documented_output!(Json, ::axum::Json<T>);
documented_output!(Form, ::axum::extract::Form<T>);

/// A validating extractor documents what it wraps: its rejections are the inner
/// extractor's statuses and codes (422 `validation_failed` for a body, 400
/// `invalid_request` for parameters), which that one documents.
macro_rules! validating_input {
    ($feature:literal, $name:ident) => {
        #[cfg(feature = $feature)]
        impl<E: OperationInput> OperationInput for crate::request::$name<E> {
            fn operation_input(ctx: &mut GenContext, operation: &mut Operation) {
                E::operation_input(ctx, operation);
            }

            fn inferred_early_responses(
                ctx: &mut GenContext,
                operation: &mut Operation,
            ) -> Vec<(Option<u16>, Response)> {
                E::inferred_early_responses(ctx, operation)
            }
        }
    };
}

validating_input!("validator", Valid);
validating_input!("garde", Garde);

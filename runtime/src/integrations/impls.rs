//! The framework impls a derived type gets, one macro each, called by the derive for
//! every integration `skip_impl(...)` does not name. Each expands to nothing when its
//! feature is off, so the derive emits the calls whatever the features.
//!
//! Input: `impl [<impl generics>] Type<ty generics>, where [<predicates>]`. The
//! `for<'__api>` bound is not trivial to rustc, so a type that is no `ApiError`
//! (no `Debug`, say) simply gets no impl here instead of one more error per framework.

/// `IntoResponse` for a derived type.
#[cfg(feature = "axum")]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_axum {
    (impl [$($generics:tt)*] $ty:ty, where [$($where:tt)*]) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::axum::response::IntoResponse for $ty
        where
            for<'__api> Self: $crate::__private::ApiError,
            $($where)*
        {
            fn into_response(self) -> $crate::__private::axum::response::Response {
                $crate::__private::axum_into_response(&self)
            }
        }
    };
}

/// `IntoResponse` for a derived type: nothing without the `axum` feature.
#[cfg(not(feature = "axum"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_axum {
    (impl [$($generics:tt)*] $ty:ty, where [$($where:tt)*]) => {};
}

/// `ResponseError` for a derived type.
#[cfg(feature = "actix-web")]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_actix {
    (impl [$($generics:tt)*] $ty:ty, where [$($where:tt)*]) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::actix_web::ResponseError for $ty
        where
            for<'__api> Self: $crate::__private::ApiError,
            $($where)*
        {
            fn status_code(&self) -> $crate::__private::actix_web::http::StatusCode {
                $crate::__private::actix_status_code(self)
            }

            fn error_response(&self) -> $crate::__private::actix_web::HttpResponse {
                $crate::__private::actix_error_response(self)
            }
        }
    };
}

/// `ResponseError` for a derived type: nothing without the `actix-web` feature.
#[cfg(not(feature = "actix-web"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_actix {
    (impl [$($generics:tt)*] $ty:ty, where [$($where:tt)*]) => {};
}

/// `utoipa::IntoResponses` for a derived type, called by the derive unless
/// `skip_impl(utoipa)`.
///
/// Input: `impl [<impl generics>] Type<ty generics>, where [<predicates>]`.
#[cfg(feature = "utoipa")]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_utoipa {
    (impl [$($generics:tt)*] $ty:ty, where [$($where:tt)*]) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::utoipa::IntoResponses for $ty
        where
            for<'__api> Self: $crate::__private::ApiError,
            $($where)*
        {
            fn responses() -> $crate::utoipa::Responses {
                $crate::utoipa::responses::<Self>()
            }
        }
    };
}

/// `utoipa::IntoResponses` for a derived type: nothing without the `utoipa` feature.
#[cfg(not(feature = "utoipa"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_utoipa {
    (impl [$($generics:tt)*] $ty:ty, where [$($where:tt)*]) => {};
}

/// `aide::OperationOutput` for a derived type, called by the derive unless
/// `skip_impl(aide)`: no response of its own (it answers with several statuses),
/// one inferred response per status, merged where the operation already has it.
///
/// Input: `impl [<impl generics>] Type<ty generics>, where [<predicates>]`.
#[cfg(feature = "aide")]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_aide {
    (impl [$($generics:tt)*] $ty:ty, where [$($where:tt)*]) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::aide::OperationOutput for $ty
        where
            for<'__api> Self: $crate::__private::ApiError,
            $($where)*
        {
            type Inner = Self;

            fn inferred_responses(
                _: &mut $crate::__private::aide::generate::GenContext,
                __api_operation: &mut $crate::__private::aide::openapi::Operation,
            ) -> $crate::__private::Vec<(
                $crate::__private::core::option::Option<u16>,
                $crate::__private::aide::openapi::Response,
            )> {
                $crate::aide::inferred_responses::<Self>(__api_operation)
            }
        }
    };
}

/// `aide::OperationOutput` for a derived type: nothing without the `aide` feature.
#[cfg(not(feature = "aide"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_aide {
    (impl [$($generics:tt)*] $ty:ty, where [$($where:tt)*]) => {};
}

/// `From<E> for tonic::Status` for a derived type.
#[cfg(feature = "tonic")]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_tonic {
    (impl [$($generics:tt)*] $ty:ty, where [$($where:tt)*]) => {
        #[automatically_derived]
        impl $($generics)* ::core::convert::From<$ty> for $crate::__private::tonic::Status
        where
            for<'__api> $ty: $crate::__private::ApiError,
            $($where)*
        {
            fn from(error: $ty) -> $crate::__private::tonic::Status {
                $crate::__private::tonic_into_status(&error)
            }
        }
    };
}

/// `From<E> for tonic::Status` for a derived type: nothing without the `tonic`
/// feature.
#[cfg(not(feature = "tonic"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_tonic {
    (impl [$($generics:tt)*] $ty:ty, where [$($where:tt)*]) => {};
}

//! The drop-in extractor types, one set for both frameworks: `apierror::axum::Json`
//! and `apierror::actix::Json` are the same type, extracting with whichever
//! framework calls it.

use std::ops::{Deref, DerefMut};

use crate::Location;

/// One wrapper type: a tuple struct over the extracted value, dereferencing to it.
macro_rules! wrapper {
    ($(#[$doc:meta])* $name:ident, $location:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub struct $name<T>(pub T);

        impl<T> $name<T> {
            /// The extracted value.
            pub fn into_inner(self) -> T {
                self.0
            }
        }

        impl<T> Deref for $name<T> {
            type Target = T;

            fn deref(&self) -> &T {
                &self.0
            }
        }

        impl<T> DerefMut for $name<T> {
            fn deref_mut(&mut self) -> &mut T {
                &mut self.0
            }
        }

        impl<T> From<T> for $name<T> {
            fn from(value: T) -> $name<T> {
                $name(value)
            }
        }

        impl<T> Extracted for $name<T> {
            type Value = T;
            const LOCATION: Location = $location;

            fn value(&self) -> &T {
                &self.0
            }
        }
    };
}

/// A drop-in extractor whose value a validating extractor ([`Valid`], [`Garde`])
/// checks: what it extracted, and where in the request that was.
pub trait Extracted {
    /// The extracted value.
    type Value;
    /// Where the value came from: the body, or the query or path parameters.
    const LOCATION: Location;
    /// The extracted value.
    fn value(&self) -> &Self::Value;
}

wrapper! {
    /// A JSON request body deserialized as `T` (`Json(body): Json<T>`), or a JSON
    /// response. Used as the framework's own `Json`, but its rejection
    /// ([`JsonRejection`](super::JsonRejection)) renders in the service's shape and
    /// locates the failing field.
    ///
    /// It reads the body as the framework's own `Json` does. Under axum: `Content-Type:
    /// application/json` or `application/*+json`, within `DefaultBodyLimit`. Under
    /// actix-web: the app's `JsonConfig` (its limit, 2 MiB by default, and its content
    /// types), as `web::Json`.
    Json, Location::Body
}

wrapper! {
    /// An `application/x-www-form-urlencoded` body deserialized as `T` (for `GET`
    /// and `HEAD`, the query string), or a URL-encoded response. Used as the
    /// framework's own `Form`; its rejection is [`FormRejection`](super::FormRejection).
    /// The body limit is axum's `DefaultBodyLimit`, or actix-web's `PayloadConfig`
    /// (256 KiB by default; actix-web's own `Form` reads under `FormConfig`, whose
    /// limit an app cannot read back, so it does not apply here).
    Form, Location::Body
}

wrapper! {
    /// The query string deserialized as `T`. Used as the framework's own `Query`;
    /// its rejection ([`QueryRejection`](super::QueryRejection)) names the failing
    /// parameter.
    Query, Location::Parameter
}

wrapper! {
    /// The path parameters deserialized as `T`: a struct by name, a tuple or a
    /// single value by position. Used as the framework's own `Path`; its rejection
    /// ([`PathRejection`](super::PathRejection)) names the failing parameter.
    Path, Location::Parameter
}

/// A drop-in extractor whose value is checked with `validator` (feature
/// `validator`): `Valid(Json(body)): Valid<Json<T>>` deserializes, then validates,
/// and answers one 422 `validation_failed` listing every violation
/// ([`validator_violations`](super::validator_violations)); over `Query` or `Path`,
/// one 400 `invalid_request` whose violations name the parameters. Its rejection is
/// [`ValidRejection`](super::ValidRejection).
#[cfg(feature = "validator")]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Valid<E>(pub E);

/// A drop-in extractor whose value is checked with `garde` (feature `garde`):
/// `Garde(Json(body)): Garde<Json<T>>` deserializes, then validates with
/// `T::Context::default()`, and answers one 422 `validation_failed` listing every
/// violation ([`garde_violations`](super::garde_violations)); over `Query` or
/// `Path`, one 400 `invalid_request` whose violations name the parameters. Its
/// rejection is
/// [`ValidRejection`](super::ValidRejection).
#[cfg(feature = "garde")]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Garde<E>(pub E);

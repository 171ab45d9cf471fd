//! The rejections of the drop-in extractors: one type per extractor, each an
//! [`ApiError`] rendered in the service's shape, with the canonical codes of the
//! statuses it can answer with as its catalog.

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use http::StatusCode;

use crate::http_error::rejection_descriptor;
use crate::writer::Members;
use crate::{ApiError, ErrorDescriptor, FieldViolation, HttpError};

/// What every rejection holds: the framework error (status, code, message) and the
/// violations that locate the failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RequestError {
    error: HttpError,
    violations: Vec<FieldViolation>,
}

impl RequestError {
    /// The rejection with `status` (`invalid_request` for 400, `validation_failed`
    /// for 422, the canonical code otherwise) and `message` for the client, answered
    /// with the registry entry of the request's context, if it has one.
    pub(crate) fn new(status: StatusCode, message: impl Into<Cow<'static, str>>) -> RequestError {
        let error = HttpError::rejection(status, message);
        let error = crate::integrations::with_context(|ctx| error.in_registry_of(ctx));
        RequestError {
            error,
            violations: Vec::new(),
        }
    }

    /// Adds the violations that locate the failure.
    #[must_use]
    pub(crate) fn with_violations(mut self, violations: Vec<FieldViolation>) -> RequestError {
        self.violations = violations;
        self
    }

    /// The HTTP status.
    #[cfg(test)]
    pub(crate) fn status(&self) -> StatusCode {
        self.error.status()
    }

    /// The message for the client.
    #[cfg(test)]
    pub(crate) fn message(&self) -> Option<&str> {
        self.error.message()
    }

    /// The violations that locate the failure.
    pub(crate) fn violations(&self) -> &[FieldViolation] {
        &self.violations
    }

    /// The framework's own `error`, with the violation its text names: what the
    /// axum layer answers for axum's extractors' rejections.
    #[cfg(feature = "axum")]
    pub(crate) fn located(error: HttpError, violation: FieldViolation) -> RequestError {
        RequestError {
            error,
            violations: vec![violation],
        }
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl std::error::Error for RequestError {}

/// What every rejection type answers with.
impl ApiError for RequestError {
    fn descriptor(&self) -> &'static ErrorDescriptor {
        self.error.descriptor()
    }

    /// The canonical codes of every status a rejection can answer with.
    fn catalog() -> &'static [ErrorDescriptor] {
        static CATALOG: OnceLock<Vec<ErrorDescriptor>> = OnceLock::new();
        CATALOG.get_or_init(|| catalog_of(&[400, 413, 415, 422]))
    }

    /// The framework's message, then the violations.
    fn __members(&self, members: &mut Members<'_>) {
        self.error.__members(members);
        if !self.violations.is_empty() {
            members.violations(&self.violations);
        }
    }
}

/// The canonical descriptors of the rejection `statuses`, as a rejection type's
/// catalog.
fn catalog_of(statuses: &[u16]) -> Vec<ErrorDescriptor> {
    statuses
        .iter()
        .map(|&status| *rejection_descriptor(status))
        .collect()
}

/// One rejection type: its docs, name and the statuses it can answer with.
macro_rules! rejection {
    ($(#[$doc:meta])* $name:ident, statuses = [$($status:literal),+]) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $name(pub(crate) RequestError);

        impl $name {
            /// The violations that locate the failure: none for a body that does not
            /// parse at all, a wrong `Content-Type` or a body over the limit.
            pub fn violations(&self) -> &[FieldViolation] {
                self.0.violations()
            }
        }

        impl From<RequestError> for $name {
            fn from(error: RequestError) -> $name {
                $name(error)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl std::error::Error for $name {}

        // Not listed among "the following other types implement `ApiError`" when a
        // field of a derived type is not one: that list is for derived types.
        #[diagnostic::do_not_recommend]
        impl ApiError for $name {
            fn descriptor(&self) -> &'static ErrorDescriptor {
                self.0.error.descriptor()
            }

            /// The canonical codes of the statuses this rejection can answer with.
            fn catalog() -> &'static [ErrorDescriptor] {
                static CATALOG: OnceLock<Vec<ErrorDescriptor>> = OnceLock::new();
                CATALOG.get_or_init(|| catalog_of(&[$($status),+]))
            }

            fn __members(&self, members: &mut Members<'_>) {
                self.0.__members(members);
            }
        }

        crate::__impl_axum!(impl [] $name, where []);
        crate::__impl_actix!(impl [] $name, where []);
        crate::__impl_utoipa!(impl [] $name, where []);
        crate::__impl_aide!(impl [] $name, where []);
    };
}

/// A validating extractor rejects with what its inner extractor rejects with.
macro_rules! into_valid_rejection {
    ($($name:ident),+) => {$(
        impl From<$name> for ValidRejection {
            fn from(rejection: $name) -> ValidRejection {
                ValidRejection(rejection.0)
            }
        }
    )+};
}

into_valid_rejection!(JsonRejection, FormRejection, QueryRejection, PathRejection);

rejection! {
    /// Why a `Json<T>` extractor rejected a request: a body that is not JSON (400
    /// `invalid_request`, with the line and column), JSON of the wrong shape (422
    /// `validation_failed`, with the failing field's pointer), a `Content-Type` other
    /// than `application/json` or `application/*+json` (415), a body over the limit
    /// (413).
    JsonRejection, statuses = [400, 413, 415, 422]
}

rejection! {
    /// Why a `Form<T>` extractor rejected a request: a body of the wrong shape (422
    /// `validation_failed`, with the failing field's pointer; for `GET` and `HEAD`,
    /// whose form is the query string, 400 with the parameter), a `Content-Type`
    /// other than `application/x-www-form-urlencoded` (415), a body over the limit
    /// (413), a body that cannot be read (400).
    FormRejection, statuses = [400, 413, 415, 422]
}

rejection! {
    /// Why a `Query<T>` extractor rejected a request: a query string of the wrong
    /// shape, 400 `invalid_request` with the failing `parameter`.
    QueryRejection, statuses = [400]
}

rejection! {
    /// Why a `Path<T>` extractor rejected a request: a path parameter that does not
    /// parse, 400 `invalid_request` with the failing `parameter`. A route whose
    /// parameters do not fit `T` at all is the server's bug, a 500.
    PathRejection, statuses = [400]
}

rejection! {
    /// Why a validating extractor (`Valid<E>` for `validator`, `Garde<E>` for
    /// `garde`) rejected a request: the inner extractor's rejection, or a value that
    /// fails validation, 422 `validation_failed` with every violation.
    ValidRejection, statuses = [400, 413, 415, 422]
}

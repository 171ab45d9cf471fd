//! `ErrorCodes`: what a code registry enum implements.

use std::fmt;

use crate::ErrorDescriptor;

/// A service's error codes, declared once as a plain enum with
/// `#[derive(ErrorCodes)]`, and shared with clients.
///
/// Error types name an entry with `#[api(code = Code::NotFound)]` and take its status,
/// title, type URI and exposure from it, so these cannot drift between types. A typo in
/// the path is rustc's own error. The derive also writes inherent `const fn`s of the
/// same names (`Code::NotFound.status()` works in `const` contexts).
///
/// ```
/// use apierror::ErrorCodes;
///
/// #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, ErrorCodes)]
/// #[api(type_base = "https://errors.example.com/")]
/// pub enum Code {
///     /// The resource does not exist.
///     #[api(status = 404, title = "Not found")]
///     NotFound,
///     #[api(status = 500, title = "Internal error", code = "internal")]
///     Internal,
/// }
///
/// assert_eq!(Code::NotFound.as_str(), "not_found");
/// assert_eq!(Code::Internal.status(), 500);
/// assert_eq!("internal".parse::<Code>(), Ok(Code::Internal));
/// assert_eq!(serde_json::to_string(&Code::NotFound).unwrap(), r#""not_found""#);
/// assert_eq!(Code::ALL.len(), 2);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an error code registry",
    label = "`{Self}` does not derive `ErrorCodes`",
    note = "derive it: `#[derive(Clone, Copy, apierror::ErrorCodes)]` on `{Self}`; or, in `#[api(code = ...)]`, write a string code such as `code = \"not_found\"`"
)]
pub trait ErrorCodes: Copy + Sized + 'static {
    /// Every code, in declaration order.
    fn all() -> &'static [Self];

    /// The static facts of one code.
    fn descriptor(self) -> &'static ErrorDescriptor;
}

/// The error of a registry's `FromStr`: the text is none of its codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCode {
    code: String,
    registry: &'static str,
}

impl UnknownCode {
    /// An unknown `code` for the registry named `registry`: what the derived
    /// `FromStr` returns. Not for use outside generated code.
    #[doc(hidden)]
    pub fn new(code: &str, registry: &'static str) -> Self {
        UnknownCode {
            code: code.to_owned(),
            registry,
        }
    }

    /// The text that named no code.
    pub fn code(&self) -> &str {
        &self.code
    }
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown error code {:?}: not a code of `{}`",
            self.code, self.registry
        )
    }
}

impl std::error::Error for UnknownCode {}

/// A registry for the crate's own tests.
#[cfg(test)]
pub(crate) mod fixture {
    use crate::{ErrorCodes, ErrorDescriptor};

    /// A one-entry registry written by hand, as the derive would write it.
    #[derive(Clone, Copy)]
    pub(crate) struct Registry;

    static NOT_FOUND: ErrorDescriptor = crate::__private::variant(
        ("Registry", "NotFound"),
        "not_found",
        404,
        "Nothing here",
        "https://errors.example.com/not_found",
        true,
        "",
        0,
        "",
        "",
        "{\"type\":\"https://errors.example.com/not_found\",\"title\":\"Nothing here\",\"status\":404,\"code\":\"not_found\"",
        "{\"error\":{\"code\":\"not_found\"",
        "",
        &[],
        &[],
    );

    impl ErrorCodes for Registry {
        fn all() -> &'static [Self] {
            &[Registry]
        }

        fn descriptor(self) -> &'static ErrorDescriptor {
            &NOT_FOUND
        }
    }
}

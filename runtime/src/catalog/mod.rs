//! `Catalog`: the codes of several error types gathered and checked against each
//! other (this file), guarded by a lock file against breaking changes (`lock.rs`),
//! documented as a page (`page.rs`) and in OpenAPI (`openapi.rs`).

mod lock;
mod openapi;
mod page;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::{ApiError, ErrorCodes, ErrorDescriptor};

pub use lock::{LockError, LockMode, LockOutcome};

/// The error codes of a whole service, gathered from its error types.
///
/// ```
/// use apierror::{ApiError, catalog::Catalog};
///
/// #[derive(Debug, thiserror::Error, ApiError)]
/// #[api(type_base = "https://errors.example.com/")]
/// enum AccountError {
///     #[error("account not found")]
///     #[api(code = "not_found", status = 404, title = "Not found")]
///     NotFound,
/// }
///
/// #[derive(Debug, thiserror::Error, ApiError)]
/// #[api(type_base = "https://errors.example.com/")]
/// enum BillingError {
///     #[error("invoice not found")]
///     #[api(code = "not_found", status = 410, title = "Not found")]
///     Gone,
/// }
///
/// let catalog = Catalog::new().with::<AccountError>().with::<BillingError>();
/// let conflicts = catalog.check();
/// assert_eq!(conflicts.len(), 1);
/// assert_eq!(
///     conflicts[0].to_string(),
///     "code `not_found`: status 404 in AccountError::NotFound, 410 in BillingError::Gone"
/// );
/// ```
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    descriptors: Vec<&'static ErrorDescriptor>,
    /// The codes added as the service's own (`with`, `with_codes`), which the page
    /// lists before the framework's.
    service_codes: BTreeSet<&'static str>,
    /// The format the page's examples are shown in.
    format: crate::Format,
    /// The locale of the page's titles and examples (feature `fluent`); `None` for
    /// the default locale.
    locale: Option<std::borrow::Cow<'static, str>>,
}

impl Catalog {
    /// An empty catalog.
    pub fn new() -> Self {
        Catalog::default()
    }

    /// Shows each code's example body on the catalog page (`to_markdown`,
    /// `to_html`) in `format`, the one the service answers with; a problem document
    /// by default. The page's opening paragraph says where a body of that format
    /// carries the code and the trace id.
    ///
    /// ```
    /// use apierror::{Format, catalog::Catalog};
    /// # #[derive(Debug, thiserror::Error, apierror::ApiError)]
    /// # enum AccountError { #[error("gone")] #[api(code = "gone", status = 410)] Gone }
    ///
    /// let page = Catalog::new().with::<AccountError>().with_format(Format::Google).to_markdown();
    /// assert!(page.contains("\"reason\": \"GONE\""));
    /// ```
    #[must_use]
    pub fn with_format(mut self, format: crate::Format) -> Self {
        self.format = format;
        self
    }

    /// Shows the titles and example details of the codes whose types have Fluent
    /// files (`#[api(locales = "…")]`) in `locale`, a language tag matched as
    /// [`Context::with_locale`](crate::Context::with_locale) matches it; the default
    /// locale without it. The page's own headings stay in English. Feature `fluent`.
    #[cfg(feature = "fluent")]
    #[must_use]
    pub fn with_locale(mut self, locale: impl Into<std::borrow::Cow<'static, str>>) -> Self {
        self.locale = Some(locale.into());
        self
    }

    /// `descriptor` as the page shows it: localized, for a type with Fluent files.
    pub(crate) fn shown(&self, descriptor: &'static ErrorDescriptor) -> &'static ErrorDescriptor {
        crate::locale::documented(descriptor, self.locale.as_deref())
    }

    /// The format the page's examples are shown in.
    pub(crate) fn format(&self) -> crate::Format {
        self.format
    }

    /// Adds every code `E` can answer with, following its `transparent` variants.
    #[must_use]
    pub fn with<E: ApiError>(mut self) -> Self {
        crate::error::visit_descriptors::<E>(&mut |descriptor| self.add_own(descriptor));
        self
    }

    /// Adds every code of a registry, used or not.
    #[must_use]
    pub fn with_codes<C: ErrorCodes>(mut self) -> Self {
        for code in C::all() {
            self.add_own(code.descriptor());
        }
        self
    }

    /// Adds the framework's canonical codes ([`HttpError`](crate::HttpError)) as a
    /// service whose layer is told `.framework_codes::<C>()` answers them: where the
    /// registry `C` has an entry with the same code and status, that entry; the
    /// canonical descriptor otherwise. The same name as
    /// [`Context::with_framework_codes`](crate::Context::with_framework_codes), for
    /// the same idea.
    #[must_use]
    pub fn with_framework_codes<C: ErrorCodes>(mut self) -> Self {
        let ctx = crate::Context::default().with_framework_codes::<C>();
        for descriptor in <crate::HttpError as ApiError>::catalog() {
            let served = ctx.registry_entry(descriptor.code(), descriptor.status_u16());
            self.add(served.unwrap_or(descriptor));
        }
        self
    }

    /// The former name of [`with_framework_codes`](Catalog::with_framework_codes),
    /// renamed so that one idea has one name across `Context`, the layer, the
    /// middleware and the catalog.
    #[doc(hidden)]
    #[deprecated(note = "renamed to `with_framework_codes`")]
    #[must_use]
    pub fn with_framework_errors_in<C: ErrorCodes>(self) -> Self {
        self.with_framework_codes::<C>()
    }

    fn add_own(&mut self, descriptor: &'static ErrorDescriptor) {
        self.service_codes.insert(descriptor.code());
        self.add(descriptor);
    }

    /// Whether `code` was added as one of the service's own, rather than only as a
    /// framework code.
    fn is_service_code(&self, code: &str) -> bool {
        self.service_codes.contains(code)
    }

    fn add(&mut self, descriptor: &'static ErrorDescriptor) {
        if !self
            .descriptors
            .iter()
            .any(|known| std::ptr::eq(*known, descriptor))
        {
            self.descriptors.push(descriptor);
        }
    }

    /// Every descriptor gathered, one per variant, in the order added.
    pub fn descriptors(&self) -> &[&'static ErrorDescriptor] {
        &self.descriptors
    }

    /// One descriptor per code, sorted by code: the first added wins.
    pub fn codes(&self) -> Vec<&'static ErrorDescriptor> {
        let mut by_code: BTreeMap<&str, &'static ErrorDescriptor> = BTreeMap::new();
        for descriptor in &self.descriptors {
            by_code.entry(descriptor.code()).or_insert(descriptor);
        }
        by_code.into_values().collect()
    }

    /// Every conflict: one code with two statuses, titles, type URIs or gRPC codes.
    pub fn check(&self) -> Vec<Conflict> {
        let mut conflicts = Vec::new();
        for (index, later) in self.descriptors.iter().enumerate() {
            let earlier = self.descriptors[..index]
                .iter()
                .find(|earlier| earlier.code() == later.code());
            let Some(earlier) = earlier else { continue };
            let facts = [
                (
                    Fact::Status,
                    earlier.status_u16().to_string(),
                    later.status_u16().to_string(),
                ),
                (
                    Fact::Title,
                    format!("{:?}", earlier.title()),
                    format!("{:?}", later.title()),
                ),
                (
                    Fact::Type,
                    format!("{:?}", earlier.type_uri()),
                    format!("{:?}", later.type_uri()),
                ),
                (
                    Fact::Grpc,
                    earlier.grpc_code().to_string(),
                    later.grpc_code().to_string(),
                ),
            ];
            for (fact, first, second) in facts {
                if first != second {
                    conflicts.push(Conflict {
                        code: later.code(),
                        fact,
                        first: (origin(earlier), first),
                        second: (origin(later), second),
                    });
                }
            }
        }
        conflicts
    }
}

fn origin(descriptor: &ErrorDescriptor) -> String {
    format!("{}::{}", descriptor.type_name(), descriptor.variant())
}

/// Which fact of a code two descriptors disagree on. Non-exhaustive: later versions
/// may record more facts per code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fact {
    /// The HTTP status.
    Status,
    /// The title.
    Title,
    /// The problem type URI.
    Type,
    /// The gRPC status code.
    Grpc,
}

/// One code given two meanings by two variants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The code.
    pub code: &'static str,
    /// What differs.
    pub fact: Fact,
    /// The first variant (`Type::Variant`) and its value.
    pub first: (String, String),
    /// The second variant and its value.
    pub second: (String, String),
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fact = match self.fact {
            Fact::Status => "status",
            Fact::Title => "title",
            Fact::Type => "type",
            Fact::Grpc => "gRPC code",
        };
        write!(
            f,
            "code `{}`: {fact} {} in {}, {} in {}",
            self.code, self.first.1, self.first.0, self.second.1, self.second.0
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Catalog;
    use crate::codes::fixture::Registry;

    #[test]
    #[allow(deprecated)]
    fn the_former_name_of_with_framework_codes_still_works() {
        let renamed = Catalog::new().with_framework_codes::<Registry>();
        let former = Catalog::new().with_framework_errors_in::<Registry>();
        assert_eq!(former.descriptors(), renamed.descriptors());
        let not_found = renamed
            .codes()
            .into_iter()
            .find(|d| d.code() == "not_found");
        assert_eq!(not_found.map(|d| d.title()), Some("Nothing here"));
    }
}

//! `Context`: the per-request facts a response is rendered with.

use std::borrow::Cow;

use crate::{ErrorCodes, ErrorDescriptor, Format, Limits, Policy, TraceId};

/// The per-request facts a response is rendered with: trace id, instance, policy,
/// format and limits.
///
/// `Context::default()` is production policy, problem format, no instance, and a
/// trace id generated when the error is rendered.
///
/// ```
/// use apierror::{Context, Policy, TraceId};
///
/// let ctx = Context::default()
///     .with_trace_id(TraceId::parse("req-42").unwrap())
///     .with_instance("/accounts/7")
///     .with_policy(Policy::Development);
/// assert_eq!(ctx.instance(), Some("/accounts/7"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    trace_id: Option<TraceId>,
    /// The request's method, set by the framework integrations for the log.
    method: Option<http::Method>,
    instance: Option<Cow<'static, str>>,
    policy: Policy,
    format: Format,
    limits: Limits,
    redaction: Redaction,
    codes: Option<Registry>,
    errors: Option<Registry>,
    /// The format was chosen among several by the request's `Accept`, so the response
    /// says `Vary: Accept` (set by the framework integrations).
    varies_by_accept: bool,
    /// The locale to render in (feature `fluent`).
    #[cfg(feature = "fluent")]
    locale: Option<crate::localizer::Requested>,
}

/// A registry's lookup: its entry for a code and status, if it has one.
#[derive(Clone, Copy)]
struct Registry {
    name: &'static str,
    entry: fn(&str, u16) -> Option<&'static ErrorDescriptor>,
}

impl Registry {
    fn of<C: ErrorCodes>() -> Registry {
        Registry {
            name: std::any::type_name::<C>(),
            entry: |code, status| {
                C::all()
                    .iter()
                    .map(|entry| entry.descriptor())
                    .find(|descriptor| {
                        descriptor.code() == code && descriptor.status_u16() == status
                    })
            },
        }
    }
}

impl PartialEq for Registry {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Registry {}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// Whether `Display`-based messages are redacted; on unless turned off. A newtype so
/// that `Context::default()` turns it on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Redaction(bool);

impl Default for Redaction {
    fn default() -> Self {
        Redaction(true)
    }
}

impl Context {
    /// A production context; the same as `Context::default()`.
    pub fn new() -> Self {
        Context::default()
    }

    /// Uses this trace id instead of generating one.
    #[must_use]
    pub fn with_trace_id(mut self, trace_id: TraceId) -> Self {
        self.trace_id = Some(trace_id);
        self
    }

    /// The request's method, if the framework integrations set it.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) fn method(&self) -> Option<&http::Method> {
        self.method.as_ref()
    }

    /// Sets the problem's `instance`, usually the request path.
    #[must_use]
    pub fn with_instance(mut self, instance: impl Into<Cow<'static, str>>) -> Self {
        self.instance = Some(instance.into());
        self
    }

    /// Sets the policy (`Policy::Production` by default).
    #[must_use]
    pub fn with_policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }

    /// Sets the body format `to_response` writes (`Format::Problem` by default).
    #[must_use]
    pub fn with_format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// Sets the limits on message length and violation count.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Turns redaction of `Display`-based messages on (the default) or off. See the
    /// [`redact`](crate::redact) module for what is removed.
    #[must_use]
    pub fn with_redaction(mut self, enabled: bool) -> Self {
        self.redaction = Redaction(enabled);
        self
    }

    /// Whether `Display`-based messages are redacted.
    pub fn redaction(&self) -> bool {
        self.redaction.0
    }

    /// Lets errors the framework answers ([`HttpError`](crate::HttpError): extractor
    /// rejections, unknown routes, panics) take the registry `C`'s entry for their
    /// code when it has one with the same status. A service whose registry declares
    /// `validation_failed` or `internal_error` then answers them with one title and
    /// one type URI, whoever raised them.
    ///
    /// The same name on the framework integrations' layer and middleware
    /// (`framework_codes::<C>()`) and on [`Catalog`](crate::catalog::Catalog) says the
    /// same thing: the framework's errors take their entries from `C`.
    #[must_use]
    pub fn with_framework_codes<C: ErrorCodes>(mut self) -> Self {
        self.codes = Some(Registry::of::<C>());
        self
    }

    /// What [`with_framework_errors`](Context::with_framework_errors) sets: the
    /// lookup of an error type's entries. That method is written beside `ApiError`
    /// (error.rs), which this file is below.
    pub(crate) fn with_framework_registry(
        mut self,
        name: &'static str,
        entry: fn(&str, u16) -> Option<&'static ErrorDescriptor>,
    ) -> Self {
        self.errors = Some(Registry { name, entry });
        self
    }

    /// The former name of [`with_framework_codes`](Context::with_framework_codes),
    /// renamed because "codes" also names a registry's own codes
    /// (`Catalog::with_codes`).
    #[doc(hidden)]
    #[deprecated(note = "renamed to `with_framework_codes`")]
    #[must_use]
    pub fn with_codes<C: ErrorCodes>(self) -> Self {
        self.with_framework_codes::<C>()
    }

    /// The entry for `code` and `status` of the registry given by
    /// [`with_framework_codes`](Context::with_framework_codes), else of the error
    /// type given by [`with_framework_errors`](Context::with_framework_errors), if any.
    pub(crate) fn registry_entry(
        &self,
        code: &str,
        status: u16,
    ) -> Option<&'static ErrorDescriptor> {
        [self.codes, self.errors]
            .into_iter()
            .flatten()
            .find_map(|registry| (registry.entry)(code, status))
    }

    /// The trace id given, if any.
    pub fn trace_id(&self) -> Option<&TraceId> {
        self.trace_id.as_ref()
    }

    /// The instance given, if any.
    pub fn instance(&self) -> Option<&str> {
        self.instance.as_deref()
    }

    /// The policy.
    pub fn policy(&self) -> Policy {
        self.policy
    }

    /// The body format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The trace id given, or a fresh one: what a rendering of this context uses.
    /// The context of one request a framework integration serves: this one's
    /// registries and redaction with the request's facts, built in one step (the
    /// `with_` chain would move the whole context once per call, on every request).
    #[cfg(any(feature = "axum", feature = "actix-web", feature = "tonic"))]
    pub(crate) fn for_request(
        &self,
        trace_id: TraceId,
        method: http::Method,
        instance: String,
        (policy, format, limits): (Policy, Format, Limits),
        varies_by_accept: bool,
    ) -> Context {
        Context {
            trace_id: Some(trace_id),
            method: Some(method),
            instance: Some(Cow::Owned(instance)),
            policy,
            format,
            limits,
            redaction: self.redaction,
            codes: self.codes,
            errors: self.errors,
            varies_by_accept,
            #[cfg(feature = "fluent")]
            locale: self.locale.clone(),
        }
    }

    /// Renders in `locale`, a language tag such as `de` or `de-CH`, matched against the
    /// locales of the error's Fluent files by RFC 4647 lookup (`de-CH` finds `de`); an
    /// error of a type without Fluent files, or a tag that finds none, answers as
    /// without it (in the default locale). A localized response carries
    /// `Content-Language`. Feature `fluent`; the README's Localization section has a
    /// type with Fluent files.
    ///
    /// ```
    /// use apierror::{ApiError, Context};
    ///
    /// #[derive(Debug, thiserror::Error, ApiError)]
    /// #[error("gone")]
    /// #[api(code = "gone", status = 410)]
    /// struct Gone;
    ///
    /// // No Fluent files: the response is the same in every locale.
    /// let response = Gone.to_response(&Context::default().with_locale("de"));
    /// assert!(response.headers().get("content-language").is_none());
    /// ```
    #[cfg(feature = "fluent")]
    #[must_use]
    pub fn with_locale(mut self, locale: impl Into<Cow<'static, str>>) -> Self {
        self.locale = Some(crate::localizer::Requested::Tag(locale.into()));
        self
    }

    /// Renders in the locale that best answers the request's `Accept-Language` value
    /// (q-values, RFC 4647 lookup); `None` when the request had none, so the default
    /// locale answers. The response then carries `Vary: Accept-Language`. The axum layer
    /// and the actix-web middleware set it. Feature `fluent`.
    #[cfg(feature = "fluent")]
    #[must_use]
    pub fn with_accept_language(mut self, value: Option<http::HeaderValue>) -> Self {
        self.locale = Some(crate::localizer::Requested::AcceptLanguage(value));
        self
    }

    /// What `with_locale` or `with_accept_language` asked for.
    #[cfg(feature = "fluent")]
    pub(crate) fn requested_locale(&self) -> Option<&crate::localizer::Requested> {
        self.locale.as_ref()
    }

    /// Whether the response varies with the request's `Accept` (the integrations
    /// negotiated its format among several).
    pub(crate) fn varies_by_accept(&self) -> bool {
        self.varies_by_accept
    }

    pub(crate) fn trace_id_or_generate(&self) -> TraceId {
        self.trace_id.unwrap_or_else(TraceId::generate)
    }
}

#[cfg(test)]
mod tests {
    use super::Context;
    use crate::codes::fixture::Registry;
    use crate::{ApiError, HttpError};

    #[test]
    #[allow(deprecated)]
    fn the_former_name_of_with_framework_codes_still_works() {
        let renamed = Context::default().with_framework_codes::<Registry>();
        let former = Context::default().with_codes::<Registry>();
        assert_eq!(renamed, former);
        let error = HttpError::new(http::StatusCode::NOT_FOUND).in_registry_of(&former);
        assert_eq!(error.title(), "Nothing here");
    }
}

//! The `ApiError` trait: what every derived error type implements.

use bytes::Bytes;
use http::StatusCode;

use crate::writer::{Headers, Members};
use crate::{Context, Envelope, ErrorDescriptor, Format, Problem, render};

/// An error that knows how it is answered over HTTP: its status, stable code, title,
/// whether it may be shown to the client, and how it renders as a problem document,
/// an envelope or a whole response.
///
/// Implement it with `#[derive(ApiError)]`; the provided methods do the rest.
///
/// ```
/// use apierror::{ApiError, Context, TraceId};
///
/// #[derive(Debug, thiserror::Error, ApiError)]
/// #[api(type_base = "https://errors.example.com/")]
/// enum AccountError {
///     /// The account does not exist.
///     #[error("account {id} not found")]
///     #[api(code = "account_not_found", status = 404, title = "Account not found")]
///     NotFound { id: u64 },
/// }
///
/// let error = AccountError::NotFound { id: 7 };
/// assert_eq!(error.status(), 404);
/// assert_eq!(error.code(), "account_not_found");
///
/// let ctx = Context::default().with_trace_id(TraceId::parse("t-1").unwrap());
/// let problem = error.to_problem(&ctx);
/// assert_eq!(problem.detail(), Some("account 7 not found"));
/// assert_eq!(problem.type_uri(), "https://errors.example.com/account_not_found");
/// ```
pub trait ApiError: std::error::Error {
    /// The static facts of this value's variant.
    fn descriptor(&self) -> &'static ErrorDescriptor;

    /// The descriptors of every variant this type declares itself, in declaration
    /// order. [`Catalog`](crate::catalog::Catalog) also follows `transparent` variants
    /// into the types they forward to.
    fn catalog() -> &'static [ErrorDescriptor]
    where
        Self: Sized;

    /// Calls `visit` with every descriptor this type can answer with: its own, then
    /// those of the types its `transparent` variants forward to.
    #[doc(hidden)]
    fn __visit_descriptors(visit: &mut dyn FnMut(&'static ErrorDescriptor))
    where
        Self: Sized,
    {
        Self::catalog().iter().for_each(visit);
    }

    /// [`__visit_descriptors`](ApiError::__visit_descriptors), walking each type once
    /// ([`visit_descriptors`]): what a `transparent` variant's generated walk calls on
    /// the type it forwards to.
    #[doc(hidden)]
    fn __walk_descriptors(visit: &mut dyn FnMut(&'static ErrorDescriptor))
    where
        Self: Sized,
    {
        visit_descriptors::<Self>(visit);
    }

    /// Writes the exposed message and annotated fields. Called only for exposed
    /// variants.
    #[doc(hidden)]
    fn __members(&self, members: &mut Members<'_>) {
        let _ = members;
    }

    /// Writes the `#[api(header)]` fields.
    #[doc(hidden)]
    fn __headers(&self, headers: &mut Headers<'_>) {
        let _ = headers;
    }

    /// Sets the Fluent variables of the variant's localized messages: the fields they
    /// name. Implemented by the derive for a type with `#[api(locales = "…")]`.
    #[doc(hidden)]
    #[cfg(feature = "fluent")]
    fn __fluent_args<'a>(&'a self, args: &mut crate::localizer::FieldArgs<'a>) {
        let _ = args;
    }

    /// The HTTP status.
    fn status(&self) -> StatusCode {
        self.descriptor().status()
    }

    /// The stable machine-readable code.
    fn code(&self) -> &'static str {
        self.descriptor().code()
    }

    /// The constant title.
    fn title(&self) -> &'static str {
        self.descriptor().title()
    }

    /// Whether the message and annotated fields may reach the client.
    fn expose(&self) -> bool {
        self.descriptor().expose()
    }

    /// The RFC 9457 problem document this error answers with under `ctx`.
    fn to_problem(&self, ctx: &Context) -> Problem {
        let trace_id = ctx.trace_id_or_generate();
        Problem::from_rendered(
            &render::body(self, ctx, Format::Problem, &trace_id),
            self.descriptor(),
        )
    }

    /// The JSON envelope this error answers with under `ctx`.
    fn to_envelope(&self, ctx: &Context) -> Envelope {
        let trace_id = ctx.trace_id_or_generate();
        Envelope::from_rendered(
            &render::body(self, ctx, Format::Envelope, &trace_id),
            self.descriptor(),
        )
    }

    /// The complete response: status, `Content-Type`, `X-Trace-Id`, every
    /// `#[api(header)]` field, and the body in `ctx`'s format (with `Vary: Accept`
    /// when a framework layer chose that format among several).
    fn to_response(&self, ctx: &Context) -> http::Response<Bytes> {
        render::response(self, ctx)
    }
}

/// What the renderer reads of every `ApiError`.
impl<E: ApiError + ?Sized> render::Render for E {
    fn facts(&self) -> &'static ErrorDescriptor {
        self.descriptor()
    }

    fn write_members(&self, members: &mut Members<'_>) {
        self.__members(members);
    }

    fn write_headers(&self, headers: &mut Headers<'_>) {
        self.__headers(headers);
    }

    #[cfg(feature = "fluent")]
    fn fluent_args<'a>(&'a self, args: &mut crate::localizer::FieldArgs<'a>) {
        self.__fluent_args(args);
    }
}

/// `ApiError` for a smart pointer to an error, forwarding every method to the
/// pointee, so that `#[api(transparent)]` accepts the boxed field.
macro_rules! forward_api_error {
    ($(#[$doc:meta])* $($pointer:ident)::+) => {
        $(#[$doc])*
        // Kept out of "the following other types implement `ApiError`" when a
        // `transparent` field is no `ApiError`: a box would not help there.
        #[diagnostic::do_not_recommend]
        impl<E: ApiError> ApiError for $($pointer)::+<E> {
            fn descriptor(&self) -> &'static ErrorDescriptor {
                (**self).descriptor()
            }

            fn catalog() -> &'static [ErrorDescriptor] {
                E::catalog()
            }

            fn __visit_descriptors(visit: &mut dyn FnMut(&'static ErrorDescriptor)) {
                visit_descriptors::<E>(visit);
            }

            fn __members(&self, members: &mut Members<'_>) {
                (**self).__members(members);
            }

            fn __headers(&self, headers: &mut Headers<'_>) {
                (**self).__headers(headers);
            }

            #[cfg(feature = "fluent")]
            fn __fluent_args<'a>(&'a self, args: &mut crate::localizer::FieldArgs<'a>) {
                (**self).__fluent_args(args);
            }

            fn status(&self) -> StatusCode {
                (**self).status()
            }

            fn code(&self) -> &'static str {
                (**self).code()
            }

            fn title(&self) -> &'static str {
                (**self).title()
            }

            fn expose(&self) -> bool {
                (**self).expose()
            }

            fn to_problem(&self, ctx: &Context) -> Problem {
                (**self).to_problem(ctx)
            }

            fn to_envelope(&self, ctx: &Context) -> Envelope {
                (**self).to_envelope(ctx)
            }

            fn to_response(&self, ctx: &Context) -> http::Response<Bytes> {
                (**self).to_response(ctx)
            }
        }
    };
}

forward_api_error! {
    /// A boxed error answers exactly as the error in the box: boxing a large error
    /// keeps `Result<T, E>` small, as `clippy::result_large_err` recommends, and
    /// `#[api(transparent)] Billing(Box<BillingError>)` forwards through the box.
    /// The framework impls (`IntoResponse`, `ResponseError`) are the derived type's
    /// own: a handler returns the type, and boxes inside it (a `transparent` variant
    /// over `Box<Large>`), not `Box<E>` itself.
    ///
    /// `E` must be sized: the standard library implements `std::error::Error` for
    /// `Box<E>` only then (so `Box<dyn ApiError>` is not an `ApiError`), and
    /// [`ApiError::catalog`] needs `E`'s own.
    Box
}

forward_api_error! {
    /// A shared error answers exactly as the error it points to: for errors kept in
    /// an `Arc` to be cloned cheaply (one failure handed to several requests), and
    /// for `#[api(transparent)] Shared(Arc<BillingError>)`.
    ///
    /// `E` must be sized, as for `Box`: [`ApiError::catalog`] needs `E`'s own.
    std::sync::Arc
}

/// Logs `error` once, at its descriptor's [`log_level`](crate::ErrorDescriptor::log_level),
/// as it becomes a response.
///
/// The event carries the fields `trace_id`, `code` and `status`, the internal
/// `Display` as `error` and the source chain as `source` (each cause's `Display`,
/// joined by `": "`), whether the error is exposed or not: logs are where opaque
/// errors are meant to be read. Every logged text is escaped (`\n`, `\r`, `\t`, `\\`,
/// other control characters and the Unicode line separators as `\u{…}`) and cut at
/// 4,096 characters, so a message built from request data cannot forge log lines or
/// flood the log. A `Display` that panics is logged as far as it got.
///
/// The framework integrations log every error response this way, adding the
/// fields `method` and `path` of the request (as they do on the line of a panicking
/// handler); call it yourself
/// when you render with [`ApiError::to_response`] outside them. Without the
/// `tracing` feature it does nothing.
///
/// ```
/// use apierror::{TraceId, log_error};
/// # #[derive(Debug, thiserror::Error, apierror::ApiError)]
/// # #[error("account {id} not found")]
/// # #[api(code = "account_not_found", status = 404)]
/// # struct NotFound { id: u64 }
///
/// let trace_id = TraceId::generate();
/// log_error(&NotFound { id: 7 }, &trace_id); // debug level: a 4xx
/// ```
pub fn log_error<E: ApiError + ?Sized>(error: &E, trace_id: &crate::TraceId) {
    crate::log::log_described(error, error.descriptor(), trace_id);
}

/// Calls `visit` with every descriptor `E` can answer with, walking each type once: a
/// type whose `transparent` variant forwards to itself, directly or through others
/// (`Nested(Box<Self>)`), would otherwise be walked until the stack overflows. Every
/// walk goes through here, the generated `__visit_descriptors` too (through
/// `__walk_descriptors`).
pub(crate) fn visit_descriptors<E: ApiError>(visit: &mut dyn FnMut(&'static ErrorDescriptor)) {
    std::thread_local! {
        /// The types being walked on this thread, outermost first.
        static WALKING: std::cell::RefCell<Vec<&'static str>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    /// Takes the type off the walk when its visit returns or unwinds.
    struct Leave;
    impl Drop for Leave {
        fn drop(&mut self) {
            WALKING.with(|walking| walking.borrow_mut().pop());
        }
    }
    let name = std::any::type_name::<E>();
    let entered = WALKING.with(|walking| {
        let mut walking = walking.borrow_mut();
        let fresh = !walking.contains(&name);
        if fresh {
            walking.push(name);
        }
        fresh
    });
    if entered {
        let _leave = Leave;
        E::__visit_descriptors(visit);
    }
}

// `Context::with_framework_errors` is written here, beside the trait it takes, so that
// context.rs stays below error.rs (which renders with a `Context`).
impl Context {
    /// Lets errors the framework answers (extractor rejections, unknown routes,
    /// panics) take the descriptor of a variant of `E` (or of a type it forwards to)
    /// with the same code and status, as
    /// [`with_framework_codes`](Context::with_framework_codes) does for a registry: a
    /// service whose own error type has an `internal_error` then answers a contained
    /// panic with that variant's title and type URI. A registry given with
    /// `with_framework_codes` is asked first.
    #[must_use]
    pub fn with_framework_errors<E: ApiError>(self) -> Self {
        self.with_framework_registry(std::any::type_name::<E>(), |code, status| {
            let mut found = None;
            visit_descriptors::<E>(&mut |descriptor| {
                if found.is_none() && descriptor.code() == code && descriptor.status_u16() == status
                {
                    found = Some(descriptor);
                }
            });
            found
        })
    }
}

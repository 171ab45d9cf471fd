//! OpenAPI for a whole [`Catalog`]: the responses and the `x-error-codes` list of
//! several error types at once, written by [`crate::openapi`] as for one type.

use serde_json::Value;

use crate::openapi::{self, Options};

use super::Catalog;

impl Catalog {
    /// The OpenAPI Responses object for every type in the catalog: one response per
    /// status, documenting every code under it, as
    /// [`openapi::responses`] does for one type. Use it
    /// for operations that can fail with any of the catalog's errors, or as a
    /// document's `components.responses`.
    ///
    /// ```
    /// use apierror::{ApiError, catalog::Catalog};
    ///
    /// #[derive(Debug, thiserror::Error, ApiError)]
    /// #[api(type_base = "https://errors.example.com/")]
    /// enum AccountError {
    ///     #[error("account not found")]
    ///     #[api(code = "account_not_found", status = 404, title = "Account not found")]
    ///     NotFound,
    /// }
    ///
    /// #[derive(Debug, thiserror::Error, ApiError)]
    /// #[api(type_base = "https://errors.example.com/")]
    /// enum BillingError {
    ///     #[error("invoice not found")]
    ///     #[api(code = "invoice_not_found", status = 404, title = "Invoice not found")]
    ///     NotFound,
    /// }
    ///
    /// let responses = Catalog::new().with::<AccountError>().with::<BillingError>().openapi_responses();
    /// let examples = &responses["404"]["content"]["application/problem+json"]["examples"];
    /// assert!(examples["account_not_found"].is_object());
    /// assert!(examples["invoice_not_found"].is_object());
    /// ```
    pub fn openapi_responses(&self) -> Value {
        self.openapi_responses_with(&Options::new())
    }

    /// [`openapi_responses`](Catalog::openapi_responses), with [`Options`].
    pub fn openapi_responses_with(&self, options: &Options) -> Value {
        openapi::responses_for(self.descriptors(), options)
    }

    /// The whole catalog for the `x-error-codes` extension, say at the top of an
    /// OpenAPI document: one entry per code and status, sorted by code, each with
    /// `code`, `status`, `title`, `type`, `expose` and, when the variant has a doc
    /// comment, `description`.
    ///
    /// ```
    /// use apierror::{catalog::Catalog, openapi::ERROR_CODES_EXTENSION};
    /// # #[derive(Debug, thiserror::Error, apierror::ApiError)]
    /// # enum AccountError { #[error("gone")] #[api(code = "gone", status = 410)] Gone }
    ///
    /// let mut document = serde_json::json!({ "openapi": "3.1.0" });
    /// document[ERROR_CODES_EXTENSION] = Catalog::new().with::<AccountError>().openapi_error_codes();
    /// assert_eq!(document["x-error-codes"][0]["code"], "gone");
    /// ```
    pub fn openapi_error_codes(&self) -> Value {
        openapi::error_codes_for(self.descriptors())
    }
}

//! OpenAPI 3.1 (and 3.0.3) documentation of error responses, written from the same static
//! descriptors that render them, so the docs cannot drift from the code.
//!
//! - [`components()`] is a `components` object with the schemas `Problem`,
//!   `Envelope` and `FieldViolation` (JSON Schema 2020-12, OpenAPI 3.1's dialect).
//! - [`responses::<E>()`](responses) is a Responses object for one error type: one
//!   response per status `E` can answer with, each documenting every code under that
//!   status with a named example.
//! - [`Catalog::openapi_responses`](crate::catalog::Catalog::openapi_responses) does
//!   the same for several types at once.
//! - [`downgrade_to_3_0`] rewrites a whole document, this crate's or utoipa's, as
//!   OpenAPI 3.0.3, and [`Options::version`] writes the pieces above in 3.0 directly.
//!
//! Everything is a `serde_json::Value`, so it fits any way of writing an OpenAPI
//! document; with the `utoipa` feature a derived type is also a
//! `utoipa::IntoResponses` that yields the same responses (a utoipa document then
//! lists their schema: `components(schemas(apierror::Problem))`).
//!
//! ```
//! use apierror::{ApiError, openapi};
//! use serde_json::json;
//!
//! #[derive(Debug, thiserror::Error, ApiError)]
//! #[api(type_base = "https://errors.example.com/")]
//! enum AccountError {
//!     /// The account does not exist or is not visible to the caller.
//!     #[error("account {id} not found")]
//!     #[api(code = "account_not_found", status = 404, title = "Account not found")]
//!     NotFound { id: u64 },
//!     #[error("database unavailable")]
//!     #[api(code = "internal_error", status = 500)]
//!     Db,
//! }
//!
//! let document = json!({
//!     "openapi": "3.1.0",
//!     "info": { "title": "Accounts", "version": "1" },
//!     "paths": {
//!         "/accounts/{id}": {
//!             "get": {
//!                 "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
//!                 "responses": openapi::responses::<AccountError>(),
//!             }
//!         }
//!     },
//!     "components": openapi::components(),
//! });
//!
//! let not_found = &document["paths"]["/accounts/{id}"]["get"]["responses"]["404"];
//! let example = &not_found["content"]["application/problem+json"]["examples"]["account_not_found"];
//! assert_eq!(example["value"]["title"], "Account not found");
//! assert_eq!(example["description"], "The account does not exist or is not visible to the caller.");
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use http::{HeaderMap, StatusCode};
use serde_json::{Map, Value, json};

use crate::constants::{CODE_PATTERN, MAX_CODE_LEN, TRACE_ID_HEADER};
use crate::descriptor::Sample;
use crate::format::Captured;
use crate::{
    ApiError, ErrorDescriptor, ErrorView, FieldViolation, Format, HttpError, Limits,
    OPAQUE_CLIENT_MESSAGE, OPAQUE_SERVER_MESSAGE, PROBLEM_JSON, Policy, TraceId, WireFormat, json,
};

/// Where [`components()`] puts the problem document's schema.
pub const PROBLEM_SCHEMA_REF: &str = "#/components/schemas/Problem";

/// Where [`components()`] puts the envelope's schema.
pub const ENVELOPE_SCHEMA_REF: &str = "#/components/schemas/Envelope";

/// Where [`components()`] puts the field violation's schema.
pub const FIELD_VIOLATION_SCHEMA_REF: &str = "#/components/schemas/FieldViolation";

/// The name of the specification extension that lists error codes with their facts:
/// on each response for the codes it documents, and, from
/// [`error_codes`] or [`Catalog::openapi_error_codes`](crate::catalog::Catalog::openapi_error_codes),
/// for a whole catalog.
pub const ERROR_CODES_EXTENSION: &str = "x-error-codes";

/// What names a framework error's example kept beside the service's own example of
/// the same code with another body (`validation_failed (framework)`), in the
/// documents the utoipa and aide integrations complete.
#[cfg(any(feature = "utoipa", feature = "aide"))]
pub(crate) const FRAMEWORK_EXAMPLE_SUFFIX: &str = " (framework)";

/// The media type of the envelope, documented when [`Options::envelope`] is on.
#[doc(inline)]
pub use crate::constants::ENVELOPE_JSON;

/// The trace id used in examples; real ones are generated per error.
pub const SAMPLE_TRACE_ID: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

/// The `instance` used in examples: the layers set the request's path there, which a
/// response documented apart from its operation cannot know.
pub const SAMPLE_INSTANCE: &str = "/path/of/the/request";

/// The syntax `TraceId::parse` accepts.
const TRACE_ID_PATTERN: &str = "^[A-Za-z0-9._:-]{1,128}$";

/// What [`responses_with`] and
/// [`Catalog::openapi_responses_with`](crate::catalog::Catalog::openapi_responses_with)
/// document besides the problem document.
///
/// ```
/// use apierror::openapi::{self, Options};
/// # #[derive(Debug, thiserror::Error, apierror::ApiError)]
/// # enum AccountError { #[error("gone")] #[api(code = "gone", status = 410)] Gone }
///
/// // A service that answers with `Format::Envelope` unless asked for a problem.
/// let responses = openapi::responses_with::<AccountError>(&Options::new().envelope(true));
/// assert!(responses["410"]["content"]["application/json"].is_object());
/// assert!(responses["410"]["content"]["application/problem+json"].is_object());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    envelope: bool,
    format: Format,
    version: Version,
}

/// The OpenAPI version a document is written for.
///
/// 3.1 (the default) is what utoipa writes; 3.0.3 is for client generators that read
/// only 3.0 (progenitor, among others). A whole document, utoipa's included, is
/// rewritten with [`downgrade_to_3_0`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Version {
    /// OpenAPI 3.1: schemas are JSON Schema 2020-12.
    #[default]
    V3_1,
    /// OpenAPI 3.0.3: `nullable` and `example` where 3.1 has type lists and
    /// `examples`, and no keyword 3.0 does not have.
    V3_0,
}

pub use v3_0::downgrade as downgrade_to_3_0;

mod v3_0;

impl Options {
    /// Only `application/problem+json`, in OpenAPI 3.1, as [`responses`] documents.
    pub const fn new() -> Self {
        Options {
            envelope: false,
            format: Format::Problem,
            version: Version::V3_1,
        }
    }

    /// Documents the body `format` writes, for a service that answers with it
    /// (`Context::with_format`, the layers' `.format(…)`): its media type, its
    /// schema ([`WireFormat::schema`], inline) and one
    /// example per code written by the format itself. `Format::Problem` (the
    /// default) and `Format::Envelope` document as before; `Format::Envelope` is
    /// the same as [`envelope(true)`](Self::envelope).
    ///
    /// ```
    /// use apierror::{Format, openapi::{self, Options}};
    /// # #[derive(Debug, thiserror::Error, apierror::ApiError)]
    /// # enum AccountError { #[error("gone")] #[api(code = "gone", status = 410)] Gone }
    ///
    /// let responses = openapi::responses_with::<AccountError>(&Options::new().format(Format::JsonApi));
    /// let content = &responses["410"]["content"]["application/vnd.api+json"];
    /// assert_eq!(content["examples"]["gone"]["value"]["errors"][0]["code"], "gone");
    /// assert!(responses["410"]["content"]["application/problem+json"].is_null());
    /// ```
    #[must_use]
    pub const fn format(mut self, format: Format) -> Self {
        if let Format::Envelope = format {
            self.envelope = true;
        }
        self.format = format;
        self
    }

    /// Writes for this OpenAPI version (3.1 by default).
    ///
    /// ```
    /// use apierror::openapi::{self, Options, Version};
    ///
    /// let components = openapi::components_with(&Options::new().version(Version::V3_0));
    /// let problem = &components["schemas"]["Problem"];
    /// assert!(problem.get("examples").is_none());
    /// assert_eq!(problem["example"]["status"], 404);
    /// ```
    #[must_use]
    pub const fn version(mut self, version: Version) -> Self {
        self.version = version;
        self
    }

    /// Also document the envelope under `application/json`, for services whose
    /// format is `Format::Envelope` (they still answer with a problem document to a
    /// client that asks for `application/problem+json`).
    #[must_use]
    pub const fn envelope(mut self, envelope: bool) -> Self {
        self.envelope = envelope;
        self
    }
}

/// The OpenAPI 3.1 `components` object with the schemas `Problem`, `Envelope` and
/// `FieldViolation`, which [`responses`] refers to.
///
/// `Problem` has the RFC 9457 members (`type`, `title`, `status`, `detail`,
/// `instance`) and the extension members this crate writes (`code`, `trace_id`,
/// `field`, `errors`, `errors_truncated`, `debug`); further extension members are
/// allowed. Merge the object into a document's `components`, or use it as is.
///
/// ```
/// let components = apierror::openapi::components();
/// let problem = &components["schemas"]["Problem"];
/// assert_eq!(problem["properties"]["type"]["format"], "uri-reference");
/// assert!(problem["required"].as_array().unwrap().contains(&"code".into()));
/// assert!(components["schemas"]["Envelope"].is_object());
/// assert!(components["schemas"]["FieldViolation"].is_object());
/// ```
pub fn components() -> Value {
    json!({
        "schemas": {
            "Problem": problem_schema(),
            "Envelope": envelope_schema(),
            "FieldViolation": field_violation_schema(),
        }
    })
}

/// [`components`], for the [`Options`]' OpenAPI version.
pub fn components_with(options: &Options) -> Value {
    let mut components = components();
    if options.version == Version::V3_0 {
        v3_0::downgrade_components(&mut components);
    }
    components
}

/// The OpenAPI Responses object for the error type `E`: one response per status
/// `E` can answer with (following its `transparent` variants), keyed by the status.
///
/// Each response has:
///
/// - a `description` that names the status and lists every code under it;
/// - the `X-Trace-Id` header, and every header a variant's `#[api(header)]` field
///   sets (`Retry-After`), naming the codes that set it;
/// - `application/problem+json` content whose schema is the `Problem` schema of
///   [`components()`], with the codes listed as `examples` of `code` (not as a closed
///   `enum`: adding a code is not a breaking change to the schema);
/// - one named example per code, keyed by the code, with the title as summary, the
///   doc comment as description, and a sample problem document with
///   [`SAMPLE_INSTANCE`] as its `instance`. Its `detail` is the variant's constant
///   `message`, the generic sentence an opaque error answers with, the message
///   template rendered with sample values (`account 42 not found`: the variant's
///   `#[api(example(id = 42))]`, else `0` for a number, `"string"` for a string,
///   `{name}` for another type), or the title. An exposed variant's example also
///   holds every member it writes: `field`, `errors` (one sample violation) and each
///   extension. An extension shows its `example(...)` value, else a placeholder of
///   its type: a number field shows `0` (`1` for a `NonZero`), a float `0.0`, a
///   `bool` `false`, a sequence `[]`, a map `{}` (an `Option`, `Box`, `Arc`, `Rc`,
///   `Cow` or reference as what it holds), and any other field, strings included, the
///   string `{name}` naming the Rust field, as a message template does;
/// - the extension `x-error-codes`: the codes with their status, title, type URI,
///   whether they are exposed, and their description.
///
/// ```
/// use apierror::{ApiError, openapi};
///
/// #[derive(Debug, thiserror::Error, ApiError)]
/// #[api(type_base = "https://errors.example.com/")]
/// enum OrderError {
///     /// No order has this id.
///     #[error("order not found")]
///     #[api(code = "order_not_found", status = 404, title = "Order not found")]
///     NotFound,
///     /// The order's customer does not exist any more.
///     #[error("customer not found")]
///     #[api(code = "customer_not_found", status = 404, title = "Customer not found")]
///     NoCustomer,
/// }
///
/// let responses = openapi::responses::<OrderError>();
/// let examples = &responses["404"]["content"]["application/problem+json"]["examples"];
/// assert_eq!(examples["order_not_found"]["summary"], "Order not found");
/// assert_eq!(examples["customer_not_found"]["value"]["status"], 404);
/// assert!(responses["404"]["description"].as_str().unwrap().contains("`order_not_found`"));
/// ```
pub fn responses<E: ApiError>() -> Value {
    responses_with::<E>(&Options::new())
}

/// [`responses`], with [`Options`].
pub fn responses_with<E: ApiError>(options: &Options) -> Value {
    responses_for(&descriptors_of::<E>(), options)
}

/// The codes `E` can answer with, for the `x-error-codes` extension: one entry per
/// code and status, sorted by code, each with `code`, `status`, `title`, `type`,
/// `expose` and, when the variant has a doc comment, `description`.
///
/// ```
/// # #[derive(Debug, thiserror::Error, apierror::ApiError)]
/// # enum AccountError { #[error("gone")] #[api(code = "gone", status = 410)] Gone }
/// let codes = apierror::openapi::error_codes::<AccountError>();
/// assert_eq!(codes[0]["code"], "gone");
/// assert_eq!(codes[0]["status"], 410);
/// ```
pub fn error_codes<E: ApiError>() -> Value {
    error_codes_for(&descriptors_of::<E>())
}

/// Every descriptor `E` can answer with, following its `transparent` variants.
fn descriptors_of<E: ApiError>() -> Vec<&'static ErrorDescriptor> {
    let mut descriptors = Vec::new();
    crate::error::visit_descriptors::<E>(&mut |descriptor| descriptors.push(descriptor));
    descriptors
}

/// One descriptor per code and status, sorted by code then status; of several
/// with the same code and status, the first given wins.
pub(crate) fn distinct(descriptors: &[&'static ErrorDescriptor]) -> Vec<&'static ErrorDescriptor> {
    let mut seen = BTreeMap::new();
    for descriptor in descriptors {
        seen.entry((descriptor.code(), descriptor.status_u16()))
            .or_insert(*descriptor);
    }
    seen.into_values().collect()
}

/// The `x-error-codes` list of `descriptors`.
pub(crate) fn error_codes_for(descriptors: &[&'static ErrorDescriptor]) -> Value {
    distinct(descriptors).into_iter().map(code_entry).collect()
}

/// The Responses object documenting `descriptors`.
pub(crate) fn responses_for(descriptors: &[&'static ErrorDescriptor], options: &Options) -> Value {
    let mut by_status: BTreeMap<u16, Vec<&'static ErrorDescriptor>> = BTreeMap::new();
    for descriptor in descriptors {
        by_status
            .entry(descriptor.status_u16())
            .or_default()
            .push(descriptor);
    }
    let mut responses = by_status
        .into_iter()
        .map(|(status, answering)| (status.to_string(), response(status, &answering, options)))
        .collect::<Map<_, _>>()
        .into();
    if options.version == Version::V3_0 {
        v3_0::downgrade_responses(&mut responses);
    }
    responses
}

/// One Response object for every descriptor in `answering`, all with `status`: one
/// example per code, and the headers of every variant (two variants with one code,
/// say a plain one and one reached through `transparent`, may set different ones).
fn response(status: u16, answering: &[&'static ErrorDescriptor], options: &Options) -> Value {
    let codes = &distinct(answering)[..];
    let mut content = Map::new();
    if let Some(wire) = options.format.wire() {
        content.insert(wire.media_type().to_owned(), wire_media_type(wire, codes));
        return json!({
            "description": response_description(status, codes),
            "headers": headers(answering),
            "content": content,
            ERROR_CODES_EXTENSION: codes.iter().copied().map(code_entry).collect::<Vec<_>>(),
        });
    }
    content.insert(
        PROBLEM_JSON.to_owned(),
        media_type(
            PROBLEM_SCHEMA_REF,
            code_examples_schema(codes, false),
            codes,
            sample_problem,
        ),
    );
    if options.envelope {
        content.insert(
            ENVELOPE_JSON.to_owned(),
            media_type(
                ENVELOPE_SCHEMA_REF,
                code_examples_schema(codes, true),
                codes,
                sample_envelope,
            ),
        );
    }
    json!({
        "description": response_description(status, codes),
        "headers": headers(answering),
        "content": content,
        ERROR_CODES_EXTENSION: codes.iter().copied().map(code_entry).collect::<Vec<_>>(),
    })
}

/// The Headers object of a response: `X-Trace-Id`, and every header an
/// `#[api(header)]` field of one of `answering` sets, naming the codes that set it.
fn headers(answering: &[&'static ErrorDescriptor]) -> Value {
    let mut headers = Map::new();
    headers.insert(
        header_display_name(TRACE_ID_HEADER.as_str()),
        json!({
            "description": "The id of this error in the server's logs, also the body's `trace_id`. \
                            Quote it when reporting the error.",
            "schema": { "type": "string", "pattern": TRACE_ID_PATTERN },
        }),
    );
    // Keyed without case, as HTTP compares names; shown as the first variant spells it.
    let mut set_by: BTreeMap<String, (&str, BTreeSet<&str>)> = BTreeMap::new();
    for descriptor in answering {
        for name in descriptor.headers() {
            let (_, codes) = set_by
                .entry(name.to_ascii_lowercase())
                .or_insert_with(|| (name, BTreeSet::new()));
            codes.insert(descriptor.code());
        }
    }
    for (name, codes) in set_by.into_values() {
        let codes: Vec<String> = codes.iter().map(|code| format!("`{code}`")).collect();
        headers.insert(
            name.to_owned(),
            json!({
                "description": format!("Set by {}.", codes.join(", ")),
                "schema": { "type": "string" },
            }),
        );
    }
    Value::Object(headers)
}

/// `x-trace-id` as it is usually written: `X-Trace-Id`.
fn header_display_name(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// A Media Type object: `schema_ref` narrowed by `narrowing`, and one example per code.
fn media_type(
    schema_ref: &str,
    narrowing: Value,
    codes: &[&'static ErrorDescriptor],
    sample: fn(&'static ErrorDescriptor) -> Value,
) -> Value {
    json!({
        "schema": { "allOf": [{ "$ref": schema_ref }, narrowing] },
        "examples": examples(codes, sample),
    })
}

/// The Media Type object of a [`WireFormat`]: its own schema,
/// and one example per code, written by the format.
fn wire_media_type(wire: &dyn crate::WireFormat, codes: &[&'static ErrorDescriptor]) -> Value {
    json!({
        "schema": wire.schema(),
        "examples": examples(codes, |descriptor| sample_body(wire, descriptor)),
    })
}

/// One named example per code: the title as summary, the description, and the
/// sample body.
fn examples(
    codes: &[&'static ErrorDescriptor],
    sample: impl Fn(&'static ErrorDescriptor) -> Value,
) -> Map<String, Value> {
    codes
        .iter()
        .map(|descriptor| {
            // In the default locale, for a type with Fluent files.
            let descriptor = crate::locale::documented(descriptor, None);
            let mut example = Map::new();
            example.insert("summary".to_owned(), descriptor.title().into());
            if let Some(description) = example_description(descriptor) {
                example.insert("description".to_owned(), description.into());
            }
            example.insert("value".to_owned(), sample(descriptor));
            (descriptor.code().to_owned(), Value::Object(example))
        })
        .collect()
}

/// The schema that lists a response's codes as `examples` of the `code` member.
fn code_examples_schema(codes: &[&'static ErrorDescriptor], envelope: bool) -> Value {
    let code = json!({
        "type": "string",
        "examples": codes.iter().map(|descriptor| descriptor.code()).collect::<Vec<_>>(),
    });
    if envelope {
        json!({
            "type": "object",
            "properties": {
                "error": {
                    "type": "object",
                    "properties": { "code": code },
                    // The default, said out loud for linters that assume otherwise
                    // (Redocly reads an object without it as closed).
                    "additionalProperties": true,
                }
            },
        })
    } else {
        json!({ "type": "object", "properties": { "code": code } })
    }
}

/// `Not Found. Error codes:` and a Markdown list of the codes with their titles.
fn response_description(status: u16, codes: &[&'static ErrorDescriptor]) -> String {
    let label = if codes.len() == 1 {
        "Error code"
    } else {
        "Error codes"
    };
    let mut text = format!("{}. {label}:\n", reason(status));
    for descriptor in codes {
        text.push_str(&format!(
            "\n- `{}`: {}",
            descriptor.code(),
            markdown_escape(descriptor.title())
        ));
    }
    text
}

/// An example's description: the doc comment, and for an opaque code, a note that
/// nothing of the error itself reaches the client.
fn example_description(descriptor: &ErrorDescriptor) -> Option<String> {
    let note = (!descriptor.expose())
        .then_some("Not exposed: the response never carries the error's own message or fields.");
    match (descriptor.description(), note) {
        (Some(description), Some(note)) => Some(format!("{description}\n\n{note}")),
        (Some(description), None) => Some(description.to_owned()),
        (None, note) => note.map(str::to_owned),
    }
}

/// One `x-error-codes` entry.
fn code_entry(descriptor: &'static ErrorDescriptor) -> Value {
    let mut entry = Map::new();
    entry.insert("code".to_owned(), descriptor.code().into());
    entry.insert("status".to_owned(), descriptor.status_u16().into());
    entry.insert("title".to_owned(), descriptor.title().into());
    entry.insert("type".to_owned(), descriptor.type_uri().into());
    entry.insert("expose".to_owned(), descriptor.expose().into());
    if let Some(description) = descriptor.description() {
        entry.insert("description".to_owned(), description.into());
    }
    Value::Object(entry)
}

/// The `detail` of a sample problem: the constant message, the generic sentence of
/// an opaque error, the message template rendered with sample values (`account 42
/// not found`, see [`ErrorDescriptor::example_detail`]), or, for a message from
/// `Display`, the title.
pub(crate) fn sample_detail(descriptor: &ErrorDescriptor) -> &'static str {
    match (descriptor.message(), descriptor.message_template()) {
        (Some(message), _) => message,
        _ if !descriptor.expose() && descriptor.status_u16() >= 500 => OPAQUE_SERVER_MESSAGE,
        _ if !descriptor.expose() => OPAQUE_CLIENT_MESSAGE,
        (None, Some(template)) => descriptor.example_detail().unwrap_or(template),
        (None, None) => descriptor.title(),
    }
}

/// A problem document as `descriptor` answers with it, with a sample trace id and
/// every member an exposed variant writes (see [`Sample`]).
pub(crate) fn sample_problem(descriptor: &'static ErrorDescriptor) -> Value {
    let descriptor = crate::locale::documented(descriptor, None);
    let mut problem = json!({
        "type": descriptor.type_uri(),
        "title": descriptor.title(),
        "status": descriptor.status_u16(),
        "detail": sample_detail(descriptor),
        "instance": SAMPLE_INSTANCE,
        "code": descriptor.code(),
        "trace_id": SAMPLE_TRACE_ID,
    });
    if let Value::Object(members) = &mut problem {
        members.extend(sample_members(descriptor, Format::Problem));
    }
    problem
}

/// An envelope as `descriptor` answers with it, with a sample trace id and every
/// member an exposed variant writes, `errors` and extensions inside `details`.
pub(crate) fn sample_envelope(descriptor: &'static ErrorDescriptor) -> Value {
    let descriptor = crate::locale::documented(descriptor, None);
    let mut error = Map::new();
    error.insert("code".to_owned(), descriptor.code().into());
    error.insert("message".to_owned(), sample_detail(descriptor).into());
    error.insert("trace_id".to_owned(), SAMPLE_TRACE_ID.into());
    let mut details = Map::new();
    for (name, value) in sample_members(descriptor, Format::Envelope) {
        let object = if name == "field" {
            &mut error
        } else {
            &mut details
        };
        object.insert(name, value);
    }
    if !details.is_empty() {
        error.insert("details".to_owned(), Value::Object(details));
    }
    json!({ "error": error })
}

/// The body `format` writes for `descriptor` with sample values, as the OpenAPI
/// examples and the catalog page show it: the message of
/// [`sample_detail`], a `{name}` placeholder for the field,
/// one sample violation, each extension's sample value, and the sample trace id.
pub(crate) fn sample_body(
    format: &dyn WireFormat,
    descriptor: &'static ErrorDescriptor,
) -> serde_json::Value {
    let descriptor = crate::locale::documented(descriptor, None);
    /// Where `text`, pushed onto `buffer` as JSON, lands.
    fn record(buffer: &mut Vec<u8>, json_text: &str) -> Range<usize> {
        let start = buffer.len();
        buffer.extend_from_slice(json_text.as_bytes());
        start..buffer.len()
    }

    let mut buffer = Vec::with_capacity(256);
    let mut captured = Captured::default();
    let message = json::string(sample_detail(descriptor));
    captured.message = Some(record(&mut buffer, &message));
    let members = if descriptor.expose() {
        descriptor.members
    } else {
        &[]
    };
    for member in members {
        match *member {
            Sample::Field(name) => {
                let placeholder = json::string(&format!("{{{name}}}"));
                captured.field = Some(record(&mut buffer, &placeholder));
            }
            Sample::Violations => captured
                .violations
                .push(FieldViolation::new("name", "must not be empty")),
            Sample::Extension(name, value) => {
                let range = record(&mut buffer, value);
                captured.extensions.push((name, range));
            }
        }
    }
    let trace_id = TraceId::parse(SAMPLE_TRACE_ID).unwrap_or_else(TraceId::generate);
    let headers = HeaderMap::new();
    let view = ErrorView {
        descriptor,
        buffer: &buffer,
        captured: &captured,
        debug: None,
        headers: &headers,
        trace_id: &trace_id,
        instance: Some(SAMPLE_INSTANCE),
        policy: Policy::Production,
        limits: Limits::default(),
        trace_at: std::cell::Cell::new(None),
    };
    let mut body = Vec::new();
    let written = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        format.write_body(&view, &mut body)
    }));
    match written {
        Ok(()) => serde_json::from_slice(&body).unwrap_or_default(),
        Err(_) => serde_json::Value::Null,
    }
}

/// The members besides the message an exposed `descriptor` writes, with sample
/// values: none for an error that is not exposed, which writes none.
fn sample_members(descriptor: &ErrorDescriptor, format: Format) -> Vec<(String, Value)> {
    if !descriptor.expose() {
        return Vec::new();
    }
    descriptor
        .members
        .iter()
        .map(|member| match *member {
            Sample::Field(placeholder) => ("field".to_owned(), format!("{{{placeholder}}}").into()),
            Sample::Violations => ("errors".to_owned(), sample_violations(format)),
            Sample::Extension(name, json) => {
                // The derive wrote `json`; should it not parse, show the name.
                let value = serde_json::from_str(json).unwrap_or_else(|_| name.into());
                (name.to_owned(), value)
            }
        })
        .collect()
}

/// One sample violation, as each format writes it.
fn sample_violations(format: Format) -> Value {
    let violation = FieldViolation::new("name", "must not be empty");
    let rendered = match format {
        Format::Envelope => json!({ "field": violation.field(), "message": violation.message() }),
        _ => json!({ "detail": violation.message(), "pointer": "#/name" }),
    };
    json!([rendered])
}

/// The status's reason phrase as RFC 9110 names it (422 is "Unprocessable
/// Content"), as `HttpError` titles it: `Client Error` / `Server Error` for an
/// unregistered one.
pub(crate) fn reason(status: u16) -> &'static str {
    match StatusCode::from_u16(status) {
        Ok(status) => HttpError::new(status).title(),
        Err(_) if status >= 500 => "Server Error",
        Err(_) => "Client Error",
    }
}

/// `text` with the characters CommonMark treats as inline markup escaped.
pub(crate) fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '&' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The `Problem` schema.
pub(crate) fn problem_schema() -> Value {
    json!({
        "type": "object",
        "title": "Problem",
        "description": "An RFC 9457 problem document (`application/problem+json`). \
                        `code` is the stable machine-readable code to branch on; \
                        `trace_id` finds the error in the server's logs.",
        "properties": {
            "type": {
                "type": "string",
                "format": "uri-reference",
                "description": "A URI reference that identifies the problem type; \
                                it leads to the type's documentation.",
                "default": "about:blank",
            },
            "title": {
                "type": "string",
                "description": "A short summary of the problem type; the same for every occurrence.",
            },
            "status": {
                "type": "integer",
                "minimum": 100,
                "maximum": 599,
                "description": "The HTTP status code of the response.",
            },
            "detail": {
                "type": "string",
                "description": "An explanation specific to this occurrence, for the client to read. \
                                A generic sentence for errors that are not exposed.",
            },
            "instance": {
                "type": "string",
                "format": "uri-reference",
                "description": "A URI reference that identifies this occurrence, such as the request path.",
            },
            "code": {
                "type": "string",
                "pattern": CODE_PATTERN,
                "maxLength": MAX_CODE_LEN,
                "description": "The stable machine-readable error code. New codes may be added.",
            },
            "trace_id": {
                "type": "string",
                "pattern": TRACE_ID_PATTERN,
                "description": "The id of this error in the server's logs, also sent as `X-Trace-Id`.",
            },
            "field": {
                "type": "string",
                "description": "The request field at fault, when the error names one.",
            },
            "errors": {
                "type": "array",
                "description": "The invalid fields of the request, as in RFC 9457 section 3.",
                "items": {
                    "type": "object",
                    "required": ["detail"],
                    "properties": {
                        "detail": {
                            "type": "string",
                            "description": "What is wrong with the field.",
                        },
                        "pointer": {
                            "type": "string",
                            "description": "A JSON Pointer (RFC 6901), in URI fragment form, \
                                            to the field in the request body, such as `#/profile/color`.",
                        },
                        "parameter": {
                            "type": "string",
                            "description": "The query or path parameter at fault, such as `limit` \
                                            (in place of `pointer`).",
                        },
                        "header": {
                            "type": "string",
                            "description": "The request header at fault, such as `X-Tenant` \
                                            (in place of `pointer`).",
                        },
                        "code": {
                            "type": "string",
                            "description": "A machine-readable code for the violation.",
                        },
                    },
                },
            },
            "errors_truncated": {
                "type": "integer",
                "minimum": 1,
                "description": "How many further violations were left out of `errors`.",
            },
            "debug": {
                "type": "object",
                "description": "Internal facts, sent only by a server in development mode.",
                "properties": {
                    "message": { "type": "string" },
                    "type": { "type": "string" },
                    "source": { "type": "array", "items": { "type": "string" } },
                },
            },
        },
        "required": ["type", "title", "status", "detail", "code", "trace_id"],
        "additionalProperties": true,
        "examples": [{
            "type": "https://errors.example.com/account_not_found",
            "title": "Account not found",
            "status": 404,
            "detail": "account 7 not found",
            "instance": "/accounts/7",
            "code": "account_not_found",
            "trace_id": SAMPLE_TRACE_ID,
        }],
    })
}

/// The `Envelope` schema.
pub(crate) fn envelope_schema() -> Value {
    json!({
        "type": "object",
        "title": "Envelope",
        "description": "The error envelope `{\"error\": {...}}`, for services that answer with it \
                        rather than with a problem document.",
        "properties": {
            "error": {
                "type": "object",
                "properties": {
                    "code": {
                        "type": "string",
                        "pattern": CODE_PATTERN,
                        "maxLength": MAX_CODE_LEN,
                        "description": "The stable machine-readable error code. New codes may be added.",
                    },
                    "message": {
                        "type": "string",
                        "description": "The message for the client; a generic sentence for errors that are not exposed.",
                    },
                    "field": {
                        "type": "string",
                        "description": "The request field at fault, when the error names one.",
                    },
                    "details": {
                        "type": "object",
                        "description": "The invalid fields under `errors`, and further members the error names.",
                        "properties": {
                            "errors": {
                                "type": "array",
                                "items": { "$ref": FIELD_VIOLATION_SCHEMA_REF },
                            },
                            "errors_truncated": {
                                "type": "integer",
                                "minimum": 1,
                                "description": "How many further violations were left out of `errors`.",
                            },
                        },
                        "additionalProperties": true,
                    },
                    "trace_id": {
                        "type": "string",
                        "pattern": TRACE_ID_PATTERN,
                        "description": "The id of this error in the server's logs, also sent as `X-Trace-Id`.",
                    },
                    "debug": {
                        "type": "object",
                        "description": "Internal facts, sent only by a server in development mode.",
                    },
                },
                "required": ["code", "message", "trace_id"],
            },
        },
        "required": ["error"],
        "examples": [{
            "error": {
                "code": "account_not_found",
                "message": "account 7 not found",
                "trace_id": SAMPLE_TRACE_ID,
            }
        }],
    })
}

/// The `FieldViolation` schema: a violation as the envelope and `serde` write it.
pub(crate) fn field_violation_schema() -> Value {
    json!({
        "type": "object",
        "title": "FieldViolation",
        "description": "One invalid field of a request.",
        "properties": {
            "field": {
                "type": "string",
                "description": "The field's path, such as `profile.color` or `items[2].name`.",
            },
            "location": {
                "type": "string",
                "enum": ["body", "parameter", "header"],
                "description": "Where the field is: a body field (the default, when absent), \
                                a query or path parameter, or a header.",
            },
            "message": {
                "type": "string",
                "description": "What is wrong with the field.",
            },
            "code": {
                "type": "string",
                "description": "A machine-readable code for the violation.",
            },
        },
        "required": ["field", "message"],
        "examples": [{ "field": "profile.color", "message": "must be a color", "code": "invalid_color" }],
    })
}

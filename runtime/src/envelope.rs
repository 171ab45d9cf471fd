//! `Envelope`: the `{"error": {…}}` body, for services that prefer it to RFC 9457.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ErrorDescriptor;

/// The JSON envelope `{"error": {"code", "message", "field"?, "details"?, "trace_id"?}}`,
/// for services that answer with `Format::Envelope`.
///
/// `details` holds the `#[api(violations)]` list under `errors` and the
/// `#[api(extension)]` fields. Clients parse it with serde.
///
/// ```
/// use apierror::Envelope;
///
/// let envelope: Envelope = serde_json::from_str(
///     r#"{"error":{"code":"rate_limited","message":"Slow down.","trace_id":"t-1"}}"#,
/// ).unwrap();
/// assert_eq!(envelope.error.code, "rate_limited");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    /// The error.
    pub error: EnvelopeError,
}

/// The inside of an [`Envelope`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnvelopeError {
    /// The stable machine-readable code.
    pub code: String,
    /// The message for the client (a generic one for opaque errors).
    pub message: String,
    /// The request field at fault, if the variant names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Violations (`errors`) and extension members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Map<String, Value>>,
    /// The id that finds the error in the server's logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
    /// Internal facts, written only under `Policy::Development`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debug: Option<Value>,
}

impl Envelope {
    /// Parses a body this crate rendered; falls back to the descriptor's facts if
    /// the body does not parse, which would be a bug in the renderer.
    ///
    /// The round trip is deliberate, for the reasons and at the cost given on
    /// `Problem::from_rendered`: for the `interpolated` bench case, `to_envelope`
    /// takes 4,968 instructions against 2,738 for the whole `to_response`; for
    /// `violations_header`, 20,587 against 5,601.
    pub(crate) fn from_rendered(body: &[u8], descriptor: &ErrorDescriptor) -> Envelope {
        serde_json::from_slice(body).unwrap_or_else(|_| Envelope {
            error: EnvelopeError {
                code: descriptor.code().to_owned(),
                message: descriptor.title().to_owned(),
                field: None,
                details: None,
                trace_id: None,
                debug: None,
            },
        })
    }
}

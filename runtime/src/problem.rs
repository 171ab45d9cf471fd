//! `Problem`: an RFC 9457 problem document, for servers and clients alike.

use std::fmt;

use serde::de::{Deserializer, Error as _};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ErrorDescriptor;

const STANDARD_MEMBERS: [&str; 5] = ["type", "title", "status", "detail", "instance"];

/// An RFC 9457 problem document: the members `type`, `title`, `status`, `detail`,
/// `instance`, and extension members (`code`, `trace_id`, `field`, `errors`, custom
/// ones).
///
/// A server gets one from [`ApiError::to_problem`](crate::ApiError::to_problem); a
/// client parses one from a response body. Parsing follows RFC 9457 section 3.1: a
/// standard member of the wrong type is ignored, not an error, and unknown members are
/// kept as extensions.
///
/// ```
/// use apierror::Problem;
///
/// let problem: Problem = serde_json::from_str(
///     r#"{"type":"https://errors.example.com/out_of_credit","title":"Out of credit",
///         "status":"403","detail":"Your balance is 30.","code":"out_of_credit"}"#,
/// ).unwrap();
/// assert_eq!(problem.status(), None); // a string, so ignored
/// assert_eq!(problem.code(), Some("out_of_credit"));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Problem {
    type_uri: Option<String>,
    title: Option<String>,
    status: Option<u16>,
    detail: Option<String>,
    instance: Option<String>,
    extensions: Map<String, Value>,
}

impl Problem {
    /// An empty problem (`type` defaults to `about:blank`) with the given status.
    pub fn new(status: http::StatusCode) -> Self {
        Problem {
            status: Some(status.as_u16()),
            ..Problem::default()
        }
    }

    /// Sets the type URI.
    #[must_use]
    pub fn with_type(mut self, type_uri: impl Into<String>) -> Self {
        self.type_uri = Some(type_uri.into());
        self
    }

    /// Sets the title.
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Sets the detail.
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Sets the instance.
    #[must_use]
    pub fn with_instance(mut self, instance: impl Into<String>) -> Self {
        self.instance = Some(instance.into());
        self
    }

    /// Adds an extension member. A name that is one of the standard members is
    /// ignored, as is a value that does not serialize.
    #[must_use]
    pub fn with_extension(mut self, name: impl Into<String>, value: impl Serialize) -> Self {
        let name = name.into();
        if let (false, Ok(value)) = (
            STANDARD_MEMBERS.contains(&name.as_str()),
            serde_json::to_value(value),
        ) {
            self.extensions.insert(name, value);
        }
        self
    }

    /// The type URI; `about:blank` when absent, as RFC 9457 section 3.1.1 says.
    pub fn type_uri(&self) -> &str {
        self.type_uri.as_deref().unwrap_or("about:blank")
    }

    /// The title, if present.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The status, if present and a number in 100..=599.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The detail, if present.
    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }

    /// The instance, if present.
    pub fn instance(&self) -> Option<&str> {
        self.instance.as_deref()
    }

    /// One extension member.
    pub fn extension(&self, name: &str) -> Option<&Value> {
        self.extensions.get(name)
    }

    /// All extension members.
    pub fn extensions(&self) -> &Map<String, Value> {
        &self.extensions
    }

    /// The invalid fields, parameters and headers listed under the extension
    /// `errors`, read back into [`FieldViolation`](crate::FieldViolation)s (a
    /// `pointer` becomes a dotted field path); items of another shape are skipped.
    pub fn violations(&self) -> Vec<crate::FieldViolation> {
        let items = self.extensions.get("errors").and_then(Value::as_array);
        items
            .into_iter()
            .flatten()
            .filter_map(crate::FieldViolation::from_problem_item)
            .collect()
    }

    /// The `code` extension: the stable machine-readable code.
    pub fn code(&self) -> Option<&str> {
        self.extension_str("code")
    }

    /// The `trace_id` extension: the id that finds the error in the server's logs.
    pub fn trace_id(&self) -> Option<&str> {
        self.extension_str("trace_id")
    }

    fn extension_str(&self, name: &str) -> Option<&str> {
        self.extensions.get(name).and_then(Value::as_str)
    }

    /// Parses a body this crate rendered; falls back to the descriptor's facts if
    /// the body does not parse, which would be a bug in the renderer.
    ///
    /// Why `to_problem` writes the body and parses it back rather than building the
    /// members directly: the body writer is the one place that applies the limits,
    /// redaction, the fallbacks after a failing `Display`/`Serialize`, the violation
    /// pointers and the `debug` member, and generated code writes through it
    /// (`Members`). Parsing its output makes `to_problem` equal to the wire by
    /// construction; building directly would need a second implementation of all
    /// of that behind the same `Members` calls, held equal by tests.
    ///
    /// What it costs (callgrind, `benches/benches/instructions.rs`' cases, per call):
    /// for `interpolated`, 10,973 instructions against 2,822 for the whole
    /// `to_response` and about 2,700 for building the same `Problem` directly
    /// (the owned strings and map it holds); for `violations_header` (three
    /// violations), 27,314 against 6,062 and about 19,300. So the round trip adds
    /// some 8,000 instructions (a few microseconds) to a method meant for tests and
    /// clients; `to_response`, the serving path, never parses.
    pub(crate) fn from_rendered(body: &[u8], descriptor: &ErrorDescriptor) -> Problem {
        serde_json::from_slice(body).unwrap_or_else(|_| {
            Problem::new(descriptor.status())
                .with_type(descriptor.type_uri())
                .with_title(descriptor.title())
                .with_extension("code", descriptor.code())
        })
    }
}

impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(type_uri) = &self.type_uri {
            map.serialize_entry("type", type_uri)?;
        }
        if let Some(title) = &self.title {
            map.serialize_entry("title", title)?;
        }
        if let Some(status) = self.status {
            map.serialize_entry("status", &status)?;
        }
        if let Some(detail) = &self.detail {
            map.serialize_entry("detail", detail)?;
        }
        if let Some(instance) = &self.instance {
            map.serialize_entry("instance", instance)?;
        }
        for (name, value) in &self.extensions {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Problem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut members = match Value::deserialize(deserializer)? {
            Value::Object(members) => members,
            other => return Err(D::Error::custom(NotAnObject(&other))),
        };
        let type_uri = take_string(&mut members, "type");
        let title = take_string(&mut members, "title");
        let detail = take_string(&mut members, "detail");
        let instance = take_string(&mut members, "instance");
        let status = members
            .remove("status")
            .and_then(|status| status.as_u64())
            .and_then(|status| u16::try_from(status).ok())
            .filter(|status| (100..=599).contains(status));
        Ok(Problem {
            type_uri,
            title,
            status,
            detail,
            instance,
            extensions: members,
        })
    }
}

/// Removes member `name` and returns it if it is a string: RFC 9457 section 3.1
/// ignores a member of the wrong type.
pub(crate) fn take_string(members: &mut Map<String, Value>, name: &str) -> Option<String> {
    match members.remove(name) {
        Some(Value::String(text)) => Some(text),
        _ => None,
    }
}

struct NotAnObject<'a>(&'a Value);

impl fmt::Display for NotAnObject<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.0 {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        write!(f, "a problem document is a JSON object, found {kind}")
    }
}

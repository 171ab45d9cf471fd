//! What every benchmark and the allocation test share: the error type, the four
//! cases, and, for each case, the same response written four other ways: by hand
//! (what a careful engineer writes with serde), with `http-api-problem`, with
//! `problem_details`, and the floor (copying the finished bytes).
//!
//! Every implementation answers with the same status and headers, and a body that
//! is byte-identical to apierror's (hand-written, floor) or the same JSON document
//! (the peers, whose member order differs); `check_equivalence` proves it before
//! anything is measured.
#![allow(dead_code)]

use std::fmt;

use apierror::{ApiError, Context, FieldViolation, Format, TraceId};
use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use http::{Response, StatusCode};
use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};

/// The fixed trace id every measured context carries.
pub const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";

const X_TRACE_ID: HeaderName = HeaderName::from_static("x-trace-id");
const X_INVALID_FIELDS: HeaderName = HeaderName::from_static("x-invalid-fields");
const PROBLEM_JSON: &str = "application/problem+json";
const JSON: &str = "application/json";

/// An internal error that must never reach the client.
#[derive(Debug, thiserror::Error)]
#[error("connection to db-primary:5432 refused")]
pub struct DbError;

/// The error type under test.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
pub enum BenchError {
    /// Case 1, a unit variant: the message is its `Display`.
    #[error("authentication required")]
    #[api(code = "unauthorized", status = 401, title = "Unauthorized")]
    Unauthorized,

    /// Case 2: a message template that interpolates a field.
    #[error("account {id} not found")]
    #[api(
        code = "account_not_found",
        status = 404,
        title = "Account not found",
        message = "No account with id {id}."
    )]
    NotFound { id: u64 },

    /// Case 3: an opaque 5xx; the client sees a generic message.
    #[error("database: {0}")]
    #[api(code = "internal_error", status = 500)]
    Database(#[source] DbError),

    /// Case 4: violations and a header.
    #[error("{} invalid fields", violations.len())]
    #[api(
        code = "validation_failed",
        status = 422,
        title = "Validation failed",
        message = "The request is invalid."
    )]
    Invalid {
        #[api(violations)]
        violations: Vec<FieldViolation>,
        #[api(header = "X-Invalid-Fields")]
        invalid: u32,
    },
}

/// One benchmark case: a name and the error value.
pub struct Case {
    pub name: &'static str,
    pub error: BenchError,
}

/// The four cases, in report order.
pub fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "unit",
            error: BenchError::Unauthorized,
        },
        Case {
            name: "interpolated",
            error: BenchError::NotFound { id: 7_340_032 },
        },
        Case {
            name: "opaque_5xx",
            error: BenchError::Database(DbError),
        },
        Case {
            name: "violations_header",
            error: BenchError::Invalid {
                violations: vec![
                    FieldViolation::new("email", "must be a valid email address")
                        .with_code("invalid_format"),
                    FieldViolation::new("profile.color", "must be one of red, green, blue"),
                    FieldViolation::new("items[2].name", "must not be empty").with_code("required"),
                ],
                invalid: 3,
            },
        },
    ]
}

/// The production context with the fixed trace id, in `format`.
pub fn context(format: Format) -> Context {
    let trace_id = TraceId::parse(TRACE_ID).expect("a valid trace id");
    Context::default()
        .with_trace_id(trace_id)
        .with_format(format)
}

/// The same context with redaction of `Display`-based messages turned off: the
/// hand-written code and the peers do not redact either.
pub fn context_unredacted(format: Format) -> Context {
    context(format).with_redaction(false)
}

// ---------------------------------------------------------------------------
// apierror

/// apierror: the whole response.
#[inline(never)]
pub fn apierror_response(error: &BenchError, ctx: &Context) -> Response<Bytes> {
    error.to_response(ctx)
}

// ---------------------------------------------------------------------------
// (a) By hand: `#[derive(Serialize)]` structs with borrowed fields,
// `serde_json::to_vec`, `http::Response::builder`. Written as a careful engineer
// would: no `String` for the message (`collect_str` on its `Display`), constants as
// `&'static str`, one `match` for the static facts.

/// The static facts of a variant, as a hand-written `match` gives them.
struct Facts {
    status: StatusCode,
    code: &'static str,
    title: &'static str,
    type_uri: &'static str,
}

fn facts(error: &BenchError) -> Facts {
    let (status, code, title, type_uri) = match error {
        BenchError::Unauthorized => (
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Unauthorized",
            "https://errors.example.com/unauthorized",
        ),
        BenchError::NotFound { .. } => (
            StatusCode::NOT_FOUND,
            "account_not_found",
            "Account not found",
            "https://errors.example.com/account_not_found",
        ),
        BenchError::Database(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "Internal Server Error",
            "https://errors.example.com/internal_error",
        ),
        BenchError::Invalid { .. } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            "Validation failed",
            "https://errors.example.com/validation_failed",
        ),
    };
    Facts {
        status,
        code,
        title,
        type_uri,
    }
}

/// The public message: a constant, or a `Display` serialized without a `String`.
enum Message<'a> {
    Text(&'a str),
    Display(&'a dyn fmt::Display),
}

impl Serialize for Message<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Message::Text(text) => serializer.serialize_str(text),
            Message::Display(display) => serializer.collect_str(display),
        }
    }
}

struct NotFoundMessage(u64);

impl fmt::Display for NotFoundMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "No account with id {}.", self.0)
    }
}

#[derive(Serialize)]
struct HandProblem<'a> {
    #[serde(rename = "type")]
    type_uri: &'a str,
    title: &'a str,
    status: u16,
    code: &'a str,
    detail: Message<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<ProblemViolations<'a>>,
    trace_id: &'a str,
}

/// Violations in RFC 9457's shape: `{"detail", "pointer", "code"?}`.
struct ProblemViolations<'a>(&'a [FieldViolation]);

impl Serialize for ProblemViolations<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for violation in self.0 {
            seq.serialize_element(&ProblemViolation {
                detail: violation.message(),
                pointer: Pointer(violation.field()),
                code: violation.code(),
            })?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct ProblemViolation<'a> {
    detail: &'a str,
    #[serde(serialize_with = "collect_display")]
    pointer: Pointer<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
}

fn collect_display<S: Serializer, T: fmt::Display>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// A dotted field path as a JSON Pointer in URI fragment form, written without a
/// `String` (RFC 6901 escapes, then percent-encoding outside the fragment set).
struct Pointer<'a>(&'a str);

impl fmt::Display for Pointer<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("#")?;
        for segment in self.0.split(['.', '[']) {
            let segment = segment.strip_suffix(']').unwrap_or(segment);
            if segment.is_empty() {
                continue;
            }
            f.write_str("/")?;
            for byte in segment.bytes() {
                match byte {
                    b'~' => f.write_str("~0")?,
                    b'/' => f.write_str("~1")?,
                    b if b.is_ascii_alphanumeric() || b"-._!$&'()*+,;=:@?".contains(&b) => {
                        f.write_str(std::str::from_utf8(&[b]).unwrap_or_default())?
                    }
                    b => write!(f, "%{b:02X}")?,
                }
            }
        }
        Ok(())
    }
}

#[derive(Serialize)]
struct HandEnvelope<'a> {
    error: HandEnvelopeError<'a>,
}

#[derive(Serialize)]
struct HandEnvelopeError<'a> {
    code: &'a str,
    message: Message<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<HandDetails<'a>>,
    trace_id: &'a str,
}

#[derive(Serialize)]
struct HandDetails<'a> {
    /// `FieldViolation`'s own `Serialize` is the envelope shape.
    errors: &'a [FieldViolation],
}

/// (a) By hand: the body.
#[inline(never)]
pub fn hand_body(error: &BenchError, trace_id: &str, format: Format) -> Vec<u8> {
    let facts = facts(error);
    let not_found;
    let (message, violations) = match error {
        BenchError::Unauthorized => (Message::Display(error), None),
        BenchError::NotFound { id } => {
            not_found = NotFoundMessage(*id);
            (Message::Display(&not_found), None)
        }
        BenchError::Database(_) => (Message::Text(apierror::OPAQUE_SERVER_MESSAGE), None),
        BenchError::Invalid { violations, .. } => (
            Message::Text("The request is invalid."),
            Some(violations.as_slice()),
        ),
    };
    let written = match format {
        Format::Envelope => serde_json::to_vec(&HandEnvelope {
            error: HandEnvelopeError {
                code: facts.code,
                message,
                details: violations.map(|errors| HandDetails { errors }),
                trace_id,
            },
        }),
        _ => serde_json::to_vec(&HandProblem {
            type_uri: facts.type_uri,
            title: facts.title,
            status: facts.status.as_u16(),
            code: facts.code,
            detail: message,
            errors: violations.map(ProblemViolations),
            trace_id,
        }),
    };
    written.unwrap_or_default()
}

/// (a) By hand: the whole response.
#[inline(never)]
pub fn hand_response(error: &BenchError, trace_id: &str, format: Format) -> Response<Bytes> {
    let body = hand_body(error, trace_id, format);
    let content_type = match format {
        Format::Envelope => JSON,
        _ => PROBLEM_JSON,
    };
    let mut builder = Response::builder()
        .status(facts(error).status)
        .header(CONTENT_TYPE, HeaderValue::from_static(content_type))
        .header(X_TRACE_ID, trace_id);
    if let BenchError::Invalid { invalid, .. } = error {
        builder = builder.header(X_INVALID_FIELDS, HeaderValue::from(*invalid));
    }
    builder.body(Bytes::from(body)).unwrap_or_default()
}

/// (a) By hand with a generated trace id: a UUID v4, hyphenated, as apierror's.
#[inline(never)]
pub fn hand_response_generated(error: &BenchError, format: Format) -> Response<Bytes> {
    let mut buffer = uuid::Uuid::encode_buffer();
    let trace_id = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut buffer);
    hand_response(error, trace_id, format)
}

// ---------------------------------------------------------------------------
// (b) The peers, producing the same problem document (their member order differs)
// and the same response. Neither writes envelopes.

/// The extension members a peer adds: `code`, `errors`, `trace_id`.
#[derive(Serialize)]
struct PeerExtensions<'a> {
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<ProblemViolations<'a>>,
    trace_id: &'a str,
}

/// The public message as the peers take it: an owned `String`.
fn peer_message(error: &BenchError) -> String {
    match error {
        BenchError::Unauthorized => error.to_string(),
        BenchError::NotFound { id } => format!("No account with id {id}."),
        BenchError::Database(_) => apierror::OPAQUE_SERVER_MESSAGE.to_owned(),
        BenchError::Invalid { .. } => "The request is invalid.".to_owned(),
    }
}

fn violations_of(error: &BenchError) -> Option<&[FieldViolation]> {
    match error {
        BenchError::Invalid { violations, .. } => Some(violations),
        _ => None,
    }
}

fn peer_response(error: &BenchError, trace_id: &str, body: Vec<u8>) -> Response<Bytes> {
    let mut builder = Response::builder()
        .status(facts(error).status)
        .header(CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON))
        .header(X_TRACE_ID, trace_id);
    if let BenchError::Invalid { invalid, .. } = error {
        builder = builder.header(X_INVALID_FIELDS, HeaderValue::from(*invalid));
    }
    builder.body(Bytes::from(body)).unwrap_or_default()
}

/// (b) `http-api-problem`: `HttpApiProblem` built with its builder, `json_bytes`.
#[inline(never)]
pub fn http_api_problem_response(error: &BenchError, trace_id: &str) -> Response<Bytes> {
    let facts = facts(error);
    let mut problem = http_api_problem::HttpApiProblem::new(facts.status)
        .type_url(facts.type_uri)
        .title(facts.title)
        .detail(peer_message(error))
        .value("code", &facts.code)
        .value("trace_id", &trace_id);
    if let Some(violations) = violations_of(error) {
        problem.set_value("errors", &ProblemViolations(violations));
    }
    peer_response(error, trace_id, problem.json_bytes())
}

/// (b) `problem_details`: `ProblemDetails` with typed extensions, `serde_json::to_vec`.
#[inline(never)]
pub fn problem_details_response(error: &BenchError, trace_id: &str) -> Response<Bytes> {
    let facts = facts(error);
    let problem = problem_details::ProblemDetails::new()
        .with_type(http::Uri::from_static(facts.type_uri))
        .with_status(facts.status)
        .with_title(facts.title)
        .with_detail(peer_message(error))
        .with_extensions(PeerExtensions {
            code: facts.code,
            errors: violations_of(error).map(ProblemViolations),
            trace_id,
        });
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    peer_response(error, trace_id, body)
}

// ---------------------------------------------------------------------------
// (c) The floor: the finished body copied into a fresh buffer.

/// (c) The floor: copy `finished` into a fresh `Bytes`.
#[inline(never)]
pub fn floor_body(finished: &[u8]) -> Bytes {
    Bytes::copy_from_slice(finished)
}

/// (c') The floor of a whole response: the finished body copied, and the same
/// status and headers set as directly as `http` allows (no builder).
#[inline(never)]
pub fn floor_response(error: &BenchError, finished: &[u8], format: Format) -> Response<Bytes> {
    let mut response = Response::new(Bytes::copy_from_slice(finished));
    *response.status_mut() = facts(error).status;
    let content_type = match format {
        Format::Envelope => JSON,
        _ => PROBLEM_JSON,
    };
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(TRACE_ID) {
        headers.insert(X_TRACE_ID, value);
    }
    if let BenchError::Invalid { invalid, .. } = error {
        headers.insert(X_INVALID_FIELDS, HeaderValue::from(*invalid));
    }
    response
}

// ---------------------------------------------------------------------------
// Equivalence, checked before measuring.

/// Status, headers in order, and body of a response.
pub fn parts(response: &Response<Bytes>) -> (StatusCode, Vec<(String, String)>, Vec<u8>) {
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                value.to_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    (response.status(), headers, response.body().to_vec())
}

/// Panics unless every implementation answers `case` with the same response:
/// byte-identical for the hand-written code, the same JSON document for the peers.
pub fn check_equivalence(case: &Case) {
    for format in [Format::Problem, Format::Envelope] {
        let ours = parts(&apierror_response(&case.error, &context(format)));
        let unredacted = parts(&apierror_response(&case.error, &context_unredacted(format)));
        assert_eq!(ours, unredacted, "{}: nothing here to redact", case.name);
        let finished = finished_body(case, format);
        let floor = parts(&floor_response(&case.error, &finished, format));
        assert_eq!(
            ours, floor,
            "{} {format:?}: floor response differs",
            case.name
        );
        let hand = parts(&hand_response(&case.error, TRACE_ID, format));
        assert_eq!(ours, hand, "{} {format:?}: hand-written differs", case.name);
        assert_eq!(
            hand_body(&case.error, TRACE_ID, format),
            ours.2,
            "{}: hand body",
            case.name
        );
    }
    let ours = parts(&apierror_response(&case.error, &context(Format::Problem)));
    let json =
        |body: &[u8]| -> serde_json::Value { serde_json::from_slice(body).expect("a JSON body") };
    for (peer, response) in [
        (
            "http-api-problem",
            http_api_problem_response(&case.error, TRACE_ID),
        ),
        (
            "problem_details",
            problem_details_response(&case.error, TRACE_ID),
        ),
    ] {
        let theirs = parts(&response);
        assert_eq!(ours.0, theirs.0, "{} {peer}: status", case.name);
        assert_eq!(ours.1, theirs.1, "{} {peer}: headers", case.name);
        assert_eq!(
            json(&ours.2),
            json(&theirs.2),
            "{} {peer}: document",
            case.name
        );
    }
    let generated = parts(&apierror_response(&case.error, &Context::default()));
    let hand_generated = parts(&hand_response_generated(&case.error, Format::Problem));
    assert_eq!(generated.0, hand_generated.0);
    assert_eq!(generated.2.len(), hand_generated.2.len());
}

/// The finished problem and envelope bodies of a case, for the floor.
pub fn finished_body(case: &Case, format: Format) -> Vec<u8> {
    apierror_response(&case.error, &context(format))
        .into_body()
        .to_vec()
}

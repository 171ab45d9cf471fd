//! Property: under production policy nothing of an opaque error reaches the client.
//!
//! An arbitrary secret is placed in an opaque error's `Display`, in its fields (named
//! and unnamed, never annotated: the derive rejects field attributes on an unexposed
//! variant) and in every link of its source chain. Then no output — `to_problem`,
//! `to_envelope`, `to_response` body and headers in every format (the built-ins,
//! and a custom one that writes all its `ErrorView` offers), the axum
//! `IntoResponse` and the actix-web `ResponseError` responses, the tonic `Status`
//! (`From` and `to_status`: message, metadata, details) — holds the secret or
//! any run of more than 8 of its characters. Runs that also occur in the output of
//! the same error without the secret (fixed text) are filtered out up front, so a
//! finding is always a leak. As a control, development policy does show the secret.

use apierror::tonic::ToStatus;
use apierror::{ApiError, Context, ErrorView, Format, Policy, TraceId, WireFormat};
use proptest::prelude::*;
use serde_json::Value;

#[derive(Debug, thiserror::Error)]
#[error("deepest cause: {0}")]
pub struct Deepest(String);

#[derive(Debug, thiserror::Error)]
#[error("driver failed with {secret}")]
pub struct Driver {
    secret: String,
    #[source]
    cause: Deepest,
}

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
pub enum Opaque {
    /// A 5xx: opaque by default.
    #[error("database said {secret} for {user}")]
    #[api(code = "internal_error", status = 500)]
    Db {
        secret: String,
        user: String,
        #[source]
        cause: Driver,
    },

    /// A 4xx made opaque.
    #[error("hidden client failure {0}")]
    #[api(code = "hidden_client", status = 403, expose = false)]
    HiddenClient(String, #[source] Driver),

    /// An opaque error with a constant message.
    #[error("unavailable: {0}")]
    #[api(code = "unavailable", status = 503, message = "Try again later.")]
    Unavailable(String),

    /// Forwards to an opaque struct.
    #[error(transparent)]
    #[api(transparent)]
    Wrapped(#[from] OpaqueStruct),
}

#[derive(Debug, thiserror::Error, ApiError)]
#[error("struct failure {detail}")]
#[api(code = "bad_gateway", status = 502)]
pub struct OpaqueStruct {
    detail: String,
    #[source]
    cause: Driver,
}

/// A custom format that writes everything the view offers, so that whatever the
/// view would let out, this body shows.
struct Everything;

impl WireFormat for Everything {
    fn media_type(&self) -> &'static str {
        "application/json"
    }

    fn write_body(&self, error: &ErrorView<'_>, out: &mut Vec<u8>) {
        let mut document = serde_json::json!({
            "message": error.message(),
            "field": error.field(),
            "violations": error.violations(),
            "instance": error.instance(),
            "trace_id": error.trace_id().as_str(),
            "headers": error.headers().iter().map(|(name, value)| {
                (name.as_str().to_owned(), Value::from(String::from_utf8_lossy(value.as_bytes())))
            }).collect::<serde_json::Map<_, _>>(),
        });
        for (name, value) in error.extensions() {
            document[name] = serde_json::from_str(value).expect("an extension is JSON");
        }
        if let Some(debug) = error.debug_json() {
            document["debug"] = serde_json::from_str(debug).expect("debug is JSON");
        }
        serde_json::to_writer(out, &document).expect("a JSON value serializes");
    }

    fn schema(&self) -> Value {
        serde_json::json!({ "type": "object" })
    }
}

const FORMATS: [Format; 7] = [
    Format::Problem,
    Format::Envelope,
    Format::Google,
    Format::Microsoft,
    Format::JsonApi,
    Format::FastApi,
    Format::Custom(&Everything),
];

fn driver(secret: &str) -> Driver {
    Driver {
        secret: secret.to_owned(),
        cause: Deepest(secret.to_owned()),
    }
}

fn errors(secret: &str) -> Vec<Opaque> {
    vec![
        Opaque::Db {
            secret: secret.to_owned(),
            user: secret.to_owned(),
            cause: driver(secret),
        },
        Opaque::HiddenClient(secret.to_owned(), driver(secret)),
        Opaque::Unavailable(secret.to_owned()),
        Opaque::Wrapped(OpaqueStruct {
            detail: secret.to_owned(),
            cause: driver(secret),
        }),
    ]
}

fn ctx(format: Format, policy: Policy) -> Context {
    Context::default()
        .with_trace_id(TraceId::parse("trace-1").expect("a valid trace id"))
        .with_instance("/accounts/7")
        .with_format(format)
        .with_policy(policy)
}

/// Every text a client can see of one error: raw bodies, every string in them
/// (decoded, so an escaped secret is found too), and header names and values.
fn outputs(error: &Opaque, runtime: &tokio::runtime::Runtime) -> Vec<String> {
    let mut out = Vec::new();
    for format in FORMATS {
        let ctx = ctx(format, Policy::Production);
        let response = error.to_response(&ctx);
        push_response(
            &mut out,
            response
                .headers()
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_bytes())),
            response.body(),
        );
    }
    let problem = error.to_problem(&ctx(Format::Problem, Policy::Production));
    push_body(
        &mut out,
        &serde_json::to_vec(&problem).expect("a problem serializes"),
    );
    let envelope = error.to_envelope(&ctx(Format::Envelope, Policy::Production));
    push_body(
        &mut out,
        &serde_json::to_vec(&envelope).expect("an envelope serializes"),
    );

    // axum: the derived `IntoResponse`, outside any layer (production, fresh trace id).
    let response = axum::response::IntoResponse::into_response(clone(error));
    let (parts, body) = response.into_parts();
    let body = runtime
        .block_on(axum::body::to_bytes(body, usize::MAX))
        .expect("an axum body");
    push_response(
        &mut out,
        parts
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_bytes())),
        &body,
    );

    // actix-web: the derived `ResponseError`.
    let response = actix_web::ResponseError::error_response(error);
    let headers: Vec<(String, Vec<u8>)> = response
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.as_bytes().to_vec()))
        .collect();
    let body = runtime
        .block_on(actix_web::body::to_bytes(response.into_body()))
        .unwrap_or_else(|_| panic!("an actix-web body"));
    push_response(
        &mut out,
        headers.iter().map(|(n, v)| (n.as_str(), v.as_slice())),
        &body,
    );

    // tonic: the derived `From<E> for Status` and `to_status`.
    let ctx = ctx(Format::Problem, Policy::Production);
    for status in [tonic::Status::from(clone(error)), error.to_status(&ctx)] {
        push_status(&mut out, &status);
    }
    out
}

/// A status's message, metadata, raw details and every string of its decoded
/// details.
fn push_status(out: &mut Vec<String>, status: &tonic::Status) {
    out.push(status.message().to_owned());
    for (name, value) in status.metadata().clone().into_headers().iter() {
        out.push(name.as_str().to_owned());
        out.push(String::from_utf8_lossy(value.as_bytes()).into_owned());
    }
    out.push(String::from_utf8_lossy(status.details()).into_owned());
    let details = tonic_types::StatusExt::get_error_details(status);
    if let Some(info) = details.error_info() {
        out.extend([info.reason.clone(), info.domain.clone()]);
        out.extend(
            info.metadata
                .iter()
                .flat_map(|(k, v)| [k.clone(), v.clone()]),
        );
    }
    if let Some(bad_request) = details.bad_request() {
        for violation in &bad_request.field_violations {
            out.extend([violation.field.clone(), violation.description.clone()]);
        }
    }
    if let Some(request) = details.request_info() {
        out.extend([request.request_id.clone(), request.serving_data.clone()]);
    }
    if let Some(debug) = details.debug_info() {
        out.push(debug.detail.clone());
        out.extend(debug.stack_entries.iter().cloned());
    }
}

fn clone(error: &Opaque) -> Opaque {
    match error {
        Opaque::Db { secret, .. } => errors(secret).swap_remove(0),
        Opaque::HiddenClient(secret, _) => errors(secret).swap_remove(1),
        Opaque::Unavailable(secret) => errors(secret).swap_remove(2),
        Opaque::Wrapped(inner) => errors(&inner.detail).swap_remove(3),
    }
}

fn push_response<'a>(
    out: &mut Vec<String>,
    headers: impl Iterator<Item = (&'a str, &'a [u8])>,
    body: &[u8],
) {
    for (name, value) in headers {
        out.push(name.to_owned());
        out.push(String::from_utf8_lossy(value).into_owned());
    }
    push_body(out, body);
}

fn push_body(out: &mut Vec<String>, body: &[u8]) {
    out.push(String::from_utf8_lossy(body).into_owned());
    let value = apierror_tests::strict_json(body);
    push_strings(out, &value);
}

fn push_strings(out: &mut Vec<String>, value: &Value) {
    match value {
        Value::String(text) => out.push(text.clone()),
        Value::Array(items) => items.iter().for_each(|item| push_strings(out, item)),
        Value::Object(members) => {
            for (name, member) in members {
                out.push(name.clone());
                push_strings(out, member);
            }
        }
        _ => {}
    }
}

/// The runs of more than 8 characters of `secret`.
fn windows(secret: &str) -> Vec<String> {
    let chars: Vec<char> = secret.chars().collect();
    chars
        .windows(9)
        .map(|window| window.iter().collect())
        .collect()
}

/// Secrets: printable ASCII with the characters JSON escapes, plus some non-ASCII
/// and control characters; or any string at all.
fn secret() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9 !#$%&'()*+,./:;<=>?@^_`{|}~\"\\\\\n\t\u{0}\u{1f}\u{7f}éжΩ€😀\u{2028}-]{9,64}",
        any::<String>().prop_filter("9 characters or more", |text| text.chars().count() >= 9),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn nothing_of_an_opaque_error_reaches_the_client(secret in secret()) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        for (error, baseline) in errors(&secret).iter().zip(errors("")) {
            let fixed = outputs(&baseline, &runtime);
            let windows = windows(&secret);
            // The secret must not collide with fixed text (codes, titles, generic
            // sentences, JSON punctuation); such secrets are rare and skipped.
            prop_assume!(windows.iter().all(|window| fixed.iter().all(|text| !text.contains(window.as_str()))));
            for text in outputs(error, &runtime) {
                for window in &windows {
                    prop_assert!(
                        !text.contains(window.as_str()),
                        "{window:?} of {secret:?} leaked from {error:?} into {text}"
                    );
                }
            }
            // Control: the development policy shows it in every format, so the secret
            // was really there.
            for format in FORMATS {
                let development = error.to_response(&ctx(format, Policy::Development));
                let mut strings = Vec::new();
                push_strings(&mut strings, &apierror_tests::strict_json(development.body()));
                prop_assert!(strings.iter().any(|text| text.contains(secret.as_str())), "{format:?}: {strings:?}");
            }
            let status = error.to_status(&ctx(Format::Problem, Policy::Development));
            let mut texts = Vec::new();
            push_status(&mut texts, &status);
            prop_assert!(texts.iter().any(|text| text.contains(secret.as_str())), "{texts:?}");
        }
    }
}

//! The wire formats beside the problem document and the envelope: Google AIP-193,
//! Microsoft, JSON:API and FastAPI. Each case's whole response is snapshotted per
//! format (`tests/snapshots/formats/{case}.{format}.json`; bless as snapshots.rs
//! says), and read back by the client into the same facts the problem document of
//! the same error gives, as far as the format carries them.

use std::collections::BTreeMap;

use apierror::client::ApiProblem;
use apierror::{ApiError, Context, FieldViolation, Format, Policy, TraceId};
use serde_json::Value;

mod support;
use support::{assert_snapshot, response_document};

const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";

const FORMATS: [Format; 4] = [
    Format::Google,
    Format::Microsoft,
    Format::JsonApi,
    Format::FastApi,
];

#[derive(Debug, thiserror::Error)]
#[error("connection reset by db-primary:5432")]
pub struct DbError;

#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[api(
    type_base = "https://errors.example.com/",
    domain = "accounts.example.com"
)]
pub enum AccountError {
    /// The caller is not signed in.
    #[error("authentication required")]
    #[api(code = "unauthenticated", status = 401)]
    Unauthenticated,

    /// The account does not exist or is not visible to the caller.
    #[error("account {id} not found")]
    #[api(
        code = "account_not_found",
        status = 404,
        title = "Account not found",
        message = "No account with id {id}."
    )]
    NotFound { id: u64 },

    #[error("invalid request: {} violations", .0.len())]
    #[api(
        code = "validation_failed",
        status = 422,
        message = "The request is invalid."
    )]
    Invalid(#[api(violations)] Vec<FieldViolation>),

    #[error("email taken")]
    #[api(
        code = "emailTaken",
        status = 409,
        message = "This email is already registered."
    )]
    EmailTaken {
        #[api(field)]
        field: &'static str,
        #[api(extension)]
        sign_in_url: &'static str,
        #[api(extension)]
        attempts: u32,
    },

    #[error("too many requests")]
    #[api(code = "rate_limited", status = 429)]
    RateLimited {
        #[api(header = "Retry-After")]
        retry_after_secs: u64,
    },

    #[error("payment failed")]
    #[api(code = "payment_failed", status = 402, message = "The payment failed.")]
    Payment(
        #[source]
        #[api(inner)]
        CardError,
    ),

    #[error("database: {0}")]
    #[api(code = "internal_error", status = 500)]
    Db(#[source] DbError),
}

fn ctx() -> Context {
    Context::default()
        .with_trace_id(TraceId::parse(TRACE_ID).expect("a valid trace id"))
        .with_instance("/accounts/7")
}

fn cases() -> Vec<(&'static str, AccountError, Context)> {
    let development = ctx().with_policy(Policy::Development);
    vec![
        ("unit", AccountError::Unauthenticated, ctx()),
        ("templated", AccountError::NotFound { id: 7 }, ctx()),
        (
            "violations",
            AccountError::Invalid(vec![
                FieldViolation::new("profile.color", "must be one of red, green, blue")
                    .with_code("invalid_choice"),
                FieldViolation::new("items[2].name", "is required"),
                FieldViolation::new("a/b~c", "is not a valid key"),
                FieldViolation::parameter("limit", "must be at most 100").with_code("too_large"),
                FieldViolation::header("X-Tenant", "is required"),
            ]),
            ctx(),
        ),
        (
            "extensions",
            AccountError::EmailTaken {
                field: "email",
                sign_in_url: "https://example.com/sign-in",
                attempts: 3,
            },
            ctx(),
        ),
        (
            "header",
            AccountError::RateLimited {
                retry_after_secs: 30,
            },
            ctx(),
        ),
        (
            "inner",
            AccountError::Payment(CardError::Declined(InsufficientFunds)),
            ctx(),
        ),
        ("opaque_5xx", AccountError::Db(DbError), ctx()),
        ("development", AccountError::Db(DbError), development),
    ]
}

fn slug(format: Format) -> String {
    format.name().to_ascii_lowercase()
}

#[test]
fn every_case_in_every_format_matches_its_snapshot() {
    for (case, error, ctx) in cases() {
        for format in FORMATS {
            let document = response_document(&error, &ctx.clone().with_format(format));
            assert_snapshot(&format!("formats/{case}.{}", slug(format)), &document);
        }
    }
}

/// The parts of a built-in body that depend on the variant alone are written once and
/// then copied: every response after the first must be the first's, byte for byte.
#[test]
fn a_variant_answers_the_same_response_after_its_first() {
    for (case, error, ctx) in cases() {
        for format in FORMATS {
            let ctx = ctx.clone().with_format(format);
            let first = error.to_response(&ctx);
            for _ in 0..2 {
                let again = error.to_response(&ctx);
                assert_eq!(again.body(), first.body(), "{case} in {format:?}");
                assert_eq!(again.headers(), first.headers(), "{case} in {format:?}");
            }
        }
    }
}

/// Threads rendering the same variants at once, each the first to write some of their
/// parts and a reader of the others', all answer what one thread alone answers.
#[test]
fn threads_rendering_at_once_answer_what_one_thread_does() {
    let render_all = || -> Vec<(http::HeaderMap, Vec<u8>)> {
        let mut responses = Vec::new();
        for (_, error, ctx) in cases() {
            for format in FORMATS {
                let response = error.to_response(&ctx.clone().with_format(format));
                responses.push((response.headers().clone(), response.body().to_vec()));
            }
        }
        responses
    };
    let threads: Vec<_> = (0..4).map(|_| std::thread::spawn(render_all)).collect();
    let answers: Vec<_> = threads
        .into_iter()
        .map(|thread| thread.join().expect("no thread panics"))
        .collect();
    let alone = render_all();
    for answer in answers {
        assert!(
            answer == alone,
            "a thread's responses differ from one thread's"
        );
    }
}

/// A built-in is written straight from the derive's writes; given as a custom format
/// (`Format::Custom(Format::Google.wire())`), the same parts are captured first and
/// replayed through the same steps. Both give the same response.
#[test]
fn a_built_in_given_as_a_custom_format_writes_the_same_response() {
    for (case, error, ctx) in cases() {
        for format in FORMATS {
            let wire = format.wire().expect("a built-in wire format");
            let direct = response_document(&error, &ctx.clone().with_format(format));
            let replayed =
                response_document(&error, &ctx.clone().with_format(Format::Custom(wire)));
            assert_eq!(direct, replayed, "{case} {format:?}");
        }
    }
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[error("insufficient funds")]
#[api(code = "insufficient_funds", status = 402)]
pub struct InsufficientFunds;

#[derive(Debug, thiserror::Error, apierror::ApiError)]
pub enum CardError {
    #[error("card declined")]
    #[api(code = "card_declined", status = 402)]
    Declined(
        #[source]
        #[api(inner)]
        InsufficientFunds,
    ),
    #[error("issuer down")]
    #[api(code = "issuer_unavailable", status = 503)]
    IssuerDown,
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[error("payment failed")]
#[api(code = "payment_failed", status = 402, message = "The payment failed.")]
pub struct PaymentFailed(
    #[source]
    #[api(inner)]
    CardError,
);

/// `#[api(inner)]`: Microsoft nests the chain's codes in `innererror`, outermost
/// first, up to the first error that is not exposed; the other formats leave it out.
#[test]
fn microsoft_nests_the_inner_codes_in_innererror() {
    let inner = |error: &PaymentFailed, format: Format| {
        support::parse(error.to_response(&ctx().with_format(format)).body())["error"]["innererror"]
            .clone()
    };
    let declined = PaymentFailed(CardError::Declined(InsufficientFunds));
    let nested = inner(&declined, Format::Microsoft);
    assert_eq!(nested["code"], "card_declined", "{nested}");
    assert_eq!(nested["trace_id"], TRACE_ID, "{nested}");
    assert_eq!(
        nested["innererror"],
        serde_json::json!({ "code": "insufficient_funds" })
    );
    // The issuer's outage is a 503, not exposed: its code stays inside.
    let down = inner(&PaymentFailed(CardError::IssuerDown), Format::Microsoft);
    assert_eq!(down["trace_id"], TRACE_ID, "{down}");
    assert!(
        down.get("code").is_none() && down.get("innererror").is_none(),
        "{down}"
    );
    for format in [
        Format::Problem,
        Format::Envelope,
        Format::Google,
        Format::JsonApi,
        Format::FastApi,
    ] {
        let body = declined.to_response(&ctx().with_format(format));
        let text = String::from_utf8_lossy(body.body());
        assert!(!text.contains("card_declined"), "{format:?}: {text}");
    }
    // The same through the capture path, and read back by the client as the
    // problem document's facts (the inner codes are not among them).
    let wire = Format::Microsoft.wire().expect("a built-in wire format");
    let custom = ctx().with_format(Format::Custom(wire));
    assert_eq!(
        response_document(&declined, &custom),
        response_document(&declined, &ctx().with_format(Format::Microsoft))
    );
}

/// The facts a client reads, each kept only where `format` carries it.
fn facts(problem: &ApiProblem, format: Format) -> BTreeMap<&'static str, Value> {
    let carries_code = format != Format::FastApi;
    let carries_members = matches!(
        format,
        Format::Problem | Format::Microsoft | Format::JsonApi | Format::Google
    );
    let carries_description = matches!(format, Format::Problem | Format::JsonApi);
    let carries_instance = matches!(
        format,
        Format::Problem | Format::Microsoft | Format::JsonApi
    );
    // FastAPI's `detail` is the message or, for a validation error, the violations.
    let carries_detail = format != Format::FastApi || problem.violations().is_empty();
    let mut facts = BTreeMap::new();
    facts.insert("status", Value::from(problem.status().as_u16()));
    // Google's `fieldViolations` and Microsoft's `details` name a field by its path
    // alone: where it was (parameter, header) has no place in them.
    let carries_location = !matches!(format, Format::Google | Format::Microsoft);
    let mut violations = serde_json::json!(problem.violations());
    if !carries_location {
        for violation in violations.as_array_mut().into_iter().flatten() {
            violation
                .as_object_mut()
                .map(|members| members.remove("location"));
        }
    }
    facts.insert("violations", violations);
    facts.insert("trace_id", serde_json::json!(problem.trace_id()));
    facts.insert(
        "retry_after",
        serde_json::json!(problem.retry_after().map(|wait| wait.as_secs())),
    );
    if carries_code {
        // Google carries the code as `ErrorInfo.reason`, in UPPER_SNAKE_CASE.
        let code = problem.code().to_string();
        let code = match format {
            Format::Google => apierror::format::google_reason(&code),
            _ => code,
        };
        facts.insert("code", Value::from(code.to_ascii_lowercase()));
    }
    if carries_detail {
        facts.insert("detail", serde_json::json!(problem.detail()));
    }
    if carries_members {
        facts.insert("field", serde_json::json!(problem.field()));
        facts.insert("extensions", extensions(problem, format));
    }
    if carries_description {
        facts.insert("title", serde_json::json!(problem.title()));
        facts.insert("type", serde_json::json!(problem.type_uri()));
    }
    if carries_instance {
        facts.insert("instance", serde_json::json!(problem.instance()));
    }
    facts
}

/// The extension members, without the development `debug`; as strings for Google,
/// whose `ErrorInfo.metadata` holds only strings.
fn extensions(problem: &ApiProblem, format: Format) -> Value {
    problem
        .extensions()
        .iter()
        .filter(|(name, _)| name.as_str() != "debug")
        .map(|(name, value)| {
            let value = match value {
                Value::String(_) => value.clone(),
                other if format == Format::Google => Value::from(other.to_string()),
                other => other.clone(),
            };
            (name.clone(), value)
        })
        .collect()
}

#[test]
fn every_format_reads_back_into_the_facts_of_the_problem_document() {
    for (case, error, ctx) in cases() {
        let problem = ApiProblem::<String>::from_response(&error.to_response(&ctx));
        for format in FORMATS {
            let response = error.to_response(&ctx.clone().with_format(format));
            let read = ApiProblem::<String>::from_response(&response);
            assert_eq!(
                facts(&read, format),
                facts(&problem, format),
                "{case} in {format:?}: {}",
                read.body()
            );
        }
    }
}

#[test]
fn content_types_and_the_microsoft_error_code_header() {
    let error = AccountError::NotFound { id: 7 };
    let content_type = |format: Format| {
        let response = error.to_response(&ctx().with_format(format));
        response.headers()["content-type"].clone()
    };
    assert_eq!(content_type(Format::Google), "application/json");
    assert_eq!(content_type(Format::Microsoft), "application/json");
    assert_eq!(content_type(Format::FastApi), "application/json");
    assert_eq!(content_type(Format::JsonApi), "application/vnd.api+json");
    let response = error.to_response(&ctx().with_format(Format::Microsoft));
    assert_eq!(response.headers()["x-ms-error-code"], "account_not_found");
    assert_eq!(response.headers()["x-trace-id"], TRACE_ID);
}

#[test]
fn google_reasons_are_upper_snake_case() {
    let reason = |error: &AccountError| {
        let response = error.to_response(&ctx().with_format(Format::Google));
        support::parse(response.body())["error"]["details"][0]["reason"].clone()
    };
    assert_eq!(
        reason(&AccountError::NotFound { id: 7 }),
        "ACCOUNT_NOT_FOUND"
    );
    let taken = AccountError::EmailTaken {
        field: "email",
        sign_in_url: "",
        attempts: 0,
    };
    assert_eq!(reason(&taken), "EMAIL_TAKEN");
}

/// The top-level shape of a JSON value: its member names, recursively for objects,
/// and the first item's for arrays.
fn shape(value: &Value) -> Value {
    match value {
        Value::Object(members) => members
            .iter()
            .map(|(name, member)| (name.clone(), shape(member)))
            .collect(),
        Value::Array(items) => Value::Array(items.iter().take(1).map(shape).collect()),
        _ => Value::Null,
    }
}

#[test]
fn openapi_documents_the_chosen_format_with_examples_it_writes() {
    use apierror::openapi::{self, Options};

    for format in FORMATS {
        let responses = openapi::responses_with::<AccountError>(&Options::new().format(format));
        let wire = format.wire().expect("a built-in wire format");
        for (status, code, error) in [
            ("404", "account_not_found", AccountError::NotFound { id: 7 }),
            ("500", "internal_error", AccountError::Db(DbError)),
        ] {
            let content = responses[status]["content"]
                .as_object()
                .expect("a content map");
            assert_eq!(content.len(), 1, "{format:?}: only the chosen format");
            let media = &content[format.content_type()];
            assert_eq!(media["schema"], wire.schema(), "{format:?}");
            let example = &media["examples"][code]["value"];
            // The example is what the format writes for that code: the same members
            // as a real response the layer renders, the request's path as instance.
            let real = error.to_response(
                &Context::default()
                    .with_format(format)
                    .with_trace_id(TraceId::parse(openapi::SAMPLE_TRACE_ID).expect("valid"))
                    .with_instance(openapi::SAMPLE_INSTANCE),
            );
            let real = support::parse(real.body());
            assert_eq!(shape(example), shape(&real), "{format:?} {code}");
        }
    }
}

#[test]
fn the_catalog_page_shows_examples_in_the_chosen_format() {
    use apierror::catalog::Catalog;

    let catalog = Catalog::new().with::<AccountError>();
    let google = catalog.clone().with_format(Format::Google).to_markdown();
    assert!(
        google.contains("\"reason\": \"ACCOUNT_NOT_FOUND\""),
        "{google}"
    );
    assert!(google.contains("type.googleapis.com/google.rpc.RequestInfo"));
    let json_api = catalog.clone().with_format(Format::JsonApi).to_html();
    assert!(json_api.contains("&quot;errors&quot;"), "{json_api}");
    let problem = catalog.to_markdown();
    assert!(!problem.contains("\"reason\""));
    assert!(problem.contains("\"type\": \"https://errors.example.com/account_not_found\""));
}

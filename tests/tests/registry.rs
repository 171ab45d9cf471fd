//! `#[derive(ErrorCodes)]` and error types that take their codes from a registry,
//! with the registry in another crate (`apierror-test-codes`).

use apierror::{ApiError, Context, ErrorCodes, FieldViolation, LogLevel, Policy, TraceId};
use apierror_test_codes::Code;

fn ctx() -> Context {
    Context::default().with_trace_id(TraceId::parse("trace-1").unwrap())
}

fn body(error: &impl ApiError, ctx: &Context) -> serde_json::Value {
    serde_json::from_slice(error.to_response(ctx).body()).unwrap()
}

#[test]
fn registry_generates_its_api() {
    assert_eq!(Code::NotFound.as_str(), "not_found");
    assert_eq!(Code::ValidationFailed.as_str(), "validation_failed");
    assert_eq!(Code::Internal.as_str(), "internal");
    assert_eq!(
        Code::RateLimited.status(),
        http::StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(Code::NotFound.title(), "Not found");
    assert_eq!(
        Code::ALL,
        &[
            Code::NotFound,
            Code::ValidationFailed,
            Code::RateLimited,
            Code::Internal
        ]
    );
    assert_eq!(<Code as ErrorCodes>::all(), Code::ALL);
    assert_eq!(Code::Internal.to_string(), "internal");
    assert_eq!(
        Code::NotFound.descriptor().description(),
        Some("The resource does not exist or is not visible to the caller.")
    );
    assert_eq!(
        Code::NotFound.descriptor().type_uri(),
        "https://errors.example.com/not_found"
    );
    assert!(Code::NotFound.descriptor().expose());
    assert!(!Code::Internal.descriptor().expose());
}

#[test]
fn registry_status_is_usable_in_const_contexts() {
    const STATUS: http::StatusCode = Code::NotFound.status();
    const CODE: &str = Code::RateLimited.as_str();
    assert_eq!(STATUS, 404);
    assert_eq!(CODE, "rate_limited");
}

#[test]
fn registry_parses_and_serializes_as_the_code_string() {
    assert_eq!(
        "validation_failed".parse::<Code>(),
        Ok(Code::ValidationFailed)
    );
    let unknown = "not_fund".parse::<Code>().unwrap_err();
    assert_eq!(unknown.code(), "not_fund");
    assert_eq!(
        unknown.to_string(),
        "unknown error code \"not_fund\": not a code of `Code`"
    );

    assert_eq!(
        serde_json::to_string(&Code::Internal).unwrap(),
        "\"internal\""
    );
    assert_eq!(
        serde_json::from_str::<Code>("\"rate_limited\"").unwrap(),
        Code::RateLimited
    );
    let error = serde_json::from_str::<Code>("\"gone\"")
        .unwrap_err()
        .to_string();
    assert!(error.contains("unknown variant `gone`"), "{error}");
    assert!(serde_json::from_str::<Code>("42").is_err());
}

#[test]
fn rename_all_rules() {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, ErrorCodes)]
    #[api(rename_all = "SCREAMING_SNAKE_CASE")]
    enum Screaming {
        #[api(status = 404)]
        NotFound,
    }
    #[derive(Clone, Copy, Debug, PartialEq, Eq, ErrorCodes)]
    #[api(rename_all = "kebab-case")]
    enum Kebab {
        #[api(status = 404)]
        NotFound,
    }
    #[derive(Clone, Copy, Debug, PartialEq, Eq, ErrorCodes)]
    #[api(rename_all = "camelCase")]
    enum Camel {
        #[api(status = 404)]
        NotFound,
        #[api(status = 400, code = "explicit_wins")]
        BadInput,
    }
    assert_eq!(Screaming::NotFound.as_str(), "NOT_FOUND");
    assert_eq!(Kebab::NotFound.as_str(), "not-found");
    assert_eq!(Camel::NotFound.as_str(), "notFound");
    assert_eq!(Camel::BadInput.as_str(), "explicit_wins");
    // No type_base and no custom title: about:blank with the status phrase.
    assert_eq!(Kebab::NotFound.descriptor().type_uri(), "about:blank");
    assert_eq!(Kebab::NotFound.title(), "Not Found");
}

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    /// No such account.
    #[error("account {id} not found in shard {shard}")]
    #[api(code = Code::NotFound, message = "account {id} not found")]
    NotFound { id: u64, shard: String },

    #[error("invalid")]
    #[api(code = Code::ValidationFailed)]
    Invalid(#[api(violations)] Vec<FieldViolation>),

    #[error("slow down")]
    #[api(code = Code::RateLimited, log = "info")]
    RateLimited {
        #[api(header = "Retry-After")]
        retry_after: u32,
    },

    #[error("database: {0}")]
    #[api(code = Code::Internal)]
    Db(String),

    #[error("hidden: {0}")]
    #[api(code = Code::NotFound, expose = false, message = "Not available.")]
    Hidden(String),
}

#[test]
fn variants_inherit_status_title_type_and_exposure() {
    let not_found = AccountError::NotFound {
        id: 7,
        shard: "eu-1".into(),
    };
    assert_eq!(not_found.status(), 404);
    assert_eq!(not_found.title(), "Not found");
    assert_eq!(not_found.code(), "not_found");
    // The variant's own doc comment wins over the registry's description.
    assert_eq!(
        not_found.descriptor().description(),
        Some("No such account.")
    );
    assert_eq!(not_found.descriptor().type_name(), "AccountError");
    assert_eq!(not_found.descriptor().variant(), "NotFound");
    assert_eq!(
        body(&not_found, &ctx()),
        serde_json::json!({
            "type": "https://errors.example.com/not_found",
            "title": "Not found",
            "status": 404,
            "code": "not_found",
            "detail": "account 7 not found",
            "trace_id": "trace-1",
        })
    );
    let db = AccountError::Db("password=hunter2".into());
    assert!(!db.expose());
    assert_eq!(db.descriptor().log_level(), LogLevel::Error);
    let text = String::from_utf8(db.to_response(&ctx()).into_body().to_vec()).unwrap();
    assert!(!text.contains("hunter2"), "{text}");
    // Without a description of its own, a variant keeps the registry's.
    assert_eq!(
        db.descriptor().description(),
        Code::Internal.descriptor().description()
    );
}

#[test]
fn variants_may_override_exposure_log_and_message() {
    let hidden = AccountError::Hidden("internal shard map".into());
    assert!(!hidden.expose());
    assert_eq!(hidden.status(), 404);
    let problem = hidden.to_problem(&ctx());
    assert_eq!(problem.detail(), Some("Not available."));

    let limited = AccountError::RateLimited { retry_after: 30 };
    assert_eq!(limited.descriptor().log_level(), LogLevel::Info);
    let response = limited.to_response(&ctx());
    assert_eq!(response.headers()["retry-after"], "30");

    let invalid = AccountError::Invalid(vec![FieldViolation::new("email", "is not an address")]);
    assert_eq!(body(&invalid, &ctx())["errors"][0]["pointer"], "#/email");
}

#[test]
fn development_policy_still_shows_debug_for_inherited_opaque_codes() {
    let db = AccountError::Db("connection refused".into());
    let body = body(&db, &ctx().with_policy(Policy::Development));
    assert_eq!(body["debug"]["message"], "database: connection refused");
}

#[derive(Debug, thiserror::Error, ApiError)]
#[error("payment required")]
#[api(code = Code::ValidationFailed, message = "The card was declined.")]
struct CardDeclined;

#[test]
fn structs_take_registry_codes_too() {
    assert_eq!(CardDeclined.status(), 422);
    assert_eq!(
        CardDeclined.to_problem(&ctx()).detail(),
        Some("The card was declined.")
    );
    assert_eq!(CardDeclined::catalog().len(), 1);
}

/// A framework error whose code the registry declares takes the registry's entry,
/// so the code keeps one title and one type whoever raises it.
#[test]
fn framework_errors_take_the_registry_entry_for_their_code() {
    use apierror::HttpError;
    use http::StatusCode;

    let ctx = ctx().with_framework_codes::<Code>();
    let rejection = HttpError::rejection(StatusCode::UNPROCESSABLE_ENTITY, "missing field `email`")
        .in_registry_of(&ctx);
    assert_eq!(rejection.descriptor(), Code::ValidationFailed.descriptor());
    assert_eq!(
        body(&rejection, &ctx),
        serde_json::json!({
            "type": "https://errors.example.com/validation_failed",
            "title": "Validation failed",
            "status": 422,
            "code": "validation_failed",
            "detail": "missing field `email`",
            "trace_id": "trace-1",
        })
    );
    let unknown_route = HttpError::new(StatusCode::NOT_FOUND).in_registry_of(&ctx);
    assert_eq!(unknown_route.title(), "Not found");
    // No entry for the code, or one with another status: the canonical error stays.
    let wrong_method = HttpError::new(StatusCode::METHOD_NOT_ALLOWED).in_registry_of(&ctx);
    assert_eq!(wrong_method.descriptor().type_uri(), "about:blank");
    let panic = HttpError::internal().in_registry_of(&ctx);
    assert_eq!(
        panic.code(),
        "internal_error",
        "the registry's 500 is `internal`, another code"
    );
    let without_registry =
        HttpError::new(StatusCode::NOT_FOUND).in_registry_of(&Context::default());
    assert_eq!(without_registry.title(), "Not Found");
}

#[test]
fn a_catalog_of_framework_errors_in_a_registry_has_no_conflict() {
    use apierror::catalog::Catalog;

    let naive = Catalog::new()
        .with_codes::<Code>()
        .with::<apierror::HttpError>();
    assert!(
        !naive.check().is_empty(),
        "the canonical not_found and validation_failed differ"
    );
    let served = Catalog::new()
        .with_codes::<Code>()
        .with_framework_codes::<Code>();
    assert!(served.check().is_empty(), "{:?}", served.check());
}

/// A crate that re-exports apierror under another name, as a framework would.
mod framework {
    pub use apierror as errors;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, framework::errors::ErrorCodes)]
#[api(crate = "framework::errors", type_base = "https://errors.example.com/")]
enum ReexportedCode {
    #[api(status = 409, title = "Conflict")]
    Conflict,
}

#[derive(Debug, thiserror::Error, framework::errors::ApiError)]
#[api(crate = "framework::errors")]
enum ReexportedError {
    #[error("conflict")]
    #[api(code = ReexportedCode::Conflict)]
    Conflict,
}

#[test]
fn crate_points_a_registry_at_a_reexport() {
    assert_eq!(ReexportedCode::Conflict.as_str(), "conflict");
    assert_eq!(ReexportedError::Conflict.status(), 409);
    assert_eq!(
        body(&ReexportedError::Conflict, &ctx())["type"],
        "https://errors.example.com/conflict"
    );
}

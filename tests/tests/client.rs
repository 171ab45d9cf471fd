//! `ApiProblem`: a client reading error responses back, in both formats, with codes
//! typed by a registry shared with the server; and every body a proxy or a broken
//! server might send instead, read without a panic.

use std::time::Duration;

use apierror::client::{ApiProblem, BODY_LIMIT, ProblemCode};
use apierror::{ApiError, Context, FieldViolation, Format, TraceId};
use apierror_test_codes::Code;
use http::{Response, StatusCode};

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
enum ServiceError {
    #[error("item {id} not found")]
    #[api(code = Code::NotFound, message = "item {id} not found")]
    NotFound { id: u64 },

    #[error("invalid: {0:?}")]
    #[api(code = Code::ValidationFailed, message = "The request is invalid.")]
    Invalid(#[api(violations)] Vec<FieldViolation>),

    #[error("slow down")]
    #[api(code = Code::RateLimited)]
    RateLimited {
        #[api(header = "Retry-After", extension)]
        retry_after_secs: u64,
    },

    #[error("name taken")]
    #[api(code = "name_taken", status = 409, title = "Name taken")]
    NameTaken {
        #[api(field)]
        field: &'static str,
        #[api(extension)]
        owner_hint: u32,
    },

    #[error("database down")]
    #[api(code = Code::Internal)]
    Database,
}

fn context(format: Format) -> Context {
    Context::default()
        .with_trace_id(TraceId::parse("trace-7").expect("a trace id"))
        .with_instance("/items/7")
        .with_format(format)
}

/// The error as the server sends it, read back by a client.
fn round_trip<C: std::str::FromStr>(error: &ServiceError, format: Format) -> ApiProblem<C> {
    ApiProblem::from_response(&error.to_response(&context(format)))
}

fn response(status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Response<Vec<u8>> {
    let mut builder = Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body.into()).expect("a response")
}

const FORMATS: [Format; 2] = [Format::Problem, Format::Envelope];

#[test]
fn registry_codes_are_read_back_typed_in_both_formats() {
    for format in FORMATS {
        let problem = round_trip::<Code>(&ServiceError::NotFound { id: 7 }, format);
        assert_eq!(problem.status(), StatusCode::NOT_FOUND);
        assert_eq!(problem.code(), &ProblemCode::Known(Code::NotFound));
        assert_eq!(problem.code().known(), Some(&Code::NotFound));
        assert_eq!(problem.detail(), Some("item 7 not found"));
        assert_eq!(problem.trace_id(), Some("trace-7"));
        assert!(!problem.is_retryable());
        assert!(!problem.is_truncated());
    }
    let problem = round_trip::<Code>(&ServiceError::NotFound { id: 7 }, Format::Problem);
    assert_eq!(problem.title(), Some("Not found"));
    assert_eq!(
        problem.type_uri(),
        Some("https://errors.example.com/not_found")
    );
    assert_eq!(problem.instance(), Some("/items/7"));
    assert_eq!(
        problem.to_string(),
        "not_found: Not found (404, trace id trace-7)"
    );
    let envelope = round_trip::<Code>(&ServiceError::NotFound { id: 7 }, Format::Envelope);
    assert_eq!(envelope.title(), None);
    assert_eq!(
        envelope.to_string(),
        "not_found: Not Found (404, trace id trace-7)"
    );
}

#[test]
fn a_code_outside_the_registry_is_unknown_and_keeps_its_text() {
    for format in FORMATS {
        let error = ServiceError::NameTaken {
            field: "name",
            owner_hint: 3,
        };
        let problem = round_trip::<Code>(&error, format);
        assert_eq!(problem.status(), StatusCode::CONFLICT);
        assert_eq!(
            problem.code(),
            &ProblemCode::Unknown("name_taken".to_owned())
        );
        assert_eq!(problem.code().known(), None);
        assert_eq!(problem.field(), Some("name"));
        assert_eq!(problem.extension("owner_hint"), Some(&serde_json::json!(3)));
        assert_eq!(problem.extensions().len(), 1, "{:?}", problem.extensions());
    }
}

#[test]
fn with_string_codes_every_code_the_body_names_is_known() {
    for format in FORMATS {
        let error = ServiceError::NameTaken {
            field: "name",
            owner_hint: 3,
        };
        let problem: ApiProblem = round_trip(&error, format);
        assert_eq!(problem.code(), &ProblemCode::Known("name_taken".to_owned()));
    }
    let problem: ApiProblem = ApiProblem::from_response(&response(500, &[], ""));
    assert_eq!(
        problem.code(),
        &ProblemCode::Unknown("internal_error".to_owned())
    );
}

#[test]
fn violations_are_read_from_pointers_and_from_envelope_fields() {
    let violations = vec![
        FieldViolation::new("profile.color", "must be a color").with_code("invalid_color"),
        FieldViolation::new("items[2].name", "must not be empty"),
    ];
    for format in FORMATS {
        let problem = round_trip::<Code>(&ServiceError::Invalid(violations.clone()), format);
        assert_eq!(problem.code(), &ProblemCode::Known(Code::ValidationFailed));
        assert_eq!(problem.violations(), violations.as_slice(), "{format:?}");
        assert!(
            problem.extensions().is_empty(),
            "{:?}",
            problem.extensions()
        );
    }
}

#[test]
fn retry_after_and_the_rate_limit_code_come_back() {
    for format in FORMATS {
        let problem = round_trip::<Code>(
            &ServiceError::RateLimited {
                retry_after_secs: 30,
            },
            format,
        );
        assert_eq!(problem.code(), &ProblemCode::Known(Code::RateLimited));
        assert_eq!(problem.retry_after(), Some(Duration::from_secs(30)));
        assert_eq!(
            problem.extension("retry_after_secs"),
            Some(&serde_json::json!(30))
        );
        assert!(problem.is_retryable());
    }
}

#[test]
fn an_http_date_retry_after_counts_from_now() {
    let date = httpdate_in(Duration::from_secs(120));
    let problem: ApiProblem =
        ApiProblem::from_response(&response(503, &[("retry-after", &date)], ""));
    let wait = problem.retry_after().expect("a date");
    assert!(
        wait > Duration::from_secs(100) && wait <= Duration::from_secs(120),
        "{wait:?}"
    );
    let problem: ApiProblem = ApiProblem::from_response(&response(
        400,
        &[("retry-after", "Thu, 01 Jan 1970 00:00:00 GMT")],
        "",
    ));
    assert_eq!(problem.retry_after(), Some(Duration::ZERO));
    assert!(problem.is_retryable(), "any Retry-After invites a retry");
    let problem: ApiProblem =
        ApiProblem::from_response(&response(429, &[("retry-after", "soon")], ""));
    assert_eq!(problem.retry_after(), None);
    assert!(problem.is_retryable(), "429 is retryable without a delay");
}

/// An IMF-fixdate `ahead` from now.
fn httpdate_in(ahead: Duration) -> String {
    httpdate::fmt_http_date(std::time::SystemTime::now() + ahead)
}

#[test]
fn the_trace_id_falls_back_to_the_header() {
    let problem: ApiProblem<Code> = ApiProblem::from_response(&response(
        502,
        &[("x-trace-id", "edge-9")],
        "<html>Bad Gateway</html>",
    ));
    assert_eq!(problem.trace_id(), Some("edge-9"));
    let body = r#"{"code":"not_found","trace_id":"body-1"}"#;
    let problem: ApiProblem<Code> =
        ApiProblem::from_response(&response(404, &[("x-trace-id", "header-1")], body));
    assert_eq!(problem.trace_id(), Some("body-1"), "the body's id wins");
}

#[test]
fn an_html_502_from_a_proxy_keeps_its_status_and_text() {
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let problem: ApiProblem<Code> =
        ApiProblem::from_response(&response(502, &[("content-type", "text/html")], page));
    assert_eq!(problem.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(
        problem.code(),
        &ProblemCode::Unknown("bad_gateway".to_owned())
    );
    assert_eq!(problem.title(), None);
    assert_eq!(problem.body(), page);
    assert!(problem.is_retryable());
    assert_eq!(problem.to_string(), "bad_gateway: Bad Gateway (502)");
}

#[test]
fn a_codeless_body_gets_the_canonical_code_of_its_status_even_if_the_registry_has_it() {
    // `internal` is in the registry; the server did not say it, so it stays unknown.
    for (status, code) in [
        (500, "internal_error"),
        (404, "not_found"),
        (599, "http_599"),
        (200, "http_200"),
    ] {
        let problem: ApiProblem<Code> = ApiProblem::from_response(&response(status, &[], ""));
        assert_eq!(
            problem.code(),
            &ProblemCode::Unknown(code.to_owned()),
            "{status}"
        );
        assert_eq!(problem.body(), "");
    }
}

#[test]
fn invalid_utf8_is_replaced_not_fatal() {
    let problem: ApiProblem<Code> =
        ApiProblem::from_response(&response(500, &[], b"oops \xff\xfe".to_vec()));
    assert_eq!(problem.body(), "oops \u{fffd}\u{fffd}");
    assert_eq!(
        problem.code(),
        &ProblemCode::Unknown("internal_error".to_owned())
    );
}

#[test]
fn a_huge_body_is_cut_to_the_limit_and_not_parsed() {
    let mut body = br#"{"code":"not_found","detail":""#.to_vec();
    body.resize(10 * 1024 * 1024, b'x');
    body.extend_from_slice(br#""}"#);
    let problem: ApiProblem<Code> = ApiProblem::from_response(&response(404, &[], body));
    assert!(problem.is_truncated());
    assert_eq!(problem.body().len(), BODY_LIMIT);
    assert!(problem.body().starts_with(r#"{"code":"not_found""#));
    assert_eq!(
        problem.code(),
        &ProblemCode::Unknown("not_found".to_owned())
    );
    assert_eq!(problem.detail(), None);
}

#[test]
fn members_of_the_wrong_type_are_ignored() {
    let body = r#"{"code":7,"title":["x"],"detail":null,"trace_id":{},"field":1,"errors":"none","instance":3,"kept":true}"#;
    let problem: ApiProblem<Code> =
        ApiProblem::from_response(&response(409, &[("x-trace-id", "h-1")], body));
    assert_eq!(problem.code(), &ProblemCode::Unknown("conflict".to_owned()));
    assert_eq!(problem.title(), None);
    assert_eq!(problem.detail(), None);
    assert_eq!(problem.trace_id(), Some("h-1"));
    assert_eq!(problem.field(), None);
    assert!(problem.violations().is_empty());
    assert_eq!(problem.instance(), None);
    assert_eq!(problem.extension("kept"), Some(&serde_json::json!(true)));

    // An envelope whose code is not a string is read as a problem document would be:
    // the status's canonical code, and the members that are of their type.
    let body = r#"{"error":{"code":1,"message":"m"}}"#;
    let problem: ApiProblem<Code> = ApiProblem::from_response(&response(404, &[], body));
    assert_eq!(
        problem.code(),
        &ProblemCode::Unknown("not_found".to_owned())
    );
    assert_eq!(problem.detail(), Some("m"));

    // Violations of the wrong shape are skipped one by one.
    let body = r##"{"code":"validation_failed","errors":[{"detail":"bad","pointer":"#/a"},{"detail":1},"x"]}"##;
    let problem: ApiProblem<Code> = ApiProblem::from_response(&response(422, &[], body));
    assert_eq!(problem.violations(), [FieldViolation::new("a", "bad")]);
}

#[test]
fn json_that_is_not_an_error_document_is_read_as_text() {
    for body in ["[1,2]", "\"text\"", "null", "{\"code\":", "42"] {
        let problem: ApiProblem<Code> = ApiProblem::from_response(&response(400, &[], body));
        assert_eq!(
            problem.code(),
            &ProblemCode::Unknown("bad_request".to_owned()),
            "{body}"
        );
        assert_eq!(problem.body(), body);
    }
}

#[test]
fn an_opaque_5xx_reads_as_its_registry_code_with_the_generic_message() {
    for format in FORMATS {
        let problem = round_trip::<Code>(&ServiceError::Database, format);
        assert_eq!(problem.code(), &ProblemCode::Known(Code::Internal));
        assert_eq!(problem.detail(), Some(apierror::OPAQUE_SERVER_MESSAGE));
        assert!(!problem.is_retryable());
        let source: &dyn std::error::Error = &problem;
        assert!(source.source().is_none());
    }
}

// ---------------------------------------------------------------- re-raising upstream failures

/// A service calling the one above: its own error type holds the upstream's failure.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
enum GatewayError {
    /// Forwarded as the upstream said.
    #[error(transparent)]
    #[api(transparent)]
    Upstream(#[from] ApiProblem<Code>),

    /// Mapped: the client sees this service's own code.
    #[error("the inventory service failed")]
    #[api(code = "inventory_failed", status = 502, title = "Inventory failed")]
    Inventory(#[source] ApiProblem<Code>),
}

fn upstream(status: u16, headers: &[(&str, &str)], body: &str) -> ApiProblem<Code> {
    ApiProblem::from_response(&response(status, headers, body))
}

/// `error`'s response under a context with trace id `local-1`, read back.
fn forwarded(error: &GatewayError, format: Format) -> (http::response::Parts, ApiProblem<Code>) {
    let ctx = Context::default()
        .with_trace_id(TraceId::parse("local-1").expect("a trace id"))
        .with_format(format);
    let response = error.to_response(&ctx);
    let problem = ApiProblem::from_response(&response);
    (response.into_parts().0, problem)
}

#[test]
fn a_transparent_upstream_problem_answers_as_the_upstream_said() {
    let body = r##"{"code":"validation_failed","detail":"Fix the form.","field":"name","trace_id":"up-7",
        "errors":[{"detail":"too short","pointer":"#/name","code":"too_short"}]}"##;
    for format in FORMATS {
        let error = GatewayError::from(upstream(422, &[], body));
        assert_eq!(error.code(), "validation_failed");
        let (parts, problem) = forwarded(&error, format);
        assert_eq!(parts.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem.code(), &ProblemCode::Known(Code::ValidationFailed));
        assert_eq!(problem.detail(), Some("Fix the form."));
        assert_eq!(problem.field(), Some("name"));
        assert_eq!(
            problem.violations(),
            [FieldViolation::new("name", "too short").with_code("too_short")]
        );
        assert_eq!(problem.trace_id(), Some("local-1"));
        assert!(!problem.body().contains("up-7"), "{}", problem.body());
    }
}

#[test]
fn a_transparent_upstream_5xx_stays_opaque() {
    let body = r#"{"code":"internal","detail":"replica db-2 down","trace_id":"up-8"}"#;
    let error = GatewayError::from(upstream(500, &[], body));
    let (parts, problem) = forwarded(&error, Format::Problem);
    assert_eq!(parts.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(problem.code(), &ProblemCode::Known(Code::Internal));
    assert_eq!(problem.detail(), Some(apierror::OPAQUE_SERVER_MESSAGE));
    for secret in ["db-2", "up-8"] {
        assert!(
            !problem.body().contains(secret),
            "{secret}: {}",
            problem.body()
        );
    }

    // An HTML 502 from the upstream's proxy: the framework's code for 502, opaque.
    let error = GatewayError::from(upstream(502, &[], "<html>nginx</html>"));
    let (parts, problem) = forwarded(&error, Format::Problem);
    assert_eq!(parts.status, StatusCode::BAD_GATEWAY);
    assert_eq!(
        problem.code(),
        &ProblemCode::Unknown("bad_gateway".to_owned())
    );
    assert!(!problem.body().contains("nginx"), "{}", problem.body());
}

#[test]
fn an_unknown_upstream_code_answers_with_the_framework_code_of_its_status() {
    let body = r#"{"code":"plan_changed","detail":"The plan changed.","extra_member":1}"#;
    let error = GatewayError::from(upstream(409, &[], body));
    let (parts, problem) = forwarded(&error, Format::Problem);
    assert_eq!(parts.status, StatusCode::CONFLICT);
    assert_eq!(problem.code(), &ProblemCode::Unknown("conflict".to_owned()));
    assert_eq!(problem.detail(), Some("The plan changed."));
    assert_eq!(
        problem.extension("extra_member"),
        None,
        "extensions are not forwarded"
    );
}

#[test]
fn the_upstream_retry_after_is_forwarded() {
    let body = r#"{"code":"rate_limited","detail":"Slow down."}"#;
    let error = GatewayError::from(upstream(429, &[("retry-after", "12")], body));
    let (parts, problem) = forwarded(&error, Format::Envelope);
    assert_eq!(parts.headers["retry-after"], "12");
    assert_eq!(problem.retry_after(), Some(Duration::from_secs(12)));
    assert_eq!(problem.code(), &ProblemCode::Known(Code::RateLimited));
}

#[test]
fn a_mapped_upstream_keeps_its_trace_id_in_the_source_chain_not_the_body() {
    let body = r#"{"code":"not_found","title":"Not found","trace_id":"up-9"}"#;
    let error = GatewayError::Inventory(upstream(404, &[], body));
    let source = std::error::Error::source(&error).expect("the upstream problem");
    assert_eq!(
        source.to_string(),
        "not_found: Not found (404, trace id up-9)"
    );
    let (_, problem) = forwarded(&error, Format::Problem);
    assert_eq!(
        problem.code(),
        &ProblemCode::Unknown("inventory_failed".to_owned())
    );
    assert!(!problem.body().contains("up-9"), "{}", problem.body());
}

#[test]
fn the_catalog_of_a_transparent_upstream_lists_the_registry() {
    let catalog = apierror::catalog::Catalog::new().with::<GatewayError>();
    let codes: Vec<_> = catalog
        .descriptors()
        .iter()
        .map(|descriptor| descriptor.code())
        .collect();
    for code in Code::ALL {
        assert!(codes.contains(&code.as_str()), "{code} in {codes:?}");
    }
    assert!(codes.contains(&"inventory_failed"));
}

#[test]
fn an_envelope_member_of_the_wrong_type_is_left_out_alone() {
    // A numeric trace id, no message: the code and the rest still come back, as a
    // problem document's would.
    let body = r#"{"error":{"code":"not_found","trace_id":5,"field":"id","details":{"hint":1}}}"#;
    let problem: ApiProblem<Code> = ApiProblem::from_response(&response(
        404,
        &[
            ("content-type", "application/json"),
            ("x-trace-id", "from-header"),
        ],
        body,
    ));
    assert_eq!(problem.code(), &ProblemCode::Known(Code::NotFound));
    assert_eq!(problem.trace_id(), Some("from-header"));
    assert_eq!(problem.field(), Some("id"));
    assert_eq!(problem.extension("hint"), Some(&serde_json::json!(1)));
}

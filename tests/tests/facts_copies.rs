//! The derive holds copies of facts the runtime owns (it cannot depend on the
//! runtime): the reason phrases, the code syntax, the JSON heads, the headers and
//! members the renderer writes. These tests include the derive's copies by path and
//! hold each equal to what the runtime does.

#[allow(dead_code)]
#[path = "../../macros/src/facts.rs"]
mod facts;
#[allow(dead_code)]
#[path = "../../macros/src/json.rs"]
mod json;

use apierror::{ApiError, Context, FieldViolation, Format, HttpError, Policy, TraceId};
use http::StatusCode;
use serde_json::Value;

fn http_error(status: u16) -> HttpError {
    HttpError::new(StatusCode::from_u16(status).expect("a valid status"))
}

fn error_statuses() -> impl Iterator<Item = u16> {
    400u16..=599
}

/// The derive's default title is the runtime's title for every status the runtime
/// names, and the derive has none where the runtime answers `http_<status>`.
#[test]
fn reason_phrases_are_the_runtimes() {
    for status in error_statuses() {
        let runtime = http_error(status);
        let unregistered = runtime.code() == format!("http_{status}");
        match facts::reason_phrase(status) {
            Some(phrase) => {
                assert!(!unregistered, "the runtime has no name for {status}");
                assert_eq!(phrase, runtime.title(), "status {status}");
            }
            None => assert!(unregistered, "the derive has no phrase for {status}"),
        }
    }
}

/// `^[first][rest]*$`, the shape of the code pattern the runtime publishes, as the
/// characters of its two classes.
fn pattern_classes(pattern: &str) -> (Vec<char>, Vec<char>) {
    let inner = pattern
        .strip_prefix("^[")
        .and_then(|rest| rest.strip_suffix("]*$"))
        .unwrap_or_else(|| panic!("unexpected code pattern {pattern:?}"));
    let (first, rest) = inner.split_once("][").expect("two classes");
    (class_chars(first), class_chars(rest))
}

/// The characters of a regex class body such as `A-Za-z0-9_.-` (a `-` last is literal).
fn class_chars(class: &str) -> Vec<char> {
    let chars: Vec<char> = class.chars().collect();
    let mut out = Vec::new();
    let mut index = 0;
    while index < chars.len() {
        if index + 2 < chars.len() && chars[index + 1] == '-' {
            out.extend(chars[index]..=chars[index + 2]);
            index += 3;
        } else {
            out.push(chars[index]);
            index += 1;
        }
    }
    out
}

/// The derive accepts exactly the codes the runtime's OpenAPI schemas describe.
#[test]
fn code_syntax_is_the_published_one() {
    let components = apierror::openapi::components();
    let schemas = &components["schemas"];
    let published = [
        &schemas["Problem"]["properties"]["code"],
        &schemas["Envelope"]["properties"]["error"]["properties"]["code"],
    ];
    for schema in published {
        assert_eq!(schema["maxLength"], facts::CODE_MAX_LEN);
        let (first, rest) = pattern_classes(schema["pattern"].as_str().expect("a pattern"));
        let matches = |code: &str| {
            let mut chars = code.chars();
            chars.next().is_some_and(|c| first.contains(&c)) && chars.all(|c| rest.contains(&c))
        };
        let mut corpus = vec![String::new(), "é".to_owned(), "aé".to_owned()];
        for c in ' '..='~' {
            corpus.push(c.to_string());
            corpus.push(format!("a{c}"));
        }
        for code in &corpus {
            assert_eq!(
                facts::code_problem(code).is_none(),
                matches(code),
                "code {code:?}"
            );
        }
    }
    let longest = "a".repeat(facts::CODE_MAX_LEN);
    assert_eq!(facts::code_problem(&longest), None);
    assert!(facts::code_problem(&format!("{longest}a")).is_some());
}

/// The JSON the derive joins at compile time starts the bodies the runtime writes
/// for its own descriptors, whose heads it joins its own way.
#[test]
fn json_heads_are_the_runtimes() {
    let envelope = Context::default().with_format(Format::Envelope);
    for status in error_statuses() {
        let error = http_error(status);
        let descriptor = error.descriptor();
        let problem_head =
            json::problem_head(descriptor.type_uri(), error.title(), status, error.code());
        let body = error.to_response(&Context::default()).into_body();
        assert!(
            body.starts_with(problem_head.as_bytes()),
            "status {status}: {body:?} does not start with {problem_head}"
        );
        let envelope_head = json::envelope_head(error.code());
        let body = error.to_response(&envelope).into_body();
        assert!(
            body.starts_with(envelope_head.as_bytes()),
            "status {status}: {body:?} does not start with {envelope_head}"
        );
    }
}

/// Every header the runtime sets on a response is one the derive reserves.
#[test]
fn headers_the_runtime_sets_are_reserved() {
    let ctx = Context::default().with_trace_id(TraceId::parse("trace-1").expect("a trace id"));
    let formats = [Format::Problem, Format::Microsoft];
    for (status, format) in error_statuses().flat_map(|status| formats.map(|f| (status, f))) {
        let response = http_error(status).to_response(&ctx.clone().with_format(format));
        for name in response.headers().keys() {
            assert!(
                facts::RESERVED_HEADERS.contains(&name.as_str()),
                "status {status}: the runtime sets `{name}`, which the derive lets a field set"
            );
        }
    }
    assert!(facts::RESERVED_HEADERS.contains(&apierror::TRACE_ID_HEADER.as_str()));
}

#[derive(Debug, thiserror::Error, ApiError)]
#[error("invalid {field}")]
#[api(
    code = "invalid",
    status = 422,
    type = "https://errors.example.com/invalid"
)]
struct Invalid {
    #[api(field)]
    field: String,
    #[api(violations)]
    violations: Vec<FieldViolation>,
}

/// Every member the runtime writes, in either format and with everything on, is one
/// an extension may not take.
#[test]
fn members_the_runtime_writes_are_reserved() {
    let error = Invalid {
        field: "name".to_owned(),
        violations: vec![FieldViolation::new("name", "is empty").with_code("empty")],
    };
    let ctx = Context::default()
        .with_instance("/accounts/7")
        .with_policy(Policy::Development);
    let problem: Value = serde_json::from_slice(error.to_response(&ctx).body()).expect("JSON");
    let envelope: Value = serde_json::from_slice(
        error
            .to_response(&ctx.clone().with_format(Format::Envelope))
            .body(),
    )
    .expect("JSON");
    let written = problem
        .as_object()
        .expect("an object")
        .keys()
        .chain(envelope["error"].as_object().expect("an object").keys());
    for member in written {
        assert!(
            facts::RESERVED_MEMBERS.contains(&member.as_str()),
            "the runtime writes `{member}`, which the derive lets an extension take"
        );
    }
    // Microsoft's `innererror`, where the extensions go, beside an `inner` chain two
    // deep (the second code nests an `innererror` of its own).
    let wrapped = Wrapped {
        inner: Middle { inner: error },
    };
    let microsoft: Value = serde_json::from_slice(
        wrapped
            .to_response(&ctx.with_format(Format::Microsoft))
            .body(),
    )
    .expect("JSON");
    let inner = microsoft["error"]["innererror"]
        .as_object()
        .expect("an object");
    assert!(inner.contains_key("innererror"), "{microsoft}");
    for member in inner.keys() {
        assert!(
            facts::RESERVED_MEMBERS.contains(&member.as_str()),
            "Microsoft's innererror holds `{member}`, which the derive lets an extension take"
        );
    }
}

#[derive(Debug, thiserror::Error, ApiError)]
#[error("wrapped")]
#[api(code = "wrapped", status = 422)]
struct Wrapped {
    #[api(inner)]
    #[source]
    inner: Middle,
}

#[derive(Debug, thiserror::Error, ApiError)]
#[error("middle")]
#[api(code = "middle", status = 422)]
struct Middle {
    #[api(inner)]
    #[source]
    inner: Invalid,
}

/// The runtime's single sources, which `__private` exposes for this comparison, equal
/// the derive's copies exactly (the tests above hold the copies to what the runtime
/// does; these hold them to what it declares).
#[test]
fn the_derives_copies_equal_the_runtimes_sources() {
    use apierror::__private as runtime;
    for status in 100u16..=999 {
        assert_eq!(
            facts::reason_phrase(status),
            runtime::reason_phrase(status),
            "status {status}"
        );
    }
    assert_eq!(facts::RESERVED_HEADERS, runtime::RESERVED_HEADERS);
    assert_eq!(facts::CODE_MAX_LEN, runtime::MAX_CODE_LEN);
    let long = "a".repeat(runtime::MAX_CODE_LEN);
    let too_long = "a".repeat(runtime::MAX_CODE_LEN + 1);
    let codes = [
        "", "a", "A", "1a", "_a", ".a", "-a", "a1", "a_b", "a.b", "a-b", "a b", "a/b", "a:b", "é",
        "aé", "a\u{0}", &long, &too_long,
    ];
    for code in codes {
        assert_eq!(
            facts::code_problem(code).is_none(),
            runtime::is_valid_code(code),
            "{code:?}"
        );
    }
    let heads = [
        ("about:blank", "Not Found", 404, "not_found"),
        ("https://e.x/a\"b", "T\\", 599, "c.d-e"),
    ];
    for (type_uri, title, status, code) in heads {
        assert_eq!(
            json::problem_head(type_uri, title, status, code),
            runtime::problem_head(type_uri, title, status, code)
        );
        assert_eq!(json::envelope_head(code), runtime::envelope_head(code));
    }
}

/// The derive's gRPC code names are the runtime's `GrpcCode` names, by number, and
/// each names the variant the generated code writes.
#[test]
fn grpc_code_names_are_the_runtimes() {
    for (number, (name, variant)) in facts::GRPC_CODES.into_iter().enumerate() {
        let number = i32::try_from(number).expect("17 codes");
        let code = apierror::GrpcCode::from_number(number).expect("a code by number");
        assert_eq!(code.name(), name);
        assert_eq!(format!("{code:?}"), variant);
    }
    assert_eq!(facts::GRPC_CODES.len(), apierror::GrpcCode::ALL.len());
}

/// The derive's copy of the status mapping is the runtime's, for every error status.
#[test]
fn the_grpc_mapping_is_the_runtimes() {
    for status in 400u16..=599 {
        let runtime = apierror::GrpcCode::for_status(status);
        assert_eq!(
            facts::grpc_for_status(status),
            format!("{runtime:?}"),
            "status {status}"
        );
    }
}

/// The derive checks each code's AIP-193 reason with its own copy of the conversion
/// `Format::Google` writes: both give the same reason for every shape of code.
#[test]
fn google_reasons_are_the_runtimes() {
    let codes = [
        "account_not_found",
        "accountNotFound",
        "HTTPError",
        "quota.exceeded-daily",
        "v2Limit",
        "a1B2c3",
        "x",
        "ALREADY_UPPER",
    ];
    for code in codes {
        let derive = facts::google_reason(code);
        assert_eq!(derive, apierror::format::google_reason(code), "{code}");
        assert!(
            derive.starts_with(|c: char| c.is_ascii_uppercase()),
            "{derive}"
        );
        assert!(
            derive
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
            "{derive}"
        );
    }
}

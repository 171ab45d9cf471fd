//! `to_response`: the status, `Content-Type`, `X-Trace-Id`, the `#[api(header)]`
//! fields, and a body whose `status` and `trace_id` agree with the response.

use std::fmt;

use apierror::{ApiError, Context, Format, TRACE_ID_HEADER, TraceId};
use http::{HeaderMap, HeaderValue, StatusCode};

mod support;
use support::{TRACE_ID, ctx, parse};

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum LimitError {
    #[error("too many requests")]
    #[api(code = "rate_limited", status = 429)]
    RateLimited {
        #[api(header = "Retry-After")]
        retry_after_secs: u64,
        #[api(header = "X-RateLimit-Remaining")]
        remaining: u32,
        #[api(header = "x-ratelimit-policy")]
        policy: &'static str,
    },

    #[error("moved")]
    #[api(code = "gone_elsewhere", status = 410)]
    Moved(#[api(header = "Link")] String),

    #[error("no header here")]
    #[api(code = "plain", status = 400)]
    Plain,

    #[error("busy")]
    #[api(code = "busy", status = 503)]
    Busy {
        #[api(header = "Retry-After")]
        retry_after_secs: Option<u64>,
    },
}

#[test]
fn an_optional_header_field_is_set_when_it_holds_a_value() {
    let later = LimitError::Busy {
        retry_after_secs: Some(120),
    };
    let response = later.to_response(&ctx());
    assert_eq!(response.headers()["retry-after"], "120");
    let unknown = LimitError::Busy {
        retry_after_secs: None,
    };
    let response = unknown.to_response(&ctx());
    assert!(response.headers().get("retry-after").is_none());
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[test]
fn header_fields_become_response_headers() {
    let error = LimitError::RateLimited {
        retry_after_secs: 30,
        remaining: 0,
        policy: "100;w=60",
    };
    let response = error.to_response(&ctx());
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let headers = response.headers();
    assert_eq!(headers["retry-after"], "30");
    assert_eq!(headers["x-ratelimit-remaining"], "0");
    assert_eq!(headers["x-ratelimit-policy"], "100;w=60");
    assert_eq!(headers["content-type"], "application/problem+json");
    assert_eq!(headers[TRACE_ID_HEADER], TRACE_ID);
    assert_eq!(headers.len(), 5, "{headers:?}");
}

#[test]
fn a_tuple_field_header() {
    let error = LimitError::Moved("</v2/orders>; rel=\"successor-version\"".into());
    let response = error.to_response(&ctx());
    assert_eq!(
        response.headers()["link"],
        "</v2/orders>; rel=\"successor-version\""
    );
}

#[test]
fn header_fields_are_sent_in_both_formats() {
    let error = LimitError::RateLimited {
        retry_after_secs: 5,
        remaining: 1,
        policy: "p",
    };
    let response = error.to_response(&ctx().with_format(Format::Envelope));
    assert_eq!(response.headers()["retry-after"], "5");
    assert_eq!(response.headers()["content-type"], "application/json");
}

#[test]
fn header_fields_stay_out_of_the_body() {
    let error = LimitError::RateLimited {
        retry_after_secs: 987_654,
        remaining: 0,
        policy: "policy-text",
    };
    for format in [Format::Problem, Format::Envelope] {
        let text = support::body(&error, &ctx().with_format(format)).to_string();
        assert!(!text.contains("987654"), "{text}");
        assert!(!text.contains("policy-text"), "{text}");
    }
}

#[test]
fn a_variant_without_header_fields_sends_only_the_fixed_headers() {
    let response = LimitError::Plain.to_response(&ctx());
    let names: Vec<&str> = response
        .headers()
        .keys()
        .map(|name| name.as_str())
        .collect();
    assert_eq!(names, ["content-type", "x-trace-id"]);
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum Statuses {
    #[error("a")]
    #[api(code = "bad_request", status = 400)]
    A,
    #[error("b")]
    #[api(code = "unauthorized", status = 401)]
    B,
    #[error("c")]
    #[api(
        code = "teapot",
        status = 418,
        title = "I'm a teapot",
        type = "https://example.com/teapot"
    )]
    C,
    #[error("d")]
    #[api(
        code = "unassigned",
        status = 499,
        title = "Client Closed Request",
        type = "https://example.com/499"
    )]
    D,
    #[error("e")]
    #[api(code = "internal", status = 500)]
    E,
    #[error("f")]
    #[api(code = "unavailable", status = 503)]
    F,
    #[error("g")]
    #[api(
        code = "custom_5xx",
        status = 599,
        title = "Network Connect Timeout",
        type = "https://example.com/599"
    )]
    G,
}

#[test]
fn the_body_status_is_the_http_status() {
    for (error, status) in [
        (Statuses::A, 400),
        (Statuses::B, 401),
        (Statuses::C, 418),
        (Statuses::D, 499),
        (Statuses::E, 500),
        (Statuses::F, 503),
        (Statuses::G, 599),
    ] {
        for format in [Format::Problem, Format::Envelope] {
            let response = error.to_response(&ctx().with_format(format));
            assert_eq!(response.status().as_u16(), status);
            assert_eq!(error.status().as_u16(), status);
            if format == Format::Problem {
                let body = parse(response.body());
                assert_eq!(body["status"], status, "{body}");
            }
        }
    }
}

#[test]
fn the_given_trace_id_is_the_header_and_the_body_member() {
    let trace_id = TraceId::parse("req-42.a:b_c").expect("valid");
    for format in [Format::Problem, Format::Envelope] {
        let ctx = Context::default()
            .with_trace_id(trace_id)
            .with_format(format);
        let response = LimitError::Plain.to_response(&ctx);
        assert_eq!(response.headers()["x-trace-id"], "req-42.a:b_c");
        let body = parse(response.body());
        let member = match format {
            Format::Envelope => &body["error"]["trace_id"],
            _ => &body["trace_id"],
        };
        assert_eq!(member, "req-42.a:b_c");
    }
}

fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(index, ch)| match index {
            8 | 13 | 18 | 23 => ch == '-',
            _ => ch.is_ascii_hexdigit() && !ch.is_ascii_uppercase(),
        })
}

#[test]
fn without_a_trace_id_one_is_generated_and_header_equals_body() {
    for format in [Format::Problem, Format::Envelope] {
        let ctx = Context::default().with_format(format);
        assert!(ctx.trace_id().is_none());
        let response = LimitError::Plain.to_response(&ctx);
        let header = response.headers()["x-trace-id"]
            .to_str()
            .expect("ASCII")
            .to_owned();
        assert!(TraceId::parse(&header).is_some(), "{header}");
        assert!(is_uuid(&header), "{header}");
        let body = parse(response.body());
        let member = match format {
            Format::Envelope => &body["error"]["trace_id"],
            _ => &body["trace_id"],
        };
        assert_eq!(member, header.as_str());
    }
}

#[test]
fn each_rendering_without_a_trace_id_gets_a_fresh_one() {
    let ctx = Context::default();
    let first = LimitError::Plain.to_response(&ctx);
    let second = LimitError::Plain.to_response(&ctx);
    assert_ne!(
        first.headers()["x-trace-id"],
        second.headers()["x-trace-id"]
    );
    let problem = LimitError::Plain.to_problem(&ctx);
    assert!(problem.trace_id().is_some_and(is_uuid), "{problem:?}");
    let envelope = LimitError::Plain.to_envelope(&ctx);
    assert!(envelope.error.trace_id.as_deref().is_some_and(is_uuid));
}

#[test]
fn a_request_trace_id_is_echoed_when_valid() {
    let mut request = HeaderMap::new();
    request.insert("x-trace-id", HeaderValue::from_static("abc-123"));
    let ctx = Context::default().with_trace_id(TraceId::from_headers(&request).expect("valid"));
    let response = LimitError::Plain.to_response(&ctx);
    assert_eq!(response.headers()["x-trace-id"], "abc-123");
    assert_eq!(parse(response.body())["trace_id"], "abc-123");

    let mut request = HeaderMap::new();
    request.insert(
        "traceparent",
        HeaderValue::from_static("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
    );
    request.insert("x-request-id", HeaderValue::from_static("bad id"));
    assert_eq!(
        TraceId::from_headers(&request).map(|id| id.to_string()),
        Some("4bf92f3577b34da6a3ce929d0e0e4736".to_owned())
    );
}

#[test]
fn an_invalid_request_trace_id_is_never_echoed() {
    let too_long = "a".repeat(129);
    let hostile: [HeaderValue; 6] = [
        HeaderValue::from_str(&too_long).expect("a header value"),
        HeaderValue::from_static(""),
        HeaderValue::from_static("has space"),
        HeaderValue::from_static("semi;colon"),
        HeaderValue::from_static("<script>"),
        HeaderValue::from_bytes("caf\u{e9}".as_bytes()).expect("obs-text is a header value"),
    ];
    for value in hostile {
        let mut request = HeaderMap::new();
        request.insert("x-trace-id", value.clone());
        request.insert("x-request-id", value.clone());
        request.insert("traceparent", value.clone());
        let trace_id = TraceId::from_headers(&request);
        assert_eq!(trace_id, None, "{value:?}");
        let mut ctx = Context::default();
        if let Some(trace_id) = trace_id {
            ctx = ctx.with_trace_id(trace_id);
        }
        let response = LimitError::Plain.to_response(&ctx);
        let echoed = &response.headers()["x-trace-id"];
        assert_ne!(echoed, &value);
        assert!(is_uuid(echoed.to_str().expect("ASCII")), "{echoed:?}");
    }
}

/// A `Display` that writes what a header may not carry.
#[derive(Debug)]
struct Injected(&'static str);

impl fmt::Display for Injected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// A `Display` that fails.
#[derive(Debug)]
struct Failing;

impl fmt::Display for Failing {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        Err(fmt::Error)
    }
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[error("redirected")]
#[api(code = "redirected", status = 409)]
struct Redirected {
    #[api(header = "Location")]
    location: Injected,
    #[api(header = "Retry-After")]
    retry_after: u8,
    #[api(header = "X-Failing")]
    failing: Failing,
}

#[test]
fn a_header_value_with_cr_or_lf_is_left_out_not_injected() {
    for hostile in [
        "/next\r\nSet-Cookie: session=stolen",
        "/next\nSet-Cookie: session=stolen",
        "/next\rX: y",
        "/next\0",
        "/next\u{7f}",
    ] {
        let error = Redirected {
            location: Injected(hostile),
            retry_after: 9,
            failing: Failing,
        };
        let response = error.to_response(&ctx());
        assert_eq!(response.status(), 409);
        let headers = response.headers();
        assert!(
            headers.get("location").is_none(),
            "{hostile:?}: {headers:?}"
        );
        assert!(headers.get("set-cookie").is_none(), "{headers:?}");
        assert!(headers.get("x-failing").is_none(), "{headers:?}");
        assert_eq!(headers["retry-after"], "9");
        assert_eq!(headers["x-trace-id"], TRACE_ID);
        for value in headers.values() {
            assert!(!value.as_bytes().iter().any(|b| matches!(b, b'\r' | b'\n')));
        }
        assert_eq!(parse(response.body())["status"], 409);
    }
}

#[test]
fn a_clean_header_value_is_sent() {
    let error = Redirected {
        location: Injected("/next?page=2"),
        retry_after: 1,
        failing: Failing,
    };
    let response = error.to_response(&ctx());
    assert_eq!(response.headers()["location"], "/next?page=2");
}

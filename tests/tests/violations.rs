//! `#[api(violations)]`: a list of `FieldViolation` rendered as RFC 9457 section 3's
//! `errors` in a problem and as `details.errors` in an envelope, capped by `Limits`.

use apierror::{ApiError, FieldViolation, Format, Limits};
use serde_json::{Value, json};

mod support;
use support::{TRACE_ID, ctx, envelope, problem};

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum SignupError {
    #[error("{} violations", .violations.len())]
    #[api(
        code = "validation_failed",
        status = 422,
        message = "The request is invalid."
    )]
    Invalid {
        #[api(violations)]
        violations: Vec<FieldViolation>,
        #[api(extension)]
        schema_version: u32,
    },

    #[error("{0:?}")]
    #[api(code = "tuple_invalid", status = 400)]
    Tuple(#[api(violations)] Vec<FieldViolation>),
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[error("form rejected")]
#[api(code = "form_rejected", status = 400, message = "Fix the form.")]
struct FormRejected {
    #[api(field)]
    form: &'static str,
    #[api(violations)]
    errors: Vec<FieldViolation>,
}

fn invalid(violations: Vec<FieldViolation>) -> SignupError {
    SignupError::Invalid {
        violations,
        schema_version: 2,
    }
}

#[test]
fn field_violation_accessors() {
    let violation =
        FieldViolation::new("profile.color", "must be a color").with_code("invalid_color");
    assert_eq!(violation.field(), "profile.color");
    assert_eq!(violation.message(), "must be a color");
    assert_eq!(violation.code(), Some("invalid_color"));
    assert_eq!(violation.pointer(), "#/profile/color");
    let owned = FieldViolation::new(String::from("age"), format!("must be at least {}", 18));
    assert_eq!(owned.code(), None);
    assert_eq!(owned.message(), "must be at least 18");
}

#[test]
fn a_problem_gets_errors_with_detail_pointer_and_code() {
    let error = invalid(vec![
        FieldViolation::new("profile.color", "must be a color").with_code("invalid_color"),
        FieldViolation::new("items[2].name", "is required"),
    ]);
    assert_eq!(
        problem(&error),
        json!({
            "type": "about:blank",
            "title": "Unprocessable Content",
            "status": 422,
            "code": "validation_failed",
            "detail": "The request is invalid.",
            "errors": [
                {"detail": "must be a color", "pointer": "#/profile/color", "code": "invalid_color"},
                {"detail": "is required", "pointer": "#/items/2/name"},
            ],
            "schema_version": 2,
            "trace_id": TRACE_ID,
        })
    );
}

#[test]
fn an_envelope_gets_details_errors_beside_the_extensions() {
    let error = invalid(vec![
        FieldViolation::new("profile.color", "must be a color").with_code("invalid_color"),
        FieldViolation::new("items[2].name", "is required"),
    ]);
    assert_eq!(
        envelope(&error),
        json!({"error": {
            "code": "validation_failed",
            "message": "The request is invalid.",
            "details": {
                "errors": [
                    {"field": "profile.color", "message": "must be a color", "code": "invalid_color"},
                    {"field": "items[2].name", "message": "is required"},
                ],
                "schema_version": 2,
            },
            "trace_id": TRACE_ID,
        }})
    );
}

#[test]
fn pointers_are_escaped_per_rfc_6901_and_as_uri_fragments() {
    let error = SignupError::Tuple(vec![
        FieldViolation::new("a~b/c", "x"),
        FieldViolation::new("naïve key", "x"),
        FieldViolation::new("q\"<>", "x"),
        FieldViolation::new("", "x"),
        FieldViolation::new("matrix[0][1]", "x"),
    ]);
    let body = problem(&error);
    let pointers: Vec<&str> = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|error| error["pointer"].as_str().expect("a pointer"))
        .collect();
    assert_eq!(
        pointers,
        [
            "#/a~0b~1c",
            "#/na%C3%AFve%20key",
            "#/q%22%3C%3E",
            "#",
            "#/matrix/0/1"
        ]
    );
    // The envelope keeps the field path as given.
    let body = envelope(&error);
    assert_eq!(body["error"]["details"]["errors"][1]["field"], "naïve key");
    assert_eq!(body["error"]["details"]["errors"][2]["field"], "q\"<>");
}

#[test]
fn an_empty_list_renders_as_an_empty_array() {
    let error = SignupError::Tuple(Vec::new());
    assert_eq!(problem(&error)["errors"], json!([]));
    assert_eq!(envelope(&error)["error"]["details"], json!({"errors": []}));
}

#[test]
fn violations_on_a_struct_beside_a_field() {
    let error = FormRejected {
        form: "signup",
        errors: vec![FieldViolation::new("email", "is taken").with_code("taken")],
    };
    let body = problem(&error);
    assert_eq!(body["field"], "signup");
    assert_eq!(
        body["errors"],
        json!([{"detail": "is taken", "pointer": "#/email", "code": "taken"}])
    );
    let body = envelope(&error);
    assert_eq!(body["error"]["field"], "signup");
    assert_eq!(
        body["error"]["details"],
        json!({"errors": [{"field": "email", "message": "is taken", "code": "taken"}]})
    );
}

fn many(count: usize) -> Vec<FieldViolation> {
    (0..count)
        .map(|index| FieldViolation::new(format!("items[{index}]"), "is invalid"))
        .collect()
}

fn limited(max_violations: usize) -> apierror::Context {
    ctx().with_limits(Limits {
        max_violations,
        ..Limits::default()
    })
}

#[test]
fn the_default_limit_keeps_a_hundred_violations() {
    assert_eq!(Limits::default().max_violations, 100);
    let body = problem(&invalid(many(100)));
    assert_eq!(body["errors"].as_array().map(Vec::len), Some(100));
    assert!(body.get("errors_truncated").is_none(), "{body}");

    let body = problem(&invalid(many(101)));
    assert_eq!(body["errors"].as_array().map(Vec::len), Some(100));
    assert_eq!(body["errors_truncated"], 1);
}

#[test]
fn limits_cap_violations_and_count_the_rest_in_a_problem() {
    let body = support::body(&invalid(many(5)), &limited(2));
    assert_eq!(
        body["errors"],
        json!([
            {"detail": "is invalid", "pointer": "#/items/0"},
            {"detail": "is invalid", "pointer": "#/items/1"},
        ])
    );
    assert_eq!(body["errors_truncated"], 3);
    assert_eq!(body["schema_version"], 2);
}

#[test]
fn limits_cap_violations_and_count_the_rest_in_an_envelope() {
    let ctx = limited(1).with_format(Format::Envelope);
    let body = support::body(&invalid(many(4)), &ctx);
    assert_eq!(
        body["error"]["details"],
        json!({
            "errors": [{"field": "items[0]", "message": "is invalid"}],
            "errors_truncated": 3,
            "schema_version": 2,
        })
    );
}

#[test]
fn a_zero_limit_keeps_no_violation() {
    let body: Value = support::body(&invalid(many(3)), &limited(0));
    assert_eq!(body["errors"], json!([]));
    assert_eq!(body["errors_truncated"], 3);
}

#[test]
fn violations_of_an_opaque_variant_never_reach_the_client() {
    #[derive(Debug, thiserror::Error, apierror::ApiError)]
    #[error("batch failed: {0:?}")]
    #[api(code = "batch_failed", status = 500)]
    struct BatchFailed(Vec<FieldViolation>);

    let error = BatchFailed(vec![FieldViolation::new("secret_column", "db says no")]);
    for body in [problem(&error), envelope(&error)] {
        let text = body.to_string();
        assert!(!text.contains("secret_column"), "{text}");
        assert!(!text.contains("errors"), "{text}");
    }
    assert_eq!(error.code(), "batch_failed");
}

#[derive(Debug, thiserror::Error, ApiError)]
enum Shapes<'a> {
    #[error("slice")]
    #[api(code = "slice", status = 422)]
    Slice(#[api(violations)] &'a [FieldViolation]),
    #[error("borrowed vec")]
    #[api(code = "borrowed_vec", status = 422)]
    BorrowedVec(#[api(violations)] &'a Vec<FieldViolation>),
    #[error("array")]
    #[api(code = "array", status = 422)]
    Array(#[api(violations)] [FieldViolation; 1]),
    #[error("boxed")]
    #[api(code = "boxed", status = 422)]
    Boxed(#[api(violations)] Box<[FieldViolation]>),
}

#[test]
fn violations_take_slices_arrays_boxes_and_references() {
    let list = vec![FieldViolation::new("profile.color", "must be a color")];
    let errors = [
        Shapes::Slice(&list),
        Shapes::BorrowedVec(&list),
        Shapes::Array([list[0].clone()]),
        Shapes::Boxed(list.clone().into_boxed_slice()),
    ];
    for error in errors {
        let problem = error.to_problem(&support::ctx());
        assert_eq!(
            problem.extension("errors"),
            Some(&serde_json::json!([{"detail": "must be a color", "pointer": "#/profile/color"}])),
            "{}",
            error.code()
        );
    }
}

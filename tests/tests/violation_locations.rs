//! Violations of parameters and headers beside body fields: how each format writes
//! them, and how `Problem`, `ApiProblem` and serde read them back.

use apierror::client::ApiProblem;
use apierror::{ApiError, Context, FieldViolation, Format, Location};

#[derive(Debug, thiserror::Error, ApiError)]
enum RequestError {
    #[error("invalid request")]
    #[api(
        code = "invalid_request",
        status = 400,
        message = "The request is invalid."
    )]
    Invalid(#[api(violations)] Vec<FieldViolation>),
}

fn violations() -> Vec<FieldViolation> {
    vec![
        FieldViolation::new("items[2].qty", "must be positive").with_code("range"),
        FieldViolation::parameter("limit", "must be a number").with_code("invalid_value"),
        FieldViolation::header("X-Tenant", "is required"),
    ]
}

#[test]
fn a_problem_names_a_pointer_a_parameter_or_a_header() {
    let problem = RequestError::Invalid(violations()).to_problem(&Context::default());
    let errors = problem.extension("errors").expect("errors");
    assert_eq!(errors[0]["pointer"], "#/items/2/qty");
    assert_eq!(errors[1]["parameter"], "limit");
    assert_eq!(errors[2]["header"], "X-Tenant");
    for (index, member) in ["pointer", "parameter", "header"].into_iter().enumerate() {
        let names: Vec<&String> = errors[index]
            .as_object()
            .expect("an object")
            .keys()
            .collect();
        let others = ["pointer", "parameter", "header"]
            .into_iter()
            .filter(|m| *m != member);
        for other in others {
            assert!(!names.iter().any(|name| *name == other), "{names:?}");
        }
    }
    assert_eq!(problem.violations(), violations());
}

#[test]
fn an_envelope_keeps_the_field_and_says_the_location() {
    let ctx = Context::default().with_format(Format::Envelope);
    let envelope = RequestError::Invalid(violations()).to_envelope(&ctx);
    let errors = &envelope.error.details.as_ref().expect("details")["errors"];
    assert_eq!(errors[0]["field"], "items[2].qty");
    assert!(errors[0].get("location").is_none());
    assert_eq!(errors[1]["field"], "limit");
    assert_eq!(errors[1]["location"], "parameter");
    assert_eq!(errors[2]["location"], "header");
    let read: Vec<FieldViolation> = serde_json::from_value(errors.clone()).expect("violations");
    assert_eq!(read, violations());
}

#[test]
fn a_client_reads_the_locations_back_from_either_format() {
    for format in [Format::Problem, Format::Envelope] {
        let ctx = Context::default().with_format(format);
        let response = RequestError::Invalid(violations()).to_response(&ctx);
        let problem = ApiProblem::<String>::from_response(&response);
        assert_eq!(problem.violations(), violations(), "{format:?}");
        let locations: Vec<Location> = problem
            .violations()
            .iter()
            .map(FieldViolation::location)
            .collect();
        assert_eq!(
            locations,
            [Location::Body, Location::Parameter, Location::Header]
        );
    }
}

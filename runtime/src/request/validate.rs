//! Validation reports as violations: `validator::ValidationErrors` (feature
//! `validator`) and `garde::Report` (feature `garde`), and the check the validating
//! extractors run.

use crate::FieldViolation;

/// The violations of a `validator` report, one per failed check, sorted by field:
/// nested structs and list items as dotted paths (`profile.color`,
/// `items[2].qty`, pointers `#/profile/color`, `#/items/2/qty`), a struct-level
/// check (`__all__`) on the struct's own path. Each has the validator's `code`
/// (`length`, `email`, ...) and its `message`, or, without one, a readable default
/// naming the check and its parameters: ``fails the `length` check (min: 3)``.
///
/// ```
/// use validator::{ValidationError, ValidationErrors};
///
/// let mut errors = ValidationErrors::new();
/// errors.add("name", ValidationError::new("length").with_message("too short".into()));
/// let violations = apierror::request::validator_violations(&errors);
/// assert_eq!(violations[0].pointer(), "#/name");
/// assert_eq!(violations[0].code(), Some("length"));
/// assert_eq!(violations[0].message(), "too short");
/// ```
#[cfg(feature = "validator")]
pub fn validator_violations(errors: &validator::ValidationErrors) -> Vec<FieldViolation> {
    let mut violations = Vec::new();
    push_validator_violations(errors, "", &mut violations);
    violations.sort_by(|a, b| a.field().cmp(b.field()));
    violations
}

#[cfg(feature = "validator")]
fn push_validator_violations(
    errors: &validator::ValidationErrors,
    prefix: &str,
    out: &mut Vec<FieldViolation>,
) {
    use validator::ValidationErrorsKind;

    for (name, kind) in errors.errors() {
        let path = match &**name {
            "__all__" => prefix.to_owned(),
            name if prefix.is_empty() => name.to_owned(),
            name => format!("{prefix}.{name}"),
        };
        match kind {
            ValidationErrorsKind::Struct(nested) => push_validator_violations(nested, &path, out),
            ValidationErrorsKind::List(items) => {
                for (index, nested) in items {
                    push_validator_violations(nested, &format!("{path}[{index}]"), out);
                }
            }
            ValidationErrorsKind::Field(errors) => {
                out.extend(errors.iter().map(|error| validator_violation(&path, error)));
            }
        }
    }
}

#[cfg(feature = "validator")]
fn validator_violation(path: &str, error: &validator::ValidationError) -> FieldViolation {
    let message = match &error.message {
        Some(message) => message.clone().into_owned(),
        None => default_message(&error.code, &error.params),
    };
    FieldViolation::new(path.to_owned(), message).with_code(error.code.clone().into_owned())
}

/// ``fails the `length` check (max: 20, min: 3)``: the check and its parameters,
/// leaving out the rejected `value` (the client sent it; a log need not echo it).
#[cfg(feature = "validator")]
fn default_message(
    code: &str,
    params: &std::collections::HashMap<std::borrow::Cow<'static, str>, serde_json::Value>,
) -> String {
    let mut params: Vec<String> = params
        .iter()
        .filter(|(name, _)| *name != "value")
        .map(|(name, value)| format!("{name}: {value}"))
        .collect();
    params.sort();
    match params.is_empty() {
        true => format!("fails the `{code}` check"),
        false => format!("fails the `{code}` check ({})", params.join(", ")),
    }
}

/// The violations of a `garde` report, one per failed rule, sorted by field:
/// garde's path as the dotted field path (`profile.color`, `items[2].qty`, a map
/// value `tags.red`) and garde's message. garde has no codes, so the violations
/// have none.
///
/// ```
/// let mut report = garde::Report::new();
/// report.append(garde::Path::new("items").join(2).join("qty"), garde::Error::new("lower than 1"));
/// let violations = apierror::request::garde_violations(&report);
/// assert_eq!(violations[0].pointer(), "#/items/2/qty");
/// assert_eq!(violations[0].message(), "lower than 1");
/// ```
#[cfg(feature = "garde")]
pub fn garde_violations(report: &garde::Report) -> Vec<FieldViolation> {
    let mut violations: Vec<FieldViolation> = report
        .iter()
        .map(|(path, error)| FieldViolation::new(path.to_string(), error.message().to_owned()))
        .collect();
    violations.sort_by(|a, b| a.field().cmp(b.field()));
    violations
}

/// The rejection of a value that failed validation, listing every violation, each
/// at the extracted value's `location`: a body answers 422 `validation_failed`,
/// query or path parameters 400 `invalid_request`, as a parameter that does not
/// parse does.
#[cfg(any(feature = "axum", feature = "actix-web"))]
fn rejected(violations: Vec<FieldViolation>, location: crate::Location) -> super::RequestError {
    let message = match violations.len() {
        1 => "The request is invalid: 1 violation.".to_owned(),
        count => format!("The request is invalid: {count} violations."),
    };
    let violations = violations
        .into_iter()
        .map(|violation| violation.at(location));
    let status = match location {
        crate::Location::Body => http::StatusCode::UNPROCESSABLE_ENTITY,
        _ => http::StatusCode::BAD_REQUEST,
    };
    super::RequestError::new(status, message).with_violations(violations.collect())
}

/// Validates what `extracted` holds with `validator`.
#[cfg(all(feature = "validator", any(feature = "axum", feature = "actix-web")))]
pub(crate) fn check_validator<E>(extracted: &E) -> Result<(), super::RequestError>
where
    E: super::Extracted,
    E::Value: validator::Validate,
{
    validator::Validate::validate(extracted.value())
        .map_err(|errors| rejected(validator_violations(&errors), E::LOCATION))
}

/// Validates what `extracted` holds with `garde`, under the default context.
#[cfg(all(feature = "garde", any(feature = "axum", feature = "actix-web")))]
pub(crate) fn check_garde<E>(extracted: &E) -> Result<(), super::RequestError>
where
    E: super::Extracted,
    E::Value: garde::Validate,
    <E::Value as garde::Validate>::Context: Default,
{
    garde::Validate::validate(extracted.value())
        .map_err(|report| rejected(garde_violations(&report), E::LOCATION))
}

//! An exposed variant whose whole message is a `#[error("…")]` without placeholders
//! is written from its descriptor rather than by formatting its `Display`: the same
//! bytes in every format, redacted as a `Display` is, and never for a variant that is
//! not exposed.

use apierror::{ApiError, Context, Format, OPAQUE_SERVER_MESSAGE};

mod support;
use support::{body, ctx, problem};

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum Constant {
    #[error("a {{literal}} with \"quotes\"\nand a line")]
    #[api(code = "braces", status = 409)]
    Braces,

    #[error("login refused: password=hunter2")]
    #[api(code = "login_refused", status = 401)]
    Secret,

    #[error("database at 10.0.0.7 refused")]
    #[api(code = "internal_error", status = 500)]
    Internal,

    #[error("shown to no one")]
    #[api(
        code = "constant_message",
        status = 400,
        message = "Check the request."
    )]
    Message,
}

#[test]
fn the_literal_is_the_detail_in_every_format() {
    let text = "a {literal} with \"quotes\"\nand a line";
    assert_eq!(Constant::Braces.to_string(), text);
    assert_eq!(problem(&Constant::Braces)["detail"], text);
    for (format, pointer) in [
        (Format::Envelope, "/error/message"),
        (Format::Google, "/error/message"),
        (Format::Microsoft, "/error/message"),
        (Format::JsonApi, "/errors/0/detail"),
        (Format::FastApi, "/detail"),
    ] {
        let answer = body(&Constant::Braces, &ctx().with_format(format));
        assert_eq!(
            answer.pointer(pointer).unwrap(),
            text,
            "{format:?}: {answer}"
        );
    }
}

#[test]
fn the_literal_is_redacted_as_a_display_is() {
    let redacted = problem(&Constant::Secret)["detail"].clone();
    let redacted = redacted.as_str().unwrap();
    assert!(
        redacted.starts_with("login refused: password"),
        "{redacted}"
    );
    assert!(!redacted.contains("hunter2"), "{redacted}");
    let verbatim = body(&Constant::Secret, &ctx().with_redaction(false));
    assert_eq!(verbatim["detail"], "login refused: password=hunter2");
}

#[test]
fn an_unexposed_literal_stays_in_the_logs() {
    let answer = problem(&Constant::Internal);
    assert_eq!(answer["detail"], OPAQUE_SERVER_MESSAGE);
    assert!(!answer.to_string().contains("10.0.0.7"), "{answer}");
}

#[test]
fn a_constant_message_still_wins_over_the_display() {
    assert_eq!(problem(&Constant::Message)["detail"], "Check the request.");
    let envelope = body(
        &Constant::Message,
        &Context::default().with_format(Format::Envelope),
    );
    assert_eq!(envelope["error"]["message"], "Check the request.");
}

#[test]
fn the_descriptor_does_not_document_the_display_as_a_constant_message() {
    // The catalog and OpenAPI keep showing what they did: the `Display` is no
    // `message = "…"`, and a literal with a secret must not reach the docs.
    assert_eq!(Constant::Secret.descriptor().message(), None);
    assert_eq!(
        Constant::Message.descriptor().message(),
        Some("Check the request.")
    );
}

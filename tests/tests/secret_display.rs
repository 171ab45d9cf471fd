//! The compile-time check on secrets in `Display` (`ui/secret-display/`) leaves alone
//! what it should: names that only contain a secret word, variants whose `message`
//! replaces `Display`, opaque variants, and registry codes. What an exposed variant
//! without `message` sends is its `Display` text, as this test shows.

use apierror::ApiError;

mod support;
use support::problem;

#[derive(Debug, thiserror::Error, ApiError)]
enum Checked {
    /// `tokenizer` is not `token`: the text is sent as it is.
    #[error("tokenizer {tokenizer} failed")]
    #[api(code = "tokenizer_failed", status = 422)]
    Tokenizer { tokenizer: String },

    /// `message` replaces `Display`, so the password stays in the logs.
    #[error("login failed for {user} with password {password}")]
    #[api(
        code = "login_failed",
        status = 401,
        message = "login failed for {user}"
    )]
    Login { user: String, password: String },

    /// Not exposed: nothing of the value is sent.
    #[error("session {session} lost")]
    #[api(code = "session_lost", status = 401, expose = false)]
    Session { session: String },

    /// A 5xx variant is opaque by default.
    #[error("vault secret {secret} unreadable")]
    #[api(code = "vault", status = 503)]
    Vault { secret: String },

    /// A registry code's exposure is known only in this crate's compilation, after the
    /// derive ran: not checked.
    #[error("key {api_key} revoked")]
    #[api(code = Code::Revoked)]
    Revoked { api_key: String },
}

#[derive(Clone, Copy, apierror::ErrorCodes)]
enum Code {
    #[api(status = 403, expose = false)]
    Revoked,
}

#[test]
fn an_exposed_variant_without_message_sends_its_display() {
    let body = problem(&Checked::Tokenizer {
        tokenizer: "icu".into(),
    });
    assert_eq!(body["detail"], "tokenizer icu failed");
}

#[test]
fn message_opaque_and_registry_variants_send_no_secret() {
    let login = problem(&Checked::Login {
        user: "alice".into(),
        password: "hunter2".into(),
    });
    assert_eq!(login["detail"], "login failed for alice");
    for error in [
        Checked::Session {
            session: "s3cr3t".into(),
        },
        Checked::Vault {
            secret: "s3cr3t".into(),
        },
        Checked::Revoked {
            api_key: "s3cr3t".into(),
        },
    ] {
        let body = problem(&error);
        assert!(!body.to_string().contains("s3cr3t"), "{body}");
    }
}

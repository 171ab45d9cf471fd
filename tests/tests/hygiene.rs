//! Generated code survives a scope that shadows the prelude and common names (as
//! serde's `test_gen.rs` does): every path it writes must be absolute, and every
//! local it binds must not collide with the user's items. The derived types use
//! every attribute, and the tests check that they behave, not only compile.

#![allow(dead_code, non_camel_case_types, non_upper_case_globals)]

mod shadowed {
    // The prelude's types and variants, as unit structs.
    pub struct Result;
    pub struct Option;
    pub struct Some;
    pub struct None;
    pub struct Ok;
    pub struct Err;
    pub struct Box;
    pub struct Vec;
    pub struct String;
    pub struct Sized;
    pub struct Send;
    pub struct Sync;
    pub struct Copy;
    pub struct Clone;
    pub struct Default;
    pub struct Iterator;
    pub struct IntoIterator;
    pub struct FnMut;
    pub struct Fn;
    pub struct Into;
    pub struct From;
    pub struct AsRef;
    pub struct Drop;
    pub struct ToString;

    // The traits and modules generated code reaches for, as local items.
    pub trait Display {}
    pub trait Debug {}
    pub trait Serialize {}
    pub trait Error {}
    pub trait ApiError {}
    pub mod core {}
    pub mod std {}
    pub mod serde {}
    pub mod http {}
    pub mod apierror {}
    pub mod __private {}
    pub mod tonic {}
    pub mod aide {}
    pub struct GenContext;
    pub struct Operation;
    pub struct Response;
    pub struct GrpcCode;
    pub struct Status;

    // Plain names a derive might use for its locals, as a unit struct and consts: a
    // parameter or binding with such a name would be read as a pattern matching
    // them. The derive's own locals are `__api_`-prefixed, a prefix users leave
    // alone (as serde's `__field0`).
    pub struct visit;
    pub struct members;
    pub const headers: u8 = 0;
    pub const value: u8 = 0;
    pub const f: u8 = 0;
    pub const ctx: u8 = 0;
    pub const operation: u8 = 0;
    pub struct __API_CATALOG;
    pub struct __API_REGISTRY;
    pub struct __API_LOCALES;
    pub struct FieldArgs;
    pub struct FluentArg;
    pub struct Localizer;
    pub trait FluentViaValue {}
    pub trait FluentViaDisplay {}
    pub struct args;
    pub mod __api {}
    pub struct Formatter;
    pub struct Deserializer;
    pub struct Serializer;

    /// A registry in the same shadowed scope, and an error that takes its codes.
    #[derive(Clone, Copy, ::std::fmt::Debug, PartialEq, ::apierror::ErrorCodes)]
    #[api(type_base = "https://errors.example.com/")]
    pub enum Code {
        /// Nothing has this id.
        #[api(status = 404, title = "Not found")]
        NotFound,
        #[api(status = 500, code = "internal", grpc = "data_loss")]
        Internal,
    }

    #[derive(::std::fmt::Debug, ::thiserror::Error, ::apierror::ApiError)]
    pub enum RegistryError {
        #[error("no item {0}")]
        #[api(code = Code::NotFound, message = "no item {0}")]
        Missing(u32),
        #[error("store failed")]
        #[api(code = Code::Internal)]
        Store,
    }

    /// An extension value: any `serde::Serialize` type.
    #[derive(::std::fmt::Debug, ::serde::Serialize)]
    pub struct Quota {
        pub limit: u32,
        pub used: u32,
    }

    #[derive(::std::fmt::Debug, ::thiserror::Error, ::apierror::ApiError)]
    pub enum BillingError {
        #[error("card declined")]
        #[api(code = "card_declined", status = 402)]
        CardDeclined,
    }

    #[derive(::std::fmt::Debug, ::thiserror::Error, ::apierror::ApiError)]
    #[api(type_base = "https://errors.example.com/", crate = "::apierror")]
    pub enum AccountError {
        /// The account does not exist.
        #[error("account {id} not found")]
        #[api(code = "account_not_found", status = 404, title = "Account not found")]
        NotFound { id: u64 },

        #[error("account {0} is locked")]
        #[api(
            code = "account_locked",
            status = 423,
            message = "account {0} is locked ({1:?})",
            log = "info",
            grpc = "failed_precondition"
        )]
        Locked(u64, &'static str),

        #[error("invalid email {email}")]
        #[api(
            code = "invalid_email",
            status = 422,
            message = "{name:?} is not valid"
        )]
        InvalidEmail {
            #[api(field)]
            name: &'static str,
            email: ::std::string::String,
        },

        #[error("invalid request")]
        #[api(
            code = "validation_failed",
            status = 422,
            message = "The request is invalid."
        )]
        Invalid(#[api(violations)] ::std::vec::Vec<::apierror::FieldViolation>),

        #[error("quota exceeded")]
        #[api(code = "quota_exceeded", status = 429)]
        QuotaExceeded {
            #[api(extension)]
            quota: Quota,
            #[api(extension = "plan_name")]
            plan: ::std::string::String,
            #[api(header = "Retry-After")]
            retry_after_secs: u64,
        },

        #[error("payment required")]
        #[api(
            code = "payment_required",
            status = 402,
            type = "https://payments.example.com/problems/required",
            title = "Payment required"
        )]
        PaymentRequired(#[api(extension = "amount")] u64),

        #[error("forbidden for {user}")]
        #[api(code = "forbidden", status = 403, expose = false)]
        Forbidden { user: ::std::string::String },

        #[error("database: {0}")]
        #[api(code = "internal_error", status = 500, message = "Try again later.")]
        Db(::std::string::String),

        #[error("billing refused")]
        #[api(code = "billing_refused", status = 402)]
        BillingRefused(
            #[source]
            #[api(inner)]
            BillingError,
        ),

        #[error(transparent)]
        #[api(transparent)]
        Billing(#[from] BillingError),
    }

    /// A struct: container keys and variant keys on one item.
    #[derive(::std::fmt::Debug, ::thiserror::Error, ::apierror::ApiError)]
    #[error("conflict on {resource}")]
    #[api(
        type_base = "https://errors.example.com/",
        code = "conflict",
        status = 409,
        title = "Conflict",
        message = "{resource} changed since version {version}",
        expose = true,
        log = "warn"
    )]
    pub struct Conflict {
        #[api(field)]
        pub resource: &'static str,
        pub version: u32,
        #[api(header = "ETag")]
        pub etag: ::std::string::String,
    }

    /// A transparent struct.
    #[derive(::std::fmt::Debug, ::thiserror::Error, ::apierror::ApiError)]
    #[error(transparent)]
    #[api(transparent)]
    pub struct Wrapped(#[from] pub AccountError);

    /// Generic over a type and a lifetime; only what the fields need is bounded.
    #[derive(::std::fmt::Debug, ::thiserror::Error, ::apierror::ApiError)]
    #[api(type_base = "https://errors.example.com/")]
    pub enum Lookup<'a, T, U>
    where
        U: ::std::fmt::Debug,
    {
        #[error("{key} not found")]
        #[api(
            code = "key_not_found",
            status = 404,
            message = "{key} not found in {table}"
        )]
        Missing {
            key: T,
            table: &'a str,
            #[api(extension = "table_hint")]
            hint: ::std::option::Option<&'a str>,
        },

        #[error("{0} is busy")]
        #[api(code = "busy", status = 503)]
        Busy(U),

        #[error(transparent)]
        #[api(transparent)]
        Inner(AccountError),
    }

    /// Localized from `tests/locales/`: its Fluent arguments and catalog are generated
    /// in this shadowed scope too.
    #[derive(::std::fmt::Debug, ::thiserror::Error, ::apierror::ApiError)]
    #[api(
        type_base = "https://errors.example.com/",
        locales = "locales",
        default_locale = "en",
        fallback = true
    )]
    pub enum LocalizedError {
        #[error("account {id} not found")]
        #[api(code = "account_not_found", status = 404)]
        NotFound { id: u64 },
        #[error("cart full")]
        #[api(code = "cart_full", status = 422)]
        CartFull { count: u64, total: f64 },
        #[error(transparent)]
        #[api(transparent)]
        Billing(BillingError),
    }
}

use ::apierror::{ApiError as _, Context, Format, TraceId};
use ::serde_json::{Value, json};
use shadowed::{
    AccountError, BillingError, Code, Conflict, LocalizedError, Lookup, Quota, RegistryError,
    Wrapped,
};

fn ctx() -> Context {
    Context::default().with_trace_id(TraceId::parse("t-1").expect("a valid trace id"))
}

fn problem(error: &impl ::apierror::ApiError) -> Value {
    ::serde_json::from_slice(error.to_response(&ctx()).body()).expect("a JSON body")
}

fn envelope(error: &impl ::apierror::ApiError) -> Value {
    let ctx = ctx().with_format(Format::Envelope);
    ::serde_json::from_slice(error.to_response(&ctx).body()).expect("a JSON body")
}

#[test]
fn enum_with_every_attribute() {
    assert_eq!(
        problem(&AccountError::NotFound { id: 7 }),
        json!({
            "type": "https://errors.example.com/account_not_found",
            "title": "Account not found",
            "status": 404,
            "code": "account_not_found",
            "detail": "account 7 not found",
            "trace_id": "t-1",
        })
    );
    assert_eq!(
        problem(&AccountError::Locked(7, "fraud"))["detail"],
        "account 7 is locked (\"fraud\")"
    );
    assert_eq!(
        AccountError::Locked(7, "fraud").descriptor().log_level(),
        ::apierror::LogLevel::Info
    );

    let invalid_email = AccountError::InvalidEmail {
        name: "email",
        email: "nope".into(),
    };
    assert_eq!(problem(&invalid_email)["detail"], "\"email\" is not valid");
    assert_eq!(problem(&invalid_email)["field"], "email");
    assert_eq!(
        envelope(&invalid_email),
        json!({"error": {
            "code": "invalid_email",
            "message": "\"email\" is not valid",
            "field": "email",
            "trace_id": "t-1",
        }})
    );

    let invalid = AccountError::Invalid(vec![
        ::apierror::FieldViolation::new("profile.color", "must be a color").with_code("color"),
    ]);
    assert_eq!(problem(&invalid)["detail"], "The request is invalid.");
    assert_eq!(
        problem(&invalid)["errors"],
        json!([{"detail": "must be a color", "pointer": "#/profile/color", "code": "color"}])
    );

    let quota = AccountError::QuotaExceeded {
        quota: Quota {
            limit: 10,
            used: 11,
        },
        plan: "free".into(),
        retry_after_secs: 30,
    };
    assert_eq!(problem(&quota)["quota"], json!({"limit": 10, "used": 11}));
    assert_eq!(problem(&quota)["plan_name"], "free");
    assert_eq!(
        envelope(&quota)["error"]["details"],
        json!({"quota": {"limit": 10, "used": 11}, "plan_name": "free"})
    );
    let response = quota.to_response(&ctx());
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "30");

    let payment = AccountError::PaymentRequired(5);
    assert_eq!(
        problem(&payment)["type"],
        "https://payments.example.com/problems/required"
    );
    assert_eq!(problem(&payment)["title"], "Payment required");
    assert_eq!(problem(&payment)["amount"], 5);

    let forbidden = problem(&AccountError::Forbidden {
        user: "mallory".into(),
    });
    assert_eq!(forbidden["status"], 403);
    assert!(!forbidden.to_string().contains("mallory"));

    let db = problem(&AccountError::Db("password=hunter2".into()));
    assert_eq!(db["detail"], "Try again later.");
    assert!(!db.to_string().contains("hunter2"));

    let billing = AccountError::from(BillingError::CardDeclined);
    assert_eq!(billing.code(), "card_declined");
    assert_eq!(problem(&billing)["status"], 402);

    let refused = AccountError::BillingRefused(BillingError::CardDeclined);
    let microsoft = ::apierror::Context::default().with_format(::apierror::Format::Microsoft);
    let body: ::serde_json::Value =
        ::serde_json::from_slice(refused.to_response(&microsoft).body()).expect("JSON");
    assert_eq!(body["error"]["innererror"]["code"], "card_declined");
}

#[test]
fn catalog_and_descriptions() {
    let catalog = <AccountError as ::apierror::ApiError>::catalog();
    let codes: ::std::vec::Vec<&str> = catalog.iter().map(|d| d.code()).collect();
    assert_eq!(
        codes,
        [
            "account_not_found",
            "account_locked",
            "invalid_email",
            "validation_failed",
            "quota_exceeded",
            "payment_required",
            "forbidden",
            "internal_error",
            "billing_refused",
        ]
    );
    assert_eq!(
        catalog[0].description(),
        Some("The account does not exist.")
    );
}

#[test]
fn struct_with_every_attribute() {
    let conflict = Conflict {
        resource: "order",
        version: 3,
        etag: "\"v3\"".into(),
    };
    assert_eq!(
        problem(&conflict),
        json!({
            "type": "https://errors.example.com/conflict",
            "title": "Conflict",
            "status": 409,
            "code": "conflict",
            "detail": "order changed since version 3",
            "field": "order",
            "trace_id": "t-1",
        })
    );
    assert_eq!(conflict.to_response(&ctx()).headers()["etag"], "\"v3\"");
    assert_eq!(
        conflict.descriptor().log_level(),
        ::apierror::LogLevel::Warn
    );

    let wrapped = Wrapped(AccountError::NotFound { id: 1 });
    assert_eq!(wrapped.code(), "account_not_found");
    assert_eq!(problem(&wrapped)["detail"], "account 1 not found");
}

#[test]
fn generics_with_a_lifetime() {
    let table = ::std::string::String::from("accounts");
    let missing: Lookup<'_, u64, &str> = Lookup::Missing {
        key: 7,
        table: &table,
        hint: ::std::option::Option::Some("try users"),
    };
    assert_eq!(problem(&missing)["detail"], "7 not found in accounts");
    assert_eq!(problem(&missing)["table_hint"], "try users");

    let busy: Lookup<'_, u64, &str> = Lookup::Busy("replica");
    assert_eq!(busy.status(), 503);
    assert!(!problem(&busy).to_string().contains("replica"));

    let inner: Lookup<'_, u64, &str> = Lookup::Inner(AccountError::NotFound { id: 2 });
    assert_eq!(inner.code(), "account_not_found");
}

#[test]
fn registry_and_its_users() {
    assert_eq!(Code::NotFound.as_str(), "not_found");
    assert_eq!(Code::Internal.status(), 500);
    assert_eq!(
        "internal".parse::<Code>(),
        ::core::result::Result::Ok(Code::Internal)
    );
    assert_eq!(
        ::serde_json::to_value(Code::NotFound).expect("serializes"),
        json!("not_found")
    );
    let code: Code = ::serde_json::from_value(json!("internal")).expect("deserializes");
    assert_eq!(code, Code::Internal);
    assert_eq!(problem(&RegistryError::Missing(7))["detail"], "no item 7");
    assert_eq!(problem(&RegistryError::Missing(7))["title"], "Not found");
    assert_eq!(problem(&RegistryError::Store)["code"], "internal");
}

#[test]
fn grpc_codes_and_status() {
    assert_eq!(
        ::tonic::Status::from(RegistryError::Store).code(),
        ::tonic::Code::DataLoss
    );
    let locked = ::tonic::Status::from(AccountError::Locked(7, "audit"));
    assert_eq!(locked.code(), ::tonic::Code::FailedPrecondition);
    assert_eq!(locked.message(), "account 7 is locked (\"audit\")");
}

/// The derived `aide::OperationOutput`, generic types included, documents each
/// status the type answers with.
#[test]
fn aide_operation_output() {
    fn statuses<E: ::aide::OperationOutput>() -> ::std::vec::Vec<::core::option::Option<u16>> {
        let mut operation = ::aide::openapi::Operation::default();
        ::aide::generate::in_context(|ctx| E::inferred_responses(ctx, &mut operation))
            .into_iter()
            .map(|(status, _)| status)
            .collect()
    }
    let account = statuses::<AccountError>();
    assert!(
        account.contains(&::core::option::Option::Some(423)),
        "{account:?}"
    );
    assert!(!statuses::<Lookup<'static, u64, &'static str>>().is_empty());
}

#[test]
fn localized_messages() {
    let ctx = ctx().with_locale("de");
    let body: Value = ::serde_json::from_slice(
        ::apierror::ApiError::to_response(
            &LocalizedError::CartFull {
                count: 1,
                total: 2.5,
            },
            &ctx,
        )
        .body(),
    )
    .expect("a JSON body");
    assert_eq!(body["title"], "Warenkorb voll");
    assert_eq!(
        body["detail"],
        "Ein Artikel ist über dem Limit (Summe 2,5)."
    );
    let billing = problem(&LocalizedError::Billing(BillingError::CardDeclined));
    assert_eq!(billing["code"], "card_declined");
}

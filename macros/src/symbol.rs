//! The `#[api(...)]` keys, one constant each, as serde_derive keeps them.

pub const API: &str = "api";

pub const CODE: &str = "code";
pub const CRATE: &str = "crate";
pub const DEFAULT_LOCALE: &str = "default_locale";
pub const DOMAIN: &str = "domain";
pub const EXAMPLE: &str = "example";
pub const EXPOSE: &str = "expose";
pub const EXTENSION: &str = "extension";
pub const FALLBACK: &str = "fallback";
pub const FIELD: &str = "field";
pub const GRPC: &str = "grpc";
pub const HEADER: &str = "header";
pub const LOCALES: &str = "locales";
pub const LOG: &str = "log";
pub const MESSAGE: &str = "message";
pub const RENAME_ALL: &str = "rename_all";
pub const SKIP_IMPL: &str = "skip_impl";
pub const STATUS: &str = "status";
pub const TITLE: &str = "title";
pub const TRANSPARENT: &str = "transparent";
pub const TYPE: &str = "type";
pub const TYPE_BASE: &str = "type_base";
pub const VIOLATIONS: &str = "violations";
pub const INNER: &str = "inner";

/// Keys of a variant (and of a struct, which is one variant).
pub const VARIANT_KEYS: &[&str] = &[
    CODE,
    STATUS,
    TITLE,
    TYPE,
    EXPOSE,
    MESSAGE,
    LOG,
    TRANSPARENT,
    GRPC,
    EXAMPLE,
];
/// Keys of an enum.
pub const ENUM_KEYS: &[&str] = &[
    TYPE_BASE,
    DOMAIN,
    CRATE,
    SKIP_IMPL,
    LOCALES,
    DEFAULT_LOCALE,
    FALLBACK,
];
/// Keys of a struct: the enum's and a variant's.
pub const STRUCT_KEYS: &[&str] = &[
    TYPE_BASE,
    DOMAIN,
    CRATE,
    SKIP_IMPL,
    LOCALES,
    DEFAULT_LOCALE,
    FALLBACK,
    CODE,
    STATUS,
    TITLE,
    TYPE,
    EXPOSE,
    MESSAGE,
    LOG,
    TRANSPARENT,
    GRPC,
    EXAMPLE,
];
/// The integrations `skip_impl(...)` can leave out, as written there.
pub const INTEGRATIONS: &[&str] = &["axum", "actix_web", "utoipa", "tonic", "aide"];
/// Keys of a field.
pub const FIELD_KEYS: &[&str] = &[FIELD, EXTENSION, VIOLATIONS, HEADER, INNER];
/// Keys of an `ErrorCodes` enum.
pub const REGISTRY_KEYS: &[&str] = &[TYPE_BASE, DOMAIN, CRATE, RENAME_ALL];
/// Keys of an `ErrorCodes` variant.
pub const REGISTRY_VARIANT_KEYS: &[&str] = &[CODE, STATUS, TITLE, TYPE, EXPOSE, GRPC];

//! Facts the runtime holds too: the reason phrases, the code syntax, the headers and
//! members the renderer writes itself. The proc-macro crate cannot depend on the
//! runtime, so these are copies; `tests/tests/facts_*.rs` include this file by path
//! and hold each equal to the runtime's. It imports nothing from the crate for that.

/// The reason phrase of a 4xx or 5xx status IANA registers (RFC 9110 names), the
/// default `title`.
pub fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

/// The longest code, in bytes.
pub const CODE_MAX_LEN: usize = 64;

/// What is wrong with `code`, or `None` for a valid one: 1 to [`CODE_MAX_LEN`]
/// characters of `[A-Za-z][A-Za-z0-9_.-]*` (the pattern the runtime's OpenAPI
/// schemas publish).
pub fn code_problem(code: &str) -> Option<&'static str> {
    if code.is_empty() {
        Some("a code cannot be empty")
    } else if code.len() > CODE_MAX_LEN {
        Some("a code has at most 64 characters")
    } else if !code.starts_with(|c: char| c.is_ascii_alphabetic())
        || !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        Some("a code starts with a letter and holds only letters, digits, `_`, `.` and `-`")
    } else {
        None
    }
}

/// The longest AIP-193 `ErrorInfo.reason`, in characters.
pub const REASON_MAX_LEN: usize = 63;

/// `code` in UPPER_SNAKE_CASE, as `Format::Google` writes it as AIP-193's
/// `ErrorInfo.reason`: `.` and `-` become `_`, and a lowercase letter or digit
/// followed by an uppercase letter gets a `_` between (`accountNotFound` is
/// `ACCOUNT_NOT_FOUND`). A valid code gives `[A-Z][A-Z0-9_]*`; only its length can
/// be wrong.
pub fn google_reason(code: &str) -> String {
    let mut reason = String::with_capacity(code.len() + 4);
    let mut previous = '_';
    for c in code.chars() {
        if c.is_ascii_uppercase() && (previous.is_ascii_lowercase() || previous.is_ascii_digit()) {
            reason.push('_');
        }
        reason.push(match c {
            '.' | '-' => '_',
            _ => c.to_ascii_uppercase(),
        });
        previous = c;
    }
    reason
}

/// Members the renderer writes itself, which an extension may not shadow.
pub const RESERVED_MEMBERS: &[&str] = &[
    "type",
    "title",
    "status",
    "detail",
    "instance",
    "code",
    "trace_id",
    "field",
    "errors",
    "errors_truncated",
    "debug",
    "message",
    "details",
    // Microsoft's `innererror` holds the extensions beside the `inner` codes' chain.
    "innererror",
];

/// Headers the renderer sets itself or that frame the message, lowercase.
pub const RESERVED_HEADERS: &[&str] = &[
    "content-type",
    "content-length",
    "transfer-encoding",
    "connection",
    "x-trace-id",
    // Microsoft's format sets it to the code, in any service that may answer in it.
    "x-ms-error-code",
];

/// The 17 gRPC status codes by number, as `#[api(grpc = "…")]` names them, with the
/// runtime's `GrpcCode` variant each becomes.
pub const GRPC_CODES: [(&str, &str); 17] = [
    ("ok", "Ok"),
    ("cancelled", "Cancelled"),
    ("unknown", "Unknown"),
    ("invalid_argument", "InvalidArgument"),
    ("deadline_exceeded", "DeadlineExceeded"),
    ("not_found", "NotFound"),
    ("already_exists", "AlreadyExists"),
    ("permission_denied", "PermissionDenied"),
    ("resource_exhausted", "ResourceExhausted"),
    ("failed_precondition", "FailedPrecondition"),
    ("aborted", "Aborted"),
    ("out_of_range", "OutOfRange"),
    ("unimplemented", "Unimplemented"),
    ("internal", "Internal"),
    ("unavailable", "Unavailable"),
    ("data_loss", "DataLoss"),
    ("unauthenticated", "Unauthenticated"),
];

/// The `GrpcCode` variant an HTTP error status maps to when no `grpc` is given: the
/// runtime's `GrpcCode::for_status`, which `facts_copies.rs` holds this equal to.
pub fn grpc_for_status(status: u16) -> &'static str {
    match status {
        400 | 422 => "InvalidArgument",
        401 => "Unauthenticated",
        403 => "PermissionDenied",
        404 | 410 => "NotFound",
        405 | 501 => "Unimplemented",
        408 | 504 => "DeadlineExceeded",
        409 => "Aborted",
        413 | 429 => "ResourceExhausted",
        416 => "OutOfRange",
        499 => "Cancelled",
        502 | 503 => "Unavailable",
        400..=499 => "FailedPrecondition",
        _ => "Internal",
    }
}

//! The gRPC status code of an error, known without the `tonic` feature: the
//! descriptor of every code carries one, from its HTTP status by the standard
//! mapping or from `#[api(grpc = "already_exists")]`.

/// One of the 17 gRPC status codes (`google.rpc.Code`), as the catalog, the lock
/// file and the `tonic` integration name them.
///
/// An error's code is [`ErrorDescriptor::grpc_code`](crate::ErrorDescriptor::grpc_code):
/// [`GrpcCode::for_status`] of its HTTP status unless the variant or registry entry
/// writes `#[api(grpc = "…")]` with one of the [`GrpcCode::name`]s.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GrpcCode {
    /// `OK` (0): not an error; no derived error answers with it.
    Ok,
    /// `CANCELLED` (1): the caller cancelled the operation.
    Cancelled,
    /// `UNKNOWN` (2).
    Unknown,
    /// `INVALID_ARGUMENT` (3): the request is wrong whatever the state of the system.
    InvalidArgument,
    /// `DEADLINE_EXCEEDED` (4).
    DeadlineExceeded,
    /// `NOT_FOUND` (5).
    NotFound,
    /// `ALREADY_EXISTS` (6).
    AlreadyExists,
    /// `PERMISSION_DENIED` (7).
    PermissionDenied,
    /// `RESOURCE_EXHAUSTED` (8): a quota or rate limit.
    ResourceExhausted,
    /// `FAILED_PRECONDITION` (9): the system is not in the state the operation needs.
    FailedPrecondition,
    /// `ABORTED` (10): a concurrency conflict.
    Aborted,
    /// `OUT_OF_RANGE` (11).
    OutOfRange,
    /// `UNIMPLEMENTED` (12).
    Unimplemented,
    /// `INTERNAL` (13).
    Internal,
    /// `UNAVAILABLE` (14): transient, worth retrying.
    Unavailable,
    /// `DATA_LOSS` (15).
    DataLoss,
    /// `UNAUTHENTICATED` (16).
    Unauthenticated,
}

impl GrpcCode {
    /// All 17 codes, by number.
    pub const ALL: [GrpcCode; 17] = [
        GrpcCode::Ok,
        GrpcCode::Cancelled,
        GrpcCode::Unknown,
        GrpcCode::InvalidArgument,
        GrpcCode::DeadlineExceeded,
        GrpcCode::NotFound,
        GrpcCode::AlreadyExists,
        GrpcCode::PermissionDenied,
        GrpcCode::ResourceExhausted,
        GrpcCode::FailedPrecondition,
        GrpcCode::Aborted,
        GrpcCode::OutOfRange,
        GrpcCode::Unimplemented,
        GrpcCode::Internal,
        GrpcCode::Unavailable,
        GrpcCode::DataLoss,
        GrpcCode::Unauthenticated,
    ];

    /// The code for an HTTP error status, the mapping of `google.rpc.Code` read
    /// backwards: 400 and 422 `INVALID_ARGUMENT`, 401 `UNAUTHENTICATED`, 403
    /// `PERMISSION_DENIED`, 404 and 410 `NOT_FOUND`, 405 and 501 `UNIMPLEMENTED`,
    /// 408 and 504 `DEADLINE_EXCEEDED`, 409 `ABORTED`, 412 and 428
    /// `FAILED_PRECONDITION`, 413 and 429 `RESOURCE_EXHAUSTED`, 416 `OUT_OF_RANGE`,
    /// 499 `CANCELLED`, 502 and 503 `UNAVAILABLE`; any other 4xx
    /// `FAILED_PRECONDITION`, any other status `INTERNAL`.
    pub const fn for_status(status: u16) -> GrpcCode {
        match status {
            400 | 422 => GrpcCode::InvalidArgument,
            401 => GrpcCode::Unauthenticated,
            403 => GrpcCode::PermissionDenied,
            404 | 410 => GrpcCode::NotFound,
            405 | 501 => GrpcCode::Unimplemented,
            408 | 504 => GrpcCode::DeadlineExceeded,
            409 => GrpcCode::Aborted,
            413 | 429 => GrpcCode::ResourceExhausted,
            416 => GrpcCode::OutOfRange,
            499 => GrpcCode::Cancelled,
            502 | 503 => GrpcCode::Unavailable,
            400..=499 => GrpcCode::FailedPrecondition,
            _ => GrpcCode::Internal,
        }
    }

    /// The code's number on the wire (`grpc-status`).
    pub const fn number(self) -> i32 {
        self as i32
    }

    /// The code of a number, or `None` outside 0..=16.
    pub const fn from_number(number: i32) -> Option<GrpcCode> {
        if number < 0 || number as usize >= GrpcCode::ALL.len() {
            return None;
        }
        Some(GrpcCode::ALL[number as usize])
    }

    /// The name as `#[api(grpc = "…")]` writes it: `"already_exists"`.
    pub const fn name(self) -> &'static str {
        match self {
            GrpcCode::Ok => "ok",
            GrpcCode::Cancelled => "cancelled",
            GrpcCode::Unknown => "unknown",
            GrpcCode::InvalidArgument => "invalid_argument",
            GrpcCode::DeadlineExceeded => "deadline_exceeded",
            GrpcCode::NotFound => "not_found",
            GrpcCode::AlreadyExists => "already_exists",
            GrpcCode::PermissionDenied => "permission_denied",
            GrpcCode::ResourceExhausted => "resource_exhausted",
            GrpcCode::FailedPrecondition => "failed_precondition",
            GrpcCode::Aborted => "aborted",
            GrpcCode::OutOfRange => "out_of_range",
            GrpcCode::Unimplemented => "unimplemented",
            GrpcCode::Internal => "internal",
            GrpcCode::Unavailable => "unavailable",
            GrpcCode::DataLoss => "data_loss",
            GrpcCode::Unauthenticated => "unauthenticated",
        }
    }

    /// The code of a [`name`](GrpcCode::name), as `#[api(grpc = "…")]` accepts it.
    pub fn from_name(name: &str) -> Option<GrpcCode> {
        GrpcCode::ALL.into_iter().find(|code| code.name() == name)
    }
}

/// `ALREADY_EXISTS`: the name `google.rpc.Code` gives, as the catalog shows it.
impl std::fmt::Display for GrpcCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for byte in self.name().bytes() {
            std::fmt::Write::write_char(f, char::from(byte.to_ascii_uppercase()))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::GrpcCode;

    #[test]
    fn numbers_and_names_round_trip() {
        for (number, code) in GrpcCode::ALL.into_iter().enumerate() {
            let number = i32::try_from(number).expect("17 codes");
            assert_eq!(code.number(), number);
            assert_eq!(GrpcCode::from_number(number), Some(code));
            assert_eq!(GrpcCode::from_name(code.name()), Some(code));
        }
        assert_eq!(GrpcCode::from_number(17), None);
        assert_eq!(GrpcCode::from_number(-1), None);
        assert_eq!(GrpcCode::AlreadyExists.to_string(), "ALREADY_EXISTS");
    }

    #[test]
    fn the_issue_table() {
        let table = [
            (400, GrpcCode::InvalidArgument),
            (401, GrpcCode::Unauthenticated),
            (403, GrpcCode::PermissionDenied),
            (404, GrpcCode::NotFound),
            (409, GrpcCode::Aborted),
            (412, GrpcCode::FailedPrecondition),
            (429, GrpcCode::ResourceExhausted),
            (499, GrpcCode::Cancelled),
            (500, GrpcCode::Internal),
            (501, GrpcCode::Unimplemented),
            (503, GrpcCode::Unavailable),
            (504, GrpcCode::DeadlineExceeded),
            (418, GrpcCode::FailedPrecondition),
            (507, GrpcCode::Internal),
        ];
        for (status, code) in table {
            assert_eq!(GrpcCode::for_status(status), code, "{status}");
        }
    }
}

//! Where the runtime reports what went wrong while it rendered a response.
//!
//! With the `tracing` feature these are `tracing` events; without it they are
//! dropped, since a library must not write to stderr on its own.

use http::HeaderName;

use crate::TraceId;

/// A user `Display`, `Serialize` or header value failed or panicked mid-render.
pub(crate) fn render_failure(trace_id: &TraceId, what: &str) {
    #[cfg(feature = "tracing")]
    tracing::error!(trace_id = %trace_id, "apierror: {what}");
    #[cfg(not(feature = "tracing"))]
    let _ = (trace_id, what);
}

/// An `#[api(header)]` value held bytes a header may not carry; it was left out.
pub(crate) fn invalid_header(name: &HeaderName) {
    #[cfg(feature = "tracing")]
    tracing::warn!(header = %name, "apierror: left out a header whose value is not a valid header value");
    #[cfg(not(feature = "tracing"))]
    let _ = name;
}

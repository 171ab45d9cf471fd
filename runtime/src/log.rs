//! Logging an error as it becomes a response: one event, at the variant's level,
//! naming the trace id the client sees.
//!
//! With the `tracing` feature these are `tracing` events; without it nothing is
//! logged, since a library must not write to stderr on its own. Besides the errors
//! themselves, this is where the renderer reports a field or header it had to leave
//! out because a user `Display` or `Serialize` failed.
#![cfg_attr(not(feature = "tracing"), allow(dead_code))]

use std::fmt::{self, Write as _};
use std::panic::{AssertUnwindSafe, catch_unwind};

use http::HeaderName;

use crate::{ErrorDescriptor, TraceId};

/// The most characters of one logged text (a `Display`, a source chain, a panic
/// message); the rest is cut and replaced by `…`.
const MAX_LOGGED_CHARS: usize = 4096;

/// What [`log_error`](crate::log_error) logs: `error`'s event at `descriptor`'s level.
/// Taking the descriptor rather than an `ApiError` keeps this file below `error.rs`,
/// which renders through files that report here.
pub(crate) fn log_described<E: std::error::Error + ?Sized>(
    error: &E,
    descriptor: &ErrorDescriptor,
    trace_id: &TraceId,
) {
    log_event(error, descriptor, trace_id, None);
}

/// Logs `error` as [`log_error`](crate::log_error) does, naming also the request's method and path
/// (fields `method` and `path`) when `ctx` holds them, as the integrations' contexts
/// do.
#[cfg(any(feature = "axum", feature = "actix-web", feature = "tonic"))]
pub(crate) fn log_request_error<E: std::error::Error + ?Sized>(
    error: &E,
    descriptor: &ErrorDescriptor,
    trace_id: &TraceId,
    ctx: &crate::Context,
) {
    log_event(error, descriptor, trace_id, Some(ctx));
}

fn log_event<E: std::error::Error + ?Sized>(
    error: &E,
    descriptor: &ErrorDescriptor,
    trace_id: &TraceId,
    ctx: Option<&crate::Context>,
) {
    #[cfg(feature = "tracing")]
    {
        let method = ctx
            .and_then(crate::Context::method)
            .map(tracing::field::display);
        let path = ctx
            .and_then(crate::Context::instance)
            .map(|path| tracing::field::display(Escaped(path)));
        macro_rules! event {
            ($level:expr) => {
                tracing::event!(
                    $level,
                    trace_id = %trace_id,
                    code = descriptor.code(),
                    status = descriptor.status_u16(),
                    method,
                    path,
                    error = %Escaped(&DisplayOf(error)),
                    source = %Escaped(&SourceChain(error)),
                    "request failed"
                )
            };
        }
        match descriptor.log_level() {
            crate::LogLevel::Off => {}
            crate::LogLevel::Debug => event!(tracing::Level::DEBUG),
            crate::LogLevel::Info => event!(tracing::Level::INFO),
            crate::LogLevel::Warn => event!(tracing::Level::WARN),
            crate::LogLevel::Error => event!(tracing::Level::ERROR),
        }
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (error, descriptor, trace_id, ctx);
}

/// A user `Display`, `Serialize` or header value failed or panicked mid-render.
pub(crate) fn render_failure(trace_id: &TraceId, what: &str) {
    #[cfg(feature = "tracing")]
    tracing::error!(trace_id = %trace_id, "apierror: {what}");
    #[cfg(not(feature = "tracing"))]
    let _ = (trace_id, what);
}

/// An `#[api(header)]` value held bytes a header may not carry; it was left out of
/// the response that carries `trace_id`.
pub(crate) fn invalid_header(name: &HeaderName, trace_id: &TraceId) {
    #[cfg(feature = "tracing")]
    tracing::warn!(trace_id = %trace_id, header = %name, "apierror: left out a header whose value is not a valid header value");
    #[cfg(not(feature = "tracing"))]
    let _ = (name, trace_id);
}

#[cfg(any(feature = "axum", feature = "actix-web", feature = "tonic"))]
/// Logs a panic caught in a request handler, at error level, with its message (the
/// one place the message goes, since the client gets an opaque 500) and the
/// request's method and path.
pub(crate) fn log_panic(trace_id: &TraceId, ctx: &crate::Context, message: &str) {
    #[cfg(feature = "tracing")]
    {
        let method = ctx.method().map(tracing::field::display);
        let path = ctx
            .instance()
            .map(|path| tracing::field::display(Escaped(path)));
        tracing::error!(
            trace_id = %trace_id,
            code = "internal_error",
            status = 500u16,
            method,
            path,
            panic = %Escaped(&message),
            "request handler panicked"
        );
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (trace_id, ctx, message);
}

#[cfg(any(feature = "axum", feature = "actix-web", feature = "tonic"))]
/// The text of a panic payload: the `&str` or `String` given to `panic!`, or a
/// placeholder for any other payload.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> &str {
    if let Some(text) = payload.downcast_ref::<&'static str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text
    } else {
        "a panic payload that is not a string"
    }
}

/// Writes a value's `Display` with newlines, control characters and line
/// separators escaped and the length capped, so that logged text stays on its line.
///
/// `\` is escaped too, so that an escaped newline and the two characters `\n`
/// written by the value stay distinguishable.
pub(crate) struct Escaped<'a, T: fmt::Display + ?Sized>(pub(crate) &'a T);

impl<T: fmt::Display + ?Sized> fmt::Display for Escaped<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut writer = EscapingWriter {
            out: f,
            budget: MAX_LOGGED_CHARS,
            truncated: false,
        };
        let value = self.0;
        let written = catch_unwind(AssertUnwindSafe(|| write!(writer, "{value}")));
        match written {
            Ok(result) => result?,
            Err(_) => writer.out.write_str("<Display panicked>")?,
        }
        if writer.truncated {
            writer.out.write_str("…")?;
        }
        Ok(())
    }
}

struct EscapingWriter<'a, 'f> {
    out: &'a mut fmt::Formatter<'f>,
    budget: usize,
    truncated: bool,
}

impl fmt::Write for EscapingWriter<'_, '_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let mut plain_start = 0;
        for (index, ch) in text.char_indices() {
            if self.budget == 0 {
                self.out.write_str(&text[plain_start..index])?;
                self.truncated = true;
                return Ok(());
            }
            self.budget -= 1;
            if !needs_escape(ch) {
                continue;
            }
            self.out.write_str(&text[plain_start..index])?;
            plain_start = index + ch.len_utf8();
            match ch {
                '\n' => self.out.write_str("\\n")?,
                '\r' => self.out.write_str("\\r")?,
                '\t' => self.out.write_str("\\t")?,
                '\\' => self.out.write_str("\\\\")?,
                other => write!(self.out, "\\u{{{:x}}}", u32::from(other))?,
            }
        }
        self.out.write_str(&text[plain_start..])
    }
}

/// Control characters (C0, DEL, C1 including NEL), the Unicode line and paragraph
/// separators, and the backslash that starts every escape.
fn needs_escape(ch: char) -> bool {
    ch.is_control() || matches!(ch, '\\' | '\u{2028}' | '\u{2029}')
}

/// An error's own `Display`, through a `dyn` so `Escaped` takes unsized errors.
struct DisplayOf<'a, E: ?Sized>(&'a E);

impl<E: std::error::Error + ?Sized> fmt::Display for DisplayOf<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.0, f)
    }
}

/// The `Display` of each cause in an error's source chain, joined by `": "`.
struct SourceChain<'a, E: ?Sized>(&'a E);

/// The most causes of one error that are logged.
const MAX_LOGGED_SOURCES: usize = 32;

impl<E: std::error::Error + ?Sized> fmt::Display for SourceChain<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A cyclic chain (an error that is its own source) is cut, as the
        // renderer's `debug` member cuts it.
        let mut source = self.0.source();
        for index in 0..MAX_LOGGED_SOURCES {
            let Some(cause) = source else { break };
            if index > 0 {
                f.write_str(": ")?;
            }
            write!(f, "{cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Escaped, MAX_LOGGED_CHARS};

    #[test]
    fn escapes_everything_that_could_break_a_line() {
        let hostile = "a\nb\r\nc\td\\e\u{0}\u{1b}[31m\u{85}\u{2028}\u{2029}é";
        let escaped = Escaped(&hostile).to_string();
        assert_eq!(
            escaped,
            "a\\nb\\r\\nc\\td\\\\e\\u{0}\\u{1b}[31m\\u{85}\\u{2028}\\u{2029}é"
        );
        assert!(!escaped.chars().any(|ch| ch.is_control()));
    }

    #[test]
    fn caps_the_length_at_a_character_boundary() {
        let long = "é".repeat(MAX_LOGGED_CHARS + 10);
        let escaped = Escaped(&long).to_string();
        assert_eq!(escaped.chars().count(), MAX_LOGGED_CHARS + 1);
        assert!(escaped.ends_with('…'));
        let exact = "x".repeat(MAX_LOGGED_CHARS);
        assert_eq!(Escaped(&exact).to_string(), exact);
    }

    #[test]
    fn a_panicking_display_is_logged_as_far_as_it_got() {
        struct Panics;
        impl std::fmt::Display for Panics {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("before\n")?;
                panic!("boom")
            }
        }
        assert_eq!(Escaped(&Panics).to_string(), "before\\n<Display panicked>");
    }

    #[cfg(any(feature = "axum", feature = "actix-web", feature = "tonic"))]
    #[test]
    fn panic_messages_are_read_from_str_and_string_payloads() {
        let payload: Box<dyn std::any::Any + Send> = Box::new("static");
        use super::panic_message;
        assert_eq!(panic_message(&*payload), "static");
        let payload: Box<dyn std::any::Any + Send> = Box::new(String::from("owned"));
        assert_eq!(panic_message(&*payload), "owned");
        let payload: Box<dyn std::any::Any + Send> = Box::new(7u8);
        assert_eq!(
            panic_message(&*payload),
            "a panic payload that is not a string"
        );
    }
}

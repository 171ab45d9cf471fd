//! The demo binary run as the README shows, with `OTEL_TRACES_EXPORTER=console`:
//! the span it prints for a failing request has the trace id the error body carries.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// The demo process, killed when the test ends, passed or not.
struct Demo(Child);

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the demo on a free port, its stdout read line by line into a channel.
fn start() -> (Demo, Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_demo"))
        .env("OTEL_TRACES_EXPORTER", "console")
        .env("PORT", "0")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the demo starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let (lines, received) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    (Demo(child), received)
}

/// The next line that `pick` accepts, within ten seconds.
fn next_line<T>(lines: &Receiver<String>, pick: impl Fn(&str) -> Option<T>) -> T {
    loop {
        let line = lines
            .recv_timeout(Duration::from_secs(10))
            .expect("the demo printed the expected line in time");
        if let Some(found) = pick(&line) {
            return found;
        }
    }
}

/// A plain HTTP/1.1 GET, and the body of its answer.
fn get(address: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nhost: {address}\r\nconnection: close\r\n\r\n"
    )
    .expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    let (_, body) = answer.split_once("\r\n\r\n").expect("a body");
    body.to_owned()
}

#[test]
fn the_printed_span_of_a_failing_request_has_the_bodys_trace_id() {
    let (_demo, lines) = start();
    let address = next_line(&lines, |line| {
        let base = line.strip_prefix("apierror demo on http://")?;
        Some(base.split_whitespace().next()?.to_owned())
    });

    let body: serde_json::Value =
        serde_json::from_str(&get(&address, "/reports")).expect("a JSON body");
    assert_eq!(body["code"], "internal_error");
    let body_id = body["trace_id"].as_str().expect("a trace id").to_owned();

    // The one request's span, as the stdout exporter prints it.
    next_line(&lines, |line| {
        (line.trim() == "Name         : request").then_some(())
    });
    let printed_id = next_line(&lines, |line| {
        let id = line.trim().strip_prefix("TraceId      : ")?;
        Some(id.to_owned())
    });
    assert_eq!(printed_id, body_id);
    assert_eq!(printed_id.len(), 32);
    let status = next_line(&lines, |line| {
        Some(line.trim().strip_prefix("Status       : ")?.to_owned())
    });
    assert_eq!(status, r#"Error { description: "database query failed" }"#);
}

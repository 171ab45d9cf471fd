#!/usr/bin/env python3
"""Deep check of the demo's error responses, for scripts/load.sh.

Sends REQUESTS requests over the demo's error routes from THREADS threads, on
keep-alive connections to 127.0.0.1:PORT only, with hostile trace headers among
them, and checks every response in full:

- the body is strict JSON (UTF-8, one object, no member twice) and an RFC 9457
  problem document: `type`, `title`, `code` strings, `status` equal to the HTTP
  status, `instance` equal to the request path, `Content-Type:
  application/problem+json`;
- `X-Trace-Id` is 1..=128 characters of [A-Za-z0-9._:-] and equals the body's
  `trace_id`; it is the request's own id when the request sent a valid one (in
  the order X-Trace-Id, X-Request-Id, traceparent), and a fresh UUID otherwise:
  a hostile id is never echoed;
- no internal detail of the demo's errors appears anywhere in the response.

Prints `key=value` totals; exits 1 if any response did not conform.

Usage: load_check.py PORT REQUESTS [THREADS]
"""

import http.client
import json
import re
import sys
import threading

HOST = "127.0.0.1"
TRACE_RE = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
TRACEPARENT_RE = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")
INTERNALS = [b"db-2.internal", b"billing.internal", b"SELECT", b"password", b"connection reset", b"cache is corrupt", b"PANIC", b"panicked"]

JSON = {"Content-Type": "application/json"}
ROUTES = [
    ("GET", "/accounts/42", None, {}, 404),
    ("GET", "/accounts/seven", None, {}, 400),
    ("GET", "/nowhere", None, {}, 404),
    ("DELETE", "/accounts/1", None, {}, 405),
    ("GET", "/reports", None, {}, 500),
    ("GET", "/accounts/1/invoices", None, {}, 503),
    ("POST", "/accounts", b'{"name":"","email":"nope"}', JSON, 422),
    ("POST", "/accounts", b'{"name":', JSON, 400),
    ("POST", "/accounts", b'{"name":"Ada","email":"ada@example.com"}', JSON, 409),
    ("POST", "/accounts/2/transfers", b'{"to":1,"amount":500}', JSON, 409),
    ("POST", "/accounts/1/export", None, {}, None),  # 429, or 200 once per 30 s
    ("GET", "/accounts/" + "9" * 40, None, {}, 400),
    ("GET", "/panic", None, {}, 500),
]

TRACE_HEADERS = [
    {},
    {"X-Trace-Id": b"load-trace-1"},
    {"X-Trace-Id": b'"quoted"'},
    {"X-Trace-Id": b"has spaces in it"},
    {"X-Trace-Id": b"a" * 300},
    {"X-Trace-Id": "trace-é-日本".encode()},
    {"X-Trace-Id": "\u00e9t\u00e9".encode("latin-1")},
    {"X-Trace-Id": b"a;b=c, d"},
    {"X-Trace-Id": b"<script>alert(1)</script>"},
    {"X-Trace-Id": b"x" * 128},
    {"X-Trace-Id": b"x" * 129},
    {"X-Request-Id": b"req-" + b"9" * 124},
    {"X-Trace-Id": b"bad id", "X-Request-Id": b"req.ok:1"},
    {"X-Trace-Id": b"", "X-Request-Id": b"\xff\xfe"},
    {"traceparent": b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
    {"traceparent": b"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"},
    {"traceparent": b"00-00000000000000000000000000000000-00f067aa0ba902b7-01"},
    {"X-Request-Id": b"bad id", "traceparent": b"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"},
]


def expected_trace(headers):
    """The id the server must echo, or None when it must make a fresh one."""
    for name in ("X-Trace-Id", "X-Request-Id"):
        value = headers.get(name)
        if value is not None and TRACE_RE.match(value.decode("latin-1")) and value.isascii():
            return value.decode()
    value = headers.get("traceparent")
    if value is not None and value.isascii():
        match = TRACEPARENT_RE.match(value.decode())
        if match and set(match.group(1)) != {"0"} and set(match.group(2)) != {"0"}:
            return match.group(1)
    return None


def strict(pairs):
    names = [name for name, _ in pairs]
    if len(names) != len(set(names)):
        raise ValueError(f"a member appears twice: {names}")
    return dict(pairs)


def check(route, headers, response, body):
    """The problems with one response, as a list of strings."""
    method, path, _, _, expected_status = route
    problems = []
    status = response.status
    if expected_status is not None and status != expected_status:
        problems.append(f"status {status}, expected {expected_status}")
    if status < 400:
        return problems if expected_status is not None else []
    if response.getheader("Content-Type") != "application/problem+json":
        problems.append(f"content-type {response.getheader('Content-Type')!r}")
    trace = response.getheader("X-Trace-Id")
    if trace is None or not TRACE_RE.match(trace):
        problems.append(f"invalid X-Trace-Id {trace!r}")
    expected = expected_trace(headers)
    if expected is not None and trace != expected:
        problems.append(f"X-Trace-Id {trace!r}, expected the request's {expected!r}")
    if expected is None and (trace is None or not UUID_RE.match(trace)):
        problems.append(f"X-Trace-Id {trace!r}: expected a fresh UUID for {headers!r}")
    try:
        document = json.loads(body.decode("utf-8"), object_pairs_hook=strict)
    except (ValueError, UnicodeDecodeError) as error:
        return problems + [f"body is not strict JSON ({error}): {body[:200]!r}"]
    if not isinstance(document, dict):
        return problems + ["body is not an object"]
    for member in ("type", "title", "code", "trace_id"):
        if not isinstance(document.get(member), str):
            problems.append(f"member {member} missing or not a string")
    if document.get("status") != status:
        problems.append(f"body status {document.get('status')!r} != HTTP {status}")
    if document.get("trace_id") != trace:
        problems.append(f"body trace_id {document.get('trace_id')!r} != header {trace!r}")
    if document.get("instance") != path:
        problems.append(f"instance {document.get('instance')!r} != {path!r}")
    raw = body + b"".join(v.encode("latin-1") for _, v in response.getheaders())
    for secret in INTERNALS:
        if secret in raw:
            problems.append(f"internal detail {secret!r} leaked")
    return problems


class Totals:
    def __init__(self):
        self.lock = threading.Lock()
        self.checked = 0
        self.nonconforming = 0
        self.errors = 0
        self.examples = []


def worker(port, count, offset, totals):
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    for index in range(offset, offset + count):
        route = ROUTES[index % len(ROUTES)]
        headers = TRACE_HEADERS[(index // len(ROUTES)) % len(TRACE_HEADERS)]
        method, path, body, extra, _ = route
        try:
            connection.putrequest(method, path)
            for name, value in {**extra, **headers}.items():
                connection.putheader(name, value)
            if body is not None:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            with totals.lock:
                totals.errors += 1
                if len(totals.examples) < 5:
                    totals.examples.append(f"{method} {path} {headers!r}: {error!r}")
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=10)
            continue
        problems = check(route, headers, response, data)
        with totals.lock:
            totals.checked += 1
            if problems:
                totals.nonconforming += 1
                if len(totals.examples) < 5:
                    totals.examples.append(f"{method} {path} {headers!r}: {problems}")
    connection.close()


def main():
    port = int(sys.argv[1])
    requests = int(sys.argv[2])
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    totals = Totals()
    share = requests // threads
    workers = [
        threading.Thread(target=worker, args=(port, share, n * share, totals)) for n in range(threads)
    ]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    print(f"deep_checked={totals.checked}")
    print(f"deep_nonconforming={totals.nonconforming}")
    print(f"deep_client_errors={totals.errors}")
    for example in totals.examples:
        print(f"deep_example={example}")
    sys.exit(1 if totals.nonconforming or totals.errors else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Load test of the demo's error path (issue 7), on loopback only.
#
#   scripts/load.sh            # full: 200,000 requests with wrk, release build
#   scripts/load.sh --short    # CI: 5,000 requests, under a minute once built
#
# Builds the demo, starts it on a free 127.0.0.1 port, and sends requests over its
# error routes with hostile trace headers among them (quotes, spaces, 300-character
# ids, non-ASCII bytes, malformed traceparents):
#
# 1. wrk (scripts/load.lua), in two equal halves: every response is checked cheaply
#    (problem+json, valid X-Trace-Id repeated in the body, body status = HTTP status,
#    no internal detail); throughput and latency percentiles are recorded;
# 2. scripts/load_check.py, a sample checked in full (strict JSON, every member,
#    the trace id echoed or fresh as the request's headers require).
#
# Resident memory (VmRSS) is read from /proc/<pid>/status before the load, after
# a 3-second wrk warm-up (checked too), after each half, and after the sample. The server is stopped at the
# end, whatever happens. Exits non-zero if any response did not conform, a
# secret leaked, or the run hit its time bound.
#
# Environment: LOAD_REQUESTS, LOAD_CONNECTIONS (64), LOAD_THREADS (2),
# LOAD_SAMPLE (deep-checked requests), LOAD_MAX_SECONDS (bound per wrk half),
# LOAD_PROFILE (release | dev). Needs wrk (apt-get install wrk) and python3;
# without wrk, the short mode sends all its requests through the deep checker.
set -euo pipefail

cd "$(dirname "$0")/.."
short=false
if [ "${1:-}" = "--short" ]; then
    short=true
fi
if $short; then
    requests="${LOAD_REQUESTS:-5000}"
    sample="${LOAD_SAMPLE:-1000}"
    max_seconds="${LOAD_MAX_SECONDS:-5}"
    profile="${LOAD_PROFILE:-dev}"
else
    requests="${LOAD_REQUESTS:-200000}"
    sample="${LOAD_SAMPLE:-10000}"
    max_seconds="${LOAD_MAX_SECONDS:-120}"
    profile="${LOAD_PROFILE:-release}"
fi
connections="${LOAD_CONNECTIONS:-64}"
threads="${LOAD_THREADS:-2}"

if [ "$profile" = release ]; then
    cargo build --release -p demo --quiet
    binary=target/release/demo
else
    cargo build -p demo --quiet
    binary=target/debug/demo
fi

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
workdir="$(mktemp -d)"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -INT "$server_pid" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$workdir"
}
trap cleanup EXIT

RUST_BACKTRACE=0 PORT="$port" GRPC_PORT=0 "$binary" > "$workdir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
        break
    fi
    kill -0 "$server_pid" 2>/dev/null || { cat "$workdir/server.log"; echo "the demo did not start" >&2; exit 1; }
    sleep 0.1
done

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status"; }
value() { sed -n "s/^$1=//p" "$2" | head -n 1; }

rss_start="$(rss_kb)"
rss_warm="$rss_start"

status=0
declare -A results
if command -v wrk > /dev/null; then
    # wrk runs for its whole -d even after load.lua stopped every thread at its
    # share. Full mode: a 3-second warm-up (checked like the rest) measures the
    # throughput, and -d is set to twice the time the share should take, within
    # the bound. Short mode: no warm-up, -d is the bound.
    half=$((requests / 2))
    duration="$max_seconds"
    if ! $short; then
        LOAD_REQUESTS=1000000000 LOAD_THREADS="$threads" wrk -t"$threads" -c"$connections" -d3s \
            -s scripts/load.lua "http://127.0.0.1:$port" > "$workdir/calibrate.txt" 2>&1 || true
        rss_warm="$(rss_kb)"
        warm_rps="$(value rps "$workdir/calibrate.txt")"
        if [ "$(value nonconforming "$workdir/calibrate.txt")" != 0 ] || [ "$(value leaks "$workdir/calibrate.txt")" != 0 ]; then
            cat "$workdir/calibrate.txt" >&2
            status=1
        fi
        duration="$(python3 -c "import sys; print(max(3, min($max_seconds, int(2 * $half / max(1.0, float(sys.argv[1]))) + 2)))" "${warm_rps:-1}")"
    fi
    for run in 1 2; do
        out="$workdir/wrk$run.txt"
        if ! LOAD_REQUESTS="$half" LOAD_THREADS="$threads" timeout $((duration + 30)) \
            wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 10s \
            -s scripts/load.lua "http://127.0.0.1:$port" > "$out" 2>&1; then
            cat "$out"
            echo "wrk failed" >&2
            status=1
        fi
        results[rss$run]="$(rss_kb)"
        for key in requests seconds rps p50_ms p99_ms max_ms socket_errors checked non_error nonconforming bad_trace leaks; do
            results[$key$run]="$(value "$key" "$out")"
        done
        first_bad="$(value first_bad "$out")"
        if [ -n "$first_bad" ]; then
            echo "first non-conforming response: $first_bad" >&2
        fi
        if [ "${results[checked$run]:-0}" -lt "$half" ]; then
            echo "run $run stopped at ${results[checked$run]:-0} of $half responses (time bound ${duration}s)" >&2
            status=1
        fi
        if [ "${results[nonconforming$run]:-1}" != 0 ] || [ "${results[leaks$run]:-1}" != 0 ] || [ "${results[socket_errors$run]:-1}" != 0 ]; then
            status=1
        fi
    done
else
    echo "wrk not found: the deep checker sends all $requests requests" >&2
    sample="$requests"
fi

if ! timeout "$((max_seconds * 3))" python3 scripts/load_check.py "$port" "$sample" 4 > "$workdir/deep.txt"; then
    status=1
fi
rss_end="$(rss_kb)"

# Every log line is one event: a forged line would not start with a timestamp.
log_lines="$(wc -l < "$workdir/server.log")"
forged="$(sed 's/\x1b\[[0-9;]*m//g' "$workdir/server.log" | grep -cvE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T|^apierror demo on|^Routes:|^Try:|^  |^$|^thread .* panicked at |^the report cache is corrupt|^note: run with' || true)"

echo "mode=$($short && echo short || echo full) profile=$profile port=$port connections=$connections threads=$threads"
echo "warmup_rps=${warm_rps:-} wrk_duration_s=${duration:-}"
echo "rss_kb: start=$rss_start after_warmup=$rss_warm after_run1=${results[rss1]:-} after_run2=${results[rss2]:-} end=$rss_end"
for run in 1 2; do
    if [ -n "${results[requests$run]:-}" ]; then
        echo "wrk run $run: requests=${results[requests$run]} seconds=${results[seconds$run]} rps=${results[rps$run]} p50_ms=${results[p50_ms$run]} p99_ms=${results[p99_ms$run]} max_ms=${results[max_ms$run]} socket_errors=${results[socket_errors$run]} checked=${results[checked$run]} non_error=${results[non_error$run]} nonconforming=${results[nonconforming$run]} bad_trace=${results[bad_trace$run]} leaks=${results[leaks$run]}"
    fi
done
cat "$workdir/deep.txt"
echo "server_log_lines=$log_lines unexpected_log_lines=$forged"
if [ "$forged" != 0 ]; then
    sed 's/\x1b\[[0-9;]*m//g' "$workdir/server.log" | grep -vE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T|^apierror demo on|^Routes:|^Try:|^  |^$|^thread .* panicked at |^the report cache is corrupt|^note: run with' | head -5 >&2
    status=1
fi
echo "result=$([ $status = 0 ] && echo pass || echo FAIL)"
exit $status

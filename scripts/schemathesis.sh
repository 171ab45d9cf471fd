#!/usr/bin/env bash
# Runs schemathesis 4 (PyPI) against the demo's /openapi.json with every check but
# `not_a_server_error` (the demo's opaque 5xx routes are on purpose): every response
# must match the document (status, headers, schema), schema-valid requests must pass
# and schema-violating ones must be rejected. Starts the demo, stops it after.
# Runs once without and once with `Accept-Language: de`.
# The number of examples is bounded (EXAMPLES, 30 by default) to stay near a minute.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$PWD/target/schemathesis"
mkdir -p "$work"
if [ ! -x "$work/venv/bin/st" ]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis>=4,<5"
fi

cargo build -p demo
port="${PORT:-18080}"
PORT="$port" target/debug/demo >"$work/demo.log" 2>&1 &
demo=$!
trap 'kill "$demo" 2>/dev/null || true' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 50); do
    curl -sf "$base/openapi.json" >/dev/null && break
    sleep 0.2
done

# From the work directory: schemathesis keeps its cache in `.schemathesis/` there.
# Twice: as sent, and with `Accept-Language: de`, so that the German responses
# (titles, details and violation messages from the demo's Fluent files) are held to
# the same document.
cd "$work"
for language in "" "de"; do
    echo "-- Accept-Language: ${language:-(none)}"
    "$work/venv/bin/st" run "$base/openapi.json" \
        --checks all --exclude-checks not_a_server_error \
        --max-examples "${EXAMPLES:-30}" --seed "${SEED:-1}" \
        ${language:+--header "Accept-Language: $language"} \
        --report junit --report-dir "$work/report${language:+-$language}"
done

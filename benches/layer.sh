#!/usr/bin/env bash
# Instruction counts of one successful request through an axum router, an
# actix-web app and a tonic service (one unary call), with and without apierror's
# layer or middleware (benches/layer.rs),
# noise-free: each app runs under `valgrind --tool=callgrind` SHORT and LONG times,
# and the difference over LONG - SHORT is one steady-state request.
#
# Usage: benches/layer.sh [LONG]   (from anywhere; needs valgrind and jq)
# Prints a markdown table; raw callgrind files stay in target/callgrind/.
set -euo pipefail
cd "$(dirname "$0")/.."

short=1
long=${1:-2001}
out=target/callgrind
mkdir -p "$out"
rm -f "$out"/layer.*.per-request

bin=$(cargo bench -p apierror-benches --bench layer --no-run --message-format=json 2>/dev/null |
    jq -r 'select(.reason == "compiler-artifact" and .target.name == "layer") | .executable' |
    tail -n 1)

count() { # app iterations -> total Ir
    local file="$out/layer.$1.$2.out"
    valgrind --tool=callgrind --callgrind-out-file="$file" "$bin" "$1" "$2" \
        2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

per_request() { # app -> Ir per request, counted once per run
    local a b cached="$out/layer.$1.per-request"
    if [ ! -f "$cached" ]; then
        a=$(count "$1" "$short")
        b=$(count "$1" "$long")
        echo $(((b - a) / (long - short))) >"$cached"
    fi
    cat "$cached"
}

row() { # framework request-label bare-app app -> one table row
    local bare ours
    bare=$(per_request "$3")
    ours=$(per_request "$4")
    echo "| $1 | $2 | $bare | $ours | $((ours - bare)) |" \
        "$(awk "BEGIN { printf \"%.1f%%\", 100 * ($ours - $bare) / $bare }") |"
}

echo "| framework | request | bare app | with the layer | added | added / bare |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
for header in "" "-trace-header"; do
    request=$([ -z "$header" ] && echo "no trace id" || echo "valid X-Trace-Id")
    row axum "$request, default" "axum$header" "axum-layer$header"
    row axum "$request, errors only" "axum$header" "axum-layer-errors-only$header"
    row axum "$request, tower \`Identity\`" "axum$header" "axum-identity$header"
    row axum "$request, errors only, around the router" "axum$header" "axum-around-errors-only$header"
    row axum "$request, tower \`MapResponse\` around the router" "axum$header" "axum-around-map-response$header"
    if [ -z "$header" ]; then
        row axum "served over loopback, errors only, around the router" axum-served axum-served-around-errors-only
    fi
    row actix "$request, default" "actix$header" "actix-middleware$header"
    row actix "$request, errors only" "actix$header" "actix-middleware-errors-only$header"
    if [ -z "$header" ]; then
        row actix "served over loopback, errors only" actix-served actix-served-middleware-errors-only
    fi
    row tonic "$request, default" "tonic$header" "tonic-layer$header"
    row tonic "$request, errors only" "tonic$header" "tonic-layer-errors-only$header"
done
row axum "a browser's eleven headers, errors only, around the router" axum-browser axum-around-errors-only-browser
row actix "a browser's eleven headers, errors only" actix-browser actix-middleware-errors-only-browser

#!/usr/bin/env bash
# Instruction counts of one successful request through an axum router and an
# actix-web app, with and without apierror's layer or middleware (benches/layer.rs),
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

bin=$(cargo bench -p apierror-benches --bench layer --no-run --message-format=json 2>/dev/null |
    jq -r 'select(.reason == "compiler-artifact" and .target.name == "layer") | .executable' |
    tail -n 1)

count() { # app iterations -> total Ir
    local file="$out/layer.$1.$2.out"
    valgrind --tool=callgrind --callgrind-out-file="$file" "$bin" "$1" "$2" \
        2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

per_request() { # app -> Ir per request
    local a b
    a=$(count "$1" "$short")
    b=$(count "$1" "$long")
    echo $(((b - a) / (long - short)))
}

echo "| framework | request | bare app | with apierror | added | added / bare |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
for framework in axum actix; do
    layered=$([ "$framework" = axum ] && echo axum-layer || echo actix-middleware)
    for header in "" "-trace-header"; do
        bare=$(per_request "$framework$header")
        ours=$(per_request "$layered$header")
        request=$([ -z "$header" ] && echo "no trace id (one is generated)" || echo "valid X-Trace-Id (echoed)")
        echo "| $framework | $request | $bare | $ours | $((ours - bare)) |" \
            "$(awk "BEGIN { printf \"%.0f%%\", 100 * ($ours - $bare) / $bare }") |"
    done
done

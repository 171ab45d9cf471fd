#!/usr/bin/env bash
# Instruction counts per response, noise-free: each implementation of each case runs
# under `valgrind --tool=callgrind` twice, SHORT and LONG times, and the difference
# divided by LONG - SHORT is the cost of one steady-state response (start-up and
# first-call costs cancel out).
#
# Usage: benches/callgrind.sh [LONG]   (from anywhere; needs valgrind)
# Prints a markdown table; raw callgrind files stay in target/callgrind/.
set -euo pipefail
cd "$(dirname "$0")/.."

short=1
long=${1:-2001}
out=target/callgrind
mkdir -p "$out"

bin=$(cargo bench -p apierror-benches --bench instructions --no-run --message-format=json 2>/dev/null |
    jq -r 'select(.reason == "compiler-artifact" and .target.name == "instructions") | .executable' |
    tail -n 1)

count() { # case format impl iterations -> total Ir
    local file="$out/$1.$2.$3.$4.out"
    valgrind --tool=callgrind --callgrind-out-file="$file" "$bin" "$1" "$2" "$3" "$4" \
        2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

per_call() { # case format impl -> Ir per response
    local a b
    a=$(count "$1" "$2" "$3" "$short")
    b=$(count "$1" "$2" "$3" "$long")
    echo $(((b - a) / (long - short)))
}

ratio() { awk "BEGIN { printf \"%.2fx\", $1 / $2 }"; }

echo "| case | format | apierror | hand | http-api-problem | problem_details | floor body | floor response | apierror / hand | best peer / apierror | apierror / floor response |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for case in unit interpolated opaque_5xx violations_header; do
    for format in problem envelope; do
        ours=$(per_call "$case" "$format" apierror)
        hand=$(per_call "$case" "$format" hand)
        floor=$(per_call "$case" "$format" floor)
        floor_response=$(per_call "$case" "$format" floor-response)
        if [ "$format" = problem ]; then
            hap=$(per_call "$case" "$format" http-api-problem)
            pd=$(per_call "$case" "$format" problem_details)
            peer=$(ratio "$((hap < pd ? hap : pd))" "$ours")
        else
            hap="—" pd="—" peer="—"
        fi
        echo "| $case | $format | $ours | $hand | $hap | $pd | $floor | $floor_response |" \
            "$(ratio "$ours" "$hand") | $peer | $(ratio "$ours" "$floor_response") |"
        if [ "$case" = unit ]; then
            unredacted=$(per_call "$case" "$format-unredacted" apierror)
            if [ "$format" = problem ]; then
                peer=$(ratio "$((hap < pd ? hap : pd))" "$unredacted")
            fi
            echo "| unit, redaction off | $format | $unredacted | $hand | $hap | $pd | $floor | $floor_response |" \
                "$(ratio "$unredacted" "$hand") | $peer | $(ratio "$unredacted" "$floor_response") |"
        fi
    done
done
ours=$(per_call unit generated apierror)
hand=$(per_call unit generated hand)
echo "| unit, generated trace id | problem | $ours | $hand | — | — | — | — | $(ratio "$ours" "$hand") | — | — |"

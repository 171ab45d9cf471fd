#!/usr/bin/env bash
# Runs each fuzz target for a bounded time on the nightly toolchain.
#
#   fuzz/run.sh                                   # every target, 60 s each
#   SECONDS_PER_TARGET=300 fuzz/run.sh render     # one target, 5 minutes
#
# The targets are built once (cargo-fuzz, address sanitizer, debug assertions),
# then each binary runs under libFuzzer with -max_total_time. New inputs go to
# fuzz/work/<target>/ (ignored by git); the checked-in seeds in fuzz/corpus/<target>/
# are read, never written. A crash, a timeout (-timeout, 10 s per input) or memory
# over -rss_limit_mb leaves its input in fuzz/artifacts/<target>/ and makes the
# script exit non-zero: copy the input into fuzz/corpus/<target>/ so that
# `cargo test -p apierror-tests --test fuzz_corpus` replays it from then on.
#
# Needs `cargo install cargo-fuzz` and a nightly toolchain (`rustup toolchain
# install nightly`).
set -euo pipefail

cd "$(dirname "$0")"
seconds="${SECONDS_PER_TARGET:-60}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(problem trace_id render)
fi

cargo +nightly fuzz build -O
triple="$(rustc +nightly -vV | sed -n 's/^host: //p')"
status=0
for target in "${targets[@]}"; do
    mkdir -p "work/$target" "artifacts/$target"
    echo "== $target: ${seconds}s"
    if ! "target/$triple/release/$target" "work/$target" "corpus/$target" \
        -artifact_prefix="artifacts/$target/" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -print_final_stats=1; then
        echo "!! $target found a failure: see fuzz/artifacts/$target/"
        status=1
    fi
done
exit $status

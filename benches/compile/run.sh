#!/usr/bin/env bash
# Compile-time benchmark: a generated crate of 50 error enums with 20 variants each,
# built cold and incrementally four ways:
#
#   plain      #[derive(Debug)] and a hand-written Display (the floor)
#   thiserror  + thiserror::Error
#   apierror   + thiserror::Error + apierror::ApiError
#   peer       + thiserror::Error + http_error_derive::HttpError (the nearest derive
#              on crates.io for the same job: status, message and error code per
#              variant, from attributes)
#
# Each cold build starts from an empty target directory (dependencies included;
# the registry is already downloaded); each incremental build follows a one-line
# edit of the fixture. Then, on nightly, -Ztime-passes gives the time spent expanding
# macros, and -Zmacro-stats the size of what each derive generates.
#
# FIXTURE=documented gives every variant a doc comment, and the unit variants a
# constant `#[api(message = "...")]`, as documented services write them (the
# descriptors then carry a description and a message).
#
# INSTRUCTIONS=1 counts instructions instead of timing: each fixture is built once,
# then `valgrind --tool=callgrind` runs the fixture crate's own `rustc` in an
# incremental build after a one-line edit, its incremental cache warm (the proc
# macros run inside it, unoptimized as users get them). The counts repeat to within
# 0.1% on a loaded machine, where wall-clock ratios move by 2x from run to run.
#
# Usage: [FIXTURE=documented] [INSTRUCTIONS=1] benches/compile/run.sh [RUNS]
#        (RUNS incremental builds each, default 3)
# Results: a markdown table on stdout, its last line the incremental ratio to
# thiserror (of instructions with INSTRUCTIONS=1); logs in $WORK (printed).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs=${1:-3}
fixture=${FIXTURE:-default}
WORK=${WORK:-$(mktemp -d /tmp/apierror-compile.XXXXXX)}
enums=50
variants=20
echo "fixtures and logs in $WORK" >&2

# A snapshot of the runtime and the derive, so that edits to the working tree while
# this runs change nothing.
snapshot="$WORK/apierror-src"
mkdir -p "$snapshot"
cp -r "$root/runtime" "$root/macros" "$root/README.md" "$snapshot/"
perl -0pe 's/^members = \[.*?\]/members = ["macros", "runtime"]/ms' "$root/Cargo.toml" >"$snapshot/Cargo.toml"
runtime="$snapshot/runtime"

# Statuses with a standard reason phrase (the derive's default title).
statuses=(400 401 403 404 405 406 408 409 410 412 413 415 422 429)

gen() { # kind -> crate in $WORK/$kind
    local kind=$1 dir="$WORK/$1"
    mkdir -p "$dir/src"
    {
        echo '[package]'
        echo "name = \"fixture-$kind\""
        echo 'version = "0.0.0"'
        echo 'edition = "2024"'
        echo 'publish = false'
        echo '[dependencies]'
        case $kind in
            thiserror) echo 'thiserror = "2"' ;;
            apierror) echo 'thiserror = "2"'
                echo "apierror = { path = \"$runtime\" }" ;;
            peer) echo 'thiserror = "2"'
                echo 'http-error-derive = "0.3"' ;;
        esac
        echo '[workspace]'
    } >"$dir/Cargo.toml"
    {
        echo '#![allow(dead_code, clippy::all)]'
        echo 'pub const EDIT: u32 = 0;'
        for e in $(seq 1 $enums); do
            local derive='#[derive(Debug)]'
            case $kind in
                thiserror) derive='#[derive(Debug, thiserror::Error)]' ;;
                apierror) derive='#[derive(Debug, thiserror::Error, apierror::ApiError)]
#[api(type_base = "https://errors.example.com/")]' ;;
                peer) derive='#[derive(Debug, thiserror::Error, http_error_derive::HttpError)]' ;;
            esac
            echo "$derive"
            echo "pub enum Error$e {"
            for v in $(seq 1 $variants); do
                local status=${statuses[$((v % ${#statuses[@]}))]} attrs="" shape message
                case $((v % 4)) in
                    0) shape="Unit$v"; message="operation $v failed" ;;
                    1) shape="Named$v { id: u64, name: String }"; message="item {id} named {name} not found" ;;
                    2) shape="Tuple$v(String)"; message="bad input: {0}" ;;
                    3) shape="Source$v(#[source] std::io::Error)"; message="storage failed"; status=$((500 + v % 4)) ;;
                esac
                [ "$kind" = plain ] && shape=${shape/\#\[source\] /}
                local extra=""
                if [ "$fixture" = documented ]; then
                    echo "    /// Variant $v of error $e: what went wrong, for the catalog."
                    [ $((v % 4)) = 0 ] && extra=", message = \"$message, try again later\""
                fi
                case $kind in
                    plain) ;;
                    thiserror) attrs="#[error(\"$message\")]" ;;
                    apierror) attrs="#[error(\"$message\")] #[api(code = \"error_${e}_$v\", status = $status$extra)]" ;;
                    peer) attrs="#[error(\"$message\")] #[http(code = $status, message = \"$message\", error = $((e * 100 + v)))]" ;;
                esac
                echo "    $attrs"
                echo "    $shape,"
            done
            echo "}"
            if [ "$kind" = plain ]; then
                echo "impl std::fmt::Display for Error$e {"
                echo "    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {"
                echo "        match self {"
                for v in $(seq 1 $variants); do
                    case $((v % 4)) in
                        0) echo "            Self::Unit$v => f.write_str(\"operation $v failed\")," ;;
                        1) echo "            Self::Named$v { id, name } => write!(f, \"item {id} named {name} not found\")," ;;
                        2) echo "            Self::Tuple$v(a) => write!(f, \"bad input: {a}\")," ;;
                        3) echo "            Self::Source$v(_) => f.write_str(\"storage failed\")," ;;
                    esac
                done
                echo "        }"
                echo "    }"
                echo "}"
                echo "impl std::error::Error for Error$e {}"
            fi
        done
    } >"$dir/src/lib.rs"
}

now() { date +%s.%N; }
elapsed() { awk "BEGIN { printf \"%.2f\", $2 - $1 }"; }
median() { tr ' ' '\n' | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# The fixture crate's rustc in a warm incremental build, in millions of instructions.
instructions() { # kind -> M instructions
    local dir="$WORK/$1" command
    sed -i "s/^pub const EDIT: u32 = .*;/pub const EDIT: u32 = 1001;/" "$dir/src/lib.rs"
    command=$(cd "$dir" && cargo build -v 2>&1 | grep 'Running.*fixture_' | tail -n 1 | sed 's/^ *Running `//; s/`$//')
    sed -i "s/^pub const EDIT: u32 = .*;/pub const EDIT: u32 = 1002;/" "$dir/src/lib.rs"
    echo "valgrind --tool=callgrind --dump-instr=no --callgrind-out-file=$WORK/$1.callgrind $command" >"$WORK/$1.callgrind.sh"
    (cd "$dir" && bash "$WORK/$1.callgrind.sh" >/dev/null 2>"$WORK/$1.callgrind.log")
    sed -n 's/.*I *refs: *//p' "$WORK/$1.callgrind.log" | tr -d , | awk '{ printf "%.1f", $1 / 1e6 }'
}

declare -A cold incr expand
kinds="plain thiserror apierror peer"
for kind in $kinds; do
    gen "$kind"
    (cd "$WORK/$kind" && cargo generate-lockfile -q)
    # Fetch first, so the cold build measures compiling, not downloading.
    (cd "$WORK/$kind" && cargo fetch -q)
done
if [ -n "${INSTRUCTIONS:-}" ]; then
    declare -A ir
    for kind in $kinds; do
        (cd "$WORK/$kind" && cargo build -q 2>"$WORK/$kind.cold.log")
        instructions "$kind" >/dev/null # the incremental cache of an edited crate
        ir[$kind]=$(instructions "$kind")
        echo "$kind: ${ir[$kind]}M instructions" >&2
    done
    echo "| incremental rustc, instructions (M) | plain | thiserror | thiserror + ApiError | thiserror + HttpError (peer) |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    echo "| $fixture fixture | ${ir[plain]} | ${ir[thiserror]} | ${ir[apierror]} | ${ir[peer]} |"
    api=$(awk "BEGIN { print ${ir[apierror]} - ${ir[thiserror]} }")
    own=$(awk "BEGIN { print ${ir[thiserror]} - ${ir[plain]} }")
    peer=$(awk "BEGIN { print ${ir[peer]} - ${ir[thiserror]} }")
    echo "the peer adds ${peer}M ($(awk "BEGIN { printf \"%.2f\", $peer / $own }")x thiserror's own)"
    echo "ratio to thiserror ($fixture fixture, incremental instructions): $(awk "BEGIN { printf \"%.2f\", $api / $own }")x"
    exit 0
fi
for kind in $kinds; do
    dir="$WORK/$kind"
    rm -rf "$dir/target"
    start=$(now)
    (cd "$dir" && cargo build -q --timings 2>"$WORK/$kind.cold.log")
    cold[$kind]=$(elapsed "$start" "$(now)")
    times=""
    for i in $(seq 1 "$runs"); do
        sed -i "s/^pub const EDIT: u32 = .*;/pub const EDIT: u32 = $i;/" "$dir/src/lib.rs"
        start=$(now)
        (cd "$dir" && cargo build -q 2>>"$WORK/$kind.incr.log")
        times="$times $(elapsed "$start" "$(now)")"
    done
    incr[$kind]=$(echo $times | median)
    echo "$kind: cold ${cold[$kind]}s, incremental${times} (median ${incr[$kind]}s)" >&2
done

# Macro expansion time (nightly -Ztime-passes: `expand_crate`) and generated code
# size (-Zmacro-stats), measured on the fixture crate alone.
for kind in $kinds; do
    dir="$WORK/$kind"
    sed -i "s/^pub const EDIT: u32 = .*;/pub const EDIT: u32 = 100;/" "$dir/src/lib.rs"
    (cd "$dir" && cargo +nightly rustc -q --target-dir target/nightly -- -Ztime-passes -Zmacro-stats \
        >"$WORK/$kind.passes.log" 2>&1) || true
    expand[$kind]=$(sed -n 's/^time: *\([0-9.]*\);.*expand_crate$/\1/p' "$WORK/$kind.passes.log" | head -n 1)
done

ratio() { awk "BEGIN { d = $2; if (d <= 0) print \"n/a\"; else printf \"%.2f\", $1 / d }"; }
variants_total=$((enums * variants))
echo
echo "| build | plain | thiserror | thiserror + ApiError | thiserror + HttpError (peer) |"
echo "| --- | ---: | ---: | ---: | ---: |"
echo "| cold (s) | ${cold[plain]} | ${cold[thiserror]} | ${cold[apierror]} | ${cold[peer]} |"
echo "| incremental, median of $runs (s) | ${incr[plain]} | ${incr[thiserror]} | ${incr[apierror]} | ${incr[peer]} |"
echo "| expand_crate, nightly (s) | ${expand[plain]:-?} | ${expand[thiserror]:-?} | ${expand[apierror]:-?} | ${expand[peer]:-?} |"
echo
for build in cold incr; do
    declare -n t=$build
    own=$(awk "BEGIN { print ${t[thiserror]} - ${t[plain]} }")
    api=$(awk "BEGIN { print ${t[apierror]} - ${t[thiserror]} }")
    peer=$(awk "BEGIN { print ${t[peer]} - ${t[thiserror]} }")
    echo "$build: thiserror adds ${own}s; ApiError adds ${api}s ($(ratio "$api" "$own")x thiserror's own); the peer adds ${peer}s ($(ratio "$peer" "$own")x)"
done
if [ -n "${expand[apierror]:-}" ] && [ -n "${expand[thiserror]:-}" ]; then
    api=$(awk "BEGIN { print ${expand[apierror]} - ${expand[thiserror]} }")
    own=$(awk "BEGIN { print ${expand[thiserror]} - ${expand[plain]:-0} }")
    echo "expansion: ApiError $(awk "BEGIN { printf \"%.1f\", $api * 1e6 / $variants_total }") µs per variant," \
        "thiserror $(awk "BEGIN { printf \"%.1f\", $own * 1e6 / $variants_total }") µs per variant ($variants_total variants)"
fi
bytes() { sed -n "s/^macro-stats #\[derive($1)\] *[0-9_]* *[0-9_]* *[0-9.]* *\([0-9_]*\) .*/\1/p" "$WORK/$2.passes.log" | tr -d _; }
api_bytes=$(bytes apierror::ApiError apierror)
own_bytes=$(bytes thiserror::Error thiserror)
if [ -n "$api_bytes" ] && [ -n "$own_bytes" ]; then
    echo "generated code: ApiError $((api_bytes / variants_total)) bytes per variant, thiserror $((own_bytes / variants_total)) (-Zmacro-stats)"
fi
echo "macro stats: grep -A40 'MACRO EXPANSION STATS' $WORK/*.passes.log"
api=$(awk "BEGIN { print ${incr[apierror]} - ${incr[thiserror]} }")
own=$(awk "BEGIN { print ${incr[thiserror]} - ${incr[plain]} }")
echo "ratio to thiserror ($fixture fixture, incremental): $(ratio "$api" "$own")x"

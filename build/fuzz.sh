#!/usr/bin/env bash
# Runs a fuzz target under libFuzzer and AddressSanitizer.
#
#   bash build/fuzz.sh TARGET SECONDS [libFuzzer flags...]
#   bash build/fuzz.sh all SECONDS      # each target in turn; non-zero if any crashed
#
# TARGET: parquet, csv, table, table-repair, json, http (the properties are
# in Tests/Fuzz/FuzzHarness). The executables exist only with VOUCHER_FUZZ=1
# (set here) and are built in .build-fuzz. New inputs go to a scratch corpus,
# $FUZZ_WORK/<target> (default .build-fuzz/corpus); the committed corpus
# Tests/Fuzz/Corpus/<corpus> and past crashers Tests/Fuzz/Crashers/<corpus>
# are read as seeds and never written. A crash is written to
# $FUZZ_WORK/artifacts/<target>/; keep it under Tests/Fuzz/Crashers/ with
# its fix, so the replay test (FuzzReplayTests) runs it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(parquet csv table table-repair json http)
if [ $# -lt 2 ]; then
    echo "usage: bash build/fuzz.sh TARGET|all SECONDS [libFuzzer flags...]  (targets: ${targets[*]})" >&2
    exit 2
fi
target=$1 seconds=$2
shift 2

scratch=.build-fuzz
work=${FUZZ_WORK:-$scratch/corpus}
export VOUCHER_FUZZ=1
# Swift's backtracer can hang for minutes on a trap under libFuzzer.
export SWIFT_BACKTRACE=enable=no

executable() {
    case $1 in
        parquet) echo ParquetFuzzer ;;
        csv) echo CSVFuzzer ;;
        table) echo TableFuzzer ;;
        table-repair) echo TableRepairFuzzer ;;
        json) echo JSONRequestFuzzer ;;
        http) echo HTTPParserFuzzer ;;
        *) echo "unknown fuzz target '$1' (targets: ${targets[*]})" >&2; exit 2 ;;
    esac
}

corpus_of() { [ "$1" = table-repair ] && echo table || echo "$1"; }

# Per target: the largest input and the dictionary.
max_len() {
    case $1 in
        parquet) echo 16384 ;;
        table|table-repair) echo 8192 ;;
        http) echo 4096 ;;
        *) echo 2048 ;;
    esac
}

# SwiftPM hands its sanitizers to swiftc as separate -sanitize= flags, in no
# fixed order, and swiftc keeps only the last: half the builds came out
# without coverage (address last). The combined flag, appended after them,
# instruments every module for both.
swift_build() {
    swift build -c debug --scratch-path "$scratch" --sanitize=fuzzer --sanitize=address \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld "$@"
}

compile() {
    for t in "$@"; do swift_build --product "$(executable "$t")" >&2; done
}

build() {
    compile "$@"
    # Coverage must reach the code under test, not only the entry point.
    local bin
    bin=$(swift build -c debug --scratch-path "$scratch" --show-bin-path)
    for object in VoucherHistory.build/ParquetReader.swift.o VoucherServer.build/HTTPRequestParser.swift.o; do
        objdump -h "$bin/$object" | grep sancov >/dev/null || { echo "fuzz: $object has no coverage instrumentation" >&2; exit 1; }
    done
    echo "$bin"
}

run() {
    local t=$1 bin=$2
    shift 2
    local corpus dict
    corpus=$(corpus_of "$t")
    mkdir -p "$work/$t" "$work/artifacts/$t"
    local seeds=("Tests/Fuzz/Corpus/$corpus")
    [ -d "Tests/Fuzz/Crashers/$corpus" ] && seeds+=("Tests/Fuzz/Crashers/$corpus")
    local flags=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -detect_leaks=0 -max_len="$(max_len "$t")"
                 -artifact_prefix="$work/artifacts/$t/" -print_final_stats=1)
    dict=Tests/Fuzz/Dictionaries/$corpus.dict
    [ -f "$dict" ] && flags+=(-dict="$dict")
    echo "fuzz: $t for $seconds s" >&2
    "$bin/$(executable "$t")" "${flags[@]}" "$@" "$work/$t" "${seeds[@]}"
}

if [ "$target" = all ]; then
    bin=$(build "${targets[@]}")
    failed=()
    for t in "${targets[@]}"; do
        run "$t" "$bin" "$@" || failed+=("$t")
    done
    if [ ${#failed[@]} -gt 0 ]; then
        echo "fuzz: crashes in: ${failed[*]} (inputs in $work/artifacts/)" >&2
        exit 1
    fi
    echo "fuzz: every target ran $seconds s without a crash" >&2
else
    executable "$target" >/dev/null
    bin=$(build "$target")
    run "$target" "$bin" "$@"
fi

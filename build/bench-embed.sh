#!/usr/bin/env bash
# Issue 15's benchmark: the embedded library's per-call cost on one thread,
# release build (build/embed.sh).
#  (a) a C loop through the C ABI: vt_lookup (goal <= 100 ns) and
#      vt_answer_json (goal <= 1 us), best and median of the rounds, and
#      each call's instructions (callgrind), which the machine's load does
#      not change;
#  (b) Python (ctypes): Table.lookup and Table.answer next to a plain dict
#      lookup of a precomputed tuple key.
# Usage: build/bench-embed.sh [CALLS [ROUNDS]] (default 1,000,000 and 9 for C;
# a tenth of the calls for Python).
set -euo pipefail
cd "$(dirname "$0")/.."
calls=${1:-1000000}
rounds=${2:-9}
bash build/embed.sh >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PKG_CONFIG_PATH="$PWD/.build/embed/lib/pkgconfig"
# shellcheck disable=SC2046
cc -std=c11 -O2 -Wall -Wextra -Werror $(pkg-config --cflags vouchertable) build/bench_embed.c -o "$work/bench_embed" \
  $(pkg-config --libs vouchertable)

echo "== C ABI (one thread) =="
out=$("$work/bench_embed" artifacts/vouchers.vtab "$calls" "$rounds")
echo "$out"
lookup=$(echo "$out" | awk '/^vt_lookup / {print $3}')
answer=$(echo "$out" | awk '/^vt_answer_json / {print $3}')
awk -v l="$lookup" -v a="$answer" 'BEGIN {
  printf "goal vt_lookup <= 100 ns: %s (best %.1f ns)\n", (l <= 100 ? "met" : "NOT met"), l
  printf "goal vt_answer_json <= 1000 ns: %s (best %.1f ns)\n", (a <= 1000 ? "met" : "NOT met"), a
}'

# Instructions per call, which the machine's load does not move: callgrind's
# total for 2N calls minus that for N, over N (start-up cancels out).
if command -v valgrind >/dev/null; then
  for loop in lookup answer; do
    total() {
      valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/bench_embed" artifacts/vouchers.vtab "$1" 1 "$loop" \
        2>&1 >/dev/null | sed -n 's/.*refs: *//p' | tr -d ,
    }
    one=$(total 20000)
    two=$(total 40000)
    echo "$loop: $(( (two - one) / 20000 )) instructions per call (callgrind)"
  done
fi

echo "== Python (ctypes, one thread) =="
VOUCHER_TABLE_LIB="$PWD/.build/embed/lib/libvouchertable.so" PYTHONPATH=python \
  .venv/bin/python build/bench_embed.py artifacts/vouchers.vtab $((calls / 10)) "$rounds"

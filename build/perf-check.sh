#!/usr/bin/env bash
# The performance contract as checks: instruction counts by callgrind (on
# this shared 2-core machine they hold still where times drift by tens of
# percent), each against its budget in build/perf-budgets.txt: the count
# when the budget was set + 5%. Release build (build/release.sh) only.
#
#   compile         `voucher compile` of the reference history, whole process
#   compile-report  the same with `--report` and `--report-json`
#   serve-10k       `voucher serve` (1 event loop, no reload polling), the
#                   whole process: start, 10,000 `POST /voucher` with the
#                   README's example body from build/perf_client.py outside
#                   callgrind (10 kept-alive connections one after another,
#                   1,000 requests each, one at a time), SIGTERM, exit
#   serve-request   one request: (serve-10k - the same run with no request) / 10,000
#   lookups-1m      `voucher lookup --benchmark 1000000` (1,000,000 in-process
#                   lookups, every country in three spellings, both segments),
#                   whole process
#   lookup          one lookup: (lookups-1m - the same with 0 lookups) / 1,000,000
#
# Then the allocation tests (LookupAllocationTests, RequestAllocationTests:
# an ASCII lookup and a kept connection's POST /voucher allocate nothing),
# in a release build of the tests (.build-release-tests, -enable-testing for
# their @testable imports): the contract is the optimized build's, and a
# debug build skips them saying so.
#
# Prints each count against its budget; exits 1 when one is above it or an
# allocation test fails.
#   --set-budgets   writes this run's counts + 5% as the new budgets (after a
#                   change that is meant to cost more, or saves, instructions)
#   SKIP_BUILD=1    uses the release binary already built
#   SKIP_ALLOCATION_TESTS=1  only the instruction counts
# About 5 minutes here (callgrind runs programs ~50x slower), plus ~10 for
# the first release build of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
budgets=build/perf-budgets.txt
data=../shared/data/voucher_history.parquet.gzip
set_budgets=0
[ "${1:-}" = "--set-budgets" ] && set_budgets=1
[ -f "$data" ] || { echo "perf-check: $data is absent" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "perf-check: valgrind is not installed (build/setup.sh installs it)" >&2; exit 1; }
[ "${SKIP_BUILD:-0}" = 1 ] || bash build/release.sh >/dev/null
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
# Without its DWARF 5 debug information, which this valgrind (3.19) cannot
# read; the symbol table stays, so callgrind still names the functions.
voucher=$work/voucher
objcopy --strip-debug .build/release/voucher "$voucher"

# callgrind NAME COMMAND...: runs COMMAND under callgrind (its output in
# $work/NAME.log) and sets `instructions` to its total.
callgrind() {
  local name=$1; shift
  valgrind --tool=callgrind --callgrind-out-file="$work/$name.callgrind" "$@" >"$work/$name.log" 2>&1 \
    || { echo "perf-check: $name failed:" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
  instructions=$(awk '/^(summary|totals):/ { print $2; exit }' "$work/$name.callgrind")
  [ -n "$instructions" ] || { echo "perf-check: no total in $name's callgrind output" >&2; exit 1; }
}

# serve NAME CONNECTIONS REQUESTS_PER_CONNECTION: the server under callgrind,
# the client outside it; sets `instructions`.
serve() {
  local name=$1 port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  valgrind --tool=callgrind --callgrind-out-file="$work/$name.callgrind" \
    "$voucher" serve --table "$work/vouchers.vtab" --host 127.0.0.1 --port "$port" --threads 1 \
    --reload-poll-ms 0 --log-level info >"$work/$name.log" 2>&1 &
  server=$!
  local waited=0
  until grep -qs "listening" "$work/$name.log"; do
    sleep 0.2
    waited=$(( waited + 1 ))
    [ "$waited" -lt 600 ] || { echo "perf-check: the server did not start in 120 s:" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
  done
  python3 build/perf_client.py "$port" "$2" "$3" 2640 \
    || { echo "perf-check: the client failed; the server said:" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
  # Its SIGTERM handler is installed just after the "listening" line: give it time.
  sleep 2
  kill -TERM "$server"
  wait "$server" || { echo "perf-check: the server exited with $?:" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
  server=""
  instructions=$(awk '/^(summary|totals):/ { print $2; exit }' "$work/$name.callgrind")
  [ -n "$instructions" ] || { echo "perf-check: no total in $name's callgrind output" >&2; exit 1; }
}

declare -A count
callgrind compile "$voucher" compile "$data" -o "$work/vouchers.vtab"
count[compile]=$instructions
callgrind compile-report "$voucher" compile "$data" -o "$work/report.vtab" \
  --report "$work/report.html" --report-json "$work/report.json"
count[compile-report]=$instructions
cmp -s "$work/vouchers.vtab" "$work/report.vtab" || { echo "perf-check: the two compiles wrote different tables" >&2; exit 1; }
serve serve-0 0 0
serve0=$instructions
serve serve-10k 10 1000
count[serve-10k]=$instructions
count[serve-request]=$(( (count[serve-10k] - serve0) / 10000 ))
callgrind lookups-0 "$voucher" lookup "$work/vouchers.vtab" --benchmark 0
lookups0=$instructions
callgrind lookups-1m "$voucher" lookup "$work/vouchers.vtab" --benchmark 1000000
count[lookups-1m]=$instructions
count[lookup]=$(( (count[lookups-1m] - lookups0) / 1000000 ))

names=(compile compile-report serve-10k serve-request lookups-1m lookup)
declare -A what=(
  [compile]="instructions of \`voucher compile\` of the reference history, whole process"
  [compile-report]="instructions of \`voucher compile --report --report-json\` of the reference history, whole process"
  [serve-10k]="instructions of \`voucher serve\` (1 loop) from start to exit, answering 10,000 POST /voucher (10 kept-alive connections x 1,000, one request at a time)"
  [serve-request]="instructions per request: (serve-10k - the same with no request) / 10,000"
  [lookups-1m]="instructions of \`voucher lookup --benchmark 1000000\`, whole process"
  [lookup]="instructions per lookup: (lookups-1m - the same with 0 lookups) / 1,000,000"
)
echo "start-up and stop alone: serve $serve0, lookup benchmark $lookups0 instructions"

if [ "$set_budgets" = 1 ]; then
  {
    echo "# Instruction budgets of build/perf-check.sh (callgrind, release build): NAME BUDGET,"
    echo "# each the count when it was set + 5%. Rewritten by build/perf-check.sh --set-budgets."
    for n in "${names[@]}"; do
      echo "# $n: ${what[$n]}; set $(date -u +%F) from ${count[$n]}"
      echo "$n $(( count[$n] + count[$n] / 20 ))"
    done
  } > "$budgets"
  echo "perf-check: budgets written to $budgets"
fi

failed=0
printf '%-15s %15s %15s %7s\n' "check" "instructions" "budget" "used"
for n in "${names[@]}"; do
  budget=$(awk -v n="$n" '$1 == n { print $2 }' "$budgets")
  if [ -z "$budget" ]; then
    echo "perf-check: $budgets has no budget for $n" >&2
    failed=1
    continue
  fi
  verdict=ok
  [ "${count[$n]}" -le "$budget" ] || { verdict="OVER BUDGET"; failed=1; }
  printf '%-15s %15s %15s %6s%%  %s\n' "$n" "${count[$n]}" "$budget" \
    "$(awk -v c="${count[$n]}" -v b="$budget" 'BEGIN { printf "%.1f", 100 * c / b }')" "$verdict"
done
if [ "${SKIP_ALLOCATION_TESTS:-0}" != 1 ]; then
  echo "== allocation tests, release build"
  tests=(swift build -c release --build-tests --scratch-path .build-release-tests
         -Xswiftc -enable-testing -Xswiftc -enforce-exclusivity=unchecked)
  "${tests[@]}" >"$work/allocation-build.log" 2>&1 \
    || { echo "perf-check: the release build of the tests failed:" >&2; tail -30 "$work/allocation-build.log" >&2; exit 1; }
  if swift test -c release --scratch-path .build-release-tests --skip-build --filter "AllocationTests" \
      >"$work/allocation-tests.log" 2>&1; then
    grep -E "Test (asciiLookupsAllocateNothing|keptConnectionRequestAllocatesNothing|countingSeesAnAllocation)\(\) (passed|failed|skipped)" \
      "$work/allocation-tests.log" || true
    if grep -q "skipped" "$work/allocation-tests.log"; then
      echo "perf-check: an allocation test was skipped in the release build" >&2
      failed=1
    fi
  else
    cat "$work/allocation-tests.log"
    echo "perf-check: an allocation test failed"
    failed=1
  fi
fi
[ "$failed" = 0 ] || { echo "perf-check: FAILED (a count above its budget: find what added instructions, or raise the budget with --set-budgets if the cost is intended)"; exit 1; }
echo "perf-check: every count within its budget, no allocation on the hot paths"

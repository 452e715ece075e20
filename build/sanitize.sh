#!/usr/bin/env bash
# Runs the whole test suite under ThreadSanitizer, then under
# AddressSanitizer, each a debug build of its own (.build-tsan, .build-asan),
# and fails on any report.
#
# usage: build/sanitize.sh [thread|address|all]   (default: all)
#
# A report is detected three ways, so none slips through: the test run's
# exit status is not 0; its output holds "WARNING: ThreadSanitizer" or
# "ERROR: AddressSanitizer" (or LeakSanitizer); or a report file exists.
# The sanitizers write their reports to files (log_path) in
# <build folder>/sanitizer-reports/, which also catches the reports of the
# `voucher` processes the CLI and serve tests start (built with the same
# sanitizer), whose output the tests capture. The whole output is kept in
# <build folder>/sanitize-output.txt. LeakSanitizer (part of the
# AddressSanitizer run) ignores only what build/lsan-suppressions.txt names.
#
# Times on this shared 2-core machine (2026-12-02/03, load 10-30): each
# build 5-12 min from clean; the suite 4-29 min under ThreadSanitizer
# (233-1745 s), 3.5-10 min under AddressSanitizer (209-625 s). Tests that
# wait for something allow 10 times longer under AddressSanitizer and 20
# times under ThreadSanitizer (BuildConfiguration.timeScale).
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
case "$which" in thread|address|all) ;; *) echo "usage: build/sanitize.sh [thread|address|all]" >&2; exit 2 ;; esac

failed=0
run() {
  local sanitizer=$1 scratch=$2 pattern=$3 options_var=$4 options=$5
  local reports=$scratch/sanitizer-reports output=$scratch/sanitize-output.txt
  echo "== $sanitizer sanitizer: building in $scratch"
  swift build --scratch-path "$scratch" --build-tests --sanitize="$sanitizer"
  rm -rf "$reports"
  mkdir -p "$reports"
  echo "== $sanitizer sanitizer: the whole test suite"
  local start status found files
  start=$(date +%s)
  set +e
  env "$options_var=$options:log_path=$PWD/$reports/report" SWIFT_BACKTRACE=enable=no \
    LSAN_OPTIONS="suppressions=$PWD/build/lsan-suppressions.txt:print_suppressions=0" \
    swift test --scratch-path "$scratch" --skip-build --sanitize="$sanitizer" 2>&1 | tee "$output"
  status=${PIPESTATUS[0]}
  set -e
  found=$(grep -cE "$pattern" "$output" || true)
  files=$(find "$reports" -type f | wc -l)
  if [ "$files" -gt 0 ]; then
    found=$(( found + $(cat "$reports"/* | grep -cE "$pattern" || true) ))
    echo "== $sanitizer sanitizer: report files:"
    for f in "$reports"/*; do echo "--- $f"; cat "$f"; done
  fi
  echo "== $sanitizer sanitizer: exit status $status, $found report(s), $files report file(s), $(( $(date +%s) - start )) s"
  if [ "$status" -ne 0 ] || [ "$found" -ne 0 ] || [ "$files" -ne 0 ]; then failed=1; fi
}

if [ "$which" = thread ] || [ "$which" = all ]; then
  run thread .build-tsan "WARNING: ThreadSanitizer" TSAN_OPTIONS "halt_on_error=0:second_deadlock_stack=1"
fi
if [ "$which" = address ] || [ "$which" = all ]; then
  run address .build-asan "ERROR: (AddressSanitizer|LeakSanitizer)" ASAN_OPTIONS "halt_on_error=1:detect_stack_use_after_return=0"
fi
if [ "$failed" -ne 0 ]; then
  echo "sanitize: FAILED"
  exit 1
fi
echo "sanitize: no report"

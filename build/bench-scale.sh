#!/usr/bin/env bash
# Issue 16's compile at scale, release build: synthetic histories of
# ROWS_IN_MILLIONS rows (default 10 and 30; 100 as well with BENCH_SCALE_100=1)
# made by build/scale_history.py from the reference rows, replicated with
# their times shifted by whole days (cached in .build/scale-data/), and, per
# size, the history read once into the page cache, then, as whole processes
# one after the other:
#  (a) voucher compile;
#  (b) the product's own SQL: voucher sql --dialect duckdb in DuckDB, then
#      voucher pack of its counts (each step, and their sum);
#  (c) DuckDB end to end and (d) Polars end to end: the same rules as one
#      query each (build/scale_engines.py), from the history to the table.
# Prints wall time, CPU time, rows/s and peak memory of each, and checks that
# (b), (c) and (d) give the compile's entries (exit 1 if not; (c) or (d)
# running out of memory at the largest size is printed as such). Goals, printed
# as met or NOT met: compile peak <= 512 MiB at every size; >= 3.5M rows/s at
# every size; >= 4x DuckDB end to end's throughput at 30M rows.
# BENCH_MEMORY_LIMIT / BENCH_THREADS go to voucher compile as --memory-limit /
# --threads when it has them. On a shared machine: nice -n 10 bash build/bench-scale.sh
#
# usage: bash build/bench-scale.sh [ROWS_IN_MILLIONS...]
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data/voucher_history.parquet.gzip
[ -f "$data" ] || { echo "bench-scale: $data is absent" >&2; exit 1; }
sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then
  sizes=(10 30)
  [ "${BENCH_SCALE_100:-0}" = 1 ] && sizes+=(100)
fi
bash build/setup.sh
bash build/release.sh >/dev/null
exec .venv/bin/python build/bench_scale.py "$data" "${sizes[@]}"

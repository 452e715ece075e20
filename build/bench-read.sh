#!/usr/bin/env bash
# Issue 2's read benchmark: decode all six columns of the reference history,
# this product (release build) against pyarrow.parquet.read_table, both as
# whole processes, alternating runs. Goals: >= 4x faster, < 64 MiB peak.
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data/voucher_history.parquet.gzip
[ -f "$data" ] || { echo "bench-read: $data is absent" >&2; exit 1; }
bash build/setup.sh
bash build/release.sh >/dev/null
# pyarrow alone: when pandas is importable (bench-compile installs it in the
# same venv), read_table imports it for the file's pandas metadata, 0.6 s
# that is pandas', not pyarrow's. A stub that raises ImportError hides it.
nopandas=$(mktemp -d)
trap 'rm -rf "$nopandas"' EXIT
mkdir "$nopandas/pandas"
echo 'raise ImportError("hidden: the baseline is pyarrow alone")' >"$nopandas/pandas/__init__.py"
python3 build/bench_processes.py "${RUNS:-11}" \
  "voucher=.build/release/voucher scan $data" \
  "pyarrow=PYTHONPATH=$nopandas .venv/bin/python -c \"import pyarrow.parquet as pq; t = pq.read_table('$data'); print(t.num_rows)\""

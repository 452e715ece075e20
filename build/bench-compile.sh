#!/usr/bin/env bash
# Issue 3's compile benchmark, release build:
#  (a) the whole `voucher compile` process on the reference history against a
#      pandas pipeline computing the same table (written below), alternating
#      whole-process runs; goals: >= 20x faster, < 64 MiB peak;
#  (b) in-process lookups, mixed countries and segments, in ns per lookup;
#      goal: < 100 ns;
#  (c) issue 5: `voucher compile --report` against plain `voucher compile`
#      (whole processes, alternating); goal: at most 1.5x the time.
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data/voucher_history.parquet.gzip
[ -f "$data" ] || { echo "bench-compile: $data is absent" >&2; exit 1; }
bash build/setup.sh
.venv/bin/python -c "import pandas" 2>/dev/null || .venv/bin/pip install -q --disable-pip-version-check pandas
bash build/release.sh >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/pandas_pipeline.py" <<'PY'
"""The same table with pandas: behaviour §2 cleaning, §3 buckets, §4 most used amounts."""
import json, sys
import numpy as np
import pandas as pd

df = pd.read_parquet(sys.argv[1])
n = len(df)
reason = np.full(n, "", dtype=object)

def whole(col):
    v = pd.to_numeric(col.replace("", np.nan), errors="coerce")
    return v, v.isna() | (v < 0) | (v != np.floor(v))

def mark(mask, name):
    reason[(reason == "") & np.asarray(mask)] = name

amount, bad = whole(df["voucher_amount"]); mark(bad, "voucher_amount")
orders, bad = whole(df["total_orders"]); mark(bad, "total_orders")
country = df["country_code"].astype("string").str.strip()
mark(country.isna() | (country == ""), "country_code")
ts = pd.to_datetime(df["timestamp"], errors="coerce", utc=True, format="ISO8601")
lo = pd.to_datetime(df["last_order_ts"], errors="coerce", utc=True, format="ISO8601")
fo = pd.to_datetime(df["first_order_ts"], errors="coerce", utc=True)
mark(ts.isna() | lo.isna() | fo.isna(), "unparseable_time")
mark(fo > lo, "first_after_last")
mark(lo > ts, "voucher_before_last_order")
keys = pd.DataFrame({"ts": ts, "c": country.str.lower(), "lo": lo, "fo": fo, "o": orders, "a": amount})
kept = reason == ""
dup = keys[kept].duplicated()
reason[dup[dup].index] = "duplicate"
kept = reason == ""
k = keys[kept].copy()
k["days"] = (k.ts - k.lo).dt.days

def most_used(s):
    counts = s.value_counts()
    return int(counts[counts == counts.max()].index.min())

segments = {"frequent_segment": ("o", [0, 5, 14, 38], ["0-4", "5-13", "14-37", "38+"]),
            "recency_segment": ("days", [0, 31, 61, 91, 121, 181], ["0-30", "31-60", "61-90", "91-120", "121-180", "181+"])}
table = []
for c, g in k.groupby("c"):
    overall = most_used(g.a)
    for name, (metric, lows, labels) in segments.items():
        b = np.searchsorted(np.array(lows), g[metric].values, side="right") - 1
        for i, label in enumerate(labels):
            s = g.a[b == i]
            table.append({"country": c, "segment": name, "bucket": label,
                          "amount": most_used(s) if len(s) else overall, "samples": int(len(s)), "fallback": len(s) == 0})
summary = {"rows_read": n, "kept": int(kept.sum()), "dropped": pd.Series(reason[~kept]).value_counts().to_dict()}
json.dump({"summary": summary, "table": table}, open(sys.argv[2], "w"))
PY

echo "== (a) compile: voucher vs pandas (whole processes)"
python3 build/bench_processes.py "${RUNS:-7}" \
  "voucher=.build/release/voucher compile $data -o $work/vouchers.vtab" \
  "pandas=.venv/bin/python $work/pandas_pipeline.py $data $work/pandas.json"

echo "== (b) in-process lookups"
.build/release/voucher compile "$data" -o "$work/vouchers.vtab" >/dev/null
.build/release/voucher lookup "$work/vouchers.vtab" --benchmark "${LOOKUPS:-20000000}"

echo "== (c) compile with --report vs without (whole processes)"
python3 build/bench_processes.py "${RUNS:-7}" \
  "compile=.build/release/voucher compile $data -o $work/vouchers.vtab" \
  "compile+report=.build/release/voucher compile $data -o $work/report.vtab --report $work/report.html --report-json $work/report.json"

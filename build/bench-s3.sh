#!/usr/bin/env bash
# Compiling from S3 against compiling the same files locally, over loopback:
# bytes fetched and requests, against the compressed size of the six needed
# column chunks plus the footer, and wall time. Two histories: the reference
# (six columns), and a wide one written here with pyarrow (the reference's
# six columns plus 34 columns of realistic order data), so the reader must
# skip most of each row group. The S3 server is moto on an ephemeral
# loopback port, signatures checked (Tests/VoucherStorageTests/Scripts/s3_test_server.py).
# Usage: bash build/bench-s3.sh [runs]   (default 3 runs each; the median is printed)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
bash build/setup.sh >/dev/null
bash build/release.sh >/dev/null
voucher=.build/release/voucher
reference=../shared/data/voucher_history.parquet.gzip
[ -f "$reference" ] || { echo "bench-s3: $reference is absent" >&2; exit 1; }
work=$(mktemp -d)
trap 'exec 3>&- 2>/dev/null; kill $server_pid 2>/dev/null; rm -rf "$work"' EXIT

echo "bench-s3: writing the wide history"
.venv/bin/python - "$reference" "$work/wide.parquet" <<'PY'
import sys
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

table = pq.read_table(sys.argv[1])
n = table.num_rows
rng = np.random.default_rng(7)
cities = np.array(["Lima", "Arequipa", "Cusco", "Shanghai", "Beijing", "Riga", "Daugavpils", "Sydney", "Melbourne", "Perth"])
devices = np.array(["ios", "android", "web", "kiosk"])
payments = np.array(["card", "cash", "paypal", "voucher", "apple_pay", "google_pay"])
statuses = np.array(["delivered", "cancelled", "refunded", "late", "on_time"])
base = np.datetime64("2018-01-01T00:00:00", "ms")
extra = {
    "customer_id": rng.integers(1, 5_000_000, n),
    "order_id": np.arange(10_000_000, 10_000_000 + n),
    "restaurant_id": rng.integers(1, 40_000, n),
    "rider_id": rng.integers(1, 12_000, n),
    "city": cities[rng.integers(0, len(cities), n)],
    "device": devices[rng.integers(0, len(devices), n)],
    "payment_method": payments[rng.integers(0, len(payments), n)],
    "order_status": statuses[rng.integers(0, len(statuses), n)],
    "basket_value": np.round(rng.gamma(2.0, 12.0, n), 2),
    "delivery_fee": np.round(rng.choice([0.0, 0.99, 1.99, 2.49, 3.99], n), 2),
    "service_fee": np.round(rng.uniform(0, 2, n), 2),
    "tip": np.round(rng.exponential(1.5, n), 2),
    "discount": np.round(rng.uniform(0, 5, n), 2),
    "items": rng.integers(1, 12, n),
    "distance_km": np.round(rng.gamma(2.0, 1.6, n), 3),
    "prep_minutes": rng.integers(5, 60, n),
    "delivery_minutes": rng.integers(8, 90, n),
    "rating": rng.integers(1, 6, n).astype(np.int32),
    "latitude": np.round(rng.uniform(-40, 60, n), 6),
    "longitude": np.round(rng.uniform(-80, 150, n), 6),
    "is_first_order": rng.random(n) < 0.1,
    "is_subscriber": rng.random(n) < 0.3,
    "used_voucher": rng.random(n) < 0.2,
    "created_at": base + rng.integers(0, 365 * 86400 * 1000, n).astype("timedelta64[ms]"),
    "accepted_at": base + rng.integers(0, 365 * 86400 * 1000, n).astype("timedelta64[ms]"),
    "delivered_at": base + rng.integers(0, 365 * 86400 * 1000, n).astype("timedelta64[ms]"),
    "app_version": np.array([f"{a}.{b}.{c}" for a, b, c in rng.integers(1, 20, (n, 3))]),
    "promo_code": np.array([f"PROMO{x:05d}" if x % 7 == 0 else "" for x in rng.integers(0, 100_000, n)]),
    "currency": np.array(["PEN", "CNY", "EUR", "AUD"])[rng.integers(0, 4, n)],
    "zone_id": rng.integers(1, 500, n).astype(np.int32),
    "weather": np.array(["clear", "rain", "snow", "wind", "heat"])[rng.integers(0, 5, n)],
    "vehicle": np.array(["bike", "scooter", "car", "foot"])[rng.integers(0, 4, n)],
    "comment": np.array(["", "ring the bell", "no cutlery", "leave at door", "call on arrival"])[rng.integers(0, 5, n)],
    "session_id": np.array([f"{x:016x}" for x in rng.integers(0, 2**62, n)]),
}
columns = {name: table.column(name) for name in table.column_names}
for i, (name, values) in enumerate(extra.items()):
    columns[name] = pa.array(values)
# The six interleaved among the others, as a real export would have them.
order = list(extra)[:10] + ["timestamp", "country_code"] + list(extra)[10:20] + ["last_order_ts", "first_order_ts"] \
    + list(extra)[20:] + ["total_orders", "voucher_amount"]
pq.write_table(pa.table({name: columns[name] for name in order}), sys.argv[2], compression="gzip", row_group_size=100_000)
PY
cp "$reference" "$work/reference.parquet.gzip"

echo "bench-s3: starting moto on loopback"
mkdir -p "$work/server"
coproc SERVER { .venv/bin/python Tests/VoucherStorageTests/Scripts/s3_test_server.py "$work/server" 2>/dev/null; }
server_pid=$SERVER_PID
read -r info <&"${SERVER[0]}"
field() { .venv/bin/python -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$info" "$1"; }
export AWS_ENDPOINT_URL=$(field endpoint) AWS_ACCESS_KEY_ID=$(field access_key) AWS_SECRET_ACCESS_KEY=$(field secret)
command() { echo "$1" >&"${SERVER[1]}"; read -r answer <&"${SERVER[0]}"; case "$answer" in *'"ok": true'*) ;; *) echo "bench-s3: $answer" >&2; exit 1;; esac; }
command '{"bucket": "bench"}'
command "{\"put\": [\"bench\", \"reference.parquet.gzip\", \"$work/reference.parquet.gzip\"]}"
command "{\"put\": [\"bench\", \"wide.parquet\", \"$work/wide.parquet\"]}"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
seconds() { local start end; start=$(date +%s.%N); "$@" >"$work/out.txt"; end=$(date +%s.%N); echo "$end - $start" | bc; }

for name in reference.parquet.gzip wide.parquet; do
  needed=$(.venv/bin/python - "$work/$name" <<'PY'
import sys
import pyarrow.parquet as pq
meta = pq.ParquetFile(sys.argv[1]).metadata
six = {"timestamp", "country_code", "last_order_ts", "first_order_ts", "total_orders", "voucher_amount"}
chunks = sum(meta.row_group(g).column(c).total_compressed_size for g in range(meta.num_row_groups)
             for c in range(meta.num_columns) if meta.row_group(g).column(c).path_in_schema in six)
print(chunks, meta.serialized_size, meta.num_columns, meta.num_row_groups)
PY
)
  read -r chunks footer ncolumns groups <<<"$needed"
  size=$(stat -c %s "$work/$name")
  local_times=(); s3_times=()
  for _ in $(seq "$runs"); do
    local_times+=("$(seconds "$voucher" compile "$work/$name" -o "$work/local.vtab")")
    s3_times+=("$(seconds "$voucher" compile "s3://bench/$name" -o "$work/s3.vtab")")
  done
  stats=$(grep '^S3:' "$work/out.txt")
  requests=$(sed -E 's/S3: ([0-9]+) requests.*/\1/' <<<"$stats")
  fetched=$(sed -E 's/.*, ([0-9]+) bytes received/\1/' <<<"$stats")
  local_median=$(printf '%s\n' "${local_times[@]}" | median)
  s3_median=$(printf '%s\n' "${s3_times[@]}" | median)
  cmp <("$voucher" inspect "$work/local.vtab" | grep -v '^  source\|^/\|format\|sources ') \
      <("$voucher" inspect "$work/s3.vtab" | grep -v '^  source\|^/\|format\|sources ') >/dev/null \
      || { echo "bench-s3: $name: the S3 table's entries differ from the local one's" >&2; exit 1; }
  echo "$name: $ncolumns columns, $groups row groups, $size bytes"
  echo "  six columns' chunks $chunks bytes + footer $footer bytes = $((chunks + footer)) bytes"
  echo "  fetched $fetched bytes in $requests requests: $(echo "scale=4; $fetched / ($chunks + $footer)" | bc) of the needed bytes, $(echo "scale=4; $fetched / $size" | bc) of the file"
  echo "  wall time, median of $runs: local ${local_median}s, S3 ${s3_median}s ($(echo "scale=2; $s3_median / $local_median" | bc)x)"
done

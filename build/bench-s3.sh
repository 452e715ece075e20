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
import random
import sys
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

table = pq.read_table(sys.argv[1])
n = table.num_rows
rng = random.Random(7)


def uniform(low, high, digits=None):
    values = pc.add(pc.multiply(pc.random(n, initializer=rng.randrange(2**31)), high - low), low)
    return pc.round(values, digits) if digits is not None else values


def integers(low, high, type=pa.int64()):
    return pc.cast(pc.floor(uniform(low, high)), type)


def choice(options):
    return pc.take(pa.array(options), integers(0, len(options)))


def pool(make, size=5000):
    return choice([make() for _ in range(size)])


def times():
    return pc.cast(pc.add(integers(0, 365 * 86400 * 1000), 1514764800000), pa.timestamp("ms"))


extra = {
    "customer_id": integers(1, 5_000_000),
    "order_id": pa.array(range(10_000_000, 10_000_000 + n), pa.int64()),
    "restaurant_id": integers(1, 40_000),
    "rider_id": integers(1, 12_000),
    "city": choice(["Lima", "Arequipa", "Cusco", "Shanghai", "Beijing", "Riga", "Daugavpils", "Sydney", "Melbourne", "Perth"]),
    "device": choice(["ios", "android", "web", "kiosk"]),
    "payment_method": choice(["card", "cash", "paypal", "voucher", "apple_pay", "google_pay"]),
    "order_status": choice(["delivered", "cancelled", "refunded", "late", "on_time"]),
    "basket_value": uniform(3, 120, 2),
    "delivery_fee": choice([0.0, 0.99, 1.99, 2.49, 3.99]),
    "service_fee": uniform(0, 2, 2),
    "tip": uniform(0, 6, 2),
    "discount": uniform(0, 5, 2),
    "items": integers(1, 12),
    "distance_km": uniform(0.2, 12, 3),
    "prep_minutes": integers(5, 60),
    "delivery_minutes": integers(8, 90),
    "rating": integers(1, 6, pa.int32()),
    "latitude": uniform(-40, 60, 6),
    "longitude": uniform(-80, 150, 6),
    "is_first_order": pc.less(uniform(0, 1), 0.1),
    "is_subscriber": pc.less(uniform(0, 1), 0.3),
    "used_voucher": pc.less(uniform(0, 1), 0.2),
    "created_at": times(),
    "accepted_at": times(),
    "delivered_at": times(),
    "app_version": pool(lambda: f"{rng.randint(1, 20)}.{rng.randint(0, 20)}.{rng.randint(0, 20)}", 800),
    "promo_code": pool(lambda: f"PROMO{rng.randrange(100_000):05d}" if rng.random() < 0.15 else ""),
    "currency": choice(["PEN", "CNY", "EUR", "AUD"]),
    "zone_id": integers(1, 500, pa.int32()),
    "weather": choice(["clear", "rain", "snow", "wind", "heat"]),
    "vehicle": choice(["bike", "scooter", "car", "foot"]),
    "comment": choice(["", "ring the bell", "no cutlery", "leave at door", "call on arrival"]),
    "session_id": pool(lambda: f"{rng.getrandbits(64):016x}", 50_000),
}
columns = {name: table.column(name) for name in table.column_names}
columns.update(extra)
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
  printf '  fetched %d bytes in %d requests: %.3f of the needed bytes, %.3f of the file\n' "$fetched" "$requests" \
    "$(echo "scale=6; $fetched / ($chunks + $footer)" | bc)" "$(echo "scale=6; $fetched / $size" | bc)"
  printf '  wall time, median of %d: local %.3f s, S3 %.3f s (%.2fx)\n' "$runs" "$local_median" "$s3_median" \
    "$(echo "scale=6; $s3_median / $local_median" | bc)"
done

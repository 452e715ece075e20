#!/usr/bin/env bash
# Issue 4's load benchmark. wrk (-t1 -c64 -d15s --latency, POST /voucher with
# the behaviour §5 example body) against, side by side in one run:
#   voucher         `voucher serve`, release build, on a copy of the table;
#   nginx           one worker answering a fixed {"voucher_amount":2640}: the
#                   ceiling of an HTTP server on this machine;
#   flask+postgres  the kind of stack this product replaces: Flask under
#                   gunicorn (one sync worker), one global psycopg2 connection
#                   to a private PostgreSQL holding the ten-row segment table.
# All three are measured ROUNDS times (default 5), alternating, nginx and
# voucher back to back: this shared machine's speed drifts by tens of percent
# from minute to minute, so each ratio is taken round by round, between
# servers that met the same minutes, and judged by its median over the rounds
# (the ratio of the medians is printed beside it). voucher follows a published
# location (`voucher serve --table DIR --poll 1`), counting every lookup by
# entry. Then a soak run: SOAK_SECONDS of load on voucher while `voucher
# publish` makes the other of two tables current every 5 s (and SIGHUP is
# sent every other time).
# Goals: voucher >= 0.8x nginx req/s, >= 50x flask req/s, p99 <= 1.5x nginx's,
# peak < 32 MiB; soak: no non-2xx, no socket errors, RSS flat (< 2 MiB growth).
# Exits 1 when a goal is missed. Helpers in build/bench-serve/: the nginx
# config, the Flask app and its table (table_sql.py), wrk's Lua scripts and
# request body, and summarise.py, which parses wrk's output and prints verdicts.
# Knobs: DURATION=15s WARMUP=2s CONNECTIONS=64 ROUNDS=5 SOAK=1 SOAK_SECONDS=60
#        SKIP_VOUCHER=0 (1: only nginx and flask) SCRATCH_PATH=.build
#        SKIP_BUILD=0 (1: use the binary already in SCRATCH_PATH)
# Everything it starts runs on 127.0.0.1 or a unix socket in a temp dir, and is
# stopped on exit, on failure and on Ctrl-C alike.
set -euo pipefail
cd "$(dirname "$0")/.."
here=build/bench-serve
export BENCH_SERVE_DIR=$here  # where post.lua and soak.lua find request.json
data=../shared/data/voucher_history.parquet.gzip
duration=${DURATION:-15s} warmup=${WARMUP:-2s} conns=${CONNECTIONS:-64}
soak_seconds=${SOAK_SECONDS:-60} scratch=${SCRATCH_PATH:-.build}
skip_voucher=${SKIP_VOUCHER:-0} rounds=${ROUNDS:-5}

# --- Installs, idempotent: Debian packages only when missing, then the venv.
missing=()
for p in wrk postgresql curl; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v nginx >/dev/null || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench-serve: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  # The packages' own services must not start (port 80, a system cluster):
  # a policy-rc.d saying so, for the install only, where none exists.
  policy=""
  [ -e /usr/sbin/policy-rc.d ] || { policy=/usr/sbin/policy-rc.d; printf '#!/bin/sh\nexit 101\n' | $sudo_cmd tee $policy >/dev/null; $sudo_cmd chmod +x $policy; }
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
  [ -z "$policy" ] || $sudo_cmd rm -f "$policy"
fi
[ "$(id -u)" -eq 0 ] || { echo "bench-serve: needs root (PostgreSQL runs as the postgres user)" >&2; exit 1; }
if ! .venv-bench/bin/python -c "import flask, psycopg2, gunicorn" 2>/dev/null; then
  echo "bench-serve: creating .venv-bench with flask, psycopg2-binary, gunicorn"
  python3 -m venv .venv-bench
  .venv-bench/bin/pip install -q --disable-pip-version-check flask psycopg2-binary gunicorn
fi

# --- The product, and the table it serves (compiled here when artifacts/ has none).
if [ "${SKIP_BUILD:-0}" != 1 ] && ! out=$(bash build/release.sh --scratch-path "$scratch" 2>&1); then
  echo "$out" | grep -E "error" | head -20 >&2; echo "bench-serve: swift build failed" >&2; exit 1
fi
voucher=$scratch/release/voucher
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d)
chmod 711 "$work"  # the postgres user must reach its own folder inside
pids=()
cleanup() {
  set +e
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do  # up to 5 s each to exit, then SIGKILL
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  done
  [ -f "$work/pg/data/postmaster.pid" ] && runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ -f artifacts/vouchers.vtab ]; then
  cp artifacts/vouchers.vtab "$work/table-a.vtab"
else
  [ -f "$data" ] || { echo "bench-serve: no artifacts/vouchers.vtab and $data is absent" >&2; exit 1; }
  "$voucher" compile "$data" -o "$work/table-a.vtab" >/dev/null
fi
# The soak alternates two files with the same entries but different bytes (the
# second names another source file), so that each replacement is a real switch.
if [ -f "$data" ]; then
  cp "$data" "$work/voucher_history_b.parquet.gzip"
  "$voucher" compile "$work/voucher_history_b.parquet.gzip" -o "$work/table-b.vtab" >/dev/null
else
  cp "$work/table-a.vtab" "$work/table-b.vtab"
fi
"$voucher" publish "$work/table-a.vtab" "$work/published" >/dev/null

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Waits (10 s at most) until PORT answers the behaviour §5 POST with 200.
wait_ready() {
  for _ in $(seq 100); do
    code=$(curl -s -o "$work/$2.answer" -w '%{http_code}' --max-time 1 -H 'Content-Type: application/json' \
           --data-binary @$here/request.json "http://127.0.0.1:$1/voucher" || true)
    [ "$code" = 200 ] && return 0
    sleep 0.1
  done
  echo "bench-serve: $2 on port $1 does not answer 200 (last: $code); its log:" >&2
  tail -20 "$work/$2.log" >&2 || true
  exit 1
}

# --- PostgreSQL: a private cluster owned by postgres, unix socket only, with
# the ten rows (Peru's buckets) of the served table.
mkdir -p "$work/pg" && chown postgres: "$work/pg"
runuser -u postgres -- "$pgbin/initdb" -D "$work/pg/data" --auth=trust -U postgres >"$work/pg.log" 2>&1
runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w \
  -o "-k $work/pg -c listen_addresses=''" start >>"$work/pg.log"
"$voucher" inspect --json "$work/table-a.vtab" | python3 $here/table_sql.py | "$pgbin/psql" -q -h "$work/pg" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null

# --- The three servers, each on its own free loopback port.
flask_port=$(free_port)
PGHOST=$work/pg .venv-bench/bin/gunicorn --workers 1 --worker-class sync --bind "127.0.0.1:$flask_port" \
  --chdir $here flask_app:app >"$work/flask+postgres.log" 2>&1 &
pids+=($!)
flask_pid=$!
nginx_port=$(free_port)
mkdir -p "$work/nginx"
sed "s|@DIR@|$work/nginx|g; s|@PORT@|$nginx_port|g" $here/nginx.conf >"$work/nginx/nginx.conf"
nginx -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" >"$work/nginx.log" 2>&1 &
pids+=($!)
nginx_pid=$!
if [ "$skip_voucher" != 1 ]; then
  voucher_port=$(free_port)
  "$voucher" serve --table "$work/published" --poll 1 --cache "$work/cache" --host 127.0.0.1 --port "$voucher_port" \
    >"$work/voucher.log" 2>&1 &
  pids+=($!)
  voucher_pid=$!
  wait_ready "$voucher_port" voucher
fi
wait_ready "$nginx_port" nginx
wait_ready "$flask_port" flask+postgres
for label in voucher nginx flask+postgres; do  # the same answer from each
  [ -f "$work/$label.answer" ] && echo "$label answers: $(cat "$work/$label.answer")"
done

# Peak resident memory (VmHWM) of PIDs, summed, in MiB.
peak_mib() { for p in "$@"; do awk '/^VmHWM/ {print $2}' "/proc/$p/status"; done | awk '{s += $1} END {printf "%.1f", s / 1024}'; }
# A warm-up, then measured run number $3; its output in $work/LABEL.ROUND.wrk.
load() {
  wrk -t1 -c"$conns" -d"$warmup" -s $here/post.lua "http://127.0.0.1:$2/voucher" >/dev/null
  wrk -t1 -c"$conns" -d"$duration" --latency -s $here/post.lua "http://127.0.0.1:$2/voucher" >"$work/$1.$3.wrk"
}

# --- Speed runs: nginx, voucher and flask back to back, round after round.
versions=$(.venv-bench/bin/python -c 'import importlib.metadata as m
print(", ".join(f"{p} {m.version(p)}" for p in ("gunicorn", "flask", "psycopg2-binary")))')
echo "flask+postgres: one gunicorn sync worker; $versions; $("$pgbin/postgres" --version)"
echo "== wrk -t1 -c$conns -d$duration --latency (after ${warmup} warm-up), POST /voucher, behaviour §5 body"
for round in $(seq "$rounds"); do  # alternating, so drift hits all alike
  load nginx "$nginx_port" "$round"
  [ "$skip_voucher" = 1 ] || load voucher "$voucher_port" "$round"
  load flask+postgres "$flask_port" "$round"
done
nginx_worker=$(pgrep -P "$nginx_pid")
echo "$(peak_mib "$nginx_worker") the worker process" >"$work/nginx.mem"
labels=(nginx)
if [ "$skip_voucher" != 1 ]; then
  echo "$(peak_mib "$voucher_pid") the server process" >"$work/voucher.mem"
  labels=(voucher nginx)
fi
echo "$(peak_mib "$flask_pid" $(pgrep -P "$flask_pid")) gunicorn master + 1 sync worker (not PostgreSQL)" >"$work/flask+postgres.mem"
labels+=(flask+postgres)
status=0
python3 $here/summarise.py speed "$work" "${labels[@]}" || status=1

# --- Soak: load on voucher while `voucher publish` makes the other table
# current every 5 s and SIGHUP is sent every other time; RSS every 5 s.
if [ "$skip_voucher" != 1 ] && [ "${SOAK:-1}" != 0 ]; then
  echo "== soak: ${soak_seconds} s of wrk -t1 -c$conns on voucher, a table published every 5 s, SIGHUP every 10 s"
  rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$voucher_pid/status"; }
  echo "0 $(rss_kib)" >"$work/soak.rss"
  wrk -t1 -c"$conns" -d"${soak_seconds}s" --latency -s $here/soak.lua \
    "http://127.0.0.1:$voucher_port/voucher" >"$work/soak.wrk" &
  wrk_pid=$!
  pids+=($wrk_pid)
  for ((i = 1; i * 5 < soak_seconds; i++)); do
    sleep 5
    echo "$((i * 5)) $(rss_kib)" >>"$work/soak.rss"
    [ $((i % 2)) = 1 ] && src=table-b || src=table-a
    "$voucher" publish "$work/$src.vtab" "$work/published" >/dev/null
    if [ $((i % 2)) = 0 ]; then kill -HUP "$voucher_pid"; fi
  done
  wait "$wrk_pid"
  kill -0 "$voucher_pid" 2>/dev/null || { echo "bench-serve: voucher died during the soak" >&2; tail -20 "$work/voucher.log" >&2; exit 1; }
  echo "$soak_seconds $(rss_kib)" >>"$work/soak.rss"
  echo "publications $((i - 1))" >"$work/soak.metrics"
  curl -s --max-time 2 "http://127.0.0.1:$voucher_port/metrics" | tee "$work/soak.page" | grep '^voucher_table_reload' >>"$work/soak.metrics" || true
  awk '/^voucher_lookups_total/ {s += $NF} END {print "lookups_counted", s + 0}' "$work/soak.page" >>"$work/soak.metrics"
  python3 $here/summarise.py soak "$work" || status=1
fi
exit $status

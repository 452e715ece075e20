#!/usr/bin/env bash
# The Spark path, end to end, in local mode: `voucher sql --dialect spark` run by
# spark/compile_counts.py (PySpark from PyPI, Java 17), then `voucher pack`, against
# `voucher compile`, on the reference history (through spark-submit) and on the
# histories of Tests/VoucherSQLTests/make_sql_histories.py (one Spark session).
# Every section but the sources must be byte-identical where the case lists
# Spark; where it does not, the counts must fail or the tables differ.
# Slow to start (a JVM): not part of CI. Installs pyspark into .venv if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || bash build/setup.sh
.venv/bin/python -c "import pyspark" 2>/dev/null || {
  echo "spark-check: installing pyspark into .venv"
  .venv/bin/pip install -q --disable-pip-version-check pyspark
}
command -v java >/dev/null || { echo "spark-check: java is not on PATH (Debian: openjdk-17-jre-headless)" >&2; exit 1; }
swift build --product voucher >/dev/null
voucher="$(swift build --show-bin-path)/voucher"
work="$(mktemp -d "${TMPDIR:-/tmp}/voucher-spark-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export PYSPARK_PYTHON="$PWD/.venv/bin/python" SPARK_LOCAL_IP=127.0.0.1
export JAVA_TOOL_OPTIONS="-Duser.language=en -Duser.country=US ${JAVA_TOOL_OPTIONS:-}"

"$voucher" sql --dialect spark > "$work/counts.sql"
.venv/bin/python Tests/VoucherSQLTests/make_sql_histories.py "$work/cases"

# The cases, in one session: counts, pack, compile, compare.
.venv/bin/python - "$work" "$voucher" <<'PY'
import json, os, subprocess, sys
sys.path.insert(0, "spark")
import compile_counts

work, voucher = sys.argv[1], sys.argv[2]
query = open(os.path.join(work, "counts.sql"), encoding="utf-8").read()
cases = json.load(open(os.path.join(work, "cases", "cases.json")))
# Small histories: two local threads, few shuffle partitions, no UI.
spark = compile_counts.session("voucher-spark-check", {
    "spark.master": "local[2]", "spark.sql.shuffle.partitions": "2", "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false"})
spark.sparkContext.setLogLevel("ERROR")
failures = 0
for case in cases:
    history = [os.path.join(work, "cases", h) for h in case["history"]]
    counts = os.path.join(work, "counts-" + case["name"])
    expected = "spark" in case["engines"]
    try:
        compile_counts.compile_counts(spark, history, counts, query)
        parts = sorted(os.path.join(counts, p) for p in os.listdir(counts) if p.endswith(".parquet"))
        packed, compiled = os.path.join(work, case["name"] + ".packed.vtab"), os.path.join(work, case["name"] + ".vtab")
        subprocess.run([voucher, "pack", *parts, "-o", packed], check=True, capture_output=True)
        subprocess.run([voucher, "compile", *history, "-o", compiled], check=True, capture_output=True)
        result = subprocess.run([sys.executable, "build/table_sections.py", compiled, packed], capture_output=True, text=True)
        same, detail = result.returncode == 0, result.stdout.strip()
    except Exception as error:  # the engine could not read the history, or pack refused its counts
        same, detail = False, str(error).splitlines()[0]
    verdict = "agrees" if same else "differs"
    ok = same == expected
    failures += 0 if ok else 1
    print(f"spark-check: {case['name']}: {verdict} ({'as expected' if ok else 'NOT AS EXPECTED'}) {detail}")
spark.stop()
sys.exit(1 if failures else 0)
PY

# The reference history through spark-submit, as on a cluster.
reference=../shared/data/voucher_history.parquet.gzip
if [ -f "$reference" ]; then
  .venv/bin/spark-submit --master 'local[2]' --conf spark.ui.enabled=false --conf spark.sql.shuffle.partitions=8 \
    --conf spark.ui.showConsoleProgress=false \
    spark/compile_counts.py --history "$reference" --counts "$work/reference-counts" --sql "$work/counts.sql" 2>"$work/spark.log" \
    || { tail -30 "$work/spark.log" >&2; exit 1; }
  "$voucher" pack "$work"/reference-counts/part-*.parquet -o "$work/reference.packed.vtab" >/dev/null
  "$voucher" compile "$reference" -o "$work/reference.vtab" >/dev/null
  .venv/bin/python build/table_sections.py "$work/reference.vtab" "$work/reference.packed.vtab"
  echo "spark-check: reference history: every section but the sources identical"
else
  echo "spark-check: $reference is absent; the reference history was not checked" >&2
  exit 1
fi
echo "spark-check: passed"

#!/usr/bin/env python3
"""The body of build/bench-scale.sh (issue 16's compile at scale benchmark).

    bench_scale.py REFERENCE ROWS_IN_MILLIONS...

Run from the repository with the release binary built. For each size: the
synthetic history (build/scale_history.py, cached in .build/scale-data/ under
a name stamped with the generator's and the reference's hash), then each
tool as a whole process, one after the other: wall time, user+sys CPU time
and peak RSS from wait4 (the largest process of the tree; CPU summed over
it). Then the tables are compared with the compile's, the figures printed,
and the issue's goals printed as met or NOT met (not enforced). Exit 1 when
a tool fails or an answer differs.

BENCH_MEMORY_LIMIT and BENCH_THREADS go to `voucher compile` as
--memory-limit and --threads when its help lists them.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import pyarrow.parquet as pq

VOUCHER = ".build/release/voucher"
PYTHON = ".venv/bin/python"
DATA = ".build/scale-data"
SEGMENTS = "artifacts/segments.json"
MIB = 1024 * 1024


def stamp(reference):
    """Changes when the generator or the reference history does: part of the cached files' names."""
    h = hashlib.sha256()
    for path in ("build/scale_history.py", reference):
        with open(path, "rb") as f:
            h.update(f.read())
    return h.hexdigest()[:12]


def histories(reference, sizes):
    """The history file of each size, written when absent; refuses up front when the disk is short."""
    os.makedirs(DATA, exist_ok=True)
    ref_rows = pq.ParquetFile(reference).metadata.num_rows
    bytes_per_row = os.path.getsize(reference) / ref_rows
    tag = stamp(reference)
    paths = {n: f"{DATA}/history-{n}M-{tag}.parquet" for n in sizes}
    missing = [n for n in sizes if not os.path.exists(paths[n])]
    for n in missing:  # older generations of the same size
        for name in os.listdir(DATA):
            if name.startswith(f"history-{n}M-") and name.endswith(".parquet"):
                os.remove(f"{DATA}/{name}")
    need = sum(n * 1_000_000 * bytes_per_row * 1.2 for n in missing) + 1024 * MIB  # + the runs' own files
    free = shutil.disk_usage(DATA).free
    print(f"disk: {free / 2**30:.1f} GiB free in {DATA}; the histories to write need about {need / 2**30:.1f} GiB")
    if need > free:
        sys.exit(f"bench-scale: too little free disk for {', '.join(f'{n}M' for n in missing)} rows: "
                 f"about {need / 2**30:.1f} GiB needed, {free / 2**30:.1f} GiB free")
    for n in missing:
        start = time.perf_counter()
        tmp = paths[n] + ".tmp"
        subprocess.run([PYTHON, "build/scale_history.py", reference, str(n * 1_000_000), tmp], check=True)
        os.replace(tmp, paths[n])
        print(f"generated {paths[n]}: {n}M rows, {os.path.getsize(paths[n]) / MIB:.0f} MiB, "
              f"in {time.perf_counter() - start:.1f} s")
    for n in sizes:
        if n not in missing:
            print(f"re-using {paths[n]} ({os.path.getsize(paths[n]) / MIB:.0f} MiB)")
    return paths


def measure(command, may_fail=False):
    """(wall s, CPU s, peak MiB) of one whole process (a shell string runs under sh). A failure ends
    the benchmark, unless `may_fail` (another engine, which may run out of memory at the largest
    sizes): then the figures come with the reason as a fourth element."""
    shell = isinstance(command, str)
    start = time.perf_counter()
    proc = subprocess.Popen(command, shell=shell, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read().decode(errors="replace")  # read before wait4: a full pipe would block the child
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    figures = (wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)
    if proc.returncode != 0:
        reason = ("killed by SIGKILL (out of memory?)" if proc.returncode == -9
                  else f"exit status {proc.returncode}: {err.strip().splitlines()[-1] if err.strip() else 'no message'}")
        if not may_fail:
            sys.exit(f"bench-scale: command failed ({reason}): {command}\n{err}")
        return figures + (reason,)
    return figures


def compile_options():
    """--memory-limit / --threads from BENCH_MEMORY_LIMIT / BENCH_THREADS, when this compile has them."""
    help_text = subprocess.run([VOUCHER, "compile", "--help"], capture_output=True, text=True).stdout
    options = []
    for flag, env in (("--memory-limit", "BENCH_MEMORY_LIMIT"), ("--threads", "BENCH_THREADS")):
        if os.environ.get(env) and flag in help_text:
            options += [flag, os.environ[env]]
    return options


def voucher_entries(table):
    out = subprocess.run([VOUCHER, "inspect", table, "--json"], capture_output=True, text=True, check=True).stdout
    return {(e["country_key"], e["segment"], e["bucket"]): (e["amount"], e["samples"], e["fallback"])
            for e in json.loads(out)["entries"]}


def engine_entries(path):
    return {(r["country"], r["segment"], r["bucket"]): (r["amount"], r["samples"], r["fallback"])
            for r in pq.read_table(path).to_pylist()}


def differences(expected, got):
    lines = [f"  {k}: voucher compile {expected.get(k)}, this {got.get(k)} (amount, samples, fallback)"
             for k in sorted(set(expected) | set(got)) if expected.get(k) != got.get(k)]
    return lines[:10] + ([f"  ... {len(lines) - 10} more"] if len(lines) > 10 else [])


def warm(path):
    """Reads the file once, so that every tool finds it in the page cache: the first tool would
    otherwise pay the disk alone (a 272 MiB history read cold added 4 s to the compile's 5 s)."""
    with open(path, "rb") as f:
        while f.read(16 * MIB):
            pass


def run_size(n, history, work, options):
    rows = pq.ParquetFile(history).metadata.num_rows
    warm(history)
    out = lambda name: os.path.join(work, name)
    counts_code = ("import sys; sys.path.insert(0, 'Tests/VoucherSQLTests'); import duckdb_counts; "
                   "duckdb_counts.run(sys.stdin.read(), sys.argv[1:2], sys.argv[2])")
    commands = [
        ("voucher compile", [VOUCHER, "compile", history, "-o", out("compile.vtab"), *options]),
        ("voucher sql | DuckDB", f"{VOUCHER} sql --dialect duckdb | {PYTHON} -c \"{counts_code}\" {history} {out('counts.parquet')}"),
        ("voucher pack", [VOUCHER, "pack", out("counts.parquet"), "-o", out("pack.vtab")]),
        ("DuckDB end to end", [PYTHON, "build/scale_engines.py", "duckdb", history, SEGMENTS, out("duckdb.parquet")]),
        ("Polars end to end", [PYTHON, "build/scale_engines.py", "polars", history, SEGMENTS, out("polars.parquet")]),
    ]
    figures, failed = {}, {}
    for label, command in commands:
        result = measure(command, may_fail=label.endswith("end to end"))
        figures[label] = result[:3]
        if len(result) > 3:
            failed[label] = result[3]
        print(f"  ran {label}: {figures[label][0]:.1f} s" + (f", FAILED: {failed[label]}" if label in failed else ""),
              flush=True)
    sql, pack = figures["voucher sql | DuckDB"], figures["voucher pack"]
    figures["sql + pack"] = (sql[0] + pack[0], sql[1] + pack[1], max(sql[2], pack[2]))

    print(f"\n== {n}M rows ({rows:,} rows, {history})")
    print(f"{'tool':22} {'wall s':>8} {'CPU s':>8} {'rows/s':>9} {'peak MiB':>9}")
    for label in ("voucher compile", "voucher sql | DuckDB", "voucher pack", "sql + pack",
                  "DuckDB end to end", "Polars end to end"):
        wall, cpu, peak = figures[label]
        if label in failed:
            print(f"{label:22} failed after {wall:.2f} s wall, {cpu:.2f} s CPU, peak {peak:.0f} MiB: {failed[label]}")
            continue
        print(f"{label:22} {wall:8.2f} {cpu:8.2f} {rows / wall / 1e6:8.2f}M {peak:9.0f}")
    c_wall, _, c_peak = figures["voucher compile"]
    for label in ("sql + pack", "DuckDB end to end", "Polars end to end"):
        if label in failed:
            continue
        wall, _, peak = figures[label]
        print(f"voucher compile vs {label}: throughput {wall / c_wall:.2f}x theirs, peak memory {c_peak / peak:.2f}x theirs")

    expected = voucher_entries(out("compile.vtab"))
    agree = True
    for label, got in (("voucher sql + pack", voucher_entries(out("pack.vtab"))),
                       ("DuckDB end to end", None if "DuckDB end to end" in failed else engine_entries(out("duckdb.parquet"))),
                       ("Polars end to end", None if "Polars end to end" in failed else engine_entries(out("polars.parquet")))):
        if got is None:
            continue
        diff = differences(expected, got)
        if diff:
            agree = False
            print(f"{label}: answers DIFFER from voucher compile's table ({len(expected)} entries):", *diff, sep="\n")
    if agree:
        others = ", ".join(label for label in ("voucher sql + pack", "DuckDB end to end", "Polars end to end")
                           if label not in failed)
        print(f"answers agree: {others} give voucher compile's {len(expected)} entries")
    return rows, figures, failed, agree


def main():
    reference, sizes = sys.argv[1], [int(s) for s in sys.argv[2:]]
    paths = histories(reference, sizes)
    options = compile_options()
    if options:
        print("voucher compile options:", *options)
    results, all_agree = {}, True
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="bench-scale-") as work:
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"\n-- {n}M rows (load average {load} on {os.cpu_count()} cores)", flush=True)
            rows, figures, failed, agree = run_size(n, paths[n], work, options)
            results[n] = (rows, figures, failed)
            all_agree &= agree

    def verdict(ok):
        return "met" if ok else "NOT met"

    compile_of = {n: results[n][1]["voucher compile"] for n in sizes}
    print("\n== issue 16's goals (printed, not enforced)")
    peaks = ", ".join(f"{n}M {compile_of[n][2]:.0f} MiB" for n in sizes)
    print(f"compile peak <= 512 MiB at every size: {verdict(all(c[2] <= 512 for c in compile_of.values()))} ({peaks})")
    speeds = ", ".join(f"{n}M {results[n][0] / compile_of[n][0] / 1e6:.2f}M" for n in sizes)
    print(f"compile >= 3.5M rows/s at every size: "
          f"{verdict(all(results[n][0] / compile_of[n][0] >= 3.5e6 for n in sizes))} ({speeds})")
    if 30 in results and "DuckDB end to end" in results[30][2]:
        print(f"compile >= 4x DuckDB end to end's throughput at 30M: not measured (DuckDB failed)")
    elif 30 in results:
        ratio = results[30][1]["DuckDB end to end"][0] / compile_of[30][0]
        print(f"compile >= 4x DuckDB end to end's throughput at 30M: {verdict(ratio >= 4)} ({ratio:.2f}x)")
    else:
        print("compile >= 4x DuckDB end to end's throughput at 30M: not measured (no 30M run)")
    if not all_agree:
        sys.exit("bench-scale: answers differ (see above)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Summarises bench-serve.sh's wrk runs.

usage: summarise.py speed DIR LABEL...   (DIR/LABEL.N.wrk: wrk's output of round N,
                                          DIR/LABEL.mem: "MiB what")
       summarise.py soak DIR             (DIR/soak.wrk, DIR/soak.rss: "seconds KiB" a line,
                                          DIR/soak.metrics: "name value" a line)

Prints every round, then a table of the medians over the rounds (req/s and
p99 each the median of its own) and the ratios with PASS/FAIL against issue
4's goals; exits 1 when a goal is missed.

Each ratio is judged round by round: a round's ratio compares servers
measured minutes apart at most, back to back, and the verdict is on the
median of the rounds' ratios. This machine's speed drifts by tens of percent
from minute to minute, and the ratio of the medians can pair one server's
slow minute with the other's fast one; it is printed beside, for reference.
"""
import glob
import re
import statistics
import sys

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}
GOALS = {"rps_nginx": 0.8, "rps_flask": 50.0, "p99_nginx": 1.5, "mib": 32.0}


def parse_wrk(path):
    text = open(path).read()
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if not rps:
        sys.exit(f"summarise: no Requests/sec in {path}:\n{text}")
    lat = {p: float(v) * UNITS[u] for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)}
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    checked = re.search(r"Checked non-2xx: (\d+)", text)
    bad = re.search(r"Checked bad bodies: (\d+)", text)
    return {"rps": float(rps.group(1)), "p50": lat.get("50"), "p99": lat.get("99"),
            "requests": int(re.search(r"(\d+) requests in", text).group(1)),
            "sock": [int(x) for x in sock.groups()] if sock else [0, 0, 0, 0],
            "non2xx": int(checked.group(1)) if checked else int(non2xx.group(1)) if non2xx else 0,
            "badbody": int(bad.group(1)) if bad else 0}


def verdict(ok):
    return "PASS" if ok else "FAIL"


def rounds(folder, label):
    """Every round of a label, and their medians (sums for the error counts)."""
    paths = sorted(glob.glob(f"{folder}/{label}.*.wrk"), key=lambda p: int(p.rsplit(".", 2)[1]))
    if not paths:
        sys.exit(f"summarise: no {label}.N.wrk in {folder}")
    each = [parse_wrk(p) for p in paths]
    median = {k: statistics.median(r[k] for r in each) for k in ("rps", "p50", "p99")}
    median.update(requests=sum(r["requests"] for r in each), non2xx=sum(r["non2xx"] for r in each),
                  sock=[sum(r["sock"][i] for r in each) for i in range(4)])
    return each, median


def speed(folder, labels):
    runs, mems, rounds_of = {}, {}, {}
    for label in labels:
        each, runs[label] = rounds(folder, label)
        rounds_of[label] = each
        if len(each) > 1:
            print(f"{label:<16} rounds: " + "; ".join(f"{r['rps']:.0f} req/s, p99 {r['p99']:.3f} ms" for r in each))
    print(f"{'server':<16} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'peak MiB':>9}  {'non-2xx':>7} {'sock err':>8}  peak memory of"
          "   (medians over the rounds)")
    for label in labels:
        r = runs[label]
        mib, what = open(f"{folder}/{label}.mem").read().split(" ", 1)
        mems[label] = float(mib)
        print(f"{label:<16} {r['rps']:10.0f} {r['p50']:8.3f} {r['p99']:8.3f} {mems[label]:9.1f}  {r['non2xx']:7d} {sum(r['sock']):8d}  {what.strip()}")
    if "voucher" not in runs:
        n, f = runs["nginx"], runs["flask+postgres"]
        print(f"nginx / flask+postgres req/s: {n['rps'] / f['rps']:.1f}x (voucher skipped)")
        return 0
    v, n, f = runs["voucher"], runs["nginx"], runs["flask+postgres"]
    vr, nr, fr = rounds_of["voucher"], rounds_of["nginx"], rounds_of["flask+postgres"]

    def paired(key, a, b, places):
        """Each round's a/b, their median, and the ratio of the medians."""
        each = [x[key] / y[key] for x, y in zip(a, b)]
        mid = statistics.median(each)
        text = f"{mid:7.{places}f}x  (rounds: {', '.join(f'{r:.{places}f}' for r in each)}; ratio of medians " \
               f"{statistics.median(x[key] for x in a) / statistics.median(y[key] for y in b):.{places}f})"
        return mid, text

    nginx_rps, nginx_text = paired("rps", vr, nr, 2)
    flask_rps, flask_text = paired("rps", vr, fr, 1)
    nginx_p99, p99_text = paired("p99", vr, nr, 2)
    checks = [
        (f"voucher / nginx req/s          {nginx_text}  (goal >= {GOALS['rps_nginx']}x)", nginx_rps >= GOALS["rps_nginx"]),
        (f"voucher / flask+postgres req/s {flask_text}  (goal >= {GOALS['rps_flask']:.0f}x)", flask_rps >= GOALS["rps_flask"]),
        (f"voucher p99 / nginx p99        {p99_text}  (goal <= {GOALS['p99_nginx']}x)", nginx_p99 <= GOALS["p99_nginx"]),
        (f"voucher peak memory            {mems['voucher']:7.1f} MiB (goal < {GOALS['mib']:.0f} MiB)", mems["voucher"] < GOALS["mib"]),
        (f"voucher answers                {v['non2xx']} non-2xx, {sum(v['sock'])} socket errors (goal 0)", v["non2xx"] == 0 and sum(v["sock"]) == 0),
    ]
    for text, ok in checks:
        print(f"{verdict(ok)}  {text}")
    return 0 if all(ok for _, ok in checks) else 1


def soak(folder):
    r = parse_wrk(f"{folder}/soak.wrk")
    samples = [tuple(map(int, line.split())) for line in open(f"{folder}/soak.rss") if line.strip()]
    rss = [kib / 1024.0 for _, kib in samples]
    base = next((kib / 1024.0 for t, kib in samples if t >= 10), rss[0])
    growth = rss[-1] - base
    print(f"soak: {r['requests']} requests, {r['rps']:.0f} req/s, p99 {r['p99']:.3f} ms; RSS MiB samples: "
          + " ".join(f"{m:.1f}" for m in rss))
    print(f"soak: RSS first {rss[0]:.1f}, max {max(rss):.1f}, last {rss[-1]:.1f} MiB")
    c, rd, w, t = r["sock"]
    m = {k: int(float(v)) for k, v in (line.split() for line in open(f"{folder}/soak.metrics") if line.strip())}
    reloads, failed = m.get("voucher_table_reloads_total", -1), m.get("voucher_table_reload_failures_total", -1)
    checks = [
        (f"soak non-2xx answers: {r['non2xx']}, 2xx without voucher_amount: {r['badbody']} (goal 0)", r["non2xx"] == 0 and r["badbody"] == 0),
        (f"soak socket errors: connect {c}, read {rd}, write {w}, timeout {t} (goal 0)", c + rd + w + t == 0),
        (f"soak table switches: {reloads} for {m['publications']} publications, {failed} refused (from /metrics)",
         reloads >= m["publications"] and failed == 0),
        (f"soak lookups counted by entry (voucher_lookups_total, summed): {m.get('lookups_counted', 0)}",
         m.get("lookups_counted", 0) > 0),
        (f"soak RSS growth from the 10 s sample to the end: {growth:+.2f} MiB (goal < 2 MiB)", growth < 2.0),
    ]
    for text, ok in checks:
        print(f"{verdict(ok)}  {text}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "speed":
        sys.exit(speed(sys.argv[2], sys.argv[3:]))
    if len(sys.argv) == 3 and sys.argv[1] == "soak":
        sys.exit(soak(sys.argv[2]))
    sys.exit(__doc__)

#!/usr/bin/env python3
"""Times whole processes side by side, alternating runs.

usage: bench_processes.py RUNS LABEL=COMMAND [LABEL=COMMAND ...]

The first command is the subject; every other is a baseline. Each round runs
every command once, in turn, so machine noise hits all of them alike. For each
command it prints the median and best wall time and the peak resident memory
(ru_maxrss of the child, from wait4), then the ratio of each baseline's median
time and memory to the subject's. Output of the commands goes to /dev/null; a
command that fails stops the benchmark with its stderr.
"""
import os
import shlex
import statistics
import subprocess
import sys
import time


def run_once(command):
    start = time.perf_counter()
    proc = subprocess.Popen(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"bench: command failed ({proc.returncode}): {command}\n{err}")
    return elapsed, usage.ru_maxrss / 1024.0  # KiB -> MiB


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    runs = int(sys.argv[1])
    jobs = [arg.split("=", 1) for arg in sys.argv[2:]]
    for label, command in jobs:  # warm-up: page cache, first-run effects
        run_once(command)
    times = {label: [] for label, _ in jobs}
    peaks = {label: [] for label, _ in jobs}
    for _ in range(runs):
        for label, command in jobs:
            t, m = run_once(command)
            times[label].append(t)
            peaks[label].append(m)
    subject = jobs[0][0]
    width = max(len(label) for label, _ in jobs)
    print(f"{'':{width}}  {'median ms':>10}  {'best ms':>9}  {'peak MiB':>9}   ({runs} alternating runs)")
    for label, _ in jobs:
        print(f"{label:{width}}  {statistics.median(times[label]) * 1000:10.1f}  {min(times[label]) * 1000:9.1f}"
              f"  {max(peaks[label]):9.1f}")
    s_time = statistics.median(times[subject])
    s_peak = max(peaks[subject])
    for label, _ in jobs[1:]:
        print(f"ratio {label} / {subject}: time {statistics.median(times[label]) / s_time:.1f}x, "
              f"peak memory {max(peaks[label]) / s_peak:.1f}x")


if __name__ == "__main__":
    main()

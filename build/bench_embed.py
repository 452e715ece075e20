"""build/bench-embed.sh's Python side: per-call cost of voucher_table's
Table.lookup and Table.answer against a plain dict lookup of a precomputed
tuple key, on one thread, printed side by side.

    bench_embed.py TABLE CALLS ROUNDS

Queries as bench_embed.c's: every country in three spellings x every
segment x 8 metric values, shuffled and cycled.
"""
from __future__ import annotations

import json
import random
import statistics
import sys
import time
from datetime import datetime, timedelta

import voucher_table


def per_call(run, items, rounds: int) -> tuple:
    """Best and median ns per call of run(items) over rounds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter_ns()
        run(items)
        times.append((time.perf_counter_ns() - start) / len(items))
    return min(times), statistics.median(times)


def main() -> None:
    path, calls, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    table = voucher_table.open(path)
    reference = datetime(2018, 6, 1)
    queries = []
    for key in table.countries:
        for spelling in (key, key.upper(), f" {key.capitalize()} "):
            for segment in table.segments:
                for value in (0, 3, 7, 20, 45, 95, 150, 400):
                    request = {"customer_id": 123, "country_code": spelling, "segment_name": segment}
                    if segment == "frequent_segment":
                        request["total_orders"] = value
                        keywords = {"total_orders": value}
                    else:
                        last = (reference - timedelta(days=value)).strftime("%Y-%m-%d %H:%M:%S")
                        request["last_order_ts"], request["timestamp"] = last, "2018-06-01 00:00:00"
                        keywords = {"last_order_ts": last, "timestamp": "2018-06-01 00:00:00"}
                    queries.append((spelling, segment, keywords, request, json.dumps(request).encode()))
    random.Random(1).shuffle(queries)
    items = [queries[i % len(queries)] for i in range(calls)]

    # The baseline: what a service holding the table as a dict would do once it has the key.
    entries = {}
    keys = []
    for spelling, segment, keywords, _, _ in queries:
        found = table.lookup(spelling, segment, **keywords)
        entries[(spelling.strip().lower(), segment, found.bucket)] = found.amount
        keys.append((spelling.strip().lower(), segment, found.bucket))
    dict_keys = [keys[i % len(keys)] for i in range(calls)]

    def dict_lookup(keys):
        for key in keys:
            entries[key]

    frequent = [q for q in items if "total_orders" in q[2]]
    recency = [q for q in items if "total_orders" not in q[2]]

    def lookup_frequent(items):
        lookup = table.lookup
        for spelling, segment, keywords, _, _ in items:
            lookup(spelling, segment, total_orders=keywords["total_orders"])

    def lookup_recency(items):
        lookup = table.lookup
        for spelling, segment, keywords, _, _ in items:
            lookup(spelling, segment, last_order_ts=keywords["last_order_ts"], timestamp=keywords["timestamp"])

    def answer_bytes(items):
        answer = table.answer_bytes
        for item in items:
            answer(item[4])

    def answer_bytes_decoded(items):
        answer = table.answer
        for item in items:
            answer(item[4])

    def answer_dict(items):
        answer = table.answer
        for item in items:
            answer(item[3])

    rows = [
        ("dict[(country, segment, bucket)]", dict_lookup, dict_keys),
        ("Table.lookup(..., total_orders=)", lookup_frequent, frequent),
        ("Table.lookup(..., last_order_ts=, timestamp=)", lookup_recency, recency),
        ("Table.answer_bytes(bytes) -> (status, bytes)", answer_bytes, items),
        ("Table.answer(bytes) -> (status, dict)", answer_bytes_decoded, items),
        ("Table.answer(dict) -> (status, dict)", answer_dict, items),
    ]
    print(f"Python {sys.version.split()[0]}, library {voucher_table.library_version()}, "
          f"{len(queries)} queries, {calls} calls x {rounds} rounds (ns per call, one thread)")
    baseline = None
    for name, run, data in rows:
        best, median = per_call(run, data, rounds)
        baseline = baseline or best
        print(f"  {name:<48} best {best:8.1f} ns  median {median:8.1f} ns  {best / baseline:6.1f}x the dict")
    table.close()


if __name__ == "__main__":
    main()

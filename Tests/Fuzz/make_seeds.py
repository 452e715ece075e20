#!/usr/bin/env python3
"""Writes the synthetic seed inputs of the Parquet fuzz target into
Tests/Fuzz/Corpus/parquet/ (small files: a few rows each, so that the fuzzer
mutates structure rather than bulk).

Run from the repository root with the project's venv (bash build/setup.sh):

    .venv/bin/python Tests/Fuzz/make_seeds.py

Covers: the history's column types (integers, doubles, booleans, text of
times, TIMESTAMP in ms/us/ns, DATE), nulls, every codec the reader supports,
data pages v1 and v2, dictionary and plain encodings, DELTA encodings, and
two row groups. Deterministic: re-running it writes the same files.
"""
import datetime
import os

import pyarrow as pa
import pyarrow.parquet as pq

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Corpus", "parquet")


def table():
    return pa.table({
        "customer_id": pa.array([1, 2, None, 4], pa.int64()),
        "country_code": pa.array(["Peru", " china ", None, "Latvia"], pa.string()),
        "last_order_ts": pa.array(["2020-01-02 03:04:05", "2019-12-31", "not a time", None], pa.string()),
        "first_order_ts": pa.array([datetime.datetime(2018, 5, 3), None, datetime.datetime(1969, 12, 31, 23, 59, 59),
                                    datetime.datetime(2100, 1, 1)], pa.timestamp("ms")),
        "total_orders": pa.array([3, 0, None, 2**40], pa.int64()),
        "voucher_amount": pa.array([2640.0, None, -1.5, 1e300], pa.float64()),
        "flag": pa.array([True, None, False, True], pa.bool_()),
        "day": pa.array([datetime.date(2020, 1, 1), None, datetime.date(1970, 1, 1), datetime.date(1900, 2, 28)], pa.date32()),
        "small": pa.array([1, -2, None, 2**31 - 1], pa.int32()),
    })


def main():
    os.makedirs(OUT, exist_ok=True)
    t = table()
    for codec in ["NONE", "GZIP", "SNAPPY", "ZSTD"]:
        for version in ["1.0", "2.0"]:
            for dictionary in [True, False]:
                name = f"seed_{codec.lower()}_v{version[0]}_{'dict' if dictionary else 'plain'}.parquet"
                pq.write_table(t, os.path.join(OUT, name), compression=codec, data_page_version=version,
                               use_dictionary=dictionary, write_statistics=False)
    pq.write_table(t, os.path.join(OUT, "seed_two_groups.parquet"), compression="NONE", row_group_size=2,
                   write_statistics=False)
    pq.write_table(t, os.path.join(OUT, "seed_delta.parquet"), compression="NONE", use_dictionary=False,
                   column_encoding={"customer_id": "DELTA_BINARY_PACKED", "country_code": "DELTA_BYTE_ARRAY",
                                    "last_order_ts": "DELTA_LENGTH_BYTE_ARRAY", "total_orders": "DELTA_BINARY_PACKED"},
                   data_page_version="2.0", write_statistics=False)
    for unit in ["us", "ns"]:
        times = pa.table({"t": pa.array([0, 1_600_000_000_000_000, None], pa.timestamp(unit, tz="UTC"))})
        pq.write_table(times, os.path.join(OUT, f"seed_time_{unit}.parquet"), compression="NONE", write_statistics=False)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the small histories the SQL path is checked on (`voucher sql`, then
`voucher pack`, against `voucher compile`), and a manifest of them.

    make_sql_histories.py OUTDIR

Writes OUTDIR/NAME/*.csv|*.parquet and OUTDIR/cases.json:
    [{"name": ..., "history": [paths relative to OUTDIR, in compile order],
      "engines": ["duckdb", "spark"]}]
`engines` lists the engines whose tables agree with `voucher compile` on the
case (the README's "Beyond one machine" says why the others do not).
Deterministic: the same files every run. Used by Tests/VoucherSQLTests and
build/spark-check.sh.
"""
import csv
import datetime
import decimal
import json
import os
import sys

import pyarrow as pa
import pyarrow.parquet as pq

COLUMNS = ["timestamp", "country_code", "last_order_ts", "first_order_ts", "total_orders", "voucher_amount"]
BASE = ["2018-05-03 10:00:00", "Peru", "2018-04-01 00:00:00", "2017-01-01 00:00:00", "3", "2640"]


def row(**changes):
    values = dict(zip(COLUMNS, BASE))
    values.update(changes)
    return [values[c] for c in COLUMNS]


def cleaning_rows():
    """Every drop reason, its order, and the edges of each rule."""
    rows = []
    # voucher_amount (first check): missing, NaN, negative, not whole; beats every later reason.
    for amount in [None, "", "nan", "NaN", "-5", "3.5", "inf", "0x10", "+-1", "1_000", "3.000e", ".", "+"]:
        rows.append(row(voucher_amount=amount))
    rows.append(row(voucher_amount="-1", total_orders="x", country_code=""))
    # total_orders, then country_code, then times.
    for orders in [None, "", "abc", "-1", "2.5", "-3e0", "9223372036854775808", "1e19"]:
        rows.append(row(total_orders=orders))
    rows.append(row(total_orders="x", country_code="  ", timestamp="bad"))
    for country in [None, "", "   ", "\u00a0\u3000", "\t\u2028\u2029\u0085"]:
        rows.append(row(country_code=country))
    rows.append(row(country_code="", timestamp="bad"))
    # Whole numbers given as text, kept (and in the table's histograms).
    for orders in ["3.000", "3e0", "+3", " 3 ", "\t3\n", "3.", "0.3e1", "-0", "-0e5", ".0", "00000000000000000000007",
                   "12345678901234567891e-1", "9223372036854775807", "1.e1", ".5e1", "5E0"]:
        rows.append(row(total_orders=orders, country_code="numbers"))
    for amount in ["3e2", "300.000", " +300 ", "3.0E2", "1e3", "0"]:
        rows.append(row(voucher_amount=amount, country_code="numbers"))
    # Times: shapes accepted and refused (behaviour document §1.2).
    good = ["2018-05-03", "2018-05-03T10:00:00", "2018-05-03 10:00:00.5", "2018-05-03T10:00:00.123456789Z",
            "2018-05-03T12:00:00+02:00", "2018-05-03 05:00:00-05:00", "2018-05-03T10:00:00-00:00", " 2018-05-03\t",
            "2018-05-03+23:59", "2016-02-29 00:00:00", "2000-02-29", "2018-05-03 23:59:59.999999999"]
    for ts in good:
        rows.append(row(timestamp=ts, country_code="times"))
    bad = ["2018-02-30", "2018-13-01", "2018-5-3", "2018-05-03 24:00:00", "2018-05-03 23:59:60", "2018-05-03t10:00:00",
           "2018-05-03 10:00:00z", "2018-05-03 10:00:00.1234567890", "2018-05-03T10:00:00+24:00",
           "2018-05-03T10:00:00+02:60", "2018-05-03.5", "2100-02-29", "0000-01-01", "\u00a02018-05-03", "2018-05-03\n",
           "2018-05-03 10:00", "2018/05/03", "", None, "2018-05-03T10:00:00+0200", "2018-05-03 10:00:00 Z"]
    for ts in bad:
        rows.append(row(timestamp=ts, country_code="times"))
    # The ends of 64-bit nanoseconds: just inside and just outside.
    rows.append(row(first_order_ts="1677-09-21 00:12:43.145224192Z", last_order_ts="1677-09-21 00:12:43.145224192",
                    timestamp="1677-09-22", country_code="edges"))
    rows.append(row(first_order_ts="1677-09-21 00:12:43.145224191Z", country_code="edges"))
    rows.append(row(timestamp="2262-04-11T23:47:16.854775807Z", country_code="edges"))
    rows.append(row(timestamp="2262-04-11T23:47:16.854775808Z", country_code="edges"))
    rows.append(row(timestamp="2262-04-12", country_code="edges"))
    rows.append(row(timestamp="9999-12-31", country_code="edges"))
    rows.append(row(first_order_ts="0001-01-01", country_code="edges"))
    # first_after_last and voucher_before_last_order, by a nanosecond, and equal (kept).
    rows.append(row(first_order_ts="2018-04-01 00:00:00.000000001", country_code="order"))
    rows.append(row(first_order_ts="2018-04-01 00:00:00", country_code="order"))
    rows.append(row(last_order_ts="2018-05-03 10:00:00.000000001", country_code="order"))
    rows.append(row(last_order_ts="2018-05-03 10:00:00", country_code="order"))
    rows.append(row(last_order_ts="2018-05-03T12:00:00+01:00", country_code="order"))  # 11:00 UTC: after the voucher
    rows.append(row(first_order_ts="2018-04-01T00:30:00+01:00", country_code="order"))  # 23:30 the day before: kept
    return rows


def duplicate_rows():
    """Duplicates compare the country key, instants and numbers: only the
    first of equal rows counts, with its spelling."""
    rows = []
    rows.append(row(country_code=" peru ", timestamp="2018-05-03", total_orders="3"))
    rows.append(row(country_code="PERU", timestamp="2018-05-03T00:00:00Z", total_orders="3.0"))
    rows.append(row(country_code="Peru", timestamp="2018-05-03T02:00:00+02:00", total_orders="3e0"))
    rows.append(row(country_code="Peru", timestamp="2018-05-03T02:00:00+02:00", total_orders="3e0", voucher_amount="2641"))
    # Display-name ties: two spellings with two kept rows each; the smallest in byte order wins.
    for i, spelling in enumerate(["latvia", "Latvia", "Latvia", "latvia", "LATVIA"]):
        rows.append(row(country_code=spelling, total_orders=str(i)))
    # Unicode white space and case: one key each.
    for i, spelling in enumerate(["\u00a0Straße\u3000", "STRASSE", "straße", "\u2028İstanbul", "i\u0307stanbul",
                                   "ΟΔΟΣ", "οδοσ", "ǅungla", "ǆungla"]):
        rows.append(row(country_code=spelling, total_orders=str(i)))
    return rows


def aggregation_rows():
    """Ties of amounts, fallbacks, and every bucket edge of both default segments."""
    rows = []
    # Ties: 2640 and 1000 twice each in bucket 0-4: the smaller, 1000.
    for amount in ["2640", "1000", "2640", "1000", "4400"]:
        rows.append(row(country_code="ties", total_orders="1", voucher_amount=amount,
                        timestamp="2018-05-03 10:00:0%d" % len(rows)))
    # Bucket edges of total_orders.
    for orders in [0, 4, 5, 13, 14, 37, 38, 10**9]:
        rows.append(row(country_code="edges", total_orders=str(orders), voucher_amount=str(100 + orders % 1000)))
    # Bucket edges of days since the last order (30 days and 23:59:59.999999999 is 30).
    for last, ts in [("2018-04-03 10:00:00", "2018-05-03 09:59:59.999999999"), ("2018-04-02 10:00:00", "2018-05-03 10:00:00"),
                     ("2018-03-04 10:00:00", "2018-05-03 10:00:00"), ("2018-03-03 10:00:00", "2018-05-03 10:00:00"),
                     ("2017-11-04", "2018-05-03"), ("2017-11-03", "2018-05-03"), ("1970-01-01", "2018-05-03"),
                     ("2018-05-03T01:00:00+02:00", "2018-06-02T00:59:59Z")]:
        rows.append(row(country_code="days", last_order_ts=last, first_order_ts="1970-01-01", timestamp=ts,
                        voucher_amount="500"))
    # Fallbacks: a country with rows in one bucket of each segment only.
    rows.append(row(country_code="lonely", total_orders="40", voucher_amount="7"))
    return rows


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in rows:
            writer.writerow(["" if v is None else v for v in r])


def typed_table(n_start, timestamp_type, amounts, amount_type):
    """A typed history: times as Parquet times, numbers as numbers."""
    base = datetime.datetime(2018, 5, 3, 10, 0, 0)
    ts, last, first, orders, countries = [], [], [], [], []
    for i, _ in enumerate(amounts):
        ts.append(base + datetime.timedelta(days=i % 7, microseconds=(i * 137) % 1000))
        last.append(base - datetime.timedelta(days=(i * 13) % 200, hours=i % 24))
        first.append(datetime.date(2017, 1, 1) + datetime.timedelta(days=i % 90))
        orders.append((n_start + i) % 45)
        countries.append(["Peru", "peru", "China", " Latvia"][i % 4])
    return pa.table({
        "timestamp": pa.array(ts, type=timestamp_type),
        "country_code": pa.array(countries),
        "last_order_ts": pa.array(last, type=pa.timestamp("ms")),
        "first_order_ts": pa.array(first, type=pa.date32()),
        "total_orders": pa.array(orders, type=pa.int64()),
        "voucher_amount": pa.array(amounts, type=amount_type),
    })


def as_text(v):
    if v is None:
        return None
    if isinstance(v, datetime.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, datetime.date):
        return v.isoformat()
    return str(v)


def main():
    out = sys.argv[1]
    cases = []

    def case(name, files, engines=("duckdb", "spark")):
        cases.append({"name": name, "history": [os.path.join(name, f) for f in files], "engines": list(engines)})

    def folder(name):
        path = os.path.join(out, name)
        os.makedirs(path, exist_ok=True)
        return path

    d = folder("cleaning")
    write_csv(os.path.join(d, "history.csv"), cleaning_rows())
    case("cleaning", ["history.csv"])

    d = folder("duplicates")
    dup = duplicate_rows()
    write_csv(os.path.join(d, "a.csv"), dup[:2])
    write_csv(os.path.join(d, "b.csv"), dup[2:] + dup[:1])  # a duplicate across files, and of a later file's row
    case("duplicates", ["a.csv", "b.csv"])

    d = folder("aggregation")
    write_csv(os.path.join(d, "history.csv"), aggregation_rows())
    case("aggregation", ["history.csv"])

    d = folder("empty")
    write_csv(os.path.join(d, "history.csv"), [])
    case("empty", ["history.csv"])

    # Typed Parquet: UTC and local timestamps, dates, integers, doubles (NaN, -0.0, fractions, 2^60, 1e300),
    # floats and decimals, and the same rows as text. The files of one history share a schema (as the
    # files of an engine's table do); a second file of the same schema repeats rows of the first.
    amounts = [2640.0, 4400.0, float("nan"), -0.0, 3.5, 2.0**60, 1e300, 1000.0, 2640.0, -5.0, 0.0, 1000.0] * 3
    d = folder("typed_utc")
    t = typed_table(0, pa.timestamp("us", tz="UTC"), amounts, pa.float64())
    pq.write_table(t, os.path.join(d, "a.parquet"), row_group_size=10)
    pq.write_table(t.slice(5, 20), os.path.join(d, "b.parquet"))
    case("typed_utc", ["a.parquet", "b.parquet"])
    d = folder("typed_float")
    pq.write_table(typed_table(5, pa.timestamp("us"), amounts, pa.float32()), os.path.join(d, "history.parquet"))
    case("typed_float", ["history.parquet"])
    d = folder("typed_decimal")
    decimals = [decimal.Decimal(x) for x in ["2640.00", "4400.50", "0.00", "1000.00", "-1.00"] * 7]
    pq.write_table(typed_table(9, pa.timestamp("ms", tz="UTC"), decimals, pa.decimal128(9, 2)),
                   os.path.join(d, "history.parquet"), store_decimal_as_integer=True)  # DECIMAL as INT32 (behaviour document §1.3)
    case("typed_decimal", ["history.parquet"])
    d = folder("typed_text")
    text = pa.table({c: pa.array([as_text(v) for v in t.column(c).to_pylist()]) for c in COLUMNS})
    pq.write_table(text, os.path.join(d, "history.parquet"))
    case("typed_text", ["history.parquet"])

    # Nanosecond timestamps (TIMESTAMP(NANOS)): DuckDB reads them whole; Spark does not read them as times.
    d = folder("nanoseconds")
    ns = pa.array([1525341600_000000001 + i * 86_400_000_000_007 for i in range(12)], type=pa.int64()).cast(pa.timestamp("ns", tz="UTC"))
    t = typed_table(0, pa.timestamp("us", tz="UTC"), [2640.0, 1000.0, 4400.0] * 4, pa.float64())
    t = t.set_column(0, "timestamp", ns)
    pq.write_table(t, os.path.join(d, "history.parquet"))
    case("nanoseconds", ["history.parquet"], engines=["duckdb"])

    # INT96 times with a nanosecond digit: DuckDB and Spark read INT96 as microseconds, so two rows a
    # nanosecond apart become duplicates there (and a bucket edge a nanosecond away moves).
    d = folder("int96")
    ns = pa.array([1525341600_000000000, 1525341600_000000001, 1525341600_000000999] * 2, type=pa.int64())
    t = pa.table({"timestamp": ns.cast(pa.timestamp("ns")), "country_code": pa.array(["Peru"] * 6),
                  "last_order_ts": pa.array([datetime.datetime(2018, 4, 1)] * 6, type=pa.timestamp("ms")),
                  "first_order_ts": pa.array([datetime.date(2017, 1, 1)] * 6, type=pa.date32()),
                  "total_orders": pa.array([3] * 6, type=pa.int64()),
                  "voucher_amount": pa.array([2640.0, 1000.0, 1000.0] * 2, type=pa.float64())})
    pq.write_table(t, os.path.join(d, "history.parquet"), use_deprecated_int96_timestamps=True)
    case("int96", ["history.parquet"], engines=[])

    with open(os.path.join(out, "cases.json"), "w", encoding="utf-8") as f:
        json.dump(cases, f, indent=1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the small Parquet fixtures of the Parquet reader tests, each with
the values it should decode to.

Run from the repository root with the project's venv (bash build/setup.sh):

    .venv/bin/python Tests/VoucherHistoryTests/Fixtures/make_parquet_fixtures.py

For every `parquet/NAME.parquet` it writes `parquet/NAME.json`:

    {"rows": N, "rowGroups": G, "codec": "GZIP",
     "columns": [{"name": ..., "physicalType": "INT64", "logicalType": "TIMESTAMP(MILLIS, UTC)" | null,
                  "kind": "integer" | "double" | "time" | "text" | "boolean",
                  "values": [...one per row, null for null...]}]}

Values: integers and times (nanoseconds since 1970-01-01 UTC) as decimal
strings (exact beyond 2^53), doubles as their shortest round-trip strings, text as strings,
booleans as true/false. Columns the reader must refuse carry "unsupported": true
and no values. The output is deterministic (fixed seed), so re-running it
changes nothing.
"""
import datetime
import decimal
import json
import os
import random

import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "parquet")
ROWS = 30
EPOCH = datetime.datetime(1970, 1, 1)
EPOCH_DATE = datetime.date(1970, 1, 1)
UNIT_NS = {"s": 1_000_000_000, "ms": 1_000_000, "us": 1_000, "ns": 1}


def with_nulls(rng, values, share=0.2):
    return [None if rng.random() < share else v for v in values]


def types_table(rng):
    """Every supported type, with nulls in the optional columns; a few required ones."""
    n = ROWS
    countries = ["Peru", "Latvia", "China", "Australia", " peru ", "Ünïcödé"]
    words = ["alpha", "beta", "gamma", "delta", "", "epsilon-" * 3]
    ms_times = [rng.randrange(-2_000_000_000_000, 4_000_000_000_000) for _ in range(n)]
    us_times = [rng.randrange(-9 * 10**15, 9 * 10**15) for _ in range(n)]
    ns_times = [rng.randrange(-9 * 10**18, 9 * 10**18) for _ in range(n)]
    columns = [
        # name, arrow type, values, nullable, physical, logical, kind
        ("i32", pa.int32(), with_nulls(rng, [rng.randrange(-2**31, 2**31) for _ in range(n)]), True, "INT32", None, "integer"),
        ("i64", pa.int64(), with_nulls(rng, [rng.choice([-2**63, 2**63 - 1, 0, rng.randrange(-2**63, 2**63)]) for _ in range(n)]),
         True, "INT64", None, "integer"),
        ("i64_req", pa.int64(), [rng.randrange(0, 5) for _ in range(n)], False, "INT64", None, "integer"),
        ("i8", pa.int8(), with_nulls(rng, [rng.randrange(-128, 128) for _ in range(n)]), True, "INT32", "INT(8, SIGNED)", "integer"),
        ("u32", pa.uint32(), with_nulls(rng, [rng.randrange(0, 2**32) for _ in range(n)]), True, "INT32", "INT(32, UNSIGNED)", "integer"),
        ("f32", pa.float32(), with_nulls(rng, [rng.uniform(-1e6, 1e6) for _ in range(n)]), True, "FLOAT", None, "double"),
        ("f64", pa.float64(), with_nulls(rng, [rng.choice([4400.0, 2640.0, -0.5, 1e300, rng.uniform(-1, 1)]) for _ in range(n)]),
         True, "DOUBLE", None, "double"),
        ("flag", pa.bool_(), with_nulls(rng, [rng.random() < 0.5 for _ in range(n)]), True, "BOOLEAN", None, "boolean"),
        ("flag_req", pa.bool_(), [rng.random() < 0.3 for _ in range(n)], False, "BOOLEAN", None, "boolean"),
        ("country", pa.string(), with_nulls(rng, [rng.choice(countries) for _ in range(n)]), True, "BYTE_ARRAY", "STRING", "text"),
        ("word_req", pa.string(), [rng.choice(words) + str(i) for i in range(n)], False, "BYTE_ARRAY", "STRING", "text"),
        ("fixed4", pa.binary(4), with_nulls(rng, [rng.choice(["abcd", "wxyz", "1234"]).encode() for _ in range(n)]),
         True, "FIXED_LEN_BYTE_ARRAY", None, "text"),
        ("day", pa.date32(), with_nulls(rng, [EPOCH_DATE + datetime.timedelta(days=rng.randrange(-40000, 40000)) for _ in range(n)]),
         True, "INT32", "DATE", "time"),
        ("ts_ms", pa.timestamp("ms"), with_nulls(rng, ms_times), True, "INT64", "TIMESTAMP(MILLIS)", "time"),
        ("ts_ms_utc", pa.timestamp("ms", tz="UTC"), with_nulls(rng, ms_times[::-1]), True, "INT64", "TIMESTAMP(MILLIS, UTC)", "time"),
        ("ts_us", pa.timestamp("us"), with_nulls(rng, us_times), True, "INT64", "TIMESTAMP(MICROS)", "time"),
        ("ts_us_utc", pa.timestamp("us", tz="UTC"), with_nulls(rng, us_times[::-1]), True, "INT64", "TIMESTAMP(MICROS, UTC)", "time"),
        ("ts_ns", pa.timestamp("ns"), with_nulls(rng, ns_times), True, "INT64", "TIMESTAMP(NANOS)", "time"),
        ("ts_ns_utc", pa.timestamp("ns", tz="UTC"), with_nulls(rng, ns_times[::-1]), True, "INT64", "TIMESTAMP(NANOS, UTC)", "time"),
        ("amount", pa.decimal128(9, 2), with_nulls(rng, [decimal.Decimal(rng.randrange(-10**8, 10**8)) / 100 for _ in range(n)]),
         True, "INT32", "DECIMAL(9, 2)", "double"),
        ("all_null", pa.string(), [None] * n, True, "BYTE_ARRAY", "STRING", "text"),
    ]
    return columns


def to_arrow(columns):
    fields, arrays = [], []
    for name, typ, values, nullable, *_ in columns:
        if typ in (pa.timestamp("ms"), pa.timestamp("us"), pa.timestamp("ns")) or isinstance(typ, pa.TimestampType):
            arrays.append(pa.array(values, type=pa.int64()).cast(typ))
        else:
            arrays.append(pa.array(values, type=typ))
        fields.append(pa.field(name, typ, nullable=nullable))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def expected_value(typ, kind, v):
    if v is None:
        return None
    if kind == "time":
        if isinstance(typ, pa.TimestampType):
            return str(v * UNIT_NS[typ.unit])
        if typ == pa.date32():
            return str((v - EPOCH_DATE).days * 86_400_000_000_000)
    if kind == "integer":
        return str(v)
    if kind == "double":
        if isinstance(v, decimal.Decimal):
            return repr(float(v))
        if typ == pa.float32():
            return repr(float(pa.array([v], type=pa.float32())[0].as_py()))
        return repr(float(v))
    if kind == "text":
        return v.decode() if isinstance(v, bytes) else v
    return v


def manifest(path, columns, codec, extra=None):
    meta = pq.ParquetFile(path).metadata
    doc = {
        "rows": meta.num_rows,
        "rowGroups": meta.num_row_groups,
        "codec": codec,
        "columns": [
            {"name": name, "physicalType": physical, "logicalType": logical, "kind": kind,
             "values": [expected_value(typ, kind, v) for v in values]}
            for name, typ, values, _, physical, logical, kind in columns
        ],
    }
    if extra:
        doc["columns"].extend(extra)
    with open(path[: -len(".parquet")] + ".json", "w") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"), ensure_ascii=False)
        f.write("\n")


def write(name, columns, codec="NONE", manifest_codec=None, extra=None, table=None, **options):
    path = os.path.join(OUT, name + ".parquet")
    options.setdefault("row_group_size", 12)
    options.setdefault("write_batch_size", 5)
    options.setdefault("data_page_size", 256)
    options.setdefault("write_statistics", False)
    options.setdefault("store_schema", False)
    pq.write_table(table if table is not None else to_arrow(columns), path, compression=codec, **options)
    manifest(path, columns, manifest_codec or ("UNCOMPRESSED" if codec == "NONE" else codec), extra)
    return path


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        os.remove(os.path.join(OUT, old))

    # Every codec x data page v1/v2 x dictionary on/off, with nulls and 3 row groups.
    # A small dictionary page limit makes high-cardinality columns fall back to PLAIN.
    for codec in ["NONE", "GZIP", "SNAPPY", "ZSTD"]:
        for page_version in ["1.0", "2.0"]:
            for dictionary in [True, False]:
                rng = random.Random(f"{codec}{page_version}{dictionary}")
                name = f"types_{codec.lower()}_v{page_version[0]}_{'dict' if dictionary else 'plain'}"
                write(name, types_table(rng), codec=codec, data_page_version=page_version, version="2.6",
                      use_dictionary=dictionary, dictionary_pagesize_limit=40, store_decimal_as_integer=True)

    # The delta encodings (dictionary off), with enough rows for several blocks and miniblocks.
    rng = random.Random("delta")
    n = 300
    walk, value = [], 0
    for _ in range(n):
        value += rng.choice([1, 2, 3, -5, 1000, -(2**40), 2**40])
        walk.append(value)
    stems = ["voucher-2018-07-", "voucher-2018-08-", "country/Peru/", "zzz"]
    delta_columns = [
        ("d_i32", pa.int32(), with_nulls(rng, [rng.randrange(-2**31, 2**31) if i % 97 == 0 else i * 3 for i in range(n)]),
         True, "INT32", None, "integer"),
        ("d_i64", pa.int64(), with_nulls(rng, walk), True, "INT64", None, "integer"),
        ("d_i64_req", pa.int64(), [rng.choice([-2**63, 2**63 - 1, 0, 7]) for _ in range(n)], False, "INT64", None, "integer"),
        ("d_ts", pa.timestamp("ms", tz="UTC"), with_nulls(rng, [1_500_000_000_000 + 1000 * i for i in range(n)]),
         True, "INT64", "TIMESTAMP(MILLIS, UTC)", "time"),
        ("dl_text", pa.string(), with_nulls(rng, [rng.choice(stems)[: rng.randrange(0, 8)] + str(i) for i in range(n)]),
         True, "BYTE_ARRAY", "STRING", "text"),
        ("db_text", pa.string(), with_nulls(rng, [rng.choice(stems) + str(i // 3) for i in range(n)]),
         True, "BYTE_ARRAY", "STRING", "text"),
        ("db_fixed", pa.binary(6), with_nulls(rng, [("ab%04d" % rng.randrange(0, 30)).encode() for _ in range(n)]),
         True, "FIXED_LEN_BYTE_ARRAY", None, "text"),
    ]
    encodings = {"d_i32": "DELTA_BINARY_PACKED", "d_i64": "DELTA_BINARY_PACKED", "d_i64_req": "DELTA_BINARY_PACKED",
                 "d_ts": "DELTA_BINARY_PACKED", "dl_text": "DELTA_LENGTH_BYTE_ARRAY", "db_text": "DELTA_BYTE_ARRAY",
                 "db_fixed": "DELTA_BYTE_ARRAY"}
    for page_version in ["1.0", "2.0"]:
        write(f"delta_v{page_version[0]}", delta_columns, codec="SNAPPY", use_dictionary=False, column_encoding=encodings,
              data_page_version=page_version, row_group_size=200, data_page_size=512, write_batch_size=64)

    # Booleans in RLE (data page v2).
    rng = random.Random("bool")
    bools = [("b", pa.bool_(), with_nulls(rng, [rng.random() < 0.7 for _ in range(200)]), True, "BOOLEAN", None, "boolean"),
             ("b_req", pa.bool_(), [i % 3 == 0 for i in range(200)], False, "BOOLEAN", None, "boolean")]
    write("bool_rle_v2", bools, use_dictionary=False, column_encoding={"b": "RLE", "b_req": "RLE"}, data_page_version="2.0",
          row_group_size=200)

    # INT96 timestamps (legacy Impala/Hive layout), with times before 1970 and sub-microsecond digits.
    rng = random.Random("int96")
    ns = with_nulls(rng, [rng.randrange(-5 * 10**18, 5 * 10**18) for _ in range(ROWS)])
    int96 = [("legacy_ts", pa.timestamp("ns"), ns, True, "INT96", None, "time"),
             ("id", pa.int64(), list(range(ROWS)), False, "INT64", None, "integer")]
    write("int96", int96, codec="GZIP", use_deprecated_int96_timestamps=True)

    # Nested and repeated columns next to flat ones: the flat ones read, the others are refused.
    rng = random.Random("nested")
    flat = [("id", pa.int64(), list(range(20)), False, "INT64", None, "integer"),
            ("name", pa.string(), with_nulls(rng, [f"n{i}" for i in range(20)]), True, "BYTE_ARRAY", "STRING", "text")]
    table = to_arrow(flat)
    table = table.append_column("tags", pa.array([[f"t{i}", "x"] for i in range(20)], type=pa.list_(pa.string())))
    table = table.append_column("point", pa.array([{"x": i, "y": -i} for i in range(20)],
                                                  type=pa.struct([("x", pa.int32()), ("y", pa.int32())])))
    table = table.append_column("after", pa.array([i * 2.5 for i in range(20)], type=pa.float64()))
    after = [("after", pa.float64(), [i * 2.5 for i in range(20)], True, "DOUBLE", None, "double")]
    extra = [{"name": "tags", "unsupported": True, "index": 2}, {"name": "point", "unsupported": True, "index": 3}]
    path = write("nested", flat + after, table=table, codec="ZSTD", extra=extra)
    # The manifest lists flat columns in file order: id, name, then after (index 4).
    with open(path[:-8] + ".json") as f:
        doc = json.load(f)
    doc["columnIndices"] = {"id": 0, "name": 1, "after": 4}
    with open(path[:-8] + ".json", "w") as f:
        json.dump(doc, f, separators=(",", ":"), ensure_ascii=False)
        f.write("\n")

    # No rows at all.
    write("empty", [("id", pa.int64(), [], True, "INT64", None, "integer"),
                    ("name", pa.string(), [], True, "BYTE_ARRAY", "STRING", "text")])


if __name__ == "__main__":
    main()

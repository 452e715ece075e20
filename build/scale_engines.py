#!/usr/bin/env python3
"""The voucher table computed end to end by a general engine, for build/bench-scale.sh.

    scale_engines.py duckdb|polars HISTORY.parquet SEGMENTS.json OUT.parquet

One query (DuckDB SQL, or one Polars lazy query) from the history file to the
table's entries, written to OUT as rows of (country key, segment, bucket,
amount, samples, fallback). The rules are the behaviour document's, written
here independently of `voucher sql`:

- §2 cleaning: a row is kept when its amount and order count are whole
  numbers >= 0 (§2.8: text with ASCII white space, `+`, zero fractions and
  exponents; finite whole floats; within 64 bits), its country key is not
  empty, its three times are times (§1.2: the three text shapes, 1-9
  fraction digits, `Z` or +-HH:MM zones up to 23:59, spaces and tabs around,
  the 64-bit nanosecond range; typed Parquet times as they are), first order
  <= last order <= timestamp. The reasons' order decides only which reason
  counts a dropped row, not which rows are kept, so the table needs only the
  kept test.
- §2.7 exact duplicates: the kept rows are made distinct on the six values
  as read (times as instants in nanoseconds, the country key, the numbers).
  Which of equal rows is kept decides only the display spelling, which the
  entries do not hold.
- §2.9 country key: Unicode white space trimmed, then lower-cased with the
  full mapping and no final-sigma rule (`İ` -> `i̇`, `Σ` -> `σ`, as Swift).
- §3 buckets from SEGMENTS; days since the last order rounded down.
- §4 entries: per country, segment and bucket the most used amount, ties to
  the smaller; an empty bucket falls back to the country's most used amount
  over all its kept rows, with 0 samples.
Both engines hold times as 64-bit nanoseconds, parse the text shapes with
the pattern below and check the date with their own date parser. Where they
could still differ from voucher: a letter newer than an engine's Unicode
tables may lower-case differently (none in this history).
"""
import json
import sys

TIME_COLUMNS = ("timestamp", "last_order_ts", "first_order_ts")
NUMBER_COLUMNS = ("total_orders", "voucher_amount")
# §1.2 after trimming spaces and tabs; hours, minutes, seconds and zone ranges in the pattern,
# the date's validity by the engine's date parser, the year range by the nanosecond range.
TIME_PATTERN = (r"^(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"
                r"(?:[ T](?P<h>[01][0-9]|2[0-3]):(?P<m>[0-5][0-9]):(?P<s>[0-5][0-9])(?:\.(?P<frac>[0-9]{1,9}))?)?"
                r"(?P<zone>Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?\z")
WHOLE_FORM = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\z"  # then whole and in range
EXACT_FORM = r"^[+-]?[0-9]+(\.0*)?\z"  # read exactly as a 64-bit integer
UNICODE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
ASCII_SPACE = "\t\n\x0b\x0c\r "
NS_MIN, NS_MAX = -(2**63) + 1, 2**63 - 1  # -2^63 is voucher's "not a time"
DAY_NS = 86_400 * 10**9
S_MIN, F_MIN = divmod(NS_MIN - 1, 10**9)  # the instant just before the range, as (seconds, nanoseconds)
S_MAX, F_MAX = divmod(NS_MAX, 10**9)


def buckets(segments_path):
    """[(segment, metric, [(label, lowest value)])] of the segment configuration (§3.3)."""
    with open(segments_path, encoding="utf-8") as f:
        config = json.load(f)
    return [(s["name"], s["metric"], [(b, int(b.rstrip("+").split("-")[0])) for b in s["buckets"]])
            for s in config["segments"]]


# DuckDB ---------------------------------------------------------------------------------------

def sql_text(value):
    return "'" + value.replace("'", "''") + "'"


# Each column is read in three steps, each a layer of the query naming what the next uses, so
# DuckDB computes a costly expression once (it copies a layer's expressions into the filters above).

def duckdb_time(column, kind):
    """Three steps of a time column in SQL: the last gives nanoseconds since 1970 (BIGINT),
    NULL when the value is not a time."""
    if kind != "VARCHAR":
        if kind == "DATE":
            ns = f"try_cast(({column} - DATE '1970-01-01')::HUGEINT * {DAY_NS} AS BIGINT)"
        elif kind.startswith("TIMESTAMP_NS"):
            ns = f"epoch_ns({column})"
        elif kind.startswith("TIMESTAMP"):
            ns = f"try_cast(epoch_us({column})::HUGEINT * 1000 AS BIGINT)"
        else:
            sys.exit(f"scale_engines: {column} of type {kind} is not a time")
        return [], [], ns
    t, s, n = f"{column}_t", f"{column}_s", f"{column}_n"
    zoned = f"(length({t}) > 10 AND substr({t}, -6, 1) IN ('+', '-'))"
    offset = (f"CASE WHEN {zoned} THEN (CASE WHEN substr({t}, -6, 1) = '-' THEN -1 ELSE 1 END)"
              f" * (substr({t}, -5, 2)::BIGINT * 3600 + substr({t}, -2, 2)::BIGINT * 60) ELSE 0 END")
    body = f"CASE WHEN right({t}, 1) = 'Z' THEN left({t}, length({t}) - 1) WHEN {zoned} THEN left({t}, length({t}) - 6) ELSE {t} END"
    first = [f"trim({column}, ' ' || chr(9)) AS {t}"]
    # The shape by the pattern; the wall clock to the second by DuckDB's parser (it checks the date),
    # the fraction's digits apart; seconds NULL when the text is not a time.
    second = [f"CASE WHEN regexp_full_match({t}, {sql_text(TIME_PATTERN)}) THEN "
              f"epoch_us(try_cast(left({body}, 19) AS TIMESTAMP)) // 1000000 - ({offset}) END AS {s}",
              f"coalesce(try_cast(rpad(substr({body}, 21), 9, '0') AS BIGINT), 0) AS {n}"]
    in_range = (f"({s} > {S_MIN} OR ({s} = {S_MIN} AND {n} > {F_MIN})) AND ({s} < {S_MAX} OR ({s} = {S_MAX} AND {n} <= {F_MAX}))")
    # (DuckDB may compute a CASE's result for rows it does not choose: HUGEINT, then a cast that cannot fail.)
    return first, second, f"CASE WHEN {in_range} THEN try_cast({s}::HUGEINT * 1000000000 + {n} AS BIGINT) END"


def duckdb_number(column, kind):
    """Three steps of a number column in SQL: the last gives a BIGINT when the value is a whole
    number, else NULL."""
    if kind in ("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT", "HUGEINT"):
        return [], [], f"try_cast({column} AS BIGINT)"
    d = f"{column}_d"
    whole = f"CASE WHEN isfinite({d}) AND {d} = floor({d}) AND {d} >= -9223372036854775808.0 AND {d} < 9223372036854775808.0 THEN {d}::BIGINT END"
    if kind != "VARCHAR":
        return [f"{column}::DOUBLE AS {d}"], [], whole
    t, exact = f"{column}_t", f"{column}_exact"
    return ([f"trim({column}, {sql_text(ASCII_SPACE)}) AS {t}"],
            [f"CASE WHEN regexp_full_match({t}, {sql_text(WHOLE_FORM)}) AND NOT regexp_full_match({t}, {sql_text(EXACT_FORM)})"
             f" THEN try_cast({t} AS DOUBLE) END AS {d}",
             f"CASE WHEN regexp_full_match({t}, {sql_text(EXACT_FORM)}) THEN try_cast(regexp_extract({t}, '^[+-]?[0-9]+') AS BIGINT) END AS {exact}"],
            f"coalesce({exact}, {whole})")


def duckdb_query(history, segments):
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"CREATE VIEW history AS SELECT * FROM read_parquet({sql_text(history)})")
    kinds = {name: kind for name, kind, *_ in con.execute("DESCRIBE history").fetchall()}
    names = {"timestamp": "ts", "last_order_ts": "lo", "first_order_ts": "fo",
             "total_orders": "orders", "voucher_amount": "amount"}
    steps = {c: duckdb_time(c, kinds[c]) for c in TIME_COLUMNS}
    steps.update({c: duckdb_number(c, kinds[c]) for c in NUMBER_COLUMNS})
    key = f"lower(replace(trim(country_code, {sql_text(UNICODE_SPACE)}), 'İ', 'i̇'))"
    metric = {"total_orders": "orders", "days_since_last_order": f"(ts::HUGEINT - lo) // {DAY_NS}"}
    segs = buckets(segments)
    bucket_of = [
        "CASE " + " ".join(f"WHEN {metric[m]} >= {low} THEN {sql_text(label)}" for label, low in reversed(bs)) + " END"
        for _, m, bs in segs]
    all_buckets = ", ".join(f"({sql_text(s)}, {sql_text(label)}, {i})" for s, _, bs in segs for i, (label, _) in enumerate(bs))
    per_segment = " UNION ALL ".join(
        f"SELECT country, {sql_text(s)} AS segment, b{i} AS bucket, amount, n FROM grouped" for i, (s, _, _) in enumerate(segs))
    query = f"""
    WITH trimmed AS (
      SELECT *, {', '.join(e for first, _, _ in steps.values() for e in first)} FROM history),
    fields AS (
      SELECT *, {', '.join(e for _, second, _ in steps.values() for e in second)} FROM trimmed),
    read AS (
      SELECT {key} AS country, {', '.join(f"{last} AS {names[c]}" for c, (_, _, last) in steps.items())} FROM fields),
    kept AS (
      SELECT DISTINCT ts, country, lo, fo, orders, amount FROM read
      WHERE amount >= 0 AND orders >= 0 AND country <> ''
        AND ts IS NOT NULL AND lo IS NOT NULL AND fo IS NOT NULL
        AND fo <= lo AND lo <= ts),
    grouped AS (
      SELECT country, amount, {', '.join(f'{b} AS b{i}' for i, b in enumerate(bucket_of))}, count(*) AS n
      FROM kept GROUP BY ALL),
    counts AS (
      SELECT country, segment, bucket, amount, sum(n) AS n FROM ({per_segment}) GROUP BY ALL),
    best AS (
      SELECT country, segment, bucket, first(amount ORDER BY n DESC, amount) AS amount, sum(n) AS samples
      FROM counts GROUP BY ALL),
    overall AS (
      SELECT country, first(amount ORDER BY n DESC, amount) AS amount
      FROM (SELECT country, amount, sum(n) AS n FROM grouped GROUP BY ALL) GROUP BY ALL),
    slots(segment, bucket, position) AS (VALUES {all_buckets})
    SELECT o.country, s.segment, s.bucket, coalesce(b.amount, o.amount) AS amount,
           coalesce(b.samples, 0)::BIGINT AS samples, b.amount IS NULL AS fallback
    FROM overall o CROSS JOIN slots s
    LEFT JOIN best b ON b.country = o.country AND b.segment = s.segment AND b.bucket = s.bucket
    ORDER BY o.country, s.segment, s.position"""
    return con, query


def run_duckdb(history, segments, out):
    con, query = duckdb_query(history, segments)
    con.execute(f"COPY ({query}) TO {sql_text(out)} (FORMAT PARQUET)")


# Polars ---------------------------------------------------------------------------------------

def polars_time(schema, name):
    """(whole seconds, nanoseconds 0..1e9) since 1970 of a time column; null when not a time."""
    import polars as pl

    kind = schema[name]
    if kind == pl.String:
        p = pl.col(name).str.strip_chars(" \t").str.extract_groups(TIME_PATTERN)
        zone = p.struct.field("zone")
        offset = (pl.when(zone.str.len_chars() == 6)
                  .then(pl.when(zone.str.slice(0, 1) == "-").then(-1).otherwise(1)
                        * (zone.str.slice(1, 2).cast(pl.Int64) * 3600 + zone.str.slice(4, 2).cast(pl.Int64) * 60))
                  .otherwise(0))
        days = p.struct.field("date").str.to_date("%Y-%m-%d", strict=False).cast(pl.Int64)
        clock = (p.struct.field("h").cast(pl.Int64) * 3600 + p.struct.field("m").cast(pl.Int64) * 60
                 + p.struct.field("s").cast(pl.Int64)).fill_null(0)
        nanos = p.struct.field("frac").str.pad_end(9, "0").cast(pl.Int64).fill_null(0)
        return days * 86_400 + clock - offset, nanos
    if kind == pl.Date:
        return pl.col(name).cast(pl.Int64) * 86_400, pl.lit(0, pl.Int64)
    if isinstance(kind, pl.Datetime):
        per_second = {"ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}[kind.time_unit]
        ticks = pl.col(name).cast(pl.Int64)
        return ticks.floordiv(per_second), ticks.mod(per_second) * (1_000_000_000 // per_second)
    sys.exit(f"scale_engines: {name} of type {kind} is not a time")


def polars_number(schema, name):
    """A number column as an Int64 when it is a whole number, else null."""
    import polars as pl

    kind = schema[name]
    if kind.is_integer():
        return pl.col(name).cast(pl.Int64, strict=False)

    def of_float(d):
        return pl.when(d.is_finite() & (d == d.floor()) & (d >= -(2.0**63)) & (d < 2.0**63)).then(d.cast(pl.Int64, strict=False))

    if kind == pl.String:
        t = pl.col(name).str.strip_chars(ASCII_SPACE)
        return (pl.when(~t.str.contains(WHOLE_FORM)).then(None)
                .when(t.str.contains(EXACT_FORM)).then(t.str.extract(r"^([+-]?[0-9]+)", 1).str.to_integer(strict=False))
                .otherwise(of_float(t.cast(pl.Float64, strict=False))))
    return of_float(pl.col(name).cast(pl.Float64))


def polars_query(history, segments):
    import polars as pl

    lf = pl.scan_parquet(history)
    schema = lf.collect_schema()

    columns, valid = {}, []
    for short, name in zip(("ts", "lo", "fo"), TIME_COLUMNS):
        s, f = polars_time(schema, name)
        columns[short + "_s"], columns[short + "_f"] = s, f
        sc, fc = pl.col(short + "_s"), pl.col(short + "_f")
        valid.append(((sc > S_MIN) | ((sc == S_MIN) & (fc > F_MIN))) & ((sc < S_MAX) | ((sc == S_MAX) & (fc <= F_MAX))))
    key = pl.col("country_code").str.strip_chars(UNICODE_SPACE).str.replace_all("Σ", "σ", literal=True).str.to_lowercase()

    def ns(short):
        return pl.col(short + "_s") * 1_000_000_000 + pl.col(short + "_f")

    def not_later(a, b):  # time a <= time b
        return (pl.col(a + "_s") < pl.col(b + "_s")) | ((pl.col(a + "_s") == pl.col(b + "_s")) & (pl.col(a + "_f") <= pl.col(b + "_f")))

    days = ((pl.col("ts_s") - pl.col("lo_s") - (pl.col("ts_f") < pl.col("lo_f")).cast(pl.Int64)).floordiv(86_400))
    metric = {"total_orders": pl.col("orders"), "days_since_last_order": days}
    segs = buckets(segments)

    def bucket_of(m, bs):
        label, low = bs[0]
        e = pl.lit(label)
        for label, low in bs[1:]:
            e = pl.when(metric[m] >= low).then(pl.lit(label)).otherwise(e)
        return e

    kept = (lf.select(country=key, orders=polars_number(schema, "total_orders"), amount=polars_number(schema, "voucher_amount"), **columns)
            .filter((pl.col("amount") >= 0) & (pl.col("orders") >= 0) & (pl.col("country") != "")
                    & valid[0] & valid[1] & valid[2] & not_later("fo", "lo") & not_later("lo", "ts"))
            .select("country", "orders", "amount", "ts_s", "lo_s", "ts_f", "lo_f",
                    ts=ns("ts"), lo=ns("lo"), fo=ns("fo"))
            .unique(subset=["ts", "country", "lo", "fo", "orders", "amount"]))
    grouped = (kept.select("country", "amount", *[bucket_of(m, bs).alias(f"b{i}") for i, (_, m, bs) in enumerate(segs)])
               .group_by("country", "amount", *[f"b{i}" for i in range(len(segs))]).agg(n=pl.len()))
    counts = pl.concat([grouped.select("country", pl.lit(s).alias("segment"), pl.col(f"b{i}").alias("bucket"), "amount", "n")
                        for i, (s, _, _) in enumerate(segs)])
    best = (counts.group_by("country", "segment", "bucket", "amount").agg(pl.col("n").sum())
            .group_by("country", "segment", "bucket")
            .agg(pl.col("amount").sort_by("n", "amount", descending=[True, False]).first(), samples=pl.col("n").sum()))
    overall = (grouped.group_by("country", "amount").agg(pl.col("n").sum())
               .group_by("country").agg(pl.col("amount").sort_by("n", "amount", descending=[True, False]).first().alias("overall")))
    slots = pl.LazyFrame([(s, label, i) for s, _, bs in segs for i, (label, _) in enumerate(bs)],
                         schema=["segment", "bucket", "position"], orient="row")
    return (overall.join(slots, how="cross")
            .join(best, on=["country", "segment", "bucket"], how="left")
            .select("country", "segment", "bucket",
                    amount=pl.coalesce("amount", "overall"), samples=pl.col("samples").fill_null(0).cast(pl.Int64),
                    fallback=pl.col("amount").is_null(), position="position")
            .sort("country", "segment", "position").drop("position"))


def run_polars(history, segments, out):
    polars_query(history, segments).collect().write_parquet(out)


if __name__ == "__main__":
    engine, history, segments, out = sys.argv[1:5]
    {"duckdb": run_duckdb, "polars": run_polars}[engine](history, segments, out)

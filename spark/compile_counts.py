#!/usr/bin/env python3
"""The compile's counts on Spark: runs the query of `voucher sql --dialect
spark` over a history and writes the counts as Parquet, for `voucher pack`.

    spark-submit spark/compile_counts.py --history s3a://bucket/history/ \\
        --counts s3a://bucket/counts/2018-07/ [--sql counts.sql | --voucher PATH] [--segments FILE]

--history   one or more history locations, in compile order: files, folders
            or globs (Parquet, or CSV when the names end in .csv). The files a
            location names are taken in the order of their paths. The files of
            one history share a schema.
--counts    the folder the counts are written to (Parquet part files; replaced).
--sql       the query, as `voucher sql --dialect spark` printed it; without it,
            the query is asked of `voucher` (--voucher, default: on PATH), with
            --segments passed on.

The session time zone is set to UTC (the query reads typed times as the text
Spark writes for them, in the session's zone). See the README, "Beyond one
machine", for where Spark's reading can differ from voucher's.
"""
import argparse
import subprocess
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

COLUMNS = ["timestamp", "country_code", "last_order_ts", "first_order_ts", "total_orders", "voucher_amount"]


def query_text(args):
    """The Spark SQL text: from --sql, or from `voucher sql --dialect spark`."""
    if args.sql:
        with open(args.sql, encoding="utf-8") as f:
            return f.read()
    command = [args.voucher, "sql", "--dialect", "spark"] + (["--segments", args.segments] if args.segments else [])
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def read_location(spark, location, position):
    """One --history location with its rows' order: (position, file path,
    the split's start in the file, the row's id within its split)."""
    if location.endswith(".csv") or location.endswith(".csv/"):
        frame = (spark.read.option("header", True).option("inferSchema", False).option("multiLine", True)
                 .option("quote", '"').option("escape", '"').option("mode", "FAILFAST").csv(location))
    else:
        frame = spark.read.parquet(location)
    order = F.struct(F.lit(position).alias("location"), F.col("_metadata.file_path").alias("file"),
                     F.col("_metadata.file_block_start").alias("split"), F.monotonically_increasing_id().alias("row"))
    return frame.select(*[F.col(f"`{c}`") for c in COLUMNS], order.alias("row_order"))


def compile_counts(spark, history, counts, query):
    """Runs `query` over the history locations and writes the counts to `counts`."""
    frames = [read_location(spark, location, i) for i, location in enumerate(history)]
    relation = frames[0]
    for frame in frames[1:]:
        relation = relation.unionByName(frame)
    relation.createOrReplaceTempView("history")
    spark.sql(query).write.mode("overwrite").parquet(counts)


def session(name="voucher-counts", config=None):
    """The Spark session, with the time zone the query needs (UTC) and `config`'s settings."""
    builder = (SparkSession.builder.appName(name).config("spark.sql.session.timeZone", "UTC")
               # The query names many derived columns; inferring constraints over every alias of
               # them grows without bound (and exhausted a 1 GiB driver on 10 rows).
               .config("spark.sql.constraintPropagation.enabled", "false"))
    for key, value in (config or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--history", nargs="+", required=True, help="history locations, in compile order")
    parser.add_argument("--counts", required=True, help="the folder to write the counts to (Parquet)")
    parser.add_argument("--sql", help="the query of `voucher sql --dialect spark`, as a file")
    parser.add_argument("--voucher", default="voucher", help="the voucher program, when --sql is not given")
    parser.add_argument("--segments", help="segment configuration (JSON) for `voucher sql`")
    args = parser.parse_args(argv)
    query = query_text(args)
    spark = session()
    try:
        compile_counts(spark, args.history, args.counts, query)
    finally:
        spark.stop()
    print(f"counts written to {args.counts}")


if __name__ == "__main__":
    main(sys.argv[1:])

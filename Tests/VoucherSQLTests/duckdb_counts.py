#!/usr/bin/env python3
"""Runs `voucher sql --dialect duckdb`'s query in DuckDB over history files
and writes the counts, as the README's "Beyond one machine" describes.

    duckdb_counts.py JOBS.json

JOBS.json is a list of {"query": "q.sql", "history": [files], "counts": "out.parquet"
or "out.csv"}; every job runs in one process (DuckDB starts once).

`history` is the files in the order given (Parquet read as typed, CSV as
text), with row_order = (position of the file, row within it): Parquet
rows by DuckDB's file_row_number, CSV rows by the rowid of a table they are
loaded into in order (DuckDB's CSV reader has no row number).
"""
import json
import sys

import duckdb


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        jobs = json.load(f)
    for job in jobs:
        with open(job["query"], encoding="utf-8") as f:
            query = f.read()
        run(query, job["history"], job["counts"])


def run(query, files, output):
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET preserve_insertion_order = true")
    columns = "timestamp, country_code, last_order_ts, first_order_ts, total_orders, voucher_amount"
    parts = []
    for i, path in enumerate(files):
        quoted = path.replace("'", "''")
        if path.endswith(".csv"):
            options = "all_varchar = true, header = true, delim = ',', quote = '\"', escape = '\"'"
            con.execute(f"CREATE TABLE csv_{i} AS SELECT * FROM read_csv('{quoted}', {options})")
            parts.append(f"SELECT {columns}, {{'file': {i}, 'row': rowid}} AS row_order FROM csv_{i}")
        else:
            parts.append(f"SELECT {columns}, {{'file': {i}, 'row': file_row_number}} AS row_order "
                         f"FROM read_parquet('{quoted}', file_row_number = true)")
    con.execute("CREATE VIEW history AS " + " UNION ALL BY NAME ".join(parts))
    fmt = "CSV, HEADER" if output.endswith(".csv") else "PARQUET"
    con.execute(f"COPY ({query}) TO '{output.replace(chr(39), chr(39) * 2)}' (FORMAT {fmt})")
    con.close()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Runs `voucher sql --dialect duckdb`'s query in DuckDB over history files
and writes the counts, as the README's "Beyond one machine" describes.

    duckdb_counts.py QUERY.sql OUTPUT(.parquet|.csv) HISTORY...

`history` is the files in the order given (Parquet read as typed, CSV as
text), with row_order = (position of the file, row within it): Parquet
rows by DuckDB's file_row_number, CSV rows by the rowid of a table they are
loaded into in order (DuckDB's CSV reader has no row number).
"""
import sys

import duckdb


def main():
    query_path, output, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET preserve_insertion_order = true")
    columns = "timestamp, country_code, last_order_ts, first_order_ts, total_orders, voucher_amount"
    parts = []
    for i, path in enumerate(files):
        quoted = path.replace("'", "''")
        if path.endswith(".csv"):
            con.execute(f"CREATE TABLE csv_{i} AS SELECT * FROM read_csv('{quoted}', all_varchar = true, header = true)")
            parts.append(f"SELECT {columns}, {{'file': {i}, 'row': rowid}} AS row_order FROM csv_{i}")
        else:
            parts.append(f"SELECT {columns}, {{'file': {i}, 'row': file_row_number}} AS row_order "
                         f"FROM read_parquet('{quoted}', file_row_number = true)")
    con.execute("CREATE VIEW history AS " + " UNION ALL BY NAME ".join(parts))
    query = open(query_path, encoding="utf-8").read()
    fmt = "CSV, HEADER" if output.endswith(".csv") else "PARQUET"
    con.execute(f"COPY ({query}) TO '{output.replace(chr(39), chr(39) * 2)}' (FORMAT {fmt})")


if __name__ == "__main__":
    main()

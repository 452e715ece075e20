#!/usr/bin/env python3
"""Writes a synthetic history of ROWS rows for build/bench-scale.sh.

    scale_history.py REFERENCE ROWS OUT

The reference rows, replicated: replica k is every reference row with its
three times moved k whole days later (k = 0, 1, 2, ...; the last replica is
cut at ROWS). One shift for all three times of a row keeps the differences
between them, so each replica row gets the cleaning verdict, the segments
and the buckets of its original, and replicas are not duplicates of one
another: no two distinct reference rows are whole days apart in all three
times with the other three values equal (checked on the reference
history). Amount counts per country and bucket therefore scale with the
replicas, and the table's amounts stay the reference table's.

Same schema and column types as the reference (times stored as text stay
text and keep their shape: only the date of a text time changes; text that
is not a time stays as it is), GZIP, row groups of 1,000,000 rows, written
row group by row group (memory holds the reference and one row group).
"""
import sys

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROW_GROUP = 1_000_000
TIME_COLUMNS = ("timestamp", "last_order_ts", "first_order_ts")
DAY = {"s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}


class TextTime:
    """A text time column split once as (white space, date, rest), so a shift only rewrites the date."""

    def __init__(self, column):
        self.column = column
        parts = pc.extract_regex(column, r"^(?P<lead>[ \t]*)(?P<date>\d{4}-\d{2}-\d{2})(?P<rest>.*)$")
        self.lead = pc.struct_field(parts, "lead")
        self.rest = pc.struct_field(parts, "rest")
        date = pc.strptime(pc.struct_field(parts, "date"), format="%Y-%m-%d", unit="s", error_is_null=True)
        self.days = pc.cast(pc.cast(date, pa.date32()), pa.int32())  # null where the text has no valid date

    def shifted(self, k):
        if k == 0:
            return self.column
        date = pc.cast(pc.cast(pc.add(self.days, pa.scalar(k, pa.int32())), pa.date32()), pa.string())
        moved = pc.binary_join_element_wise(self.lead, date, self.rest, "")
        return pc.if_else(pc.is_null(self.days), self.column, moved).cast(self.column.type)


def shifter(column):
    """A function k -> the column moved k days later, for the column's type."""
    kind = column.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return TextTime(column).shifted
    if pa.types.is_timestamp(kind):
        ticks = pc.cast(column, pa.int64())
        return lambda k: pc.cast(pc.add(ticks, k * DAY[kind.unit]), kind)
    if pa.types.is_date32(kind):
        days = pc.cast(column, pa.int32())
        return lambda k: pc.cast(pc.add(days, pa.scalar(k, pa.int32())), kind)
    sys.exit(f"scale_history: cannot shift a time column of type {kind}")


def main():
    reference, rows, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    table = pq.read_table(reference)
    table = table.replace_schema_metadata(None)  # pandas' index metadata would describe the reference's rows
    table = table.combine_chunks()
    shifts = {name: shifter(table[name]) for name in TIME_COLUMNS}

    def replica(k):
        columns = [shifts[f.name](k) if f.name in shifts else table[f.name] for f in table.schema]
        return pa.Table.from_arrays(columns, schema=table.schema)

    with pq.ParquetWriter(out, table.schema, compression="gzip") as writer:
        pending, pending_rows, written, k = [], 0, 0, 0
        while written < rows:
            want = min(ROW_GROUP, rows - written)
            while pending_rows < want:
                pending.append(replica(k))
                pending_rows += table.num_rows
                k += 1
            group = pa.concat_tables(pending).combine_chunks()
            writer.write_table(group.slice(0, want), row_group_size=ROW_GROUP)
            rest = group.slice(want)
            pending, pending_rows = ([rest], rest.num_rows) if rest.num_rows else ([], 0)
            written += want


if __name__ == "__main__":
    main()

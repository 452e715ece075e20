#!/usr/bin/env python3
"""SQL for the reference stack's segment table: the ten rows (Peru's buckets)
of a table, read from `voucher inspect --json` on stdin. A bucket named
"5-13" covers 5..13, "38+" 38 and up (upper bound NULL)."""
import json
import sys

rows = [e for e in json.load(sys.stdin)["entries"] if e["country_key"] == "peru"]
if len(rows) != 10:
    sys.exit(f"table_sql: expected 10 rows for peru, found {len(rows)}")
print("CREATE TABLE segment_buckets (country text, segment text,"
      " lower_bound bigint, upper_bound bigint, voucher_amount bigint);")
for e in rows:
    low, _, high = e["bucket"].rstrip("+").partition("-")
    print(f"INSERT INTO segment_buckets VALUES ('{e['country_key']}', '{e['segment']}',"
          f" {int(low)}, {int(high) if high else 'NULL'}, {int(e['amount'])});")

"""Writes test histories from the reference history (never committed).

Usage:
  write_history.py split SOURCE FOLDER   the history in 4 Parquet parts, in dt=… folders, with markers
  write_history.py csv SOURCE FILE ROWS  the first ROWS rows as CSV
"""
import os
import sys

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

mode, source, target = sys.argv[1], sys.argv[2], sys.argv[3]
table = pq.read_table(source)
if mode == "split":
    n = table.num_rows
    cuts = [0, n // 5, n // 2, (3 * n) // 4, n]
    for i in range(4):
        folder = os.path.join(target, f"dt=2018-07-{21 + i:02d}")
        os.makedirs(folder, exist_ok=True)
        part = table.slice(cuts[i], cuts[i + 1] - cuts[i])
        # Different writers' settings: row groups of several sizes, two codecs.
        pq.write_table(part, os.path.join(folder, f"part-{i:05d}.parquet"),
                       compression="gzip" if i % 2 == 0 else "snappy", row_group_size=30000 + 10000 * i)
    open(os.path.join(target, "_SUCCESS"), "w").close()
    with open(os.path.join(target, "dt=2018-07-21", ".part-00000.parquet.crc"), "wb") as f:
        f.write(b"\x00crc")
elif mode == "csv":
    pacsv.write_csv(table.slice(0, int(sys.argv[4])), target)

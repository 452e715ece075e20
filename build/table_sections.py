#!/usr/bin/env python3
"""Compares two table files section by section, as stored (the file format
article, Sources/VoucherTable/VoucherTable.docc/TableFileFormat.md), leaving
out the sources section: exit 0 when every other section is byte-identical,
else 1, naming the sections that differ.

    table_sections.py A.vtab B.vtab
"""
import struct
import sys

NAMES = {1: "hot", 2: "configuration", 3: "countries", 4: "histograms", 5: "summary", 6: "sources"}


def sections(path):
    data = open(path, "rb").read()
    (count,) = struct.unpack_from("<I", data, 24)
    found = {}
    for i in range(count):
        kind, _encoding, offset, length = struct.unpack_from("<IIQI", data, 32 + 32 * i)
        found[NAMES.get(kind, str(kind))] = data[offset:offset + length]
    return found


def main():
    a, b = sections(sys.argv[1]), sections(sys.argv[2])
    differing = [name for name in NAMES.values() if name != "sources" and a.get(name) != b.get(name)]
    if differing:
        print("sections differ: " + ", ".join(differing))
        sys.exit(1)
    print("identical but the sources: " + ", ".join(n for n in NAMES.values() if n != "sources"))


if __name__ == "__main__":
    main()

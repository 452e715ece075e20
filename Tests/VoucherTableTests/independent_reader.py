#!/usr/bin/env python3
"""An independent reader of voucher table files, version 1.x.

Written only from Sources/VoucherTable/VoucherTable.docc/TableFileFormat.md,
with the standard library alone. It checks the header, the directory, the
placement and padding of the sections and every CRC-32, reads the hot
section (no zstd needed) and answers lookups.

Usage: independent_reader.py TABLE < queries.jsonl
Each input line is {"country": str, "segment": int, "value": int}; each
output line repeats it with "amount", "samples" and "fallback", or "error".
Exit status 2 and a message on stderr when the file is refused.
"""
import json
import struct
import sys
import zlib

MAGIC = bytes([0x89, 0x56, 0x54, 0x41, 0x42, 0x0D, 0x0A, 0x1A])
MAJOR, MINOR = 1, 0
KINDS = [1, 2, 3, 4, 5, 6]


class Refused(Exception):
    pass


def u16(b, o): return struct.unpack_from("<H", b, o)[0]
def u32(b, o): return struct.unpack_from("<I", b, o)[0]
def u64(b, o): return struct.unpack_from("<Q", b, o)[0]
def i64(b, o): return struct.unpack_from("<q", b, o)[0]
def align8(n): return (n + 7) // 8 * 8


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for byte in data:
        h ^= byte
        h = (h * 0x00000100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def check(cond, message):
    if not cond:
        raise Refused(message)


class Table:
    def __init__(self, data):
        check(len(data) >= 32, "shorter than the header")
        check(data[0:8] == MAGIC, "bad magic")
        check(u16(data, 8) == MAJOR, "major version")
        check(u16(data, 10) <= MINOR, "minor version")
        check(u32(data, 12) == 32, "header length")
        check(u64(data, 16) == len(data), "file length")
        check(u32(data, 28) == 32, "directory entry length")
        count = u32(data, 24)
        check(count == 6, "section count")
        directory_end = 32 + 32 * count
        check(directory_end + 8 <= len(data), "directory past the end")
        sections = []
        for index in range(count):
            at = 32 + 32 * index
            kind, encoding, offset, length, decoded, crc, reserved = struct.unpack_from("<IIQIIII", data, at)
            check(kind == KINDS[index], "section kind")
            check(encoding == 0 or (encoding == 1 and kind != 1), "encoding")
            check(encoding != 0 or decoded == length, "raw decoded length")
            check(reserved == 0, "reserved directory field")
            sections.append((kind, encoding, offset, length, crc))
        check(u32(data, directory_end + 4) == 0, "directory padding")
        place = directory_end + 8
        previous_end = place
        for kind, encoding, offset, length, crc in sections:
            check(all(b == 0 for b in data[previous_end:place]), "padding")
            check(offset == place, "section offset")
            check(offset + length <= len(data), "section past the end")
            previous_end = offset + length
            place = align8(previous_end)
        check(place == len(data), "file does not end after the last section")
        check(all(b == 0 for b in data[previous_end:place]), "final padding")
        check(zlib.crc32(data[0:directory_end]) == u32(data, directory_end), "directory CRC-32")
        for kind, encoding, offset, length, crc in sections:
            check(zlib.crc32(data[offset:offset + length]) == crc, "CRC-32 of section %d" % kind)
        _, _, hot_offset, hot_length, _ = sections[0]
        self.hot = data[hot_offset:hot_offset + hot_length]
        self.read_hot()

    def read_hot(self):
        h = self.hot
        check(len(h) >= 64, "hot header")
        (self.C, self.S, self.B, self.N, self.A, self.M, self.T, reserved,
         slots, countries, segments, buckets, amounts, entries, maps, strings) = struct.unpack_from("<16I", h, 0)
        check(reserved == 0, "hot reserved")
        check(self.N >= 1 and self.N & (self.N - 1) == 0 and self.N >= 2 * self.C, "slot count")
        expected = [64]
        for size in [16 * self.N, 8 * self.C, 32 * self.S, 16 * self.B, 8 * self.A, 16 * self.C * self.B, self.M]:
            expected.append(expected[-1] + size)
        check([slots, countries, segments, buckets, amounts, entries, maps, strings] == expected, "area offsets")
        check(strings + self.T == len(h), "hot length")
        self.slots, self.countries, self.segments = slots, countries, segments
        self.amounts, self.entries, self.maps, self.strings = amounts, entries, maps, strings

    def string(self, offset, length):
        return self.hot[self.strings + offset:self.strings + offset + length]

    def country_index(self, text):
        key = text.strip().lower().encode("utf-8")
        h = fnv1a64(key)
        i = h & (self.N - 1)
        while True:
            at = self.slots + 16 * i
            slot_hash, country = u64(self.hot, at), u32(self.hot, at + 8)
            if country == 0xFFFFFFFF:
                return None
            record = self.countries + 8 * country
            if slot_hash == h and self.string(u32(self.hot, record), u32(self.hot, record + 4)) == key:
                return country
            i = (i + 1) & (self.N - 1)

    def lookup(self, country_text, segment, value):
        if segment < 0 or segment >= self.S:
            return {"error": "unknown segment"}
        if value < 0:
            return {"error": "negative metric"}
        country = self.country_index(country_text)
        if country is None:
            return {"error": "unknown country"}
        seg = self.segments + 32 * segment
        bucket_count, first_bucket = u32(self.hot, seg + 12), u32(self.hot, seg + 16)
        map_offset, map_length = u32(self.hot, seg + 20), u32(self.hot, seg + 24)
        bucket = self.hot[self.maps + map_offset + value] if value < map_length else bucket_count - 1
        entry = self.entries + 16 * (country * self.B + first_bucket + bucket)
        amount = i64(self.hot, self.amounts + 8 * u32(self.hot, entry))
        return {"amount": amount, "samples": i64(self.hot, entry + 8), "fallback": bool(u32(self.hot, entry + 4) & 1),
                "bucket": bucket}


def main():
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    try:
        table = Table(data)
    except Refused as refusal:
        print("refused: %s" % refusal, file=sys.stderr)
        return 2
    for line in sys.stdin:
        if not line.strip():
            continue
        query = json.loads(line)
        answer = dict(query)
        answer.update(table.lookup(query["country"], query["segment"], query["value"]))
        print(json.dumps(answer, ensure_ascii=False, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())

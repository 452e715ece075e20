"""The request bodies the embedded library and the server must answer alike.

Every error case of the API's rules (body syntax, each field's type and
value, the segment's missing input, the two 422s, the unknown country, and
the order in which they are checked), every bucket edge of every country and
segment (values just below, at and just above each bound; for recency, last
orders a second either side of whole days), and case, space and escape
variants of every country. Countries and buckets come from the table itself
(`voucher inspect --json`). Recency bodies always carry `timestamp`, except
one whose last order is in 2200, measured to the clock (a 422 whatever the
day).

As a script: make_requests.py --voucher BIN --table TABLE OUT writes OUT as
records of a 4-byte little-endian length and the body's bytes.
"""
from __future__ import annotations

import argparse
import json
import re
import struct
import subprocess
from datetime import datetime, timedelta, timezone
from typing import Dict, List, Optional, Sequence, Tuple

#: The reference time of every recency body with a timestamp.
REFERENCE = datetime(2018, 6, 1, 12, 0, 0)


def table_shape(voucher: str, table: str) -> dict:
    """`voucher inspect TABLE --json`: countries, segments and their buckets."""
    output = subprocess.run([voucher, "inspect", table, "--json"], check=True, capture_output=True).stdout
    return json.loads(output)


def bounds(bucket: str) -> Tuple[int, Optional[int]]:
    """A bucket name's bounds: "5-13" → (5, 13); "38+" → (38, None)."""
    closed = re.fullmatch(r"(\d+)-(\d+)", bucket)
    if closed:
        return int(closed.group(1)), int(closed.group(2))
    open_ = re.fullmatch(r"(\d+)\+", bucket)
    if not open_:
        raise ValueError(f"unexpected bucket name {bucket!r}")
    return int(open_.group(1)), None


def string(text: str, ascii_only: bool = True) -> str:
    """A JSON string literal."""
    return json.dumps(text, ensure_ascii=ascii_only)


def body(*members: Tuple[str, str]) -> bytes:
    """A JSON object from (name, raw JSON value) pairs, in order (names may repeat)."""
    return ("{" + ", ".join(f"{json.dumps(name)}: {value}" for name, value in members) + "}").encode()


def time_text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def edge_values(lower: int, upper: Optional[int]) -> List[int]:
    """Values around a bucket's bounds, none below 0."""
    values = [lower - 1, lower, lower + 1]
    if upper is not None:
        values += [upper - 1, upper, upper + 1]
    else:
        values += [lower * 10, 1_000_000, 2**63 - 1]
    return sorted({v for v in values if v >= 0})


def spellings(display: str, key: str) -> List[str]:
    """Raw JSON strings naming one country: case, white space (ASCII and Unicode) and escapes."""
    variants = [string(key), string(display), string(key.upper()), string("  " + display + " "),
                string("\t" + key.upper() + "\n"), string(key.swapcase().title().swapcase()),
                string("\u00a0" + display + "\u2003", ascii_only=False), string("\u00a0" + display + "\u2003"),
                '"' + "".join(f"\\u{ord(c):04x}" for c in key) + '"']
    return list(dict.fromkeys(variants))


def edge_bodies(shape: dict) -> List[bytes]:
    """Every bucket edge of every country and segment, the first spelling of each country with
    all values, the other spellings with each bucket's bounds."""
    countries: Dict[str, str] = {}
    for entry in shape["entries"]:
        countries[entry["country_key"]] = entry["country"]
    bodies: List[bytes] = []
    timestamp = string(time_text(REFERENCE))
    for key, display in countries.items():
        for number, spelling in enumerate(spellings(display, key)):
            country = ("country_code", spelling)
            for segment in shape["segments"]:
                name = ("segment_name", string(segment["name"]))
                for bucket in segment["buckets"]:
                    lower, upper = bounds(bucket)
                    values = edge_values(lower, upper) if number == 0 else sorted({lower, upper or lower})
                    for value in values:
                        if segment["metric"] == "total_orders":
                            bodies.append(body(("customer_id", "123"), country, ("total_orders", str(value)), name))
                            continue
                        if value > 100_000:  # beyond datetime's range; the far past is an error_bodies case
                            continue
                        last = REFERENCE - timedelta(days=value)
                        moments = [last, last + timedelta(seconds=1), last - timedelta(seconds=1)] if number == 0 else [last]
                        for moment in moments:
                            if moment > REFERENCE:
                                continue
                            bodies.append(body(country, ("last_order_ts", string(time_text(moment))),
                                               ("timestamp", timestamp), name))
    return bodies


def error_bodies(shape: dict) -> List[bytes]:
    """One body per rule of the API and per way of breaking it, and bodies breaking several rules."""
    first_country = shape["entries"][0]["country_key"]
    frequent = next(s["name"] for s in shape["segments"] if s["metric"] == "total_orders")
    recency = next(s["name"] for s in shape["segments"] if s["metric"] == "days_since_last_order")
    country = ("country_code", string(first_country))
    seg_f = ("segment_name", string(frequent))
    seg_r = ("segment_name", string(recency))
    orders = ("total_orders", "3")
    stamp = ("timestamp", string("2018-06-01 12:00:00"))
    last = ("last_order_ts", string("2018-05-03 00:00:00"))

    bodies: List[bytes] = [
        # 1. not one JSON object
        b"", b"   ", b"\n", b"[]", b'"peru"', b"null", b"42", b"{", b"}", b"{,}", b'{"a" 1}', b"{'a': 1}",
        b'{"a": 1,}', b'{"a": 1} x', b'{"a": 1}{}', b'{"a": 1}   \n', b"\xef\xbb\xbf{}", b'{"a": [1, 2,]}',
        b'{"a": 01}', b'{"a": 1.}', b'{"a": -}', b'{"a": .5}', b'{"a": 1e}', b'{"a": +1}', b'{"a": tru}',
        b'{"a": nul}', b'{"a": True}', b'{"a": "x\x01y"}', b'{"a": "unterminated}', b'{"a": "\\x"}',
        b'{"a": "\\u12"}', b'{"a": "\\ud800"}', b'{"a": "\\udc00\\ud800"}', b'{"a": "\xff"}', b'{"a": "\xc3"}',
        b'{"a": "\xed\xa0\x80"}', b'{"a": "\xf4\x90\x80\x80"}', b'{"a": "\xc0\xaf"}', b'{"\xff": 1}',
        b"{" + b'"a": ' * 1 + b"[" * 31 + b"]" * 31 + b"}",  # 32 levels: accepted, then no segment
        b'{"a": ' + b"[" * 32 + b"]" * 32 + b"}",  # 33 levels
        b'{"a": ' + b"{\"b\": " * 40 + b"1" + b"}" * 40 + b"}",
        b"{}", b'{"unknown": 1, "unknown": 2}',
        body(seg_f, seg_f, country, orders), body(country, seg_f, country, orders),
        body(seg_f, country, orders, ("total_orders", "4")),
        body(("segment_name", string(frequent)), ("segment\\u005fname", string(frequent)), country, orders),
        # 2. segment_name
        body(country, orders), body(("segment_name", "null"), country, orders), body(("segment_name", "3"), country),
        body(("segment_name", "true"), country), body(("segment_name", "[]"), country),
        body(("segment_name", "{}"), country), body(("segment_name", '""'), country),
        body(("segment_name", string(frequent.upper())), country, orders),
        body(("segment_name", string(frequent + " ")), country, orders),
        body(("segment_name", string("x" * 100)), country, orders),
        body(("segment_name", string('a"quote\\and\u0001control\n')), country, orders),
        body(("segment_name", string("s\u00ebgment", ascii_only=False)), country, orders),
        body(("segment_name", '"' + "".join(f"\\u{ord(c):04x}" for c in frequent) + '"'), country, orders),
        # 3. country_code
        body(seg_f, orders), body(seg_f, ("country_code", "null"), orders), body(seg_f, ("country_code", "5"), orders),
        body(seg_f, ("country_code", "true"), orders), body(seg_f, ("country_code", "[]"), orders),
        body(seg_f, ("country_code", "{}"), orders), body(seg_f, ("country_code", '""'), orders),
        body(seg_f, ("country_code", '"   "'), orders), body(seg_f, ("country_code", '"\\t\\n\\r"'), orders),
        body(seg_f, ("country_code", string("\u00a0\u2003\u3000", ascii_only=False)), orders),
        body(seg_f, ("country_code", '"\\u00a0\\u2028"'), orders),
        body(seg_f, ("country_code", '"\\u0000"'), orders),
        # 4. customer_id
        *[body(("customer_id", value), seg_f, country, orders)
          for value in ['"123"', "1.5", "123.0", "1e3", "1e30", "-5", "true", "null", "[]",
                        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809"]],
        # 5. times, in order: last_order_ts, first_order_ts, timestamp
        *[body(seg_r, country, ("last_order_ts", value), stamp)
          for value in ["5", "true", "{}", '""', '" "', string("2018-02-30"), string("2018-05-03 25:00:00"),
                        string("2018-05-03 00:00:60"), string("2300-01-01"), string("1600-01-01"),
                        string("2018-05-03T00:00:00Z"), string("2018-05-03 00:00:00+01:00"),
                        string("2018-05-03 00:00:00-14:00"), string(" 2018-05-03 \t"), string("2018-05-03t00:00:00"),
                        string("2018-05-03 00:00:00z"), string("2018-05-03 00:00:00.123456789"),
                        string("2018-05-03Z"), string("2018-05-03.5"), string("2018-5-3"), string("20180503"),
                        string("2018-05-03 00:00"), string("x" * 100)]],
        body(seg_r, country, last, ("first_order_ts", "7"), stamp),
        body(seg_r, country, last, ("first_order_ts", string("never")), stamp),
        body(seg_r, country, last, ("timestamp", string("now"))),
        body(seg_r, country, last, ("timestamp", "1527854400")),
        body(seg_r, country, ("last_order_ts", string("bad")), ("first_order_ts", string("bad")), ("timestamp", "1")),
        body(seg_r, country, ("first_order_ts", string("bad")), ("timestamp", "1")),
        # 6. total_orders
        *[body(seg_f, country, ("total_orders", value))
          for value in ["-1", "1.5", '"3"', "true", "[]", "{}", "3.0", "30e-1", "-0", "0.0", "5E0", "0.5e1",
                        "1e30", "99999999999999999999", "-99999999999999999999", "9223372036854775807",
                        "9223372036854775808", "1e-400", "1.0000000000000000001", "13.999999999999999999"]],
        body(seg_r, country, last, stamp, ("total_orders", "-1")),
        body(seg_r, country, last, stamp, ("total_orders", '"many"')),
        # 7. the segment's input
        body(seg_f, country, ("total_orders", "null")), body(seg_f, country, last, stamp),
        body(seg_r, country, stamp), body(seg_r, country, orders, stamp), body(seg_r, country, ("last_order_ts", "null")),
        # 8. first order after last order
        body(seg_r, country, last, ("first_order_ts", string("2018-05-04 00:00:00")), stamp),
        body(seg_f, country, orders, last, ("first_order_ts", string("2018-05-03 00:00:01"))),
        body(seg_r, country, last, ("first_order_ts", string("2018-05-03 00:00:00")), stamp),
        body(seg_f, country, orders, ("first_order_ts", string("2030-01-01"))),
        # 9. last order after the reference time
        body(seg_r, country, ("last_order_ts", string("2018-06-01 12:00:01")), stamp),
        body(seg_r, country, ("last_order_ts", string("2018-06-01 12:00:00")), stamp),
        body(seg_r, country, ("last_order_ts", string("2018-06-01T12:00:00+01:00")), stamp),
        body(seg_r, country, ("last_order_ts", string("2200-01-01 00:00:00"))),
        body(seg_f, country, orders, ("last_order_ts", string("2200-01-01 00:00:00"))),
        body(seg_r, country, ("last_order_ts", string("1677-09-22 00:00:00")), ("timestamp", string("2262-04-10"))),
        # 10. unknown countries
        *[body(seg, ("country_code", value), input_)
          for seg, input_ in [(seg_f, orders), (seg_r, last)]
          for value in [string("Atlantis"), string("x" * 100), string('Pe"ru\\'), string("Per\u00fa", ascii_only=False),
                        string("Per\u00fa"), string("P\u0435ru", ascii_only=False), string("\U0001F600"),
                        string(first_country + "\u0000"), string(first_country + first_country)]],
        # several rules broken at once: the first in the order answers
        body(("segment_name", "1"), ("country_code", "1"), ("total_orders", "-1")),
        body(seg_f, ("country_code", '""'), ("customer_id", '"x"'), ("total_orders", "-1")),
        body(seg_f, country, ("customer_id", '"x"'), ("last_order_ts", "1"), ("total_orders", "-1")),
        body(seg_f, ("country_code", string("Atlantis")), ("total_orders", "-1")),
        body(seg_r, ("country_code", string("Atlantis")), ("last_order_ts", string("2200-01-01")), stamp),
        # unknown members are validated and ignored
        body(seg_f, country, orders, ("extra", '{"deep": [1, 2, {"x": null}]}'), ("Country_Code", "5")),
    ]
    return bodies


def all_bodies(shape: dict) -> List[bytes]:
    """The whole set: error cases, then bucket edges."""
    return error_bodies(shape) + edge_bodies(shape)


def write_bodies(path: str, bodies: Sequence[bytes]) -> None:
    with open(path, "wb") as file:
        for item in bodies:
            file.write(struct.pack("<I", len(item)) + item)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voucher", required=True, help="the voucher binary (for `inspect --json`)")
    parser.add_argument("--table", required=True)
    parser.add_argument("out")
    arguments = parser.parse_args()
    bodies = all_bodies(table_shape(arguments.voucher, arguments.table))
    write_bodies(arguments.out, bodies)
    print(f"make_requests: {len(bodies)} bodies")


if __name__ == "__main__":
    main()

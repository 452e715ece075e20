"""The Python API: opening, identity, lookup, answer, lifetime, loading."""
from __future__ import annotations

import ctypes
import hashlib
import json
import os
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import voucher_table
from conftest import ROOT


def test_opening_bad_files_raises_naming_them(tmp_path: Path, table_path: Path) -> None:
    with pytest.raises(voucher_table.VoucherTableError, match="nonexistent"):
        voucher_table.open(tmp_path / "nonexistent.vtab")
    with pytest.raises(voucher_table.VoucherTableError):
        voucher_table.open(tmp_path)
    data = bytearray(table_path.read_bytes())
    (tmp_path / "truncated.vtab").write_bytes(data[:-1])
    with pytest.raises(voucher_table.VoucherTableError, match="truncated.vtab"):
        voucher_table.open(tmp_path / "truncated.vtab")
    for offset in range(0, len(data), 97):
        data[offset] ^= 0x01
        (tmp_path / "flipped.vtab").write_bytes(data)
        data[offset] ^= 0x01
        with pytest.raises(voucher_table.VoucherTableError):
            voucher_table.open(tmp_path / "flipped.vtab")


def test_identity(table: voucher_table.Table, table_path: Path, shape: dict) -> None:
    assert table.sha256 == hashlib.sha256(table_path.read_bytes()).hexdigest()
    assert table.format_version == shape["format_version"]
    assert list(table.segments) == [segment["name"] for segment in shape["segments"]]
    assert set(table.countries) == {entry["country_key"] for entry in shape["entries"]}
    assert voucher_table.library_version() == "1.0.0" == voucher_table.__version__
    assert table.path == str(table_path)


def test_lookup_gives_every_entry_of_the_table(table: voucher_table.Table, shape: dict) -> None:
    """Each inspected entry, through the bucket's lower bound and every spelling of the country."""
    for entry in shape["entries"]:
        segment = next(s for s in shape["segments"] if s["name"] == entry["segment"])
        bucket = segment["buckets"].index(entry["bucket"])
        lower = int(entry["bucket"].rstrip("+").split("-")[0])
        for country in (entry["country_key"], entry["country"].upper(), f"  {entry['country']}\t",
                        f"\u00a0{entry['country']}\u2003"):
            if segment["metric"] == "total_orders":
                found = table.lookup(country, entry["segment"], total_orders=lower)
            else:
                reference = datetime(2020, 1, 1)
                found = table.lookup(country, entry["segment"], last_order_ts=reference - timedelta(days=lower),
                                     timestamp=reference)
            assert found == voucher_table.Lookup(entry["amount"], entry["samples"], entry["fallback"],
                                                 table.segments.index(entry["segment"]), bucket)


def test_lookup_agrees_with_answer(table: voucher_table.Table) -> None:
    for country in table.countries:
        for orders in [0, 1, 4, 5, 13, 14, 37, 38, 10**6, 2**63 - 1, 2**64]:
            status, body = table.answer({"country_code": country, "segment_name": "frequent_segment",
                                         "total_orders": orders})
            assert status == 200
            assert table.lookup(country, "frequent_segment", total_orders=orders).amount == body["voucher_amount"]
        for last, stamp in [("2018-05-03 00:00:00", "2018-06-02 23:59:59"), ("2018-05-03", "2018-06-03T00:00:00Z"),
                            ("2017-01-01", "2018-06-01 00:00:00+02:00"), ("2018-06-01", "2018-06-01")]:
            status, body = table.answer({"country_code": country, "segment_name": "recency_segment",
                                         "last_order_ts": last, "timestamp": stamp})
            assert status == 200
            found = table.lookup(country, "recency_segment", last_order_ts=last, timestamp=stamp)
            assert found.amount == body["voucher_amount"]


def test_lookup_takes_datetimes(table: voucher_table.Table) -> None:
    country = table.countries[0]
    as_text = table.lookup(country, "recency_segment", last_order_ts="2018-03-01 10:00:00",
                           timestamp="2018-06-01 09:00:00")
    naive = table.lookup(country, "recency_segment", last_order_ts=datetime(2018, 3, 1, 10),
                         timestamp=datetime(2018, 6, 1, 9))
    aware = table.lookup(country, "recency_segment",
                         last_order_ts=datetime(2018, 3, 1, 12, tzinfo=timezone(timedelta(hours=2))),
                         timestamp=datetime(2018, 6, 1, 9, tzinfo=timezone.utc))
    assert as_text == naive == aware
    # No timestamp: measured to now; a last order in 2018 is in the open bucket.
    now = table.lookup(country, "recency_segment", last_order_ts="2018-03-01")
    assert now.bucket == len(["0-30", "31-60", "61-90", "91-120", "121-180", "181+"]) - 1


def test_lookup_errors(table: voucher_table.Table) -> None:
    country = table.countries[0]
    with pytest.raises(voucher_table.UnknownCountryError):
        table.lookup("Atlantis", "frequent_segment", total_orders=1)
    with pytest.raises(LookupError):
        table.lookup("", "frequent_segment", total_orders=1)
    with pytest.raises(voucher_table.UnknownSegmentError, match="frequent_segment, recency_segment"):
        table.lookup(country, "Frequent_segment", total_orders=1)
    with pytest.raises(voucher_table.UnknownSegmentError):
        table.lookup(country, ["not", "hashable"], total_orders=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="total_orders is required"):
        table.lookup(country, "frequent_segment", last_order_ts="2018-01-01")
    with pytest.raises(ValueError, match=">= 0"):
        table.lookup(country, "frequent_segment", total_orders=-1)
    with pytest.raises(TypeError):
        table.lookup(country, "frequent_segment", total_orders=True)
    with pytest.raises(TypeError):
        table.lookup(country, "frequent_segment", total_orders=3.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="last_order_ts is required"):
        table.lookup(country, "recency_segment", total_orders=3)
    with pytest.raises(ValueError, match="not a valid time"):
        table.lookup(country, "recency_segment", last_order_ts="2018-02-30", timestamp="2018-06-01")
    with pytest.raises(ValueError, match="not a valid time"):
        table.lookup(country, "recency_segment", last_order_ts="2018-02-03", timestamp="soon")
    with pytest.raises(ValueError, match="later than the reference time"):
        table.lookup(country, "recency_segment", last_order_ts="2018-06-02", timestamp="2018-06-01")
    with pytest.raises(ValueError, match="UTF-8"):
        table.lookup("\udcff", "frequent_segment", total_orders=1)
    with pytest.raises(ValueError, match="UTF-8"):
        table.lookup(country, "recency_segment", last_order_ts="2018-06-0\udcff", timestamp="2018-06-01")
    with pytest.raises(TypeError):
        table.lookup(b"peru", "frequent_segment", total_orders=1)  # type: ignore[arg-type]


def test_answer_takes_dict_str_and_bytes(table: voucher_table.Table) -> None:
    request = {"country_code": "Peru", "segment_name": "frequent_segment", "total_orders": 3}
    text = json.dumps(request)
    expected = table.answer_bytes(text.encode())
    assert expected[0] == 200
    assert table.answer_bytes(text) == table.answer_bytes(request) == table.answer_bytes(bytearray(text.encode())) \
        == table.answer_bytes(memoryview(text.encode())) == expected
    assert table.answer(request) == (200, json.loads(expected[1]))
    assert table.answer(b"\xff")[0] == 400
    assert table.answer("{\"country_code\": \"\udcff\"}")[0] == 400
    assert table.answer(b"") == (400, {"error": "body is not a JSON object: the body is empty at byte 0"})
    with pytest.raises(TypeError):
        table.answer(42)  # type: ignore[arg-type]


def test_answer_grows_its_buffer_for_a_long_answer(table: voucher_table.Table) -> None:
    """A thread's buffer starts at 512 bytes; an answer that needs more is asked for again at its size."""
    request = {"country_code": "Peru", "segment_name": "x" * 300}
    expected = table.answer_bytes(request)
    table._local.out, table._local.capacity = ctypes.create_string_buffer(8), ctypes.c_size_t(8)
    assert table.answer_bytes(request) == expected
    assert table._local.capacity.value == len(expected[1])


def test_closing(table_path: Path) -> None:
    with voucher_table.open(table_path) as table:
        assert not table.closed
        assert "sha256=" in repr(table)
    assert table.closed
    assert "closed" in repr(table)
    with pytest.raises(voucher_table.TableClosedError):
        table.answer({"country_code": "Peru"})
    with pytest.raises(voucher_table.TableClosedError):
        table.lookup("peru", "frequent_segment", total_orders=1)
    table.close()  # a second close does nothing
    assert table.sha256  # identity stays readable


def test_loads_without_any_swift_library_path(tmp_path: Path) -> None:
    """From an environment with nothing but the package's path and the library's: no LD_LIBRARY_PATH."""
    script = ("import voucher_table, sys; t = voucher_table.open(sys.argv[1]); "
              "print(t.answer({'country_code': 'Peru', 'segment_name': 'frequent_segment', 'total_orders': 3})[0])")
    environment = {"PYTHONPATH": str(ROOT / "python"), "VOUCHER_TABLE_LIB": os.environ["VOUCHER_TABLE_LIB"]} \
        if "VOUCHER_TABLE_LIB" in os.environ else {"PYTHONPATH": str(ROOT / "python")}
    done = subprocess.run([sys.executable, "-c", script, str(ROOT / "artifacts" / "vouchers.vtab")],
                          env=environment, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.strip()) == (0, "200"), done.stderr


def test_the_wheel_bundles_the_library(tmp_path: Path) -> None:
    """build/embed.sh's wheel, unpacked, loads its own copy of the library (no VOUCHER_TABLE_LIB)."""
    wheels = sorted((ROOT / ".build" / "embed").glob("voucher_table-*-py3-none-linux_*.whl"))
    assert len(wheels) == 1, f"build/embed.sh writes one platform wheel into .build/embed, found {wheels}"
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = wheel.namelist()
        wheel.extractall(tmp_path)
    library = next(name for name in names if name.endswith("voucher_table/libvouchertable.so"))
    package_root = tmp_path / library.rsplit("/voucher_table/", 1)[0]
    script = ("import voucher_table, sys; t = voucher_table.open(sys.argv[1]); "
              "print(voucher_table._native.library_path()); print(t.lookup('peru', 'frequent_segment', total_orders=3).amount)")
    done = subprocess.run([sys.executable, "-c", script, str(ROOT / "artifacts" / "vouchers.vtab")],
                          env={"PYTHONPATH": str(package_root)}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    loaded, amount = done.stdout.split()
    assert Path(loaded) == package_root / "voucher_table" / "libvouchertable.so"
    with voucher_table.open(ROOT / "artifacts" / "vouchers.vtab") as table:
        assert int(amount) == table.lookup("peru", "frequent_segment", total_orders=3).amount


def test_a_missing_library_is_a_clear_error(tmp_path: Path) -> None:
    script = "import voucher_table; voucher_table.open('x')"
    done = subprocess.run([sys.executable, "-c", script],
                          env={"PYTHONPATH": str(ROOT / "python"), "VOUCHER_TABLE_LIB": str(tmp_path / "none.so")},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "cannot load libvouchertable from" in done.stderr and "none.so" in done.stderr

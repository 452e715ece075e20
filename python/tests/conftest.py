"""Fixtures of the voucher_table tests: the repository's table, the library
build/embed.sh built, and the real server's answers to the generated set.

The library is the package's own (a wheel) when present, else
$VOUCHER_TABLE_LIB, else .build/embed/lib/libvouchertable.so; the server is
$VOUCHER_BIN, else .build/debug/voucher (build/test.sh builds both first).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(0, str(ROOT / "Tests" / "Embed"))

if not (ROOT / "python" / "voucher_table" / "libvouchertable.so").exists():
    os.environ.setdefault("VOUCHER_TABLE_LIB", str(ROOT / ".build" / "embed" / "lib" / "libvouchertable.so"))

import make_requests  # noqa: E402
import server_answers  # noqa: E402
import voucher_table  # noqa: E402

TABLE = ROOT / "artifacts" / "vouchers.vtab"
VOUCHER = Path(os.environ.get("VOUCHER_BIN", ROOT / ".build" / "debug" / "voucher"))


@pytest.fixture(scope="session")
def table_path() -> Path:
    """The committed table file."""
    return TABLE


@pytest.fixture()
def table() -> Iterator[voucher_table.Table]:
    """The committed table, open; closed after the test."""
    with voucher_table.open(TABLE) as opened:
        yield opened


@pytest.fixture(scope="session")
def shape() -> dict:
    """`voucher inspect --json` of the table."""
    assert VOUCHER.exists(), f"{VOUCHER} is missing: build it (swift build) or set VOUCHER_BIN"
    return make_requests.table_shape(str(VOUCHER), str(TABLE))


@pytest.fixture(scope="session")
def bodies(shape: dict) -> List[bytes]:
    """The generated request set."""
    return make_requests.all_bodies(shape)


@pytest.fixture(scope="session")
def server_answers_(bodies: List[bytes]) -> List[Tuple[int, bytes]]:
    """The answers of the real `voucher serve`, on a loopback ephemeral port, to every body."""
    with server_answers.running_server(str(VOUCHER), str(TABLE)) as port:
        return server_answers.post_all(port, bodies)

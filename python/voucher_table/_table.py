"""Table: an open table file, answering requests through libvouchertable."""
from __future__ import annotations

import ctypes
import json
import os
import threading
from datetime import datetime
from typing import Any, Mapping, NamedTuple, Optional, Tuple, Union

from . import _native

#: A request body: a JSON object as a mapping, or its text as str or bytes.
Body = Union[Mapping[str, Any], str, bytes, bytearray, memoryview]
#: A time as a request carries it ("2018-05-03 00:00:00"), or a datetime (naive: UTC).
TimeValue = Union[str, datetime]

_INT64_MAX = (1 << 63) - 1
_library: Optional[ctypes.CDLL] = None
_library_lock = threading.Lock()


def _lib() -> ctypes.CDLL:
    """The library, loaded on first use."""
    global _library
    if _library is None:
        with _library_lock:
            if _library is None:
                _library = _native.load()
    return _library


class VoucherTableError(Exception):
    """A table file that cannot be opened, or a call the library refused."""


class UnknownCountryError(VoucherTableError, LookupError):
    """The country (trimmed, case-insensitive) is not in the table."""


class UnknownSegmentError(VoucherTableError, LookupError):
    """The segment name is not one of the table's segments."""


class TableClosedError(VoucherTableError, ValueError):
    """The table was closed."""


class Lookup(NamedTuple):
    """The table's entry for a country, a segment and the segment's bucket."""

    #: The voucher amount, in minor units.
    amount: int
    #: Kept history rows in the bucket; 0 for a fallback.
    samples: int
    #: True when the bucket had no rows and ``amount`` is the country's most used amount overall.
    is_fallback: bool
    #: The segment's index (configuration order, as :attr:`Table.segments`).
    segment: int
    #: The bucket's index within the segment (ascending bounds).
    bucket: int


def library_version() -> str:
    """The loaded library's version, e.g. ``"1.0.0"``."""
    return _lib().vt_version().decode()


def open(path: Union[str, "os.PathLike[str]"]) -> "Table":  # noqa: A001 - the package's documented name
    """Maps and verifies the table file at ``path`` (every byte is checked).

    Raises :class:`VoucherTableError` naming the file and what is wrong, and
    ``OSError`` when the library itself cannot be loaded.
    """
    return Table(path)


def _time_text(value: TimeValue, name: str) -> bytes:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ").encode()
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    raise TypeError(f"{name} must be a str or a datetime, not {type(value).__name__}")


class Table:
    """An open table file: lookups and request answers, as the server gives them.

    Made by :func:`open`; a context manager that closes it. Every method may
    be called from several threads at once; :meth:`close` must not overlap
    them. After :meth:`close`, every method raises :class:`TableClosedError`.
    """

    def __init__(self, path: Union[str, "os.PathLike[str]"]) -> None:
        lib = _lib()
        self._lib = lib
        message = ctypes.create_string_buffer(1024)
        handle = lib.vt_open(os.fsencode(path), message, len(message))
        if not handle:
            raise VoucherTableError(message.value.decode("utf-8", "replace"))
        self._handle: Optional[int] = handle
        self._path = os.fspath(path)
        self._sha256 = lib.vt_sha256(handle).decode()
        self._format_version = lib.vt_format_version(handle).decode()
        self._segments = tuple(lib.vt_segment_name(handle, i).decode() for i in range(lib.vt_segment_count(handle)))
        self._countries = tuple(lib.vt_country_key(handle, i).decode() for i in range(lib.vt_country_count(handle)))
        # What each segment measures and its name's bytes, for lookup() without a call per argument.
        self._metrics = {}
        for name in self._segments:
            encoded = name.encode()
            self._metrics[name] = (lib.vt_segment_metric(handle, encoded, len(encoded)), encoded,
                                   ctypes.c_size_t(len(encoded)))
        # Each thread's output buffer for answers (the library fills it while the GIL is released).
        self._local = threading.local()
        # The per-request calls take exact ctypes values (see _native.unchecked).
        self._handle_argument = ctypes.c_void_p(handle)
        self._answer_json = _native.unchecked(lib, "vt_answer_json")
        self._lookup = _native.unchecked(lib, "vt_lookup")

    # -- identity ---------------------------------------------------------------------------------

    @property
    def path(self) -> str:
        """The path the table was opened from."""
        return self._path

    @property
    def sha256(self) -> str:
        """SHA-256 of the table file's bytes as mapped, 64 lower-case hex digits."""
        return self._sha256

    @property
    def format_version(self) -> str:
        """The file's format version, ``"major.minor"``."""
        return self._format_version

    @property
    def segments(self) -> Tuple[str, ...]:
        """The segment names, in configuration order."""
        return self._segments

    @property
    def countries(self) -> Tuple[str, ...]:
        """The country keys (trimmed, lower case), in table order."""
        return self._countries

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._handle is None

    # -- answers ----------------------------------------------------------------------------------

    def answer(self, body: Body) -> Tuple[int, dict]:
        """Answers one ``POST /voucher`` body as the server does.

        ``body`` is a mapping (sent as its JSON), or the body's text as str
        or bytes. Returns the HTTP status (200, 400, 404 or 422) and the
        decoded JSON body: ``{"voucher_amount": N}`` or ``{"error": "..."}``.
        Recency is measured to the body's ``timestamp``, else to now (UTC).
        """
        status, raw = self.answer_bytes(body)
        return status, json.loads(raw)

    def answer_bytes(self, body: Body) -> Tuple[int, bytes]:
        """:meth:`answer` with the response body as the server's exact bytes."""
        if isinstance(body, bytes):
            data = body
        elif isinstance(body, str):
            data = body.encode("utf-8", "surrogatepass")
        elif isinstance(body, (bytearray, memoryview)):
            data = bytes(body)
        elif isinstance(body, Mapping):
            data = json.dumps(body).encode()
        else:
            raise TypeError(f"body must be a mapping, str or bytes, not {type(body).__name__}")
        if self._handle is None:
            raise TableClosedError("the table is closed")
        local = self._local
        try:
            out, capacity, length = local.out, local.capacity, local.length
        except AttributeError:
            out, capacity, length = ctypes.create_string_buffer(512), ctypes.c_size_t(512), ctypes.c_size_t()
            local.out, local.capacity, local.length = out, capacity, length
        data_length = ctypes.c_size_t(len(data))
        status = self._answer_json(self._handle_argument, data, data_length, out, capacity, ctypes.byref(length))
        if status == _native.VT_BUFFER_TOO_SMALL:
            out, capacity = ctypes.create_string_buffer(length.value), ctypes.c_size_t(length.value)
            local.out, local.capacity = out, capacity
            status = self._answer_json(self._handle_argument, data, data_length, out, capacity, ctypes.byref(length))
        if status < 0:
            raise VoucherTableError(f"vt_answer_json failed with code {status}")
        return status, ctypes.string_at(out, length.value)

    def lookup(self, country: str, segment: str, *, total_orders: Optional[int] = None,
               last_order_ts: Optional[TimeValue] = None, timestamp: Optional[TimeValue] = None) -> Lookup:
        """The table's entry for a country and a segment: the primitive lookup.

        The country is matched trimmed and case-insensitively, the segment
        name exactly. A segment measuring total orders needs
        ``total_orders`` (an int >= 0; beyond 64 bits it falls in the open
        bucket); one measuring days since the last order needs
        ``last_order_ts`` and measures to ``timestamp``, else to now (UTC).
        Times are request texts (``"2018-05-03 00:00:00"``, no zone: UTC)
        or datetimes (naive: UTC). The argument the segment does not
        measure is ignored: for the server's full request rules, use
        :meth:`answer`.

        Raises :class:`UnknownSegmentError`, :class:`UnknownCountryError`,
        ``ValueError`` (a missing or negative input, a time that does not
        parse, a last order after the reference time, text that is not
        UTF-8), ``TypeError``, :class:`TableClosedError`.
        """
        if self._handle is None:
            raise TableClosedError("the table is closed")
        try:
            metric, segment_bytes, segment_length = self._metrics[segment]
        except (KeyError, TypeError):
            raise UnknownSegmentError(
                f"segment {segment!r} is not in the table; valid names: {', '.join(self._segments)}") from None
        if metric == _native.VT_METRIC_TOTAL_ORDERS:
            if total_orders is None:
                raise ValueError(f"total_orders is required for segment {segment!r}")
            if type(total_orders) is not int:
                raise TypeError(f"total_orders must be an int, not {type(total_orders).__name__}")
            if total_orders < 0:
                raise ValueError(f"total_orders must be >= 0, not {total_orders}")
            value = total_orders if total_orders <= _INT64_MAX else _INT64_MAX
        else:
            if last_order_ts is None:
                raise ValueError(f"last_order_ts is required for segment {segment!r}")
            value = self._days(last_order_ts, timestamp)
        if not isinstance(country, str):
            raise TypeError(f"country must be a str, not {type(country).__name__}")
        country_bytes = country.encode("utf-8", "surrogatepass")
        answer = _native.VTAnswer()
        code = self._lookup(self._handle_argument, country_bytes, ctypes.c_size_t(len(country_bytes)), segment_bytes,
                            segment_length, ctypes.c_int64(value), ctypes.byref(answer))
        if code == _native.VT_OK:
            return Lookup(answer.amount, answer.samples, answer.is_fallback != 0, answer.segment, answer.bucket)
        if code == _native.VT_UNKNOWN_COUNTRY:
            raise UnknownCountryError(f"country {country!r} is not in the table")
        raise ValueError(f"country {country!r} is not valid UTF-8")

    def _days(self, last_order_ts: TimeValue, timestamp: Optional[TimeValue]) -> int:
        last = _time_text(last_order_ts, "last_order_ts")
        reference = None if timestamp is None else _time_text(timestamp, "timestamp")
        days = ctypes.c_int64()
        code = self._lib.vt_days_since_last_order(last, len(last), reference,
                                                  0 if reference is None else len(reference), ctypes.byref(days))
        if code == _native.VT_OK:
            return days.value
        if code == _native.VT_BAD_TIME:
            raise ValueError(f"not a valid time: last_order_ts {last_order_ts!r} or timestamp {timestamp!r}; "
                             "expected YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or YYYY-MM-DDTHH:MM:SS, optionally with "
                             "a fraction and a zone")
        if code == _native.VT_LAST_ORDER_AFTER_REFERENCE:
            raise ValueError("last_order_ts is later than the reference time")
        raise ValueError("last_order_ts and timestamp must be valid UTF-8")

    # -- lifetime ---------------------------------------------------------------------------------

    def close(self) -> None:
        """Unmaps the table. A second call does nothing."""
        handle, self._handle = self._handle, None
        if handle is not None:
            self._lib.vt_close(handle)

    def __enter__(self) -> "Table":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_handle", None) is not None:
            self.close()

    def __repr__(self) -> str:
        state = "closed" if self._handle is None else f"sha256={self._sha256[:12]}…"
        return f"<voucher_table.Table {self._path!r} {state}>"

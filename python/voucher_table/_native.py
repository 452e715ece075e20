"""Loading libvouchertable and declaring its C functions (voucher_table.h) for ctypes."""
from __future__ import annotations

import ctypes
import os
from pathlib import Path

#: Status codes of voucher_table.h (enum vt_status).
VT_OK = 0
VT_UNKNOWN_COUNTRY = -1
VT_UNKNOWN_SEGMENT = -2
VT_BAD_ARGUMENT = -3
VT_BUFFER_TOO_SMALL = -4
VT_BAD_TIME = -5
VT_LAST_ORDER_AFTER_REFERENCE = -6

#: What a segment measures (enum vt_metric).
VT_METRIC_TOTAL_ORDERS = 1
VT_METRIC_DAYS_SINCE_LAST_ORDER = 2

#: The library's file name, beside this module in a wheel.
LIBRARY_NAME = "libvouchertable.so"


class VTAnswer(ctypes.Structure):
    """struct vt_answer."""

    _fields_ = [
        ("amount", ctypes.c_int64),
        ("samples", ctypes.c_int64),
        ("segment", ctypes.c_int32),
        ("bucket", ctypes.c_int32),
        ("is_fallback", ctypes.c_int32),
        ("reserved", ctypes.c_int32),
    ]


def library_path() -> str:
    """The library to load: $VOUCHER_TABLE_LIB when set, else the one in this package's folder."""
    override = os.environ.get("VOUCHER_TABLE_LIB")
    if override:
        return override
    return str(Path(__file__).with_name(LIBRARY_NAME))


def load(path: str | None = None) -> ctypes.CDLL:
    """Loads the library and declares every function's argument and result types.

    Raises OSError naming the path when the library cannot be loaded.
    """
    path = path or library_path()
    try:
        lib = ctypes.CDLL(path)
    except OSError as error:
        raise OSError(
            f"cannot load libvouchertable from {path} ({error}); "
            f"set VOUCHER_TABLE_LIB to the library's path or install the wheel build/embed.sh writes"
        ) from error
    c_char_p, c_size_t, c_int, c_void_p = ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_void_p
    signatures = {
        "vt_version": ([], c_char_p),
        "vt_open": ([c_char_p, c_char_p, c_size_t], c_void_p),
        "vt_close": ([c_void_p], None),
        "vt_sha256": ([c_void_p], c_char_p),
        "vt_format_version": ([c_void_p], c_char_p),
        "vt_segment_count": ([c_void_p], c_int),
        "vt_segment_name": ([c_void_p, c_int], c_char_p),
        "vt_segment_metric": ([c_void_p, c_char_p, c_size_t], c_int),
        "vt_country_count": ([c_void_p], c_int),
        "vt_country_key": ([c_void_p, c_int], c_char_p),
        "vt_lookup": ([c_void_p, c_char_p, c_size_t, c_char_p, c_size_t, ctypes.c_int64, ctypes.POINTER(VTAnswer)],
                      c_int),
        "vt_days_since_last_order": ([c_char_p, c_size_t, c_char_p, c_size_t, ctypes.POINTER(ctypes.c_int64)], c_int),
        "vt_answer_json": ([c_void_p, c_char_p, c_size_t, c_char_p, c_size_t, ctypes.POINTER(c_size_t)], c_int),
    }
    for name, (arguments, result) in signatures.items():
        function = getattr(lib, name)
        function.argtypes = arguments
        function.restype = result
    return lib


def unchecked(lib: ctypes.CDLL, name: str) -> ctypes._CFuncPtr:
    """A second function object for `name`, returning int, without argtypes.

    For the per-request calls (vt_lookup, vt_answer_json): converting seven
    arguments through argtypes costs more than twice the call itself, so
    callers pass every argument as an exact ctypes value instead (c_void_p,
    c_size_t, c_int64, bytes for const char *, byref for pointers), never a
    bare int.
    """
    function = lib._FuncPtr((name, lib))
    function.restype = ctypes.c_int
    return function

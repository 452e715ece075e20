"""The voucher table in process: lookups and ``POST /voucher`` answers from a
compiled table file, byte for byte as ``voucher serve`` answers them.

Pure Python over ctypes and ``libvouchertable`` (the C ABI of the Swift
package, ``voucher_table.h``), loaded from this package's folder or from the
path in ``VOUCHER_TABLE_LIB``::

    import voucher_table

    with voucher_table.open("artifacts/vouchers.vtab") as table:
        status, body = table.answer({"country_code": "Peru", "segment_name": "frequent_segment",
                                     "total_orders": 3})          # (200, {"voucher_amount": 2640})
        table.lookup("peru", "frequent_segment", total_orders=3).amount   # 2640

Thread safety: a :class:`Table` may be used from any number of threads at
once (the library releases the GIL during each call). Closing it while
another thread still uses it is an error of the caller's, as in C.
"""
from __future__ import annotations

from ._table import (
    Lookup,
    Table,
    TableClosedError,
    UnknownCountryError,
    UnknownSegmentError,
    VoucherTableError,
    library_version,
    open,
)

__all__ = [
    "Lookup",
    "Table",
    "TableClosedError",
    "UnknownCountryError",
    "UnknownSegmentError",
    "VoucherTableError",
    "library_version",
    "open",
]
__version__ = "1.0.0"

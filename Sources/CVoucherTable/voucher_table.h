/*
 * voucher_table.h - the voucher table as a C library (libvouchertable).
 *
 * Opens a compiled voucher table file (`voucher compile`) and answers
 * voucher requests from it in process, exactly as the `voucher serve` HTTP
 * server answers them: the same validation, the same lookups, the same
 * response bytes. The library is the Swift package's VoucherTable and
 * VoucherAPI modules behind plain C functions; it carries the Swift runtime
 * inside it and needs only libc, libzstd and libz at run time.
 *
 * Build: `bash build/embed.sh` writes .build/embed/lib/libvouchertable.so,
 * .build/embed/include/voucher_table.h and .build/embed/lib/pkgconfig/
 * vouchertable.pc; compile with `cc $(pkg-config --cflags --libs
 * vouchertable) ...` (PKG_CONFIG_PATH=.build/embed/lib/pkgconfig).
 *
 * Conventions, for every function:
 *
 *  - Strings in are (pointer, length) pairs of UTF-8 bytes, not
 *    NUL-terminated (a NUL byte is part of the text), except the path of
 *    vt_open. A NULL pointer with a length of 0 is the empty string; a NULL
 *    pointer with a length above 0 is VT_BAD_ARGUMENT. Text that is not
 *    well-formed UTF-8 is VT_BAD_ARGUMENT where a function takes text, and a
 *    400 answer in vt_answer_json (as the server answers such a body).
 *  - Negative return values are the vt_status codes below; a function never
 *    crashes on NULL, non-UTF-8 or out-of-range arguments.
 *  - Strings out (const char *) are NUL-terminated UTF-8 owned by the
 *    library: vt_version's for ever, a table's until vt_close. Never free them.
 *
 * Thread safety: a vt_table is immutable after vt_open. Any number of
 * threads may call every function on one table at the same time, without a
 * lock, until vt_close. vt_close must not overlap with any other call on
 * the same table, and the table must not be used after it: that is
 * undefined behaviour (the library cannot detect it).
 *
 * Allocation: vt_lookup allocates nothing for ASCII countries, nor does
 * vt_answer_json for a 200 whose country_code is at most 15 UTF-8 bytes
 * without escapes (each thread keeps one response buffer, from its first
 * call until it exits). Error answers allocate their message.
 *
 * Lifetime: vt_open maps the file read-only; the mapping lives until
 * vt_close. Replacing the file (by rename, as `voucher compile` does) does
 * not change an open table: open the new file and close the old table once
 * no thread uses it. The library cannot be unloaded (do not dlclose it).
 */
#ifndef VOUCHER_TABLE_H
#define VOUCHER_TABLE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The version of this header; vt_version() returns the library's. */
#define VT_VERSION "1.0.0"

/** An open table. Opaque; made by vt_open, released by vt_close. */
typedef struct vt_table vt_table;

/** Status codes: 0 for success, negative for failure. */
enum vt_status {
    /** Success. */
    VT_OK = 0,
    /** The country (trimmed, case-insensitive) is not in the table. */
    VT_UNKNOWN_COUNTRY = -1,
    /** The segment name is not one of the table's segments (exact match). */
    VT_UNKNOWN_SEGMENT = -2,
    /** A required pointer is NULL, a length does not fit, text is not
     * UTF-8, an index is out of range, or a metric value is negative. */
    VT_BAD_ARGUMENT = -3,
    /** The output buffer is too small; the size needed has been written. */
    VT_BUFFER_TOO_SMALL = -4,
    /** A time text does not parse (the server's formats: YYYY-MM-DD,
     * YYYY-MM-DD HH:MM:SS or YYYY-MM-DDTHH:MM:SS, with an optional fraction
     * and zone). */
    VT_BAD_TIME = -5,
    /** The last order lies after the reference time. */
    VT_LAST_ORDER_AFTER_REFERENCE = -6
};

/** What a segment measures (vt_segment_metric). */
enum vt_metric {
    /** The customer's total number of orders. */
    VT_METRIC_TOTAL_ORDERS = 1,
    /** Whole days from the last order to the reference time. */
    VT_METRIC_DAYS_SINCE_LAST_ORDER = 2
};

/** The answer of vt_lookup: the table's entry for (country, segment, bucket). */
typedef struct vt_answer {
    /** The voucher amount, in minor units. */
    int64_t amount;
    /** Kept history rows in the bucket; 0 for a fallback. */
    int64_t samples;
    /** The segment's index (configuration order, as vt_segment_name). */
    int32_t segment;
    /** The bucket's index within the segment (ascending bounds). */
    int32_t bucket;
    /** 1 when the bucket had no rows and amount is the country's most used
     * amount overall, else 0. */
    int32_t is_fallback;
    /** Always 0; keeps the layout the same on every platform. */
    int32_t reserved;
} vt_answer;

/**
 * The library's version, e.g. "1.0.0" (compare with VT_VERSION).
 * Static storage; never NULL. Thread-safe.
 */
const char *vt_version(void);

/**
 * Maps and verifies a table file (every byte is checked: magic, version,
 * bounds, checksums) and computes its SHA-256.
 *
 * path: NUL-terminated UTF-8 path.
 * error, error_capacity: where a failure's message goes (NUL-terminated,
 *   cut at error_capacity - 1 bytes on a character boundary); may be NULL
 *   with capacity 0. Untouched on success.
 * Returns the table, to be released with vt_close, or NULL on failure (a
 *   NULL or non-UTF-8 path, a file that cannot be read, a corrupt or
 *   incompatible table). Thread-safe.
 */
vt_table *vt_open(const char *path, char *error, size_t error_capacity);

/**
 * Unmaps a table and frees it and every string it returned. NULL is
 * ignored. No call on the same table may overlap with this one or follow it.
 */
void vt_close(vt_table *table);

/**
 * The SHA-256 of the table file's bytes as mapped: 64 lower-case hex
 * digits. Owned by the table; NULL for a NULL table.
 */
const char *vt_sha256(const vt_table *table);

/**
 * The table file's format version, "major.minor" (e.g. "1.0"). Owned by
 * the table; NULL for a NULL table.
 */
const char *vt_format_version(const vt_table *table);

/** The number of segments; VT_BAD_ARGUMENT for a NULL table. */
int vt_segment_count(const vt_table *table);

/**
 * The name of segment `index` (0 <= index < vt_segment_count). Owned by
 * the table; NULL for a NULL table or an index out of range.
 */
const char *vt_segment_name(const vt_table *table, int index);

/**
 * What the segment named exactly `segment` measures: VT_METRIC_TOTAL_ORDERS
 * or VT_METRIC_DAYS_SINCE_LAST_ORDER; VT_UNKNOWN_SEGMENT, or
 * VT_BAD_ARGUMENT (NULL table, NULL text with a length, non-UTF-8).
 */
int vt_segment_metric(const vt_table *table, const char *segment, size_t segment_length);

/** The number of countries; VT_BAD_ARGUMENT for a NULL table. */
int vt_country_count(const vt_table *table);

/**
 * The key of country `index` (trimmed, lower case, as lookups match it).
 * Owned by the table; NULL for a NULL table or an index out of range.
 */
const char *vt_country_key(const vt_table *table, int index);

/**
 * The primitive lookup: the table's entry for a country, a segment and the
 * segment's metric value (total_orders, or the days from
 * vt_days_since_last_order). The country is matched trimmed of white space
 * and case-insensitively; the segment name exactly. A value at or above the
 * open bucket's lower bound falls in the open bucket. Does not check that
 * the value is of the kind the segment measures (see vt_segment_metric).
 *
 * answer: written on VT_OK only.
 * Returns VT_OK, VT_UNKNOWN_SEGMENT, VT_UNKNOWN_COUNTRY (checked in that
 *   order), or VT_BAD_ARGUMENT (NULL table or answer, NULL text with a
 *   length, non-UTF-8 text, metric_value < 0).
 * O(1); no lock; no allocation for ASCII countries. Thread-safe.
 */
int vt_lookup(const vt_table *table, const char *country, size_t country_length, const char *segment,
              size_t segment_length, int64_t metric_value, vt_answer *answer);

/**
 * Whole days, rounded down, from last_order_ts to the reference time: the
 * metric of a VT_METRIC_DAYS_SINCE_LAST_ORDER segment, computed as the
 * server computes it.
 *
 * last_order_ts: a time text as a request carries it, e.g.
 *   "2018-05-03 00:00:00" (no zone: UTC).
 * reference, reference_length: the request's `timestamp`, in the same
 *   formats; NULL (length 0) for the caller's clock (UTC).
 * days: written on VT_OK only.
 * Returns VT_OK, VT_BAD_TIME (either text does not parse),
 *   VT_LAST_ORDER_AFTER_REFERENCE, or VT_BAD_ARGUMENT. Thread-safe; no table.
 */
int vt_days_since_last_order(const char *last_order_ts, size_t last_order_length, const char *reference,
                             size_t reference_length, int64_t *days);

/**
 * Answers one `POST /voucher` request body exactly as the server does: the
 * same validation in the same order, the same status and the same body
 * bytes: {"voucher_amount": N} or {"error": "..."}. The reference time for
 * recency is the caller's clock (UTC) unless the body has `timestamp`.
 *
 * body, body_length: the request body (NULL with 0: an empty body, a 400).
 * out, out_capacity: where the response body goes (not NUL-terminated,
 *   though a NUL follows it when out_capacity > *out_length). Never written
 *   past out_capacity.
 * out_length: set to the response body's length whenever the result is an
 *   HTTP status or VT_BUFFER_TOO_SMALL (then it is the capacity needed).
 *   512 bytes hold every answer but the 400 for an unknown segment_name,
 *   whose message lists the configured names (under 400 bytes with the
 *   default segments).
 * Returns the HTTP status (200, 400, 404 or 422), VT_BUFFER_TOO_SMALL, or
 *   VT_BAD_ARGUMENT (NULL table or out_length, NULL body or out with a
 *   length). Thread-safe; see "Allocation" above.
 */
int vt_answer_json(const vt_table *table, const char *body, size_t body_length, char *out, size_t out_capacity,
                   size_t *out_length);

#ifdef __cplusplus
}
#endif

#endif /* VOUCHER_TABLE_H */

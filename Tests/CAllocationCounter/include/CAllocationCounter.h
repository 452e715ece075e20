#ifndef VOUCHER_CALLOCATIONCOUNTER_H
#define VOUCHER_CALLOCATIONCOUNTER_H

#include <stdint.h>

/// Counts the heap allocations of each thread, for the tests that check a
/// hot path allocates nothing. Linked into the test executable only.
///
/// Without a sanitizer, this target defines malloc, calloc, realloc, free
/// and the aligned allocators; each counts on the calling thread and
/// forwards to glibc's own (`__libc_malloc` and friends). Under
/// AddressSanitizer or ThreadSanitizer the sanitizer owns malloc, so the
/// count comes from its allocation hook instead.

/// Allocations (malloc, calloc, realloc, memalign, posix_memalign,
/// aligned_alloc, valloc) made by the calling thread since it started.
uint64_t voucher_thread_allocations(void);

#endif

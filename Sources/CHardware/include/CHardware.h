#ifndef VOUCHER_CHARDWARE_H
#define VOUCHER_CHARDWARE_H

#include <stddef.h>
#include <stdint.h>

/// CPU instructions that Swift cannot spell, for the compiler's hot loops.

/// Asks the CPU to bring the cache line of `address` closer, for a write
/// soon: a hint that never faults and changes no memory.
static inline void voucher_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

/// 1 when this CPU has the SHA-256 instructions that
/// `voucher_sha256_hardware_blocks` uses (x86-64 SHA extensions with SSSE3
/// and SSE4.1), else 0.
int voucher_sha256_hardware_available(void);

/// FIPS 180-4's SHA-256 compression of `count` consecutive 64-byte blocks
/// at `blocks` into `state` (H0…H7), with the CPU's SHA instructions. Call
/// only when `voucher_sha256_hardware_available()` is 1.
void voucher_sha256_hardware_blocks(uint32_t state[8], const void *blocks, size_t count);

#endif

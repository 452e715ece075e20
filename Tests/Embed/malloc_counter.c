/*
 * Counts malloc, calloc and realloc calls of the whole process, for
 * allocation_test.c: linked into the test program ahead of libc, these
 * definitions take the place of libc's for libvouchertable too (the Swift
 * runtime inside it allocates through malloc), and forward to libc's.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>

static long allocations;

/* The number of allocations so far. */
long malloc_counter_count(void) {
    return __atomic_load_n(&allocations, __ATOMIC_RELAXED);
}

void *malloc(size_t size) {
    static void *(*next)(size_t);
    if (!next) next = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
    __atomic_add_fetch(&allocations, 1, __ATOMIC_RELAXED);
    return next(size);
}

void *realloc(void *pointer, size_t size) {
    static void *(*next)(void *, size_t);
    if (!next) next = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
    __atomic_add_fetch(&allocations, 1, __ATOMIC_RELAXED);
    return next(pointer, size);
}

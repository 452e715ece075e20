/*
 * Answers every request body of a file with vt_answer_json and writes the
 * answers, for comparison with the server's (Tests/Embed/check-c.sh).
 *
 *   answer_bodies TABLE BODIES ANSWERS
 *
 * BODIES: records of a 4-byte little-endian length and that many bytes.
 * ANSWERS: per body, a 4-byte little-endian status, a 4-byte little-endian
 * length and the response body. The set is answered once on this thread,
 * then again on 4 threads at once, which must give the same bytes.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "voucher_table.h"

typedef struct {
    char *bytes;
    size_t length;
} span;

typedef struct {
    int status;
    span body;
} answer;

static const vt_table *table;
static span *bodies;
static size_t body_count;

static void fail(const char *what) {
    fprintf(stderr, "answer_bodies: %s\n", what);
    exit(1);
}

static uint32_t read_u32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void write_u32(FILE *file, uint32_t value) {
    unsigned char bytes[4] = {value & 0xFF, value >> 8 & 0xFF, value >> 16 & 0xFF, value >> 24 & 0xFF};
    if (fwrite(bytes, 1, 4, file) != 4) fail("cannot write the answers");
}

static void read_bodies(const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) fail("cannot open the bodies file");
    size_t capacity = 0;
    unsigned char header[4];
    while (fread(header, 1, 4, file) == 4) {
        if (body_count == capacity) {
            capacity = capacity ? capacity * 2 : 256;
            bodies = realloc(bodies, capacity * sizeof *bodies);
            if (!bodies) fail("out of memory");
        }
        span body = {malloc(read_u32(header) + 1), read_u32(header)};
        if (!body.bytes || fread(body.bytes, 1, body.length, file) != body.length) fail("a truncated body");
        bodies[body_count++] = body;
    }
    fclose(file);
}

/* One answer, starting with a 16-byte buffer and growing it to the size the
 * library asks for, as a caller that does not know the size would. */
static answer answer_one(span body) {
    size_t capacity = 16, length = 0;
    char *out = malloc(capacity);
    int status = vt_answer_json(table, body.bytes, body.length, out, capacity, &length);
    if (status == VT_BUFFER_TOO_SMALL) {
        if (length <= capacity) fail("VT_BUFFER_TOO_SMALL without a larger size");
        capacity = length;
        out = realloc(out, capacity);
        status = vt_answer_json(table, body.bytes, body.length, out, capacity, &length);
    }
    if (status < 100) fail("vt_answer_json returned a negative code for a body");
    return (answer){status, {out, length}};
}

static answer *first;

static void *answer_all_and_compare(void *unused) {
    (void)unused;
    for (size_t i = 0; i < body_count; i++) {
        answer again = answer_one(bodies[i]);
        if (again.status != first[i].status || again.body.length != first[i].body.length ||
            memcmp(again.body.bytes, first[i].body.bytes, again.body.length) != 0) {
            fail("a thread's answer differs from the first pass's");
        }
        free(again.body.bytes);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 4) fail("usage: answer_bodies TABLE BODIES ANSWERS");
    char error[512];
    table = vt_open(argv[1], error, sizeof error);
    if (!table) fail(error);
    read_bodies(argv[2]);

    first = calloc(body_count + 1, sizeof *first);
    for (size_t i = 0; i < body_count; i++) first[i] = answer_one(bodies[i]);

    pthread_t threads[4];
    for (int i = 0; i < 4; i++) {
        if (pthread_create(&threads[i], NULL, answer_all_and_compare, NULL) != 0) fail("pthread_create");
    }
    for (int i = 0; i < 4; i++) pthread_join(threads[i], NULL);

    FILE *out = fopen(argv[3], "wb");
    if (!out) fail("cannot create the answers file");
    for (size_t i = 0; i < body_count; i++) {
        write_u32(out, (uint32_t)first[i].status);
        write_u32(out, (uint32_t)first[i].body.length);
        if (fwrite(first[i].body.bytes, 1, first[i].body.length, out) != first[i].body.length) fail("short write");
    }
    if (fclose(out) != 0) fail("cannot write the answers file");
    vt_close((vt_table *)table);
    printf("answer_bodies: %zu bodies answered, the same on 4 threads at once\n", body_count);
    return 0;
}

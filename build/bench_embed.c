/*
 * build/bench-embed.sh's C loop: per-call cost of vt_lookup and of
 * vt_answer_json on one thread, through the library's C ABI.
 *
 *   bench_embed TABLE CALLS ROUNDS [lookup|answer]
 *
 * Queries: every country in three spellings (key, upper case, padded and
 * capitalised) x every segment x 8 metric values, shuffled and cycled, as
 * `voucher lookup --benchmark` does in Swift; bodies: the same requests as
 * JSON (frequent: total_orders; recency: last_order_ts and timestamp).
 * Prints the best and the median round, in ns per call. With `lookup` or
 * `answer`, runs that loop only (for instruction counts under callgrind).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "voucher_table.h"

typedef struct {
    char country[64];
    size_t country_length;
    const char *segment;
    size_t segment_length;
    int64_t value;
    char body[256];
    size_t body_length;
} query;

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: bench_embed TABLE CALLS ROUNDS [lookup|answer]\n");
        return 2;
    }
    long calls = atol(argv[2]), rounds = atol(argv[3]);
    int run_lookup = argc == 4 || strcmp(argv[4], "lookup") == 0;
    int run_answer = argc == 4 || strcmp(argv[4], "answer") == 0;
    char error[512];
    vt_table *table = vt_open(argv[1], error, sizeof error);
    if (!table) {
        fprintf(stderr, "bench_embed: %s\n", error);
        return 1;
    }
    static const int64_t values[8] = {0, 3, 7, 20, 45, 95, 150, 400};
    query *queries = calloc(1024, sizeof *queries);
    int count = 0;
    for (int c = 0; c < vt_country_count(table); c++) {
        const char *key = vt_country_key(table, c);
        for (int spelling = 0; spelling < 3; spelling++) {
            for (int s = 0; s < vt_segment_count(table); s++) {
                for (int v = 0; v < 8; v++) {
                    query *q = &queries[count++];
                    char *out = q->country;
                    if (spelling == 2) *out++ = ' ';
                    for (const char *k = key; *k; k++) {
                        int upper = spelling == 1 || (spelling == 2 && k == key);
                        *out++ = (char)(upper && *k >= 'a' && *k <= 'z' ? *k - 32 : *k);
                    }
                    if (spelling == 2) *out++ = ' ';
                    *out = '\0';
                    q->country_length = strlen(q->country);
                    q->segment = vt_segment_name(table, s);
                    q->segment_length = strlen(q->segment);
                    q->value = values[v];
                    if (vt_segment_metric(table, q->segment, q->segment_length) == VT_METRIC_TOTAL_ORDERS) {
                        snprintf(q->body, sizeof q->body,
                                 "{\"customer_id\": 123, \"country_code\": \"%s\", \"total_orders\": %lld, "
                                 "\"segment_name\": \"%s\"}", q->country, (long long)q->value, q->segment);
                    } else {
                        /* last_order_ts value days before the timestamp 2018-06-01 00:00:00. */
                        time_t last = (time_t)(1527811200 - q->value * 86400);
                        struct tm day;
                        gmtime_r(&last, &day);
                        char text[32];
                        strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &day);
                        snprintf(q->body, sizeof q->body,
                                 "{\"customer_id\": 123, \"country_code\": \"%s\", \"last_order_ts\": \"%s\", "
                                 "\"timestamp\": \"2018-06-01 00:00:00\", \"segment_name\": \"%s\"}",
                                 q->country, text, q->segment);
                    }
                    q->body_length = strlen(q->body);
                }
            }
        }
    }
    srand(1);
    for (int i = count - 1; i > 0; i--) {
        int j = rand() % (i + 1);
        query swap = queries[i];
        queries[i] = queries[j];
        queries[j] = swap;
    }

    double *lookup_ns = calloc((size_t)rounds, sizeof(double)), *answer_ns = calloc((size_t)rounds, sizeof(double));
    int64_t checksum = 0;
    char out[512];
    for (long round = 0; round < rounds; round++) {
        double start = now_ns();
        int i = 0;
        for (long n = 0; n < calls * run_lookup; n++) {
            const query *q = &queries[i];
            i = i + 1 == count ? 0 : i + 1;
            vt_answer answer;
            if (vt_lookup(table, q->country, q->country_length, q->segment, q->segment_length, q->value, &answer) == VT_OK)
                checksum += answer.amount;
        }
        lookup_ns[round] = (now_ns() - start) / (double)calls;

        start = now_ns();
        i = 0;
        for (long n = 0; n < calls * run_answer; n++) {
            const query *q = &queries[i];
            i = i + 1 == count ? 0 : i + 1;
            size_t length;
            checksum += vt_answer_json(table, q->body, q->body_length, out, sizeof out, &length) + (int64_t)length;
        }
        answer_ns[round] = (now_ns() - start) / (double)calls;
    }
    qsort(lookup_ns, (size_t)rounds, sizeof(double), compare);
    qsort(answer_ns, (size_t)rounds, sizeof(double), compare);
    printf("%d queries (%d countries x 3 spellings x %d segments x 8 values), %ld calls x %ld rounds, checksum %lld\n",
           count, vt_country_count(table), vt_segment_count(table), calls, rounds, (long long)checksum);
    if (run_lookup) printf("vt_lookup       best %7.1f ns  median %7.1f ns per call\n", lookup_ns[0], lookup_ns[rounds / 2]);
    if (run_answer) printf("vt_answer_json  best %7.1f ns  median %7.1f ns per call\n", answer_ns[0], answer_ns[rounds / 2]);
    vt_close(table);
    return 0;
}

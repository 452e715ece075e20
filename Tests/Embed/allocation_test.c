/*
 * vt_lookup and vt_answer_json allocate nothing per call (voucher_table.h,
 * "Allocation"): after a first round (each thread's response buffer is made
 * on its first call), a second round of 20,000 calls of each over every
 * country, segment and spelling kind the header promises (ASCII countries;
 * 200 answers with short countries, frequent and recency bodies) makes no
 * malloc or realloc call. malloc_counter.c counts them.
 *
 *   allocation_test TABLE
 */
#include <stdio.h>
#include <string.h>

#include "voucher_table.h"

long malloc_counter_count(void);

int main(int argc, char **argv) {
    if (argc != 2) return 2;
    char error[256];
    vt_table *table = vt_open(argv[1], error, sizeof error);
    if (!table) {
        fprintf(stderr, "allocation_test: %s\n", error);
        return 1;
    }
    char bodies[64][256], countries[64][64];
    int count = 0;
    for (int c = 0; c < vt_country_count(table) && count < 60; c++) {
        const char *key = vt_country_key(table, c);
        snprintf(countries[count], sizeof countries[count], " %s\t", key);
        snprintf(bodies[count++], sizeof bodies[0],
                 "{\"customer_id\": 123, \"country_code\": \"%s\", \"last_order_ts\": \"2018-05-03 00:00:00\", "
                 "\"first_order_ts\": \"2017-05-03 00:00:00\", \"total_orders\": 3, \"segment_name\": \"frequent_segment\"}",
                 key);
        snprintf(countries[count], sizeof countries[count], "%c%s", key[0] - 32, key + 1);
        snprintf(bodies[count++], sizeof bodies[0],
                 "{\"country_code\": \" %c%s \", \"last_order_ts\": \"2018-04-03T10:00:00Z\", "
                 "\"timestamp\": \"2018-06-03 00:00:00+02:00\", \"segment_name\": \"recency_segment\"}",
                 key[0] - 32, key + 1);
    }
    char out[512];
    size_t length;
    vt_answer answer;
    long counts[2];
    int failures = 0;
    for (int round = 0; round < 2; round++) {
        long before = malloc_counter_count();
        for (int i = 0; i < 20000; i++) {
            int k = i % count;
            if (vt_answer_json(table, bodies[k], strlen(bodies[k]), out, sizeof out, &length) != 200) failures++;
            const char *segment = vt_segment_name(table, i & 1);
            if (vt_lookup(table, countries[k], strlen(countries[k]), segment, strlen(segment), i % 500, &answer) != VT_OK)
                failures++;
        }
        counts[round] = malloc_counter_count() - before;
    }
    vt_close(table);
    printf("allocation_test: %ld allocations in the first round, %ld in the second (20000 answers and lookups each)\n",
           counts[0], counts[1]);
    if (failures) fprintf(stderr, "allocation_test: %d calls did not answer 200 / VT_OK\n", failures);
    return counts[1] == 0 && failures == 0 ? 0 : 1;
}

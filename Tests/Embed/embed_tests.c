/*
 * Checks of the C ABI's defined behaviour (voucher_table.h) that the
 * comparison with the server does not cover: opening bad files, NULL and
 * non-UTF-8 arguments, small buffers, the accessors, and that vt_lookup and
 * vt_answer_json agree. Run by Tests/Embed/check-c.sh from an empty
 * environment (env -i: no Swift library path).
 *
 *   embed_tests TABLE SHA256 WORK_DIR
 *
 * Prints one line per failed check and exits 1 if any failed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "voucher_table.h"

static int checks, failures;

#define CHECK(condition)                                                              \
    do {                                                                              \
        checks++;                                                                     \
        if (!(condition)) {                                                           \
            failures++;                                                               \
            fprintf(stderr, "embed_tests.c:%d: failed: %s\n", __LINE__, #condition); \
        }                                                                             \
    } while (0)

static const char *table_path, *work_dir;

/* The table file's bytes. */
static unsigned char *read_file(const char *path, size_t *length) {
    FILE *file = fopen(path, "rb");
    if (!file) return NULL;
    fseek(file, 0, SEEK_END);
    *length = (size_t)ftell(file);
    fseek(file, 0, SEEK_SET);
    unsigned char *bytes = malloc(*length);
    if (fread(bytes, 1, *length, file) != *length) *length = 0;
    fclose(file);
    return bytes;
}

/* Writes bytes to WORK_DIR/name and returns the path (static storage). */
static const char *write_file(const char *name, const unsigned char *bytes, size_t length) {
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", work_dir, name);
    FILE *file = fopen(path, "wb");
    if (!file || fwrite(bytes, 1, length, file) != length || fclose(file) != 0) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(2);
    }
    return path;
}

static void opening(void) {
    char error[256];

    strcpy(error, "untouched");
    CHECK(vt_open(NULL, error, sizeof error) == NULL);
    CHECK(strstr(error, "NULL") != NULL);
    CHECK(vt_open(NULL, NULL, 0) == NULL);

    CHECK(vt_open("/nonexistent/vouchers.vtab", error, sizeof error) == NULL);
    CHECK(strstr(error, "/nonexistent/vouchers.vtab") != NULL);

    CHECK(vt_open("\xff\xfe.vtab", error, sizeof error) == NULL);
    CHECK(strstr(error, "UTF-8") != NULL);

    CHECK(vt_open(work_dir, error, sizeof error) == NULL); /* a directory */
    CHECK(error[0] != '\0');

    size_t length = 0;
    unsigned char *bytes = read_file(table_path, &length);
    CHECK(bytes != NULL && length > 64);

    /* A truncated file, a flipped byte in every eighth position, an empty file: refused, never half used. */
    CHECK(vt_open(write_file("truncated.vtab", bytes, length - 1), error, sizeof error) == NULL);
    CHECK(error[0] != '\0');
    int refused = 0, tried = 0;
    for (size_t at = 0; at < length; at += 8) {
        bytes[at] ^= 0x20;
        vt_table *table = vt_open(write_file("flipped.vtab", bytes, length), error, sizeof error);
        bytes[at] ^= 0x20;
        tried++;
        if (table == NULL && error[0] != '\0') refused++;
        vt_close(table);
    }
    CHECK(refused == tried);
    CHECK(vt_open(write_file("empty.vtab", bytes, 0), error, sizeof error) == NULL);

    /* The message is cut to the capacity, NUL-terminated, and nothing past it is written. */
    char small[12];
    memset(small, 'x', sizeof small);
    CHECK(vt_open("/nonexistent/vouchers.vtab", small, 8) == NULL);
    CHECK(strlen(small) == 7);
    CHECK(small[8] == 'x' && small[11] == 'x');
    memset(small, 'x', sizeof small);
    CHECK(vt_open("/nonexistent/vouchers.vtab", small, 1) == NULL);
    CHECK(small[0] == '\0' && small[1] == 'x');
    CHECK(vt_open("/nonexistent/vouchers.vtab", NULL, 0) == NULL);
    free(bytes);
}

static void identity(const vt_table *table, const char *sha256) {
    CHECK(strcmp(vt_version(), VT_VERSION) == 0);
    CHECK(vt_sha256(table) != NULL && strcmp(vt_sha256(table), sha256) == 0);
    CHECK(vt_format_version(table) != NULL && strcmp(vt_format_version(table), "1.0") == 0);
    CHECK(vt_sha256(NULL) == NULL);
    CHECK(vt_format_version(NULL) == NULL);

    CHECK(vt_segment_count(table) == 2);
    CHECK(vt_segment_count(NULL) == VT_BAD_ARGUMENT);
    CHECK(strcmp(vt_segment_name(table, 0), "frequent_segment") == 0);
    CHECK(strcmp(vt_segment_name(table, 1), "recency_segment") == 0);
    CHECK(vt_segment_name(table, 2) == NULL);
    CHECK(vt_segment_name(table, -1) == NULL);
    CHECK(vt_segment_name(NULL, 0) == NULL);
    CHECK(vt_segment_metric(table, "frequent_segment", 16) == VT_METRIC_TOTAL_ORDERS);
    CHECK(vt_segment_metric(table, "recency_segment", 15) == VT_METRIC_DAYS_SINCE_LAST_ORDER);
    CHECK(vt_segment_metric(table, "Frequent_segment", 16) == VT_UNKNOWN_SEGMENT);
    CHECK(vt_segment_metric(table, NULL, 3) == VT_BAD_ARGUMENT);
    CHECK(vt_segment_metric(NULL, "recency_segment", 15) == VT_BAD_ARGUMENT);

    int countries = vt_country_count(table);
    CHECK(countries > 0);
    CHECK(vt_country_count(NULL) == VT_BAD_ARGUMENT);
    CHECK(vt_country_key(table, countries) == NULL);
    CHECK(vt_country_key(table, -1) == NULL);
    for (int i = 0; i < countries; i++) {
        const char *key = vt_country_key(table, i);
        vt_answer answer;
        CHECK(key != NULL && vt_lookup(table, key, strlen(key), "frequent_segment", 16, 0, &answer) == VT_OK);
    }
}

/* vt_lookup's codes, and its answers equal vt_answer_json's for the same request. */
static void lookups(const vt_table *table) {
    vt_answer answer;
    const char *country = vt_country_key(table, 0);
    size_t country_length = strlen(country);

    CHECK(vt_lookup(NULL, country, country_length, "frequent_segment", 16, 3, &answer) == VT_BAD_ARGUMENT);
    CHECK(vt_lookup(table, country, country_length, "frequent_segment", 16, 3, NULL) == VT_BAD_ARGUMENT);
    CHECK(vt_lookup(table, NULL, 4, "frequent_segment", 16, 3, &answer) == VT_BAD_ARGUMENT);
    CHECK(vt_lookup(table, country, country_length, NULL, 16, 3, &answer) == VT_BAD_ARGUMENT);
    CHECK(vt_lookup(table, country, country_length, "frequent_segment", 16, -1, &answer) == VT_BAD_ARGUMENT);
    CHECK(vt_lookup(table, "\xff", 1, "frequent_segment", 16, 3, &answer) == VT_BAD_ARGUMENT);
    CHECK(vt_lookup(table, "\xc3", 1, "frequent_segment", 16, 3, &answer) == VT_BAD_ARGUMENT); /* cut sequence */
    CHECK(vt_lookup(table, "\xed\xa0\x80", 3, "frequent_segment", 16, 3, &answer) == VT_BAD_ARGUMENT); /* surrogate */
    CHECK(vt_lookup(table, country, country_length, "frequent\xff", 9, 3, &answer) == VT_BAD_ARGUMENT);
    CHECK(vt_lookup(table, country, country_length, "frequent", 8, 3, &answer) == VT_UNKNOWN_SEGMENT);
    CHECK(vt_lookup(table, NULL, 0, "frequent_segment", 16, 3, &answer) == VT_UNKNOWN_COUNTRY);
    CHECK(vt_lookup(table, "atlantis", 8, "frequent_segment", 16, 3, &answer) == VT_UNKNOWN_COUNTRY);
    CHECK(vt_lookup(table, "atlantis", 8, "nope", 4, 3, &answer) == VT_UNKNOWN_SEGMENT); /* segment first */
    CHECK(vt_lookup(table, "Per\xc3\xba", 5, "frequent_segment", 16, 3, &answer) == VT_UNKNOWN_COUNTRY);

    /* A NUL inside the length is part of the text. */
    char with_nul[64];
    memcpy(with_nul, country, country_length);
    with_nul[country_length] = '\0';
    with_nul[country_length + 1] = 'x';
    CHECK(vt_lookup(table, with_nul, country_length + 2, "frequent_segment", 16, 3, &answer) == VT_UNKNOWN_COUNTRY);

    for (int64_t orders = 0; orders <= 60; orders++) {
        char body[256], out[256];
        size_t length = 0;
        snprintf(body, sizeof body,
                 "{\"country_code\": \"  %s\\t\", \"segment_name\": \"frequent_segment\", \"total_orders\": %lld}",
                 country, (long long)orders);
        int status = vt_answer_json(table, body, strlen(body), out, sizeof out, &length);
        memset(&answer, 0xAB, sizeof answer);
        CHECK(vt_lookup(table, country, country_length, "frequent_segment", 16, orders, &answer) == VT_OK);
        char expected[64];
        snprintf(expected, sizeof expected, "{\"voucher_amount\": %lld}", (long long)answer.amount);
        CHECK(status == 200 && length == strlen(expected) && memcmp(out, expected, length) == 0);
        CHECK(answer.segment == 0 && answer.bucket >= 0 && answer.reserved == 0);
        CHECK(answer.is_fallback == (answer.samples == 0));
    }
    vt_answer padded;
    char upper[64];
    for (size_t i = 0; i <= country_length; i++) upper[i] = (char)(country[i] >= 'a' && country[i] <= 'z' ? country[i] - 32 : country[i]);
    CHECK(vt_lookup(table, country, country_length, "frequent_segment", 16, INT64_MAX, &answer) == VT_OK);
    CHECK(vt_lookup(table, upper, country_length, "frequent_segment", 16, INT64_MAX, &padded) == VT_OK);
    CHECK(memcmp(&answer, &padded, sizeof answer) == 0);
}

static void days(void) {
    int64_t value = -7;
    CHECK(vt_days_since_last_order("2018-05-03 00:00:00", 19, "2018-06-02 23:59:59", 19, &value) == VT_OK);
    CHECK(value == 30);
    CHECK(vt_days_since_last_order("2018-05-03 00:00:00", 19, "2018-06-03T00:00:00Z", 20, &value) == VT_OK);
    CHECK(value == 31);
    CHECK(vt_days_since_last_order("2018-05-03", 10, "2018-05-03", 10, &value) == VT_OK);
    CHECK(value == 0);
    CHECK(vt_days_since_last_order("2018-05-03 00:00:01", 19, "2018-05-03", 10, &value) == VT_LAST_ORDER_AFTER_REFERENCE);
    CHECK(vt_days_since_last_order("2018-13-03", 10, "2018-05-03", 10, &value) == VT_BAD_TIME);
    CHECK(vt_days_since_last_order("2018-05-03", 10, "yesterday", 9, &value) == VT_BAD_TIME);
    CHECK(vt_days_since_last_order("2018-05-03", 10, NULL, 0, &value) == VT_OK); /* to now */
    CHECK(value > 3000);
    CHECK(vt_days_since_last_order("2200-01-01", 10, NULL, 0, &value) == VT_LAST_ORDER_AFTER_REFERENCE);
    CHECK(vt_days_since_last_order(NULL, 0, NULL, 0, &value) == VT_BAD_TIME);
    CHECK(vt_days_since_last_order(NULL, 10, NULL, 0, &value) == VT_BAD_ARGUMENT);
    CHECK(vt_days_since_last_order("2018-05-03", 10, NULL, 5, &value) == VT_BAD_ARGUMENT);
    CHECK(vt_days_since_last_order("2018-05-03", 10, "2018-05-03", 10, NULL) == VT_BAD_ARGUMENT);
    CHECK(vt_days_since_last_order("2018-05-\xff", 10, "2018-05-03", 10, &value) == VT_BAD_ARGUMENT);
}

static void answers(const vt_table *table) {
    const char *body = "{\"country_code\": \"atlantis\", \"segment_name\": \"frequent_segment\", \"total_orders\": 3}";
    size_t body_length = strlen(body);
    char out[256];
    size_t length = 12345;

    CHECK(vt_answer_json(NULL, body, body_length, out, sizeof out, &length) == VT_BAD_ARGUMENT);
    CHECK(vt_answer_json(table, body, body_length, out, sizeof out, NULL) == VT_BAD_ARGUMENT);
    CHECK(vt_answer_json(table, NULL, 5, out, sizeof out, &length) == VT_BAD_ARGUMENT);
    CHECK(vt_answer_json(table, body, body_length, NULL, 5, &length) == VT_BAD_ARGUMENT);

    /* The whole answer, then a NUL after it when there is room. */
    memset(out, 'x', sizeof out);
    int status = vt_answer_json(table, body, body_length, out, sizeof out, &length);
    CHECK(status == 404);
    CHECK(length > 0 && length < sizeof out && out[length] == '\0');
    CHECK(strncmp(out, "{\"error\": \"country_code 'atlantis' is not in the table\"}", length) == 0);
    size_t needed = length;

    /* Exactly the size: the answer, no NUL. One byte short, or nothing: the size needed, nothing written. */
    char exact[256];
    memset(exact, 'x', sizeof exact);
    CHECK(vt_answer_json(table, body, body_length, exact, needed, &length) == 404);
    CHECK(length == needed && memcmp(exact, out, needed) == 0 && exact[needed] == 'x');
    memset(exact, 'x', sizeof exact);
    length = 0;
    CHECK(vt_answer_json(table, body, body_length, exact, needed - 1, &length) == VT_BUFFER_TOO_SMALL);
    CHECK(length == needed);
    int untouched = 1;
    for (size_t i = 0; i < sizeof exact; i++) untouched &= exact[i] == 'x';
    CHECK(untouched);
    length = 0;
    CHECK(vt_answer_json(table, body, body_length, NULL, 0, &length) == VT_BUFFER_TOO_SMALL);
    CHECK(length == needed);

    /* An empty body (NULL, 0), bytes that are not UTF-8, a NUL in the body: 400, as the server answers. */
    CHECK(vt_answer_json(table, NULL, 0, out, sizeof out, &length) == 400);
    CHECK(strstr(out, "the body is empty") != NULL);
    CHECK(vt_answer_json(table, "{\"country_code\": \"\xff\"}", 21, out, sizeof out, &length) == 400);
    CHECK(vt_answer_json(table, "{}\0", 3, out, sizeof out, &length) == 400);

    /* Without timestamp, recency is measured to the caller's clock. */
    const char *future = "{\"country_code\": \"peru\", \"segment_name\": \"recency_segment\", "
                         "\"last_order_ts\": \"2200-01-01 00:00:00\"}";
    CHECK(vt_answer_json(table, future, strlen(future), out, sizeof out, &length) == 422);
    CHECK(strstr(out, "the server's clock (UTC)") != NULL);
    const char *past = "{\"country_code\": \"peru\", \"segment_name\": \"recency_segment\", "
                       "\"last_order_ts\": \"2018-05-03 00:00:00\"}";
    CHECK(vt_answer_json(table, past, strlen(past), out, sizeof out, &length) == 200);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: embed_tests TABLE SHA256 WORK_DIR\n");
        return 2;
    }
    table_path = argv[1];
    work_dir = argv[3];
    opening();
    char error[512];
    vt_table *table = vt_open(table_path, error, sizeof error);
    CHECK(table != NULL);
    if (!table) {
        fprintf(stderr, "cannot open %s: %s\n", table_path, error);
        return 1;
    }
    identity(table, argv[2]);
    lookups(table);
    days();
    answers(table);
    vt_close(table);
    vt_close(NULL); /* defined: ignored */
    printf("embed_tests: %d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}

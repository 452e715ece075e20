#include "voucher_curl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[256];

static void load(void) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) library = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        const char *reason = dlerror();
        snprintf(failure, sizeof failure, "cannot load libcurl (libcurl.so.4; Debian package libcurl4): %s",
                 reason ? reason : "not found");
        return;
    }
#define FIND(field, name)                                                                            \
    *(void **)(&api.field) = dlsym(library, name);                                                   \
    if (!api.field) {                                                                                \
        snprintf(failure, sizeof failure, "libcurl has no %s: it is too old", name);                 \
        return;                                                                                      \
    }
    FIND(global_init, "curl_global_init")
    FIND(easy_init, "curl_easy_init")
    FIND(easy_cleanup, "curl_easy_cleanup")
    FIND(easy_reset, "curl_easy_reset")
    FIND(easy_perform, "curl_easy_perform")
    FIND(easy_strerror, "curl_easy_strerror")
    FIND(easy_setopt, "curl_easy_setopt")
    FIND(easy_getinfo, "curl_easy_getinfo")
    FIND(slist_append, "curl_slist_append")
    FIND(slist_free_all, "curl_slist_free_all")
#undef FIND
    if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(failure, sizeof failure, "curl_global_init failed");
        api.easy_init = NULL;
    }
}

int voucher_curl_load(char *error, size_t capacity) {
    pthread_once(&once, load);
    if (api.easy_init && failure[0] == 0) return 0;
    snprintf(error, capacity, "%s", failure);
    return -1;
}

CURL *voucher_curl_easy_init(void) { return api.easy_init(); }
void voucher_curl_easy_cleanup(CURL *handle) { api.easy_cleanup(handle); }
void voucher_curl_easy_reset(CURL *handle) { api.easy_reset(handle); }
CURLcode voucher_curl_easy_perform(CURL *handle) { return api.easy_perform(handle); }
const char *voucher_curl_easy_strerror(CURLcode code) { return api.easy_strerror(code); }
struct curl_slist *voucher_curl_slist_append(struct curl_slist *list, const char *text) { return api.slist_append(list, text); }
void voucher_curl_slist_free_all(struct curl_slist *list) { api.slist_free_all(list); }

CURLcode voucher_curl_set_long(CURL *handle, CURLoption option, long value) { return api.easy_setopt(handle, option, value); }
CURLcode voucher_curl_set_offset(CURL *handle, CURLoption option, curl_off_t value) { return api.easy_setopt(handle, option, value); }
CURLcode voucher_curl_set_string(CURL *handle, CURLoption option, const char *value) { return api.easy_setopt(handle, option, value); }
CURLcode voucher_curl_set_pointer(CURL *handle, CURLoption option, void *value) { return api.easy_setopt(handle, option, value); }
CURLcode voucher_curl_set_headers(CURL *handle, struct curl_slist *headers) { return api.easy_setopt(handle, CURLOPT_HTTPHEADER, headers); }
CURLcode voucher_curl_set_callback(CURL *handle, CURLoption option, voucher_curl_data_callback callback) {
    return api.easy_setopt(handle, option, callback);
}
CURLcode voucher_curl_get_long(CURL *handle, CURLINFO info, long *value) { return api.easy_getinfo(handle, info, value); }

#ifndef VOUCHER_CURL_H
#define VOUCHER_CURL_H

#include <curl/curl.h>
#include <stddef.h>

// libcurl, loaded with dlopen the first time object storage is used: linked
// at build time, its ~30 shared libraries (OpenSSL, nghttp2, LDAP, Kerberos,
// …) would cost every start of every command about 10 ms, S3 or not.
// Also typed wrappers for curl_easy_setopt and curl_easy_getinfo, which are
// variadic and so not callable from Swift.

/// Loads libcurl.so.4 once (thread-safe); 0 on success, else -1 with the reason in `error`.
int voucher_curl_load(char *error, size_t capacity);

typedef size_t (*voucher_curl_data_callback)(char *data, size_t size, size_t count, void *context);

CURL *voucher_curl_easy_init(void);
void voucher_curl_easy_cleanup(CURL *handle);
void voucher_curl_easy_reset(CURL *handle);
CURLcode voucher_curl_easy_perform(CURL *handle);
const char *voucher_curl_easy_strerror(CURLcode code);
struct curl_slist *voucher_curl_slist_append(struct curl_slist *list, const char *text);
void voucher_curl_slist_free_all(struct curl_slist *list);

CURLcode voucher_curl_set_long(CURL *handle, CURLoption option, long value);
CURLcode voucher_curl_set_offset(CURL *handle, CURLoption option, curl_off_t value);
CURLcode voucher_curl_set_string(CURL *handle, CURLoption option, const char *value);
CURLcode voucher_curl_set_pointer(CURL *handle, CURLoption option, void *value);
CURLcode voucher_curl_set_headers(CURL *handle, struct curl_slist *headers);
CURLcode voucher_curl_set_callback(CURL *handle, CURLoption option, voucher_curl_data_callback callback);
CURLcode voucher_curl_get_long(CURL *handle, CURLINFO info, long *value);

#endif

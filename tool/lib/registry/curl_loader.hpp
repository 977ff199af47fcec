#pragma once
// libcurl, loaded when the first request is made. Linking it would load libcurl and its two dozen
// dependencies (GnuTLS, Kerberos, LDAP, ...) into every pith process: about 5 ms of start-up that
// `pith verify` pays on every file although only `fetch` and `verify --online` go online.
#include <curl/curl.h>

namespace pith::registry {

struct CurlApi {
    CURLcode (*globalInit)(long flags);
    CURL* (*easyInit)();
    CURLcode (*easySetopt)(CURL* handle, CURLoption option, ...);
    CURLcode (*easyPerform)(CURL* handle);
    CURLcode (*easyGetinfo)(CURL* handle, CURLINFO info, ...);
    void (*easyCleanup)(CURL* handle);
    const char* (*easyStrerror)(CURLcode code);
};

// The loaded library, initialised once (curl_global_init). Throws NetworkError when libcurl.so.4
// cannot be loaded (the Debian package libcurl4 provides it).
const CurlApi& curlApi();

}  // namespace pith::registry

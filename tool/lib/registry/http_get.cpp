#include "registry/http_get.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace pith::registry {

namespace {

struct Sink {
    std::string* body;
    size_t maxBytes;
    bool tooLarge = false;
};

size_t collect(char* data, size_t size, size_t count, void* userdata) {
    auto* sink = static_cast<Sink*>(userdata);
    const size_t n = size * count;
    if (sink->body->size() + n > sink->maxBytes) {
        sink->tooLarge = true;
        return 0;  // makes curl stop with CURLE_WRITE_ERROR
    }
    sink->body->append(data, n);
    return n;
}

void globalInit() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

HttpResponse httpGet(const std::string& url, const HttpLimits& limits, const std::string& userAgent) {
    globalInit();
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) throw NetworkError(url + ": libcurl could not start a request");
    HttpResponse response;
    Sink sink{&response.body, limits.maxBytes};
    char errorText[CURL_ERROR_SIZE] = {0};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 3L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: safe with threads
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, limits.connectTimeoutMs);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, limits.totalTimeoutMs);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits.maxBytes));
    curl_easy_setopt(c, CURLOPT_USERAGENT, userAgent.c_str());
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // whatever curl can decode; the cap applies after decoding
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errorText);
    const CURLcode rc = curl_easy_perform(c);
    if (sink.tooLarge || rc == CURLE_FILESIZE_EXCEEDED)
        throw NetworkError(url + ": the answer exceeds " + std::to_string(limits.maxBytes) + " bytes");
    if (rc == CURLE_OPERATION_TIMEDOUT)
        throw NetworkError(url + ": no complete answer within " + std::to_string(limits.totalTimeoutMs) + " ms (" +
                           (errorText[0] ? errorText : curl_easy_strerror(rc)) + ")");
    if (rc != CURLE_OK)
        throw NetworkError(url + ": " + (errorText[0] ? std::string(errorText) : std::string(curl_easy_strerror(rc))));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
    char* effective = nullptr;
    curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &effective);
    response.effectiveUrl = effective ? effective : url;
    return response;
}

}  // namespace pith::registry

#include "registry/http_get.hpp"

#include "registry/curl_loader.hpp"

#include <memory>

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

}  // namespace

HttpResponse httpGet(const std::string& url, const HttpLimits& limits, const std::string& userAgent) {
    const CurlApi& api = curlApi();
    std::unique_ptr<CURL, void (*)(CURL*)> curl(api.easyInit(), api.easyCleanup);
    if (!curl) throw NetworkError(url + ": libcurl could not start a request");
    HttpResponse response;
    Sink sink{&response.body, limits.maxBytes};
    char errorText[CURL_ERROR_SIZE] = {0};
    CURL* c = curl.get();
    api.easySetopt(c, CURLOPT_URL, url.c_str());
    api.easySetopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    api.easySetopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    api.easySetopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    api.easySetopt(c, CURLOPT_MAXREDIRS, 3L);
    api.easySetopt(c, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: safe with threads
    api.easySetopt(c, CURLOPT_CONNECTTIMEOUT_MS, limits.connectTimeoutMs);
    api.easySetopt(c, CURLOPT_TIMEOUT_MS, limits.totalTimeoutMs);
    api.easySetopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits.maxBytes));
    api.easySetopt(c, CURLOPT_USERAGENT, userAgent.c_str());
    api.easySetopt(c, CURLOPT_ACCEPT_ENCODING, "");  // whatever curl can decode; the cap applies after decoding
    api.easySetopt(c, CURLOPT_WRITEFUNCTION, collect);
    api.easySetopt(c, CURLOPT_WRITEDATA, &sink);
    api.easySetopt(c, CURLOPT_ERRORBUFFER, errorText);
    const CURLcode rc = api.easyPerform(c);
    if (sink.tooLarge || rc == CURLE_FILESIZE_EXCEEDED)
        throw NetworkError(url + ": the answer exceeds " + std::to_string(limits.maxBytes) + " bytes");
    if (rc == CURLE_OPERATION_TIMEDOUT)
        throw NetworkError(url + ": no complete answer within " + std::to_string(limits.totalTimeoutMs) + " ms (" +
                           (errorText[0] ? errorText : api.easyStrerror(rc)) + ")");
    if (rc != CURLE_OK)
        throw NetworkError(url + ": " + (errorText[0] ? std::string(errorText) : std::string(api.easyStrerror(rc))));
    api.easyGetinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
    char* effective = nullptr;
    api.easyGetinfo(c, CURLINFO_EFFECTIVE_URL, &effective);
    response.effectiveUrl = effective ? effective : url;
    return response;
}

}  // namespace pith::registry

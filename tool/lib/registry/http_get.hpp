#pragma once
// One bounded HTTP(S) GET with libcurl: connect and total timeouts, a size cap, no cookies, at most
// three redirects and only to http or https.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace pith::registry {

struct HttpLimits {
    long connectTimeoutMs = 5000;
    long totalTimeoutMs = 20000;
    size_t maxBytes = 4u << 20;  // a record is a few kilobytes; a registry state a few hundred
};

struct HttpResponse {
    long status = 0;
    std::string body;
    std::string effectiveUrl;  // after redirects
};

// The request did not complete: no connection, timeout, too large, TLS failure. The message names
// the URL and the cause.
class NetworkError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

HttpResponse httpGet(const std::string& url, const HttpLimits& limits, const std::string& userAgent);

}  // namespace pith::registry

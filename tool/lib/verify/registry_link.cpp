#include "verify/registry_link.hpp"

#include <unicode/idna.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace pith::verify {

namespace {

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

struct Url {
    std::string scheme, userinfo, host, port, rest;  // rest: path, query and fragment as written
};

bool splitUrl(const std::string& uri, Url& u) {
    size_t colon = uri.find(':');
    if (colon == std::string::npos || uri.compare(colon, 3, "://") != 0) return false;
    u.scheme = lower(uri.substr(0, colon));
    size_t start = colon + 3;
    size_t end = uri.find_first_of("/?#", start);
    std::string authority = uri.substr(start, end == std::string::npos ? std::string::npos : end - start);
    u.rest = end == std::string::npos ? "" : uri.substr(end);
    // Browsers treat a backslash as a slash in http(s) URLs.
    if (authority.find('\\') != std::string::npos) authority = authority.substr(0, authority.find('\\'));
    if (size_t at = authority.rfind('@'); at != std::string::npos) {
        u.userinfo = authority.substr(0, at);
        authority = authority.substr(at + 1);
    }
    if (size_t p = authority.rfind(':'); p != std::string::npos && authority.find(']') == std::string::npos) {
        u.port = authority.substr(p + 1);
        authority = authority.substr(0, p);
    }
    u.host = authority;
    return true;
}

// The host as a browser resolves it: percent-decoded, IDNA (UTS 46) to its Unicode form, lower case,
// without a trailing dot.
std::string canonicalHost(const std::string& host) {
    std::string decoded;
    for (size_t i = 0; i < host.size(); ++i) {
        if (host[i] == '%' && i + 2 < host.size() && isxdigit(static_cast<unsigned char>(host[i + 1])) &&
            isxdigit(static_cast<unsigned char>(host[i + 2]))) {
            decoded += static_cast<char>(std::stoi(host.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            decoded += host[i];
        }
    }
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::IDNA> idna(icu::IDNA::createUTS46Instance(UIDNA_NONTRANSITIONAL_TO_UNICODE, status));
    std::string out;
    if (U_SUCCESS(status)) {
        icu::IDNAInfo info;
        icu::UnicodeString unicode;
        idna->nameToUnicode(icu::UnicodeString::fromUTF8(decoded), unicode, info, status);
        if (U_SUCCESS(status)) unicode.toUTF8String(out);
    }
    if (out.empty()) out = lower(decoded);
    while (!out.empty() && out.back() == '.') out.pop_back();
    return out;
}

std::string skeleton(const std::string& utf8) {
    UErrorCode status = U_ZERO_ERROR;
    USpoofChecker* checker = uspoof_open(&status);
    if (U_FAILURE(status)) return utf8;
    std::vector<char> buf(utf8.size() * 4 + 64);
    int32_t n = uspoof_getSkeletonUTF8(checker, 0, utf8.c_str(), -1, buf.data(), static_cast<int32_t>(buf.size()), &status);
    uspoof_close(checker);
    if (U_FAILURE(status)) return utf8;
    return std::string(buf.data(), static_cast<size_t>(n));
}

// Damerau-Levenshtein distance (optimal string alignment), for near-miss hosts like pith.sclence.
size_t editDistance(const std::string& a, const std::string& b) {
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i)
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

}  // namespace

LinkTarget classifyLink(const std::string& uri, const std::string& recordUrl) {
    Url u;
    if (!splitUrl(uri, u)) return LinkTarget::Other;
    const std::string host = canonicalHost(u.host);
    if (host == kRegistryHost) {
        Url want;
        splitUrl(recordUrl, want);
        const bool exact =
            u.scheme == "https" && u.userinfo.empty() && u.port.empty() && u.rest == want.rest && u.host == want.host;
        return exact ? LinkTarget::RecordPage : LinkTarget::Registry;
    }
    if (host.size() > 256) return LinkTarget::Lookalike;
    const std::string folded = lower(skeleton(host));
    if (folded == lower(skeleton(kRegistryHost)) || editDistance(host, kRegistryHost) <= 2 ||
        folded.find("pith") != std::string::npos || host.find("pith") != std::string::npos)
        return LinkTarget::Lookalike;
    return LinkTarget::Other;
}

const char* linkTargetName(LinkTarget target) {
    switch (target) {
    case LinkTarget::RecordPage: return "the record page";
    case LinkTarget::Registry: return "another page of the registry";
    case LinkTarget::Lookalike: return "a host that looks like the registry's";
    case LinkTarget::Other: return "another site";
    }
    return "?";
}

}  // namespace pith::verify

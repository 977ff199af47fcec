#include "registry/registry_client.hpp"

#include <algorithm>
#include <cstdlib>

#include "pith_version.hpp"
#include "record/verify_record.hpp"

namespace pith::registry {

std::string recordJsonUrl(const std::string& baseUrl, const std::string& suffix26) {
    std::string base = baseUrl;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + "/pith/" + suffix26 + ".json";
}

VerifiedRecord acceptRecord(std::string bytes, const std::string& suffix26, const std::string& source,
                            const crypto::Keyring& keyring) {
    VerifiedRecord out;
    try {
        out.record = record::loadRecord(bytes);
        out.facts = record::computeFacts(out.record);
    } catch (const std::exception& e) {
        throw FetchError(FetchFailure::Invalid, source + ": not a valid record: " + e.what());
    }
    record::NumberQuery expected{std::nullopt, suffix26};
    out.report = record::verifyRecord(out.record, out.facts, keyring, expected);
    out.report.subject = source;
    if (!out.facts.number || out.facts.number->suffix != suffix26)
        throw FetchError(FetchFailure::Rejected,
                         source + ": the record served is " + (out.facts.number ? out.facts.number->full() : "no number") +
                             ", not the requested " + suffix26,
                         out.report);
    if (out.report.verdict != report::Verdict::Verified)
        throw FetchError(FetchFailure::Rejected,
                         source + ": the record served does not verify (" + report::verdictName(out.report.verdict) + ")",
                         out.report);
    out.bytes = std::move(bytes);
    out.source = source;
    return out;
}

VerifiedRecord fetchRecord(const std::string& suffix26, const RegistryOptions& options, const crypto::Keyring& keyring) {
    const std::string url = recordJsonUrl(options.baseUrl, suffix26);
    HttpResponse response;
    try {
        response = httpGet(url, options.limits, std::string("pith/") + kVersion);
    } catch (const NetworkError& e) {
        throw FetchError(FetchFailure::Network, e.what());
    }
    if (response.status == 404) throw FetchError(FetchFailure::Http, url + ": the registry has no such record (HTTP 404)");
    if (response.status != 200)
        throw FetchError(FetchFailure::Http, url + ": the registry answered HTTP " + std::to_string(response.status));
    return acceptRecord(std::move(response.body), suffix26, url, keyring);
}

std::filesystem::path defaultCacheDir() {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    if (xdg && *xdg == '/') return std::filesystem::path(xdg) / "pith";  // the spec ignores relative values
    const char* home = std::getenv("HOME");
    if (home && *home) return std::filesystem::path(home) / ".cache" / "pith";
    return std::filesystem::path(".pith-cache");
}

std::filesystem::path cacheFile(const std::filesystem::path& dir, const std::string& suffix26) {
    return dir / (suffix26 + ".json");
}

std::vector<std::string> cachedSuffixes(const std::filesystem::path& dir, const std::string& prefix) {
    std::vector<std::string> out;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() == 26 + 5 && name.ends_with(".json") && name.starts_with(prefix)) out.push_back(name.substr(0, 26));
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace pith::registry

#pragma once
// The registry client: download a record by its number, verify it before anyone uses it, keep a
// verified copy in a cache (docs/REGISTRY.md).
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "crypto/keyring.hpp"
#include "record/pith_number.hpp"
#include "record/record.hpp"
#include "registry/http_get.hpp"
#include "report/report.hpp"

namespace pith::registry {

inline constexpr const char* kDefaultBaseUrl = kRegistryBaseUrl;

struct RegistryOptions {
    std::string baseUrl = kDefaultBaseUrl;
    HttpLimits limits;
};

// Why a fetch gave no record. Network and Http: the registry could not be asked or said no;
// Invalid: the answer is no record pith reads; Rejected: a record, but it fails verification or is
// another number (a forged or substituted answer).
enum class FetchFailure { Network, Http, Invalid, Rejected };

class FetchError : public std::runtime_error {
public:
    FetchError(FetchFailure kind, const std::string& message, std::optional<report::Report> report = std::nullopt)
        : std::runtime_error(message), kind_(kind), report_(std::move(report)) {}
    FetchFailure kind() const { return kind_; }
    const std::optional<report::Report>& report() const { return report_; }

private:
    FetchFailure kind_;
    std::optional<report::Report> report_;
};

struct VerifiedRecord {
    std::string bytes;   // exactly as served (or cached)
    std::string source;  // URL or cache file
    record::Record record;
    record::RecordFacts facts;
    report::Report report;  // verdict VERIFIED
};

// <base>/pith/<SUFFIX26>.json (one slash between base and path, whatever the base ends with).
std::string recordJsonUrl(const std::string& baseUrl, const std::string& suffix26);

// Checks bytes as a registry answer for `suffix26`: a record that verifies (verdict VERIFIED) and
// whose number has exactly that suffix. Throws FetchError (Invalid or Rejected).
VerifiedRecord acceptRecord(std::string bytes, const std::string& suffix26, const std::string& source,
                            const crypto::Keyring& keyring);

// Downloads and accepts the record for suffix26. Throws FetchError.
VerifiedRecord fetchRecord(const std::string& suffix26, const RegistryOptions& options, const crypto::Keyring& keyring);

// The cache: one verified answer per number, <dir>/<SUFFIX26>.json.
std::filesystem::path defaultCacheDir();  // $XDG_CACHE_HOME/pith, else $HOME/.cache/pith
std::filesystem::path cacheFile(const std::filesystem::path& dir, const std::string& suffix26);
// Suffixes of the cached records starting with prefix (sorted), to resolve a short number offline.
std::vector<std::string> cachedSuffixes(const std::filesystem::path& dir, const std::string& prefix);

}  // namespace pith::registry

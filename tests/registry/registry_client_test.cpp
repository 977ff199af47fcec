// Unit tests of the registry client's offline parts: URLs, acceptance of answers, the cache.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "registry/online_check.hpp"
#include "registry/registry_client.hpp"

namespace {

using pith::registry::FetchError;
using pith::registry::FetchFailure;

const char* kSuffix = "XWMJ4DGYPGPNYY3GAECCTV6HU5";

std::string seed() {
    std::ifstream in(std::string(PITH_SOURCE_DIR) + "/examples/records/seed-XWMJ4DGY.json", std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(RegistryClient, RecordUrlJoinsBaseAndSuffix) {
    EXPECT_EQ(pith::registry::recordJsonUrl("https://pith.science", kSuffix),
              std::string("https://pith.science/pith/") + kSuffix + ".json");
    EXPECT_EQ(pith::registry::recordJsonUrl("http://127.0.0.1:8080//", kSuffix),
              std::string("http://127.0.0.1:8080/pith/") + kSuffix + ".json");
}

TEST(RegistryClient, AcceptsTheSeedAndRefusesForgeriesAndSubstitutes) {
    auto ring = pith::crypto::Keyring::builtIn();
    auto ok = pith::registry::acceptRecord(seed(), kSuffix, "seed", ring);
    EXPECT_EQ(ok.facts.number->suffix, kSuffix);
    EXPECT_EQ(ok.bytes, seed());

    std::string forged = seed();
    // The declared hash no longer matches the canonical record (the first occurrence is the top-level one).
    ASSERT_NE(forged.find("bd989e0cd8799edc"), std::string::npos);
    forged.replace(forged.find("bd989e0cd8799edc"), 6, "0d989e");
    try {
        pith::registry::acceptRecord(forged, kSuffix, "forged", ring);
        FAIL() << "forged record accepted";
    } catch (const FetchError& e) {
        EXPECT_TRUE(e.kind() == FetchFailure::Rejected || e.kind() == FetchFailure::Invalid);
    }
    try {
        pith::registry::acceptRecord(seed(), "AAAAAAAAAAAAAAAAAAAAAAAAAA", "other", ring);
        FAIL() << "substituted record accepted";
    } catch (const FetchError& e) {
        EXPECT_EQ(e.kind(), FetchFailure::Rejected);
    }
    try {
        pith::registry::acceptRecord(seed().substr(0, 100), kSuffix, "truncated", ring);
        FAIL() << "truncated record accepted";
    } catch (const FetchError& e) {
        EXPECT_EQ(e.kind(), FetchFailure::Invalid);
    }
}

TEST(RegistryClient, CacheResolvesPrefixes) {
    auto dir = std::filesystem::temp_directory_path() / ("pith-cache-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(pith::registry::cacheFile(dir, kSuffix)) << seed();
    std::ofstream(dir / "XWMJ4DGZAAAAAAAAAAAAAAAAAA.json") << "{}";
    std::ofstream(dir / "notes.txt") << "x";
    EXPECT_EQ(pith::registry::cachedSuffixes(dir, "XWMJ4DGY"), std::vector<std::string>{kSuffix});
    EXPECT_EQ(pith::registry::cachedSuffixes(dir, "XWMJ4DG").size(), 2u);
    EXPECT_TRUE(pith::registry::cachedSuffixes(dir / "missing", "X").empty());
    std::filesystem::remove_all(dir);
}

TEST(RegistryOnlineCheck, NotApplicableWithoutARecord) {
    pith::report::Report rep;
    rep.verdict = pith::report::Verdict::NoPithData;
    pith::registry::RegistryOptions ro;
    ro.baseUrl = "http://127.0.0.1:9";  // never asked
    pith::registry::addRegistryCheck(rep, std::nullopt, std::nullopt, ro, pith::crypto::Keyring::builtIn());
    ASSERT_NE(rep.find(pith::registry::kRegistryMatchCheck), nullptr);
    EXPECT_EQ(rep.find(pith::registry::kRegistryMatchCheck)->status, pith::report::CheckStatus::NotApplicable);
    EXPECT_EQ(rep.verdict, pith::report::Verdict::NoPithData);
}

}  // namespace

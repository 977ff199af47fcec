// record::loadRecord on the registry's seeds (every shape), computeFacts against the hashes
// and numbers the registry published, and refusals that name the place.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "crypto/digest.hpp"
#include "json/canonical.hpp"
#include "record/record.hpp"

using namespace pith::record;
namespace fs = std::filesystem;

namespace {
std::string readSeed(const std::string& prefix) {
    for (const auto& entry : fs::directory_iterator(fs::path(PITH_TEST_DATA_DIR) / "seeds")) {
        if (entry.path().filename().string().rfind(prefix + "_", 0) == 0) {
            std::ifstream in(entry.path(), std::ios::binary);
            std::stringstream ss;
            ss << in.rdbuf();
            return ss.str();
        }
    }
    ADD_FAILURE() << "seed " << prefix << " not found in " << PITH_TEST_DATA_DIR << "/seeds";
    return "";
}

// The "Canonical record JSON" block of seed 004's web page.
std::string seed004Record() {
    std::string page = readSeed("004");
    size_t heading = page.find("Canonical record JSON\n");
    EXPECT_NE(heading, std::string::npos);
    return page.substr(page.find('{', heading));
}

std::string messageOf(const std::string& text) {
    try {
        loadRecord(text);
    } catch (const RecordError& e) {
        return e.what();
    }
    ADD_FAILURE() << "loaded: " << text.substr(0, 120);
    return "";
}
}  // namespace

TEST(LoadRecord, NumberRecordSeeds) {
    Record r = loadRecord(readSeed("000"));
    EXPECT_EQ(r.shape, RecordShape::NumberRecord);
    ASSERT_TRUE(r.declaredSha256.has_value());
    EXPECT_EQ(*r.declaredSha256, "bd989e0cd8799edc6366010429d7c7a758545564158fe39c550c86614cda20f9");
    EXPECT_EQ(r.declaredNumber.value_or(""), "pith:2026:XWMJ4DGYPGPNYY3GAECCTV6HU5");
    EXPECT_EQ(r.declaredShort.value_or(""), "pith:XWMJ4DGY");
    ASSERT_TRUE(r.receipt.has_value());
    EXPECT_EQ(r.receipt->keyId, "pith-v1-2026-05");
    EXPECT_EQ(r.receipt->algorithm, "ed25519");
    EXPECT_EQ(r.receipt->signedMessage, "canonical_sha256_bytes");
    EXPECT_EQ(r.receipt->publicKeyFingerprint, "8d4b5ee74e4693bcd1df2446408b0d54");
    EXPECT_EQ(r.receipt->canonicalSha256.value_or(""), *r.declaredSha256);
    EXPECT_EQ(r.title.value_or(""), "On the Expressive Power of Weight Quantization in Large Language Models");
    EXPECT_EQ(r.aliases.size(), 3u);  // pith_short_8/12/16, not the arXiv or DOI aliases

    RecordFacts f = computeFacts(r);
    EXPECT_EQ(f.sha256Hex, *r.declaredSha256);
    EXPECT_EQ(pith::crypto::toHex(f.digest), f.sha256Hex);
    EXPECT_EQ(pith::crypto::toHex(pith::crypto::sha256(f.canonicalBytes)), f.sha256Hex);
    ASSERT_TRUE(f.number.has_value());
    EXPECT_EQ(f.number->full(), *r.declaredNumber);
    EXPECT_EQ(yearOf(r.canonicalRecord), 2026);

    Record r3 = loadRecord(readSeed("003"));
    EXPECT_EQ(computeFacts(r3).sha256Hex, "a537964f8a3000804cf68c5e512733abed7eb90f924a0b9b9ed7880acb26d1a7");
}

TEST(LoadRecord, OpenGraphStateSeed) {
    Record r = loadRecord(readSeed("002"));
    EXPECT_EQ(r.shape, RecordShape::OpenGraphState);
    EXPECT_EQ(r.declaredSha256.value_or(""), "836c91964a133f2be4aa16dae7c8fd0af531af7f060f6a0141e8f9db7eed5402");
    ASSERT_TRUE(r.receipt.has_value());
    EXPECT_EQ(r.receipt->signatureB64,
              "Dz2uAE87DNq6ParvX5J5K0ijZiNvUsWtnuC6lDwrk/QzXes9f0eZ+/XQZiMWwQ7H0/rnblGRxP442wezNPZKCg==");
    RecordFacts f = computeFacts(r);
    EXPECT_EQ(f.sha256Hex, *r.declaredSha256);
    EXPECT_EQ(f.number->full(), "pith:2026:QNWJDFSKCM7SXZFKC3NOPSH5BL");
}

TEST(LoadRecord, BareCanonicalRecordOfSeed004) {
    Record r = loadRecord(seed004Record());
    EXPECT_EQ(r.shape, RecordShape::BareCanonical);
    EXPECT_FALSE(r.receipt.has_value());
    EXPECT_FALSE(r.declaredSha256.has_value());
    RecordFacts f = computeFacts(r);
    // The page's "# expect:" line.
    EXPECT_EQ(f.sha256Hex, "e78139cd79dccc61a927b2ae525038cf8292447e1628b3a8c823407e2577ce60");
    EXPECT_EQ(f.number->suffix, "46ATTTLZ3TGGDKJHWKXFEUBYZ6");
    EXPECT_EQ(f.canonicalBytes, pith::json::canonical(r.canonicalRecord));
}

TEST(LoadRecord, BundleShape) {
    std::string state = readSeed("002");
    Record fromState = loadRecord(state);
    std::string record = pith::json::canonical(fromState.canonicalRecord);
    std::string bundle =
        R"({"bundle_type":"pith_open_graph_bundle","canonical_record":)" + record +
        R"(,"canonical_sha256":"836c91964a133f2be4aa16dae7c8fd0af531af7f060f6a0141e8f9db7eed5402",)"
        R"("events":[{"event_type":"other","payload":{}},{"event_type":"record_created","payload":)"
        R"({"receipt":{"key_id":"pith-v1-2026-05","algorithm":"ed25519","signed_message":"canonical_sha256_bytes",)"
        R"("signature_b64":"Dz2uAE87DNq6ParvX5J5K0ijZiNvUsWtnuC6lDwrk/QzXes9f0eZ+/XQZiMWwQ7H0/rnblGRxP442wezNPZKCg==",)"
        R"("public_key_fingerprint":"8d4b5ee74e4693bcd1df2446408b0d54"}}}]})";
    Record r = loadRecord(bundle);
    EXPECT_EQ(r.shape, RecordShape::OpenGraphBundle);
    ASSERT_TRUE(r.receipt.has_value());
    EXPECT_EQ(r.receipt->signatureB64, fromState.receipt->signatureB64);
    EXPECT_EQ(computeFacts(r).sha256Hex, "836c91964a133f2be4aa16dae7c8fd0af531af7f060f6a0141e8f9db7eed5402");
}

TEST(LoadRecord, RefusalsNameTheProblemAndPlace) {
    std::string seed = readSeed("000");
    // A duplicate key inside the canonical record: refused, naming where.
    std::string dup = seed;
    dup.replace(dup.find("\"primary_cat\":\"cs.LG\",\"submitted_at\""), 0, "\"primary_cat\":\"cs.AI\",");
    std::string m = messageOf(dup);
    EXPECT_NE(m.find("primary_cat"), std::string::npos) << m;
    EXPECT_NE(m.find("$.canonical_record.metadata"), std::string::npos) << m;

    std::string wrongType = seed;
    const std::string declared = "\"canonical_sha256\":\"bd989e0cd8799edc6366010429d7c7a758545564158fe39c550c86614cda20f9\"";
    ASSERT_NE(wrongType.find(declared), std::string::npos);
    wrongType.replace(wrongType.find(declared), declared.size(), "\"canonical_sha256\":12");
    m = messageOf(wrongType);
    EXPECT_NE(m.find("canonical_sha256"), std::string::npos) << m;
    m = messageOf(R"({"record_type":"pith_number_record","canonical_sha256":"00"})");
    EXPECT_NE(m.find("canonical_record"), std::string::npos) << m;
    m = messageOf(seed.substr(0, seed.size() / 2));
    EXPECT_NE(m.find("byte"), std::string::npos) << m;
    EXPECT_FALSE(messageOf("[1,2]").empty());
    EXPECT_FALSE(messageOf("").empty());
    EXPECT_FALSE(messageOf("\"text\"").empty());
}

TEST(LoadRecord, ReadInputEnforcesItsLimit) {
    fs::path p = fs::temp_directory_path() / ("pith-readinput-" + std::to_string(::getpid()));
    std::ofstream(p, std::ios::binary) << std::string(1000, 'x');
    EXPECT_EQ(readInput(p, 1000).size(), 1000u);
    EXPECT_THROW(readInput(p, 999), RecordError);
    fs::remove(p);
    try {
        readInput(p, 10);
        ADD_FAILURE() << "read a missing file";
    } catch (const RecordError& e) {
        EXPECT_NE(std::string(e.what()).find(p.string()), std::string::npos) << e.what();
    }
}

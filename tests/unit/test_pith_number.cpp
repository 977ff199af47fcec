// Pith Numbers: derivation from the digest (first 130 bits in RFC 4648 base32), every written
// form parseNumber accepts, the ones it must refuse, and matching.
#include <gtest/gtest.h>

#include <string>

#include "crypto/digest.hpp"
#include "record/pith_number.hpp"

using namespace pith::record;
using pith::crypto::Sha256Digest;

namespace {
Sha256Digest digestFromHex(const std::string& hex) {
    pith::crypto::Bytes b;
    EXPECT_TRUE(pith::crypto::fromHex(hex, b));
    Sha256Digest d{};
    std::copy_n(b.begin(), 32, d.begin());
    return d;
}
// Seed 000's canonical_sha256 and the number the registry gave it.
const char* kSeed000Digest = "bd989e0cd8799edc6366010429d7c7a758545564158fe39c550c86614cda20f9";
const char* kSeed000Suffix = "XWMJ4DGYPGPNYY3GAECCTV6HU5";
}  // namespace

TEST(PithNumber, DerivedFromTheFirst130BitsOfTheDigest) {
    PithNumber n = numberFromDigest(digestFromHex(kSeed000Digest), 2026);
    EXPECT_EQ(n.suffix, kSeed000Suffix);  // base32 of the first 16 bytes would end in "HU4"
    EXPECT_EQ(n.year, 2026);
    EXPECT_EQ(n.full(), std::string("pith:2026:") + kSeed000Suffix);
    EXPECT_EQ(n.shortForm(), "pith:XWMJ4DGY");
    EXPECT_EQ(n.shortForm(12), "pith:XWMJ4DGYPGPN");
    EXPECT_EQ(n.prefix(16), "XWMJ4DGYPGPNYY3G");
    EXPECT_EQ(n.recordUrl(), std::string("https://pith.science/pith/") + kSeed000Suffix);

    EXPECT_EQ(numberFromDigest(digestFromHex("e78139cd79dccc61a927b2ae525038cf8292447e1628b3a8c823407e2577ce60"), 2026).suffix,
              "46ATTTLZ3TGGDKJHWKXFEUBYZ6");  // seed 004's page
    EXPECT_EQ(numberFromDigest(digestFromHex(kSeed000Digest), 1996).full(), std::string("pith:1996:") + kSeed000Suffix);
    Sha256Digest ones;
    ones.fill(0xff);
    EXPECT_EQ(numberFromDigest(ones, 2026).suffix, std::string(26, '7'));
}

TEST(ParseNumber, EveryWrittenForm) {
    PithNumber n = numberFromDigest(digestFromHex(kSeed000Digest), 2026);
    struct Case {
        std::string text;
        std::optional<int> year;
        std::string prefix;
    } cases[] = {
        {std::string("pith:2026:") + kSeed000Suffix, 2026, kSeed000Suffix},
        {kSeed000Suffix, std::nullopt, kSeed000Suffix},
        {"pith:XWMJ4DGY", std::nullopt, "XWMJ4DGY"},
        {"XWMJ4DGY", std::nullopt, "XWMJ4DGY"},
        {"XWMJ4DGYPGPN", std::nullopt, "XWMJ4DGYPGPN"},
        {"XWMJ4DGYPGPNYY3G", std::nullopt, "XWMJ4DGYPGPNYY3G"},
        {"xwmj4dgy", std::nullopt, "XWMJ4DGY"},  // case-insensitive
        {std::string("PITH:2026:") + kSeed000Suffix, 2026, kSeed000Suffix},
        {"pith:2026:xwmj4dgypgpnyy3gaecctv6hu5", 2026, kSeed000Suffix},
    };
    for (const auto& c : cases) {
        std::string why;
        auto q = parseNumber(c.text, &why);
        ASSERT_TRUE(q.has_value()) << c.text << ": " << why;
        EXPECT_EQ(q->year, c.year) << c.text;
        EXPECT_EQ(q->prefix, c.prefix) << c.text;
        EXPECT_TRUE(q->matches(n)) << c.text;
    }
    EXPECT_EQ(parseNumber(std::string("pith:2026:") + kSeed000Suffix)->text(), std::string("pith:2026:") + kSeed000Suffix);
    EXPECT_EQ(parseNumber("xwmj4dgy")->text(), "pith:XWMJ4DGY");
}

TEST(ParseNumber, RefusesWhatIsNoPithNumber) {
    for (const std::string bad : {"",
                                  "pith:",
                                  "pith::",
                                  "pith:2026:",
                                  "XWMJ4DG",                      // 7 characters
                                  "XWMJ4DGYP",                    // 9: no defined prefix length
                                  "XWMJ4DGYPGPNYY3GAECCTV6HU",    // 25
                                  "XWMJ4DGYPGPNYY3GAECCTV6HU5A",  // 27
                                  "XWMJ4DG0",
                                  "XWMJ4DG1",
                                  "XWMJ4DG8",
                                  "XWMJ4DG9",  // not in the base32 alphabet
                                  "XWMJ4DG=",
                                  "XWMJ 4DG",
                                  "pith:26:XWMJ4DGYPGPNYY3GAECCTV6HU5",
                                  "pith:abcd:XWMJ4DGYPGPNYY3GAECCTV6HU5",
                                  "pith:2026:XWMJ4DG",
                                  "pith:2026:XWMJ4DGYPGPNYY3GAECCTV6HU5:x",
                                  "doi:XWMJ4DGY",
                                  "https://pith.science/pith/",
                                  "XWMJ4DGY\n",
                                  "pith:XWMJ4DGY ",
                                  "ẊWMJ4DGY"}) {
        std::string why;
        auto q = parseNumber(bad, &why);
        EXPECT_FALSE(q.has_value()) << "accepted \"" << bad << "\"";
        if (!q) {
            EXPECT_FALSE(why.empty()) << "no reason given for \"" << bad << "\"";
        }
    }
}

TEST(ParseNumber, MatchingChecksYearAndPrefix) {
    PithNumber n = numberFromDigest(digestFromHex(kSeed000Digest), 2026);
    EXPECT_FALSE(parseNumber(std::string("pith:2025:") + kSeed000Suffix)->matches(n));
    EXPECT_FALSE(parseNumber("XWMJ4DGZ")->matches(n));
    EXPECT_FALSE(parseNumber("XWMJ4DGYPGPA")->matches(n));
    EXPECT_FALSE(parseNumber("46ATTTLZ3TGGDKJHWKXFEUBYZ6")->matches(n));
    EXPECT_TRUE(parseNumber("pith:XWMJ4DGY")->matches(n));
}

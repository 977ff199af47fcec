// base32 and base64 against RFC 4648 section 10's test vectors; base64 decoding is strict.
#include <gtest/gtest.h>

#include <string>

#include "crypto/encoding.hpp"

using namespace pith::crypto;

namespace {
std::string b32(const std::string& s) { return base32(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()); }
std::string b64(const std::string& s) { return base64(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()); }
Bytes bytesOf(const std::string& s) { return Bytes(s.begin(), s.end()); }
}  // namespace

TEST(Base32, Rfc4648VectorsWithoutPadding) {
    EXPECT_EQ(b32(""), "");
    EXPECT_EQ(b32("f"), "MY");
    EXPECT_EQ(b32("fo"), "MZXQ");
    EXPECT_EQ(b32("foo"), "MZXW6");
    EXPECT_EQ(b32("foob"), "MZXW6YQ");
    EXPECT_EQ(b32("fooba"), "MZXW6YTB");
    EXPECT_EQ(b32("foobar"), "MZXW6YTBOI");
}

TEST(Base32, AllBitsAndTheFullAlphabet) {
    Bytes ones(5, 0xff), zeros(5, 0x00);
    EXPECT_EQ(base32(ones.data(), ones.size()), "77777777");
    EXPECT_EQ(base32(zeros.data(), zeros.size()), "AAAAAAAA");
    // 0x00 0x44 0x32 0x14 0xc7 0x42 0x54 0xb6 0x35 0xcf 0x84 0x65 0x3a 0x56 0xd7 0xc6 0x75 0xbe 0x77 0xdf
    // are the 32 symbols 0..31 in order.
    Bytes all{0x00, 0x44, 0x32, 0x14, 0xc7, 0x42, 0x54, 0xb6, 0x35, 0xcf,
              0x84, 0x65, 0x3a, 0x56, 0xd7, 0xc6, 0x75, 0xbe, 0x77, 0xdf};
    EXPECT_EQ(base32(all.data(), all.size()), "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
}

TEST(Base64, Rfc4648Vectors) {
    EXPECT_EQ(b64(""), "");
    EXPECT_EQ(b64("f"), "Zg==");
    EXPECT_EQ(b64("fo"), "Zm8=");
    EXPECT_EQ(b64("foo"), "Zm9v");
    EXPECT_EQ(b64("foob"), "Zm9vYg==");
    EXPECT_EQ(b64("fooba"), "Zm9vYmE=");
    EXPECT_EQ(b64("foobar"), "Zm9vYmFy");
    Bytes high{0xfb, 0xff, 0xbf};
    EXPECT_EQ(base64(high.data(), high.size()), "+/+/");  // standard alphabet, not URL-safe
}

TEST(Base64, DecodesWhatItEncodes) {
    for (const char* s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
        auto decoded = fromBase64(b64(s));
        ASSERT_TRUE(decoded.has_value()) << s;
        EXPECT_EQ(*decoded, bytesOf(s));
    }
    Bytes all(256);
    for (int i = 0; i < 256; ++i) all[i] = static_cast<std::uint8_t>(i);
    auto decoded = fromBase64(base64(all.data(), all.size()));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, all);
}

TEST(Base64, StrictDecodingRejectsMalformedText) {
    for (const char* bad : {"Zg",        // padding missing
                            "Zg=",       // padding short
                            "Zm9",       // length not a multiple of 4
                            "Zm9v\n",    // whitespace
                            "Zm 9v",     // whitespace inside
                            " Zm9v",     //
                            "Zm9v====",  // padding on a full group
                            "Z===",      // one symbol cannot make a byte
                            "Zg==Zm8=",  // padding in the middle
                            "Zm9-",      // URL-safe alphabet
                            "Zm9_",      //
                            "Zm9v*A==",  // not base64 at all
                            "=Zm9"}) {
        EXPECT_FALSE(fromBase64(bad).has_value()) << "accepted " << bad;
    }
}

TEST(Base64, StrictDecodingRejectsNonZeroPaddingBits) {
    // "Zh==" and "Zm9=" carry bits beyond the last byte; a strict decoder has one spelling per value,
    // so a signature cannot be re-encoded into a second valid-looking text.
    EXPECT_FALSE(fromBase64("Zh==").has_value());
    EXPECT_FALSE(fromBase64("Zm9=").has_value());
}

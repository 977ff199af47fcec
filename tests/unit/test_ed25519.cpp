// Ed25519 against RFC 8032 section 7.1 (tests 1-3), the registry's published key and fingerprint,
// and a real receipt (seed 000's signature over its 32 digest bytes).
#include <gtest/gtest.h>

#include <string>

#include "crypto/ed25519.hpp"
#include "crypto/encoding.hpp"
#include "crypto/keyring.hpp"

using namespace pith::crypto;

namespace {
template <size_t N>
std::array<std::uint8_t, N> arrayFromHex(const std::string& hex) {
    Bytes b;
    EXPECT_TRUE(fromHex(hex, b));
    EXPECT_EQ(b.size(), N);
    std::array<std::uint8_t, N> a{};
    std::copy_n(b.begin(), std::min(N, b.size()), a.begin());
    return a;
}
Bytes bytesFromHex(const std::string& hex) {
    Bytes b;
    EXPECT_TRUE(fromHex(hex, b));
    return b;
}

struct Rfc8032Vector {
    const char* secret;
    const char* publicKey;
    const char* message;
    const char* signature;
};

const Rfc8032Vector kVectors[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
};
}  // namespace

TEST(Ed25519, Rfc8032Vectors) {
    for (const auto& v : kVectors) {
        auto seed = arrayFromHex<32>(v.secret);
        auto publicKey = arrayFromHex<32>(v.publicKey);
        Bytes message = bytesFromHex(v.message);
        EXPECT_EQ(ed25519PublicFromSeed(seed), publicKey) << v.publicKey;
        Ed25519Signature signature = ed25519Sign(seed, message.data(), message.size());
        EXPECT_EQ(toHex(signature), v.signature);
        Bytes sig(signature.begin(), signature.end());
        EXPECT_EQ(ed25519Verify(publicKey, message.data(), message.size(), sig), SignatureCheck::Valid);
    }
}

TEST(Ed25519, RejectsAnythingChanged) {
    const auto& v = kVectors[2];
    auto publicKey = arrayFromHex<32>(v.publicKey);
    Bytes message = bytesFromHex(v.message);
    Bytes sig = bytesFromHex(v.signature);

    Bytes otherMessage = message;
    otherMessage[0] ^= 1;
    EXPECT_EQ(ed25519Verify(publicKey, otherMessage.data(), otherMessage.size(), sig), SignatureCheck::Invalid);
    for (size_t i : {0u, 31u, 32u, 63u}) {
        Bytes bad = sig;
        bad[i] ^= 0x80;
        EXPECT_EQ(ed25519Verify(publicKey, message.data(), message.size(), bad), SignatureCheck::Invalid) << i;
    }
    Bytes shortSig(sig.begin(), sig.end() - 1);
    EXPECT_EQ(ed25519Verify(publicKey, message.data(), message.size(), shortSig), SignatureCheck::Invalid);
    Bytes longSig = sig;
    longSig.push_back(0);
    EXPECT_EQ(ed25519Verify(publicKey, message.data(), message.size(), longSig), SignatureCheck::Invalid);
    EXPECT_EQ(ed25519Verify(publicKey, message.data(), message.size(), Bytes{}), SignatureCheck::Invalid);
    auto otherKey = arrayFromHex<32>(kVectors[1].publicKey);
    EXPECT_EQ(ed25519Verify(otherKey, message.data(), message.size(), sig), SignatureCheck::Invalid);
}

TEST(Ed25519, GeneratedSeedsSignAndDiffer) {
    Ed25519Seed a = ed25519GenerateSeed(), b = ed25519GenerateSeed();
    EXPECT_NE(a, b);
    const std::uint8_t message[32] = {1, 2, 3};
    Ed25519Signature signature = ed25519Sign(a, message, sizeof message);
    Bytes sig(signature.begin(), signature.end());
    EXPECT_EQ(ed25519Verify(ed25519PublicFromSeed(a), message, sizeof message, sig), SignatureCheck::Valid);
    EXPECT_EQ(ed25519Verify(ed25519PublicFromSeed(b), message, sizeof message, sig), SignatureCheck::Invalid);
}

TEST(Ed25519, RegistryKeyFingerprintAndSeedReceipt) {
    auto registry = arrayFromHex<32>(kRegistryPublicKeyHex);
    // The registry's public_key_fingerprint as every seed receipt states it.
    EXPECT_EQ(keyFingerprint(registry), "8d4b5ee74e4693bcd1df2446408b0d54");
    EXPECT_EQ(keyFingerprint(arrayFromHex<32>(kVectors[0].publicKey)),
              toHex(sha256(std::string_view(reinterpret_cast<const char*>(arrayFromHex<32>(kVectors[0].publicKey).data()), 32)))
                  .substr(0, 32));

    // Seed 000: the signature is over the 32 raw digest bytes, not the hex text.
    auto digest = bytesFromHex("bd989e0cd8799edc6366010429d7c7a758545564158fe39c550c86614cda20f9");
    auto sig = fromBase64("BEob3EiK2TFRO53naOpVWdziL3nnoYmLMoJfV3+FE4hQNlfvizGvrfNE1HmyVKSSwBqvMJa8UCl+claYt9YZCw==");
    ASSERT_TRUE(sig.has_value());
    EXPECT_EQ(ed25519Verify(registry, digest.data(), digest.size(), *sig), SignatureCheck::Valid);
    std::string hexText = "bd989e0cd8799edc6366010429d7c7a758545564158fe39c550c86614cda20f9";
    EXPECT_EQ(ed25519Verify(registry, reinterpret_cast<const std::uint8_t*>(hexText.data()), hexText.size(), *sig),
              SignatureCheck::Invalid);
}

#include "crypto/ed25519.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>
#include <stdexcept>

namespace pith::crypto {

namespace {

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

PkeyPtr privateKey(const Ed25519Seed& seed) {
    PkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()), &EVP_PKEY_free);
    if (!key) throw std::runtime_error("OpenSSL: cannot load an Ed25519 private key");
    return key;
}

}  // namespace

SignatureCheck ed25519Verify(const Ed25519PublicKey& publicKey, const std::uint8_t* message, size_t size,
                             const Bytes& signature) {
    if (signature.size() != 64) return SignatureCheck::Invalid;
    PkeyPtr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, publicKey.data(), publicKey.size()), &EVP_PKEY_free);
    if (!key) return SignatureCheck::Invalid;  // not a point on the curve
    MdCtxPtr ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1)
        throw std::runtime_error("OpenSSL: cannot initialise Ed25519 verification");
    int rc = EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message, size);
    return rc == 1 ? SignatureCheck::Valid : SignatureCheck::Invalid;
}

Ed25519Signature ed25519Sign(const Ed25519Seed& seed, const std::uint8_t* message, size_t size) {
    PkeyPtr key = privateKey(seed);
    MdCtxPtr ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    Ed25519Signature sig{};
    size_t sigLen = sig.size();
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), sig.data(), &sigLen, message, size) != 1 || sigLen != sig.size())
        throw std::runtime_error("OpenSSL: Ed25519 signing failed");
    return sig;
}

Ed25519PublicKey ed25519PublicFromSeed(const Ed25519Seed& seed) {
    PkeyPtr key = privateKey(seed);
    Ed25519PublicKey pub{};
    size_t len = pub.size();
    if (EVP_PKEY_get_raw_public_key(key.get(), pub.data(), &len) != 1 || len != pub.size())
        throw std::runtime_error("OpenSSL: cannot derive the Ed25519 public key");
    return pub;
}

Ed25519Seed ed25519GenerateSeed() {
    Ed25519Seed seed{};
    if (RAND_bytes(seed.data(), static_cast<int>(seed.size())) != 1)
        throw std::runtime_error("OpenSSL: no randomness for a new key");
    return seed;
}

std::string keyFingerprint(const Ed25519PublicKey& key) {
    Sha256Digest d = sha256(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
    return toHex(d.data(), 16);
}

}  // namespace pith::crypto

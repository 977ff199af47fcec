#pragma once
#include <array>
#include <cstdint>
#include <string>

#include "crypto/digest.hpp"

namespace pith::crypto {

using Ed25519PublicKey = std::array<std::uint8_t, 32>;
using Ed25519Seed = std::array<std::uint8_t, 32>;  // the private key, as RFC 8032 defines it
using Ed25519Signature = std::array<std::uint8_t, 64>;

enum class SignatureCheck { Valid, Invalid };

SignatureCheck ed25519Verify(const Ed25519PublicKey& key, const std::uint8_t* message, size_t size, const Bytes& signature);
Ed25519Signature ed25519Sign(const Ed25519Seed& seed, const std::uint8_t* message, size_t size);
Ed25519PublicKey ed25519PublicFromSeed(const Ed25519Seed& seed);
Ed25519Seed ed25519GenerateSeed();  // from OpenSSL's CSPRNG

// Hex of the first 16 bytes of SHA-256 of the raw key: the registry's public_key_fingerprint.
std::string keyFingerprint(const Ed25519PublicKey& key);

}  // namespace pith::crypto

#pragma once
#include <string>

#include "crypto/ed25519.hpp"
#include "crypto/keyring.hpp"

namespace pith::crypto {

// A registry signing key. File format (docs/KEYRING.md):
//   # comment lines
//   key_id <id>
//   ed25519_seed <64 hex digits>
struct SecretKey {
    std::string keyId;
    Ed25519Seed seed{};
    Ed25519PublicKey publicKey() const { return ed25519PublicFromSeed(seed); }
};

std::string formatSecretKey(const SecretKey& key);
SecretKey parseSecretKey(const std::string& text, const std::string& origin);  // throws KeyringError
// The keyring line that trusts this key: `<key_id> ed25519 <hex public key>`.
std::string keyringLine(const std::string& keyId, const Ed25519PublicKey& key);

// A key id is printable ASCII without spaces, at most 64 characters.
bool isValidKeyId(const std::string& keyId);

}  // namespace pith::crypto

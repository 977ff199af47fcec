#pragma once
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "crypto/ed25519.hpp"

namespace pith::crypto {

struct TrustedKey {
    std::string keyId;
    Ed25519PublicKey publicKey{};
    std::string origin;  // "built-in" or "<file>:<line>"
};

class KeyringError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The keys a verifier trusts. Starts with the registry's published key; a keyring file adds keys or
// overrides one of the same id. File format (docs/KEYRING.md): one key a line,
// `<key_id> ed25519 <64 hex digits>`, '#' starts a comment.
class Keyring {
public:
    static Keyring builtIn();
    // The built-in keys plus a keyring file's, when a file is named (the CLI's --keyring).
    static Keyring builtInAnd(const std::string& keyringFile);
    void addFile(const std::filesystem::path& file);   // throws KeyringError naming file:line
    void addText(const std::string& text, const std::string& origin);
    void add(TrustedKey key);
    const TrustedKey* find(const std::string& keyId) const;
    const std::vector<TrustedKey>& keys() const { return keys_; }

private:
    std::vector<TrustedKey> keys_;
};

inline constexpr const char* kRegistryKeyId = "pith-v1-2026-05";
inline constexpr const char* kRegistryPublicKeyHex = "b2d552b68890857171a78b36a5dccf368a953413288c353f7c9d9d6f94b709b3";

}  // namespace pith::crypto

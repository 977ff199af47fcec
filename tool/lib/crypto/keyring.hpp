#pragma once
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "crypto/ed25519.hpp"

namespace pith::crypto {

// What a key is trusted to sign: records (the registry's receipts) or stamps (a stamper's statement).
enum class KeyRole : unsigned { Registry = 1, Stamper = 2 };

struct TrustedKey {
    std::string keyId;
    Ed25519PublicKey publicKey{};
    std::string origin;  // "built-in" or "<file>:<line>"
    unsigned roles = static_cast<unsigned>(KeyRole::Registry);
    bool trustedAs(KeyRole role) const { return (roles & static_cast<unsigned>(role)) != 0; }
};

class KeyringError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The keys a verifier trusts. Starts with the registry's published key; a keyring file adds keys or
// overrides one of the same id. File format (docs/KEYRING.md): one key a line,
// `<key_id> ed25519 <64 hex digits> [registry|stamper|registry,stamper]`, '#' starts a comment;
// without the last field a key is trusted as a registry.
class Keyring {
public:
    static Keyring builtIn();
    // The built-in keys plus a keyring file's, when a file is named (the CLI's --keyring).
    static Keyring builtInAnd(const std::string& keyringFile);
    void addFile(const std::filesystem::path& file);  // throws KeyringError naming file:line
    void addText(const std::string& text, const std::string& origin);
    void add(TrustedKey key);
    // The key of that id, if it is trusted for the role.
    const TrustedKey* find(const std::string& keyId, KeyRole role = KeyRole::Registry) const;
    const std::vector<TrustedKey>& keys() const { return keys_; }

private:
    std::vector<TrustedKey> keys_;
};

inline constexpr const char* kRegistryKeyId = "pith-v1-2026-05";
inline constexpr const char* kRegistryPublicKeyHex = "b2d552b68890857171a78b36a5dccf368a953413288c353f7c9d9d6f94b709b3";

}  // namespace pith::crypto

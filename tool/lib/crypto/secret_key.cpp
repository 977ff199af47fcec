#include "crypto/secret_key.hpp"

#include <sstream>

namespace pith::crypto {

bool isValidKeyId(const std::string& keyId) {
    if (keyId.empty() || keyId.size() > 64) return false;
    for (char c : keyId)
        if (c <= ' ' || c > '~' || c == '#') return false;
    return true;
}

std::string keyringLine(const std::string& keyId, const Ed25519PublicKey& key) { return keyId + " ed25519 " + toHex(key); }

std::string formatSecretKey(const SecretKey& key) {
    return "# pith secret key (Ed25519). Keep this file private.\n"
           "# Keyring line for verifiers: " +
           keyringLine(key.keyId, key.publicKey()) +
           "\n"
           "key_id " +
           key.keyId +
           "\n"
           "ed25519_seed " +
           toHex(key.seed) + "\n";
}

SecretKey parseSecretKey(const std::string& text, const std::string& origin) {
    SecretKey key;
    bool haveId = false, haveSeed = false;
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        std::string where = origin + ":" + std::to_string(lineNo);
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        std::string name, value, extra;
        if (!(fields >> name >> value) || (fields >> extra))
            throw KeyringError(where + ": expected `key_id <id>` or `ed25519_seed <64 hex digits>`");
        if (name == "key_id") {
            if (!isValidKeyId(value)) throw KeyringError(where + ": invalid key id");
            key.keyId = value;
            haveId = true;
        } else if (name == "ed25519_seed") {
            Bytes raw;
            if (value.size() != 64 || !fromHex(value, raw)) throw KeyringError(where + ": seed must be 64 hex digits");
            std::copy(raw.begin(), raw.end(), key.seed.begin());
            haveSeed = true;
        } else {
            throw KeyringError(where + ": unknown field \"" + name + "\"");
        }
    }
    if (!haveId || !haveSeed) throw KeyringError(origin + ": not a pith secret key (needs key_id and ed25519_seed)");
    return key;
}

}  // namespace pith::crypto

#include "crypto/keyring.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace pith::crypto {

namespace {

Ed25519PublicKey keyFromHex(std::string_view hex, const std::string& where) {
    Bytes raw;
    if (hex.size() != 64 || !fromHex(hex, raw)) throw KeyringError(where + ": public key must be 64 hex digits");
    Ed25519PublicKey key{};
    std::copy(raw.begin(), raw.end(), key.begin());
    return key;
}

}  // namespace

Keyring Keyring::builtIn() {
    Keyring k;
    k.add(TrustedKey{kRegistryKeyId, keyFromHex(kRegistryPublicKeyHex, "built-in"), "built-in"});
    return k;
}

Keyring Keyring::builtInAnd(const std::string& keyringFile) {
    Keyring k = builtIn();
    if (!keyringFile.empty()) k.addFile(keyringFile);
    return k;
}

void Keyring::add(TrustedKey key) {
    for (TrustedKey& existing : keys_) {
        if (existing.keyId == key.keyId) {
            existing = std::move(key);
            return;
        }
    }
    keys_.push_back(std::move(key));
}

void Keyring::addText(const std::string& text, const std::string& origin) {
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        std::string where = origin + ":" + std::to_string(lineNo);
        if (size_t hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        std::istringstream fields(line);
        std::string keyId, algorithm, hex, roleField, extra;
        if (!(fields >> keyId)) continue;  // blank or comment
        if (!(fields >> algorithm >> hex) || ((fields >> roleField) && (fields >> extra)))
            throw KeyringError(where + ": expected `<key_id> ed25519 <64 hex digits> [registry|stamper|registry,stamper]`");
        if (algorithm != "ed25519") throw KeyringError(where + ": unsupported algorithm \"" + algorithm + "\"");
        unsigned roles = roleField.empty() ? static_cast<unsigned>(KeyRole::Registry) : 0;
        if (!roleField.empty() &&
            (roleField.front() == ',' || roleField.back() == ',' || roleField.find(",,") != std::string::npos))
            throw KeyringError(where + ": an empty role in \"" + roleField + "\"");
        std::istringstream roleList(roleField);
        for (std::string role; std::getline(roleList, role, ',');) {
            if (role == "registry")
                roles |= static_cast<unsigned>(KeyRole::Registry);
            else if (role == "stamper")
                roles |= static_cast<unsigned>(KeyRole::Stamper);
            else
                throw KeyringError(where + ": unknown role \"" + role + "\" (registry or stamper)");
        }
        if (roles == 0) throw KeyringError(where + ": no role");
        add(TrustedKey{keyId, keyFromHex(hex, where), where, roles});
    }
}

void Keyring::addFile(const std::filesystem::path& file) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) throw KeyringError(file.string() + ": is a directory, not a keyring");
    std::ifstream in(file, std::ios::binary);
    if (!in) throw KeyringError(file.string() + ": cannot open the keyring: " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().size() > (1u << 20)) throw KeyringError(file.string() + ": keyring larger than 1 MiB");
    addText(text.str(), file.string());
}

const TrustedKey* Keyring::find(const std::string& keyId, KeyRole role) const {
    for (const TrustedKey& k : keys_)
        if (k.keyId == keyId) return k.trustedAs(role) ? &k : nullptr;
    return nullptr;
}

}  // namespace pith::crypto

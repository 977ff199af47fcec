// pith key generate | fingerprint: registry signing keys.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command.hpp"
#include "crypto/secret_key.hpp"
#include "exit_codes.hpp"
#include "io/atomic_write.hpp"
#include "record/record.hpp"

namespace pith::cli {

namespace {

int generate(const std::string& keyId, const std::string& output, bool force) {
    std::error_code ec;
    if (!force && std::filesystem::exists(output, ec)) {
        // A secret key overwritten by mistake cannot be recovered, and every receipt it signed is orphaned.
        printError(output + ": exists; a secret key is never overwritten without --force");
        return kExitUsage;
    }
    if (!crypto::isValidKeyId(keyId))
        throw crypto::KeyringError("invalid --key-id \"" + keyId +
                                   "\": printable ASCII, no spaces or '#', at most 64 characters");
    crypto::SecretKey key{keyId, crypto::ed25519GenerateSeed()};
    io::writeFileAtomically(output, crypto::formatSecretKey(key), /*privateMode=*/true);
    io::writeStdout(crypto::keyringLine(key.keyId, key.publicKey()) + "\n");
    return kExitOk;
}

// Accepts a secret key file or a keyring file (prints one fingerprint per key).
int fingerprint(const std::string& file) {
    std::string text = record::readInput(file, 1u << 20);
    std::string name = file == "-" ? "<stdin>" : file;
    std::string out;
    if (text.find("ed25519_seed") != std::string::npos) {
        crypto::SecretKey key = crypto::parseSecretKey(text, name);
        out = crypto::keyFingerprint(key.publicKey()) + "\n";
    } else {
        crypto::Keyring ring;
        ring.addText(text, name);
        if (ring.keys().empty()) throw crypto::KeyringError(name + ": no key found");
        for (const crypto::TrustedKey& k : ring.keys())
            out += ring.keys().size() == 1 ? crypto::keyFingerprint(k.publicKey) + "\n"
                                           : k.keyId + " " + crypto::keyFingerprint(k.publicKey) + "\n";
    }
    io::writeStdout(out);
    return kExitOk;
}

}  // namespace

void addKeyCommands(CLI::App& app, Context& ctx) {
    CLI::App* key = app.add_subcommand("key", "Registry signing keys (Ed25519).");
    key->require_subcommand(1);

    auto keyId = std::make_shared<std::string>();
    auto output = std::make_shared<std::string>();
    auto force = std::make_shared<bool>(false);
    CLI::App* gen = key->add_subcommand("generate",
                                        "Create a secret key file (mode 0600) and print its keyring line "
                                        "`<key_id> ed25519 <public key hex>` for verifiers.");
    gen->add_option("--key-id", *keyId, "the key's id, as receipts will name it")->required();
    gen->add_option("-o,--output", *output, "secret key file to write")->required();
    gen->add_flag("--force", *force, "overwrite an existing key file");
    onRun(gen, ctx, [keyId, output, force] { return generate(*keyId, *output, *force); });

    auto file = std::make_shared<std::string>();
    CLI::App* fp = key->add_subcommand("fingerprint",
                                       "Print the public key fingerprint (hex of the first 16 bytes of SHA-256 of the "
                                       "raw key) of a secret key file or a keyring file.");
    fp->add_option("file", *file, "secret key or keyring file, or -")->required();
    onRun(fp, ctx, [file] { return fingerprint(*file); });
}

}  // namespace pith::cli

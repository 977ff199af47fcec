// Keyring: the built-in registry key, keyring files that add or override keys, and errors that
// name the file and line.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "crypto/keyring.hpp"

using namespace pith::crypto;
namespace fs = std::filesystem;

namespace {
class KeyringFile : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("pith-keyring-test-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path write(const std::string& name, const std::string& text) {
        fs::path p = dir_ / name;
        std::ofstream(p, std::ios::binary) << text;
        return p;
    }
    // Asserts addFile throws a KeyringError whose message names `file:line`.
    void expectErrorAt(const std::string& text, int line) {
        fs::path p = write("bad.keyring", text);
        Keyring ring = Keyring::builtIn();
        try {
            ring.addFile(p);
            ADD_FAILURE() << "accepted:\n" << text;
        } catch (const KeyringError& e) {
            std::string where = p.string() + ":" + std::to_string(line);
            EXPECT_NE(std::string(e.what()).find(where), std::string::npos) << e.what() << " does not name " << where;
        }
    }
    fs::path dir_;
};

const std::string kOtherKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
}  // namespace

TEST(Keyring, BuiltInHoldsTheRegistryKey) {
    Keyring ring = Keyring::builtIn();
    const TrustedKey* key = ring.find(kRegistryKeyId);
    ASSERT_NE(key, nullptr);
    EXPECT_EQ(toHex(key->publicKey), kRegistryPublicKeyHex);
    EXPECT_EQ(key->origin, "built-in");
    EXPECT_EQ(ring.find("pith-v0-unknown"), nullptr);
}

TEST_F(KeyringFile, AddsAndOverridesKeysSkippingCommentsAndBlankLines) {
    fs::path p = write("ring.txt", "# my keys\n\n   \nlab-1 ed25519 " + kOtherKey + "\n# override the registry's:\n" +
                                       std::string(kRegistryKeyId) + " ed25519 " + kOtherKey + "\n");
    Keyring ring = Keyring::builtIn();
    ring.addFile(p);
    const TrustedKey* lab = ring.find("lab-1");
    ASSERT_NE(lab, nullptr);
    EXPECT_EQ(toHex(lab->publicKey), kOtherKey);
    EXPECT_EQ(lab->origin, p.string() + ":4");
    const TrustedKey* registry = ring.find(kRegistryKeyId);
    ASSERT_NE(registry, nullptr);
    EXPECT_EQ(toHex(registry->publicKey), kOtherKey);
    EXPECT_EQ(registry->origin, p.string() + ":6");
}

TEST_F(KeyringFile, AcceptsUpperCaseHexAndWindowsLineEnds) {
    std::string upper = kOtherKey;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    fs::path p = write("ring.txt", "lab-2 ed25519 " + upper + "\r\n");
    Keyring ring;
    ring.addFile(p);
    ASSERT_NE(ring.find("lab-2"), nullptr);
    EXPECT_EQ(toHex(ring.find("lab-2")->publicKey), kOtherKey);
}

TEST_F(KeyringFile, ErrorsNameFileAndLine) {
    expectErrorAt("lab ed25519 " + kOtherKey.substr(2) + "\n", 1);                  // 31 bytes
    expectErrorAt("# c\n\nlab ed25519 " + kOtherKey + "00\n", 3);                   // 33 bytes
    expectErrorAt("ok ed25519 " + kOtherKey + "\nlab rsa " + kOtherKey + "\n", 2);  // algorithm
    expectErrorAt("lab ed25519 " + std::string(64, 'g') + "\n", 1);                 // not hex
    expectErrorAt("ok ed25519 " + kOtherKey + "\n\n\nlab ed25519\n", 4);            // key missing
    expectErrorAt("lab\n", 1);                                                      // one field
    expectErrorAt("lab ed25519 " + kOtherKey + " extra\n", 1);                      // too many fields
}

TEST_F(KeyringFile, MissingFileIsAnErrorNamingIt) {
    Keyring ring;
    fs::path absent = dir_ / "absent.keyring";
    try {
        ring.addFile(absent);
        ADD_FAILURE() << "a missing keyring file was accepted";
    } catch (const KeyringError& e) {
        EXPECT_NE(std::string(e.what()).find(absent.string()), std::string::npos) << e.what();
    }
}

TEST(Keyring, AddTextUsesTheGivenOrigin) {
    Keyring ring;
    ring.addText("a ed25519 " + kOtherKey + "\n", "inline");
    ASSERT_NE(ring.find("a"), nullptr);
    EXPECT_EQ(ring.find("a")->origin, "inline:1");
    EXPECT_THROW(ring.addText("\nb ed25519 xyz\n", "inline"), KeyringError);
}

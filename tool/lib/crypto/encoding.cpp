#include "crypto/encoding.hpp"

#include <openssl/evp.h>

namespace pith::crypto {

std::string base32(const std::uint8_t* data, size_t size) {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (size_t i = 0; i < size; ++i) {
        buffer = (buffer << 8) | data[i];
        bits += 8;
        while (bits >= 5) {
            out += alphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0) out += alphabet[(buffer << (5 - bits)) & 31];
    return out;
}

std::string base64(const std::uint8_t* data, size_t size) {
    std::string out(4 * ((size + 2) / 3), '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
    out.resize(static_cast<size_t>(n));
    return out;
}

std::optional<Bytes> fromBase64(std::string_view text) {
    if (text.empty()) return Bytes{};
    if (text.size() % 4 != 0) return std::nullopt;
    for (char c : text) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
        if (!ok) return std::nullopt;
    }
    size_t padding = 0;
    while (padding < 2 && text[text.size() - 1 - padding] == '=') ++padding;
    // '=' may only stand at the end.
    if (text.substr(0, text.size() - padding).find('=') != std::string_view::npos) return std::nullopt;
    Bytes out(text.size() / 4 * 3);
    int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (n < 0) return std::nullopt;
    // EVP_DecodeBlock counts the padding as decoded zero bytes.
    out.resize(static_cast<size_t>(n) - padding);
    // Reject non-canonical encodings (stray bits in the last character) by re-encoding.
    if (base64(out.data(), out.size()) != text) return std::nullopt;
    return out;
}

}  // namespace pith::crypto

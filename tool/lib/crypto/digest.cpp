#include "crypto/digest.hpp"

#include <openssl/evp.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace pith::crypto {

Sha256Digest sha256(std::string_view data) {
    Sha256Stream s;
    s.update(data.data(), data.size());
    return s.finish();
}

Sha256Stream::Sha256Stream() : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_ || EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("OpenSSL: cannot initialise SHA-256");
}

Sha256Stream::Sha256Stream(const Sha256Stream& from) : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_ || EVP_MD_CTX_copy_ex(static_cast<EVP_MD_CTX*>(ctx_), static_cast<const EVP_MD_CTX*>(from.ctx_)) != 1) {
        EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_));
        throw std::runtime_error("OpenSSL: cannot copy a SHA-256 state");
    }
}

Sha256Stream::~Sha256Stream() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void Sha256Stream::update(const void* data, size_t size) { EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data, size); }

Sha256Digest Sha256Stream::finish() {
    Sha256Digest d{};
    unsigned int len = 0;
    EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), d.data(), &len);
    return d;
}

void Sha256Stream::updateFromFile(int fd, std::uint64_t from, std::uint64_t to) {
    // 128 KiB: stays in the L2 cache between the read and the hash (measured: 10-15% less CPU than
    // hashing through a mapping of the same file).
    std::vector<char> buffer(128 * 1024);
    for (std::uint64_t at = from; at < to;) {
        const size_t want = static_cast<size_t>(std::min<std::uint64_t>(buffer.size(), to - at));
        const ssize_t n = ::pread(fd, buffer.data(), want, static_cast<off_t>(at));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw std::runtime_error(std::string("cannot read the file again: ") + std::strerror(errno));
        if (n == 0) throw std::runtime_error("the file became shorter while it was read");
        update(buffer.data(), static_cast<size_t>(n));
        at += static_cast<std::uint64_t>(n);
    }
}

Sha256Digest sha256OfFile(int fd, std::uint64_t length) {
    Sha256Stream s;
    s.updateFromFile(fd, 0, length);
    return s.finish();
}

std::string toHex(const std::uint8_t* data, size_t size) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (size_t i = 0; i < size; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 15];
    }
    return out;
}

namespace {
int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

bool fromHex(std::string_view hex, Bytes& out) {
    if (hex.size() % 2) return false;
    Bytes bytes(hex.size() / 2);
    for (size_t i = 0; i < bytes.size(); ++i) {
        int hi = hexValue(hex[2 * i]), lo = hexValue(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return false;
        bytes[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    out = std::move(bytes);
    return true;
}

}  // namespace pith::crypto

#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pith::crypto {

using Bytes = std::vector<std::uint8_t>;
using Sha256Digest = std::array<std::uint8_t, 32>;

Sha256Digest sha256(std::string_view data);

// Streaming SHA-256, for hashing a file's prefix without holding it in memory.
class Sha256Stream {
public:
    Sha256Stream();
    ~Sha256Stream();
    // A copy carries on from the same state (a prefix's hash kept while the stream goes on).
    Sha256Stream(const Sha256Stream& from);
    Sha256Stream& operator=(const Sha256Stream&) = delete;
    void update(const void* data, size_t size);
    // Hashes the file's bytes [from, to), read with pread through a small reused buffer (a large
    // file hashed this way adds no resident pages to the process, unlike one hashed through a
    // mapping). Throws std::runtime_error when the file cannot be read or holds fewer bytes.
    void updateFromFile(int fd, std::uint64_t from, std::uint64_t to);
    Sha256Digest finish();

private:
    void* ctx_;
};

// SHA-256 of a file's first `length` bytes (Sha256Stream::updateFromFile).
Sha256Digest sha256OfFile(int fd, std::uint64_t length);

std::string toHex(const std::uint8_t* data, size_t size);
template <size_t N>
std::string toHex(const std::array<std::uint8_t, N>& a) {
    return toHex(a.data(), a.size());
}
inline std::string toHex(const Bytes& b) { return toHex(b.data(), b.size()); }
// Accepts upper or lower case; false on odd length or a non-hex character.
bool fromHex(std::string_view hex, Bytes& out);

}  // namespace pith::crypto

// crypto::PrefixDigest (the file hashed from the moment it is opened, any prefix asked for later)
// against coreutils' sha256sum of the same prefix (head -c), at and around its snapshot boundaries.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <string>

#include "crypto/prefix_digest.hpp"
#include "pdf_test_support.hpp"

using pith::crypto::PrefixDigest;

namespace {

std::string bytes(size_t n) {
    std::string s(n, '\0');
    for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 131 + i / 1000) & 0xff);
    return s;
}

std::string sha256sumOfPrefix(const std::filesystem::path& file, std::uint64_t length) {
    auto r =
        pith::pdf::testing::run("head -c " + std::to_string(length) + " " + pith::pdf::testing::quoted(file) + " | sha256sum");
    return r.out.substr(0, 64);
}

}  // namespace

TEST(PrefixDigest, EveryPrefixHashesAsSha256sumDoes) {
    pith::pdf::testing::TempDir dir;
    const std::uint64_t snap = PrefixDigest::kSnapshot;
    const std::string content = bytes(static_cast<size_t>(3 * snap + 12345));
    pith::pdf::testing::writeBytes(dir / "f", content);
    const int fd = ::open((dir / "f").c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    {
        PrefixDigest digest(fd, content.size());
        for (std::uint64_t length : {std::uint64_t{0}, std::uint64_t{1}, snap - 1, snap, snap + 1, 2 * snap + 77, 3 * snap,
                                     static_cast<std::uint64_t>(content.size() - 1), static_cast<std::uint64_t>(content.size())})
            EXPECT_EQ(digest.hexOf(length), sha256sumOfPrefix(dir / "f", length)) << length;
        EXPECT_THROW(digest.hexOf(content.size() + 1), std::runtime_error);
    }
    {
        // Cancelled before it got far: the prefix is still hashed, from the last state kept.
        PrefixDigest digest(fd, content.size());
        digest.cancel();
        EXPECT_EQ(digest.hexOf(2 * snap + 5), sha256sumOfPrefix(dir / "f", 2 * snap + 5));
    }
    {
        // The file is shorter than it was said to be: the hash of a prefix past its end is refused.
        PrefixDigest digest(fd, content.size() + snap);
        EXPECT_THROW(digest.hexOf(content.size() + snap), std::runtime_error);
    }
    ::close(fd);
}

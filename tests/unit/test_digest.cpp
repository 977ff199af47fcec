// SHA-256 and hex against FIPS 180-2's published examples.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "crypto/digest.hpp"

using namespace pith::crypto;

TEST(Sha256, Fips180Vectors) {
    EXPECT_EQ(toHex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(toHex(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(toHex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, StreamEqualsOneShot) {
    std::string million(1000000, 'a');
    Sha256Stream stream;
    for (size_t i = 0; i < million.size(); i += 4099) {
        size_t n = std::min<size_t>(4099, million.size() - i);
        stream.update(million.data() + i, n);
    }
    Sha256Digest streamed = stream.finish();
    EXPECT_EQ(toHex(streamed), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    EXPECT_EQ(streamed, sha256(million));
}

TEST(Hex, RoundTripAndRejections) {
    Bytes out;
    ASSERT_TRUE(fromHex("00ff10Ab", out));
    EXPECT_EQ(out, (Bytes{0x00, 0xff, 0x10, 0xab}));
    EXPECT_EQ(toHex(out), "00ff10ab");  // lower case out
    ASSERT_TRUE(fromHex("", out));
    EXPECT_TRUE(out.empty());
    EXPECT_FALSE(fromHex("abc", out));   // odd length
    EXPECT_FALSE(fromHex("zz", out));    // not hex
    EXPECT_FALSE(fromHex("0x00", out));  // no prefix allowed
    EXPECT_FALSE(fromHex("a b ", out));
}

// The pread path crosses its buffer many times; FIPS 180-2's million 'a' and "abc" as prefixes.
TEST(Sha256, OfFileReadsThePrefix) {
    const std::string path = ::testing::TempDir() + "pith-digest-of-file";
    {
        std::ofstream f(path, std::ios::binary);
        f << "abc" << std::string(1000000, 'a');
    }
    const int fd = ::open(path.c_str(), O_RDONLY);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(toHex(sha256OfFile(fd, 3)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(toHex(sha256OfFile(fd, 0)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_THROW(sha256OfFile(fd, 1000004), std::runtime_error);  // one byte more than the file holds
    ::close(fd);
    {
        std::ofstream f(path, std::ios::binary);
        f << std::string(1000000, 'a');
    }
    const int again = ::open(path.c_str(), O_RDONLY);
    ASSERT_GE(again, 0);
    EXPECT_EQ(toHex(sha256OfFile(again, 1000000)), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    ::close(again);
    std::remove(path.c_str());
}

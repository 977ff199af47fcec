// io::MappedFile (the input mapped with room for the stamp update) and the atomic write that copies
// an open file's prefix: the bytes are checked against what the test wrote and read back with
// std::ifstream, never against what the code under test returns elsewhere.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "io/atomic_write.hpp"
#include "io/mapped_file.hpp"

using pith::io::MappedFile;

namespace {

std::string pattern(size_t n) {
    std::string s(n, '\0');
    for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>('A' + (i * 7 + i / 13) % 26);
    return s;
}

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

std::string writeTemp(const std::string& name, const std::string& content) {
    const std::string path = ::testing::TempDir() + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

}  // namespace

TEST(MappedFile, AppendsAfterTheFileWithoutChangingIt) {
    const long page = ::sysconf(_SC_PAGESIZE);
    // Sizes around page boundaries: the tail starts inside the file's last page, or on a new one.
    for (size_t size : {size_t{1}, size_t{100}, static_cast<size_t>(page) - 1, static_cast<size_t>(page),
                        static_cast<size_t>(page) + 1, size_t{300000}}) {
        const std::string content = pattern(size);
        const std::string path = writeTemp("pith-mapped-" + std::to_string(size), content);
        auto f = MappedFile::open(path, 1 << 30, 1 << 20);
        ASSERT_TRUE(f) << size;
        EXPECT_EQ(f->size(), size);
        EXPECT_EQ(f->bytes(), content);
        const std::string tail = "\n% appended " + pattern(9000);
        auto joined = f->append(tail);
        ASSERT_TRUE(joined) << size;
        EXPECT_EQ(*joined, content + tail) << size;
        EXPECT_EQ(f->bytes(), content) << size;
        EXPECT_EQ(slurp(path), content) << size;  // the file on disk is not changed
        EXPECT_FALSE(f->append("again"));
        std::remove(path.c_str());
    }
}

TEST(MappedFile, RefusesWhatItCannotHold) {
    const std::string path = writeTemp("pith-mapped-room", pattern(5000));
    auto f = MappedFile::open(path, 1 << 30, 4096);
    ASSERT_TRUE(f);
    EXPECT_FALSE(f->append(pattern(1 << 20)));                      // more than the room reserved
    EXPECT_FALSE(MappedFile::open(path, 4999));                     // larger than the limit: the caller's reader says so
    EXPECT_FALSE(MappedFile::open(::testing::TempDir(), 1 << 30));  // a directory
    EXPECT_FALSE(MappedFile::open(path + ".missing", 1 << 30));
    std::remove(path.c_str());
    const std::string empty = writeTemp("pith-mapped-empty", "");
    auto e = MappedFile::open(empty, 1 << 30, 4096);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->bytes(), "");
    EXPECT_EQ(e->append("tail").value_or("none"), "tail");
    std::remove(empty.c_str());
}

TEST(AtomicWrite, CopiesAnOpenFilesPrefixThenTheTail) {
    const std::string content = pattern(700000);
    const std::string source = writeTemp("pith-copy-source", content);
    auto f = MappedFile::open(source, 1 << 30);
    ASSERT_TRUE(f);
    const std::string target = ::testing::TempDir() + "pith-copy-target";
    pith::io::writeFileAtomically(target, f->descriptor(), 650000, "TAIL");
    EXPECT_EQ(slurp(target), content.substr(0, 650000) + "TAIL");
    // In place: the open descriptor still reads the file being replaced.
    pith::io::replaceFileAtomically(source, f->descriptor(), f->size(), "MORE");
    EXPECT_EQ(slurp(source), content + "MORE");
    EXPECT_THROW(pith::io::writeFileAtomically(target, f->descriptor(), content.size() + 1, ""), pith::io::OutputError);
    EXPECT_EQ(slurp(target), content.substr(0, 650000) + "TAIL");  // a failed write leaves the old file
    std::remove(source.c_str());
    std::remove(target.c_str());
}

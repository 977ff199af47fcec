// The reader's passes over the whole file (file_sweep.hpp): through a mapped file's descriptor
// they read the same bytes as the mapping, leave the mapping's pages unread (measured in
// /proc/self/smaps, not taken from the code under test), and a piece's end never decides whether an
// xref entry points at its object.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "io/mapped_file.hpp"
#include "pdf/reader/file_sweep.hpp"
#include "pdf/reader/pdf_reader.hpp"
#include "pdf_test_support.hpp"

using pith::io::MappedFile;
using pith::pdf::FileSweep;
using pith::pdf::PdfReader;
using pith::pdf::testing::TempDir;

namespace {

std::string pattern(size_t n) {
    std::string s(n, '\0');
    for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 11 + i / 7) % 26);
    return s;
}

// The resident size of the mapping that starts at `start`, in KB, as the kernel counts it.
long residentKb(const void* start) {
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    bool inside = false;
    char head[32];
    std::snprintf(head, sizeof head, "%lx-", reinterpret_cast<unsigned long>(start));
    while (std::getline(smaps, line)) {
        if (line.rfind(head, 0) == 0)
            inside = true;
        else if (inside && line.rfind("Rss:", 0) == 0)
            return std::stol(line.substr(4));
    }
    return -1;
}

// A PDF of `objects` objects, each with `padding` bytes of stream data: an object every few KB
// across the whole file, as in a large paper collection.
std::string spreadPdf(int objects, size_t padding) {
    std::map<std::uint32_t, std::string> bodies = pith::pdf::testing::minimalBodies();
    for (int i = 0; i < objects; ++i)
        bodies[static_cast<std::uint32_t>(10 + i)] =
            "<< /Length " + std::to_string(padding) + " >>\nstream\n" + pattern(padding) + "\nendstream";
    return pith::pdf::testing::buildPdf(bodies, "/Root 1 0 R");
}

}  // namespace

TEST(FileSweep, ReadsTheFileThroughItsDescriptorAndTheTailFromMemory) {
    TempDir dir;
    const std::string content = pattern(3 * 1024 * 1024 + 17), tail = "\n% appended " + pattern(5000);
    pith::pdf::testing::writeBytes(dir / "f", content);
    auto file = MappedFile::open(dir / "f", 1 << 30, 1 << 20);
    ASSERT_TRUE(file);
    auto joined = file->append(tail);
    ASSERT_TRUE(joined);
    const FileSweep sweep(*joined, file->descriptor(), file->size());
    const std::string expected = content + tail;
    std::string buffer;
    // Reads inside the file, across its end into the tail, inside the tail and past the end.
    for (std::uint64_t at : {std::uint64_t{0}, std::uint64_t{4095}, static_cast<std::uint64_t>(content.size() - 10),
                             static_cast<std::uint64_t>(content.size() + 3), static_cast<std::uint64_t>(expected.size() - 1)})
        EXPECT_EQ(sweep.read(at, 100000, buffer), expected.substr(static_cast<size_t>(at), 100000)) << at;
    EXPECT_EQ(sweep.read(expected.size(), 10, buffer), "");
    // The pieces cover the bytes in order, each overlapping the previous by `overlap` bytes.
    std::string covered;
    std::uint64_t next = 0;
    sweep.forEachPiece(1 << 20, 8, [&](std::uint64_t at, std::string_view piece) {
        EXPECT_EQ(piece, std::string_view(expected).substr(static_cast<size_t>(at), piece.size()));
        EXPECT_LE(at, next);
        if (at + piece.size() > next) covered += piece.substr(static_cast<size_t>(next - at));
        next = at + piece.size();
        return true;
    });
    EXPECT_EQ(covered, expected);
}

TEST(FileSweep, OpeningAMappedFileLeavesMostOfItUnread) {
    TempDir dir;
    const std::string pdf = spreadPdf(3000, 3000);  // ~9 MB, an object every 3 KB
    pith::pdf::testing::writeBytes(dir / "spread.pdf", pdf);
    auto file = MappedFile::open(dir / "spread.pdf", 1 << 30);
    ASSERT_TRUE(file);
    PdfReader reader = PdfReader::fromMappedFile(file, file->bytes());
    EXPECT_TRUE(reader.ambiguousEntries(1).empty());
    EXPECT_EQ(reader.revisions().size(), 1u);
    const long kb = residentKb(file->bytes().data());
    ASSERT_GE(kb, 0) << "the mapping is not in /proc/self/smaps";
    // The trailer, the xref table (~60 KB) and the catalog are read through the mapping; the rest
    // of the file only through the descriptor.
    EXPECT_LT(kb * 1024, static_cast<long>(pdf.size() / 8)) << kb << " KB of " << pdf.size() / 1024 << " KB resident";
}

TEST(FileSweep, WrongEntriesAreNamedInObjectOrderAcrossPieces) {
    // 3.5 MB of objects (read in several pieces), one xref
    // entry pointing at the wrong object and one past the file: the entries named are exactly those.
    std::map<std::uint32_t, std::string> bodies = pith::pdf::testing::minimalBodies();
    for (std::uint32_t i = 0; i < 700; ++i)
        bodies[10 + i] = "<< /Length 5000 >>\nstream\n" + pattern(5000 - (i % 13)) + pattern(i % 13) + "\nendstream";
    std::string pdf = pith::pdf::testing::buildPdf(bodies, "/Root 1 0 R");
    // Entry 400 is made to point at object 401, entry 650 past the end of the file.
    auto entryLine = [&](std::uint32_t num) { return pdf.find("xref\n") + 5 + std::string("0 710\n").size() + 20 * num; };
    const std::string at401 = pdf.substr(entryLine(401), 10), beyond = "0099999999";
    pdf.replace(entryLine(400), 10, at401);
    pdf.replace(entryLine(650), 10, beyond);
    TempDir dir;
    pith::pdf::testing::writeBytes(dir / "wrong.pdf", pdf);
    auto file = MappedFile::open(dir / "wrong.pdf", 1 << 30);
    ASSERT_TRUE(file);
    for (const PdfReader& reader : {PdfReader::fromMappedFile(file, file->bytes()), PdfReader::fromBytes(pdf)}) {
        const std::vector<std::string> named = reader.ambiguousEntries(10);
        ASSERT_EQ(named.size(), 2u);
        EXPECT_NE(named[0].find("object 400 "), std::string::npos) << named[0];
        EXPECT_NE(named[1].find("object 650 "), std::string::npos) << named[1];
        EXPECT_EQ(reader.ambiguousEntries(1), std::vector<std::string>{named[0]});
    }
}

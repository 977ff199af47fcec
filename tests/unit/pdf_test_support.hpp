#pragma once
// Helpers shared by the PDF reader and writer tests: running the independent readers (qpdf,
// python3), temporary files, and a tiny classic-xref PDF builder for hand-made malformed files.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

namespace pith::pdf::testing {

// The files tests name: the subset of the qpdf corpus kept in tests/data.
inline std::filesystem::path qpdfCorpus() { return std::filesystem::path(PITH_TEST_DATA_DIR) / "corpus" / "qpdf"; }

// The corpus of the whole-corpus runs: all 625 files when the optional shared directory has them,
// else the subset in tests/data.
inline std::filesystem::path robustnessCorpus(bool* whole = nullptr) {
    std::filesystem::path shared = std::filesystem::path(PITH_SHARED_DIR) / "corpus" / "qpdf";
    std::error_code ec;
    bool found = std::filesystem::is_directory(shared, ec);
    if (whole) *whole = found;
    return found ? shared : qpdfCorpus();
}

inline std::string readBytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void writeBytes(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

struct CommandResult {
    int exitCode = -1;
    std::string out;  // stdout only; stderr goes to the test log
};

// Runs a shell command and captures its standard output.
inline CommandResult run(const std::string& command) {
    CommandResult r;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return r;
    std::array<char, 65536> buf;
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
    int status = ::pclose(pipe);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

inline std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

// A fresh directory under the system temp dir, removed with its content at the end of the test.
class TempDir {
public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "pith-pdf-test-XXXXXX").string();
        if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

// Builds a classic-xref PDF from object bodies (number → text between "N 0 obj" and "endobj").
// Object numbers absent from the map get free entries. Offsets are computed, so the xref is exact
// unless `trailerExtra` or the bodies lie on purpose.
inline std::string buildPdf(const std::map<std::uint32_t, std::string>& bodies, const std::string& trailerExtra,
                            std::uint64_t* startxrefOut = nullptr) {
    std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
    std::map<std::uint32_t, std::uint64_t> offsets;
    std::uint32_t size = 1;
    for (const auto& [num, body] : bodies) {
        offsets[num] = out.size();
        out += std::to_string(num) + " 0 obj\n" + body + "\nendobj\n";
        size = std::max(size, num + 1);
    }
    std::uint64_t xref = out.size();
    out += "xref\n0 " + std::to_string(size) + "\n";
    for (std::uint32_t n = 0; n < size; ++n) {
        char line[32];
        auto it = offsets.find(n);
        if (it == offsets.end())
            std::snprintf(line, sizeof line, "%010u %05u f\r\n", 0u, n == 0 ? 65535u : 0u);
        else
            std::snprintf(line, sizeof line, "%010llu 00000 n\r\n", static_cast<unsigned long long>(it->second));
        out += line;
    }
    out += "trailer\n<< /Size " + std::to_string(size) + " " + trailerExtra + " >>\nstartxref\n" + std::to_string(xref) +
           "\n%%EOF\n";
    if (startxrefOut) *startxrefOut = xref;
    return out;
}

// The three-object skeleton every hand-made test file starts from: catalog, page tree, one page.
inline std::map<std::uint32_t, std::string> minimalBodies() {
    return {{1, "<< /Type /Catalog /Pages 2 0 R >>"},
            {2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"},
            {3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"}};
}

// Revisions counted from the bytes, independently of the reader: every "startxref N %%EOF" whose N
// is not 0 (a linearized file's first-page trailer says 0), plus the last one in any case. Also the
// end of each revision's prefix (after %%EOF and one end-of-line).
inline std::vector<std::pair<std::uint64_t, std::uint64_t>> startxrefSections(const std::string& bytes) {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> found;  // (startxref value, prefix end)
    size_t pos = 0;
    while ((pos = bytes.find("startxref", pos)) != std::string::npos) {
        size_t p = pos + 9;
        pos = p;
        auto ws = [&](char c) { return c == ' ' || c == '\r' || c == '\n' || c == '\t'; };
        while (p < bytes.size() && ws(bytes[p])) ++p;
        size_t digitsStart = p;
        while (p < bytes.size() && std::isdigit(static_cast<unsigned char>(bytes[p]))) ++p;
        if (p == digitsStart) continue;
        std::uint64_t n = std::stoull(bytes.substr(digitsStart, p - digitsStart));
        while (p < bytes.size() && ws(bytes[p])) ++p;
        if (bytes.compare(p, 5, "%%EOF") != 0) continue;
        p += 5;
        if (p < bytes.size() && bytes[p] == '\r') ++p;
        if (p < bytes.size() && bytes[p] == '\n') ++p;
        found.emplace_back(n, p);
    }
    std::vector<std::pair<std::uint64_t, std::uint64_t>> sections;
    for (size_t i = 0; i < found.size(); ++i)
        if (found[i].first != 0 || i + 1 == found.size()) sections.push_back(found[i]);
    return sections;
}

}  // namespace pith::pdf::testing

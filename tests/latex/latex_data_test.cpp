// The data file writer: escaping for each route and the QR run lengths.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "latex/data_file.hpp"
#include "latex/package.hpp"
#include "latex/tex_escape.hpp"

namespace pith::latex {
namespace {

TEST(LatexEscape, XmlTextKeepsOnlySafeAscii) {
    EXPECT_EQ(xmlText("abc-XYZ.09:/,"), "abc-XYZ.09:/,");
    EXPECT_EQ(xmlText("{\"a_b\": 1}"), "&#123;&#34;a&#95;b&#34;:&#32;1&#125;");
    EXPECT_EQ(xmlText("\\%#&~$^"), "&#92;&#37;&#35;&#38;&#126;&#36;&#94;");
    EXPECT_EQ(xmlText("\xC3\xA9\xF0\x9F\x98\x80"), "&#233;&#128512;");  // é, U+1F600
}

TEST(LatexEscape, PdfHexIsUtf16BeWithBom) {
    EXPECT_EQ(pdfHexText("A("), "FEFF00410028");
    EXPECT_EQ(pdfHexText("\xC3\xA9"), "FEFF00E9");
    EXPECT_EQ(pdfHexText("\xF0\x9F\x98\x80"), "FEFFD83DDE00");  // surrogate pair
}

TEST(LatexEscape, RejectsMalformedUtf8) {
    EXPECT_THROW(xmlText("\xC3"), std::invalid_argument);             // truncated
    EXPECT_THROW(xmlText("\xC0\x80"), std::invalid_argument);         // overlong NUL
    EXPECT_THROW(pdfHexText("\xED\xA0\x80"), std::invalid_argument);  // surrogate
    EXPECT_THROW(xmlText("\xFF"), std::invalid_argument);
}

TEST(LatexData, QrRunLengthsRebuildTheMatrix) {
    qr::QrMatrix m = qr::encode("https://pith.science/pith/XWMJ4DGYPGPNYY3GAECCTV6HU5");
    std::string runs = qrRunLengths(m);
    // Decode the runs back and compare module by module.
    std::stringstream rows(runs);
    std::string row;
    int y = 0;
    while (std::getline(rows, row, ',')) {
        std::stringstream cells(row);
        std::string n;
        int x = 0;
        bool dark = false;
        while (std::getline(cells, n, '.')) {
            for (int k = 0; k < std::stoi(n); ++k, ++x) EXPECT_EQ(m.at(x, y), dark) << x << "," << y;
            dark = !dark;
        }
        EXPECT_EQ(x, m.size);
        ++y;
    }
    EXPECT_EQ(y, m.size);
}

// pith.sty as the build's docstrip run wrote it from latex/pith.dtx.
TEST(LatexPackage, EmbeddedTextIsTheGeneratedFile) {
    std::ifstream in(PITH_GENERATED_STY, std::ios::binary);
    ASSERT_TRUE(in) << PITH_GENERATED_STY;
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(packageText(), ss.str());
}

TEST(LatexPackage, EmbeddedBindingIsTheSourceFile) {
    std::ifstream in(std::string(PITH_SOURCE_DIR) + "/latex/pith.sty.ltxml", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(bindingText(), ss.str());
}

// pith.sty and its LaTeXML binding are one package: both carry the same version.
TEST(LatexPackage, BindingVersionIsThePackageVersion) {
    const std::string sty(packageText());
    const std::string ltxml(bindingText());
    const std::string key = "\\ProvidesExplPackage{pith}{";
    size_t at = sty.find(key);
    ASSERT_NE(at, std::string::npos);
    at = sty.find("}{", at + key.size());
    ASSERT_NE(at, std::string::npos);
    const std::string styVersion = sty.substr(at + 2, sty.find('}', at + 2) - at - 2);
    const std::string line = "\nmy $PITH_VERSION = '" + styVersion + "';";
    EXPECT_NE(ltxml.find(line), std::string::npos) << "pith.sty is " << styVersion;
}

}  // namespace
}  // namespace pith::latex

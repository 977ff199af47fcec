// Unit tests of the badge layout, its fonts and renderers: geometry and metrics that the
// integration tests (xmllint, qpdf, pdffonts, zbarimg) cannot see directly. The fonts' metrics are
// checked against the font files through FreeType, which shares nothing with HarfBuzz's subsetter.
#include <gtest/gtest.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H

#include <regex>

#include "badge/badge_font.hpp"
#include "badge/badge_render.hpp"
#include "qr/qr_matrix.hpp"

namespace {

using pith::badge::Weight;

pith::record::PithNumber number() { return {2026, "XWMJ4DGYPGPNYY3GAECCTV6HU5"}; }

TEST(BadgeLayout, QrRunsCoverExactlyTheDarkModulesInsideTheQuietZone) {
    auto b = pith::badge::layoutBadge(number(), {true, 0});
    pith::qr::QrMatrix m = pith::qr::encode("https://pith.science/pith/XWMJ4DGYPGPNYY3GAECCTV6HU5");
    int dark = 0;
    for (auto d : m.dark) dark += d;
    double covered = 0, left = 1e9, right = 0, top = 1e9, bottom = 0;
    for (const auto& r : b.qrRuns) {
        covered += r.w / b.qrModule;
        left = std::min(left, r.x), right = std::max(right, r.x + r.w);
        top = std::min(top, r.y), bottom = std::max(bottom, r.y + r.h);
    }
    EXPECT_NEAR(covered, dark, 1e-6);
    // The default badge: a label of 8 pt, modules of 2 pt, 4 modules of white inside the frame.
    EXPECT_DOUBLE_EQ(b.labelSize, 8.0);
    EXPECT_NEAR(b.qrModule, 2.0, 1e-12);
    EXPECT_NEAR(right - left, m.size * b.qrModule, 1e-9);
    EXPECT_GE(top - 4 * b.qrModule, 0.5 - 1e-9);
    EXPECT_LE(bottom + 4 * b.qrModule, b.height - 0.5 + 1e-9);
    EXPECT_LE(right + 4 * b.qrModule, b.width - 0.5 - 0.3 * 8 + 1e-9);
    double numberEnd = b.number.x;
    for (double a : b.number.advances) numberEnd += a;
    EXPECT_NEAR(left - 4 * b.qrModule - numberEnd, 0.5 * 8, 1e-9);  // gap number -> code
    EXPECT_EQ(b.label, "pith:XWMJ4DGY");
    EXPECT_EQ(b.altText, "Pith Number pith:XWMJ4DGY");
}

TEST(BadgeLayout, TheDesignsProportions) {
    auto b = pith::badge::layoutBadge(number(), {false, 0});
    const double s = 8;
    EXPECT_DOUBLE_EQ(b.labelSize, s);
    EXPECT_NEAR(b.height, 1 + 1.4 * s, 1e-9);  // frame, padding 0.2 x label, the 1.0 x label line
    ASSERT_EQ(b.mark.size(), 6u);              // runs: ####. / # # / ####. / # / #
    double markLeft = 1e9, markRight = 0, markTop = 1e9, markBottom = 0, area = 0;
    for (const auto& r : b.mark) {
        markLeft = std::min(markLeft, r.x), markRight = std::max(markRight, r.x + r.w);
        markTop = std::min(markTop, r.y), markBottom = std::max(markBottom, r.y + r.h);
        area += r.w * r.h;
    }
    EXPECT_NEAR(markLeft, 0.5 + 0.3 * s, 1e-9);
    EXPECT_NEAR(markRight - markLeft, s, 1e-9);
    EXPECT_NEAR(markBottom - markTop, s, 1e-9);
    EXPECT_NEAR(area, 12 * (s / 5) * (s / 5), 1e-9);  // 12 filled cells
    EXPECT_NEAR(markBottom, b.word.baseline + 0.1 * s, 1e-9);
    EXPECT_NEAR(b.word.x - markRight, 0.35 * s, 1e-9);
    double wordEnd = b.word.x;
    for (double a : b.word.advances) wordEnd += a;
    EXPECT_NEAR(b.number.x - wordEnd, 0.5 * s, 1e-9);
    double numberEnd = b.number.x;
    for (double a : b.number.advances) numberEnd += a;
    EXPECT_NEAR(b.width - numberEnd, 0.3 * s + 0.5, 1e-9);
    EXPECT_EQ(b.word.text, "Pith Number");
    EXPECT_EQ(b.word.weight, Weight::Regular);
    EXPECT_EQ(b.number.weight, Weight::Bold);
    EXPECT_TRUE(b.qrRuns.empty());
    EXPECT_THROW(pith::badge::layoutBadge(number(), {false, 4}), std::invalid_argument);
}

struct Face {
    FT_Library lib = nullptr;
    FT_Face face = nullptr;
    ~Face() {
        if (face) FT_Done_Face(face);
        if (lib) FT_Done_FreeType(lib);
    }
};

TEST(BadgeFont, AdvanceTablesAreTheFontsOwn) {
    for (Weight w : {Weight::Regular, Weight::Bold}) {
        auto file = pith::badge::fontFile(w);
        if (!file) GTEST_SKIP() << "fonts-urw-base35 is not installed";
        Face f;
        ASSERT_EQ(FT_Init_FreeType(&f.lib), 0);
        ASSERT_EQ(FT_New_Face(f.lib, file->c_str(), 0, &f.face), 0);
        ASSERT_EQ(f.face->units_per_EM, 1000);
        for (char c : pith::badge::subsetCharacters(w)) {
            FT_Fixed adv = 0;
            ASSERT_EQ(FT_Get_Advance(f.face, FT_Get_Char_Index(f.face, static_cast<unsigned char>(c)), FT_LOAD_NO_SCALE, &adv),
                      0);
            EXPECT_EQ(pith::badge::advance(w, c), adv) << c;
        }
    }
}

TEST(BadgeFont, SubsetIsPinnedAndHoldsItsGlyphsByName) {
    for (Weight w : {Weight::Regular, Weight::Bold}) {
        if (!pith::badge::fontFile(w)) GTEST_SKIP() << "fonts-urw-base35 is not installed";
        const auto& program = pith::badge::fontProgram(w);
        EXPECT_EQ(program.sha256, pith::badge::pinnedSha256(w));
        EXPECT_EQ(&program, &pith::badge::fontProgram(w));  // cut once
        Face f;
        ASSERT_EQ(FT_Init_FreeType(&f.lib), 0);
        ASSERT_EQ(FT_New_Memory_Face(f.lib, reinterpret_cast<const FT_Byte*>(program.cff.data()),
                                     static_cast<FT_Long>(program.cff.size()), 0, &f.face),
                  0);
        EXPECT_EQ(f.face->num_glyphs, static_cast<FT_Long>(pith::badge::subsetCharacters(w).size() + 1));  // and .notdef
        const char* names[] = {"P", "space", "colon", "seven", "Z"};
        for (const char* n : names) {
            const bool wanted =
                w == Weight::Regular ? (std::string(n) == "P" || std::string(n) == "space") : std::string(n) != "space";
            EXPECT_EQ(FT_Get_Name_Index(f.face, n) != 0, wanted) << n;
        }
    }
}

TEST(BadgeRender, NumbersAreShortAndStable) {
    EXPECT_EQ(pith::badge::formatNumber(12), "12");
    EXPECT_EQ(pith::badge::formatNumber(12.5), "12.5");
    EXPECT_EQ(pith::badge::formatNumber(1.0 / 3), "0.333");
    EXPECT_EQ(pith::badge::formatNumber(-0.0001), "0");
}

TEST(BadgeRender, PdfXrefOffsetsPointAtTheirObjects) {
    if (!pith::badge::fontFile(Weight::Regular)) GTEST_SKIP() << "fonts-urw-base35 is not installed";
    std::string pdf = pith::badge::renderPdf(pith::badge::layoutBadge(number(), {true, 0}));
    size_t xref = std::stoul(pdf.substr(pdf.rfind("startxref") + 10));
    ASSERT_EQ(pdf.compare(xref, 4, "xref"), 0);
    std::string table = pdf.substr(xref);
    std::regex entry("(\\d{10}) 00000 n ");
    int object = 1;
    for (auto it = std::sregex_iterator(table.begin(), table.end(), entry); it != std::sregex_iterator(); ++it, ++object) {
        size_t offset = std::stoul((*it)[1]);
        EXPECT_EQ(pdf.compare(offset, std::to_string(object).size() + 6, std::to_string(object) + " 0 obj"), 0) << object;
    }
    EXPECT_EQ(object, 13);  // twelve objects: six of the page, three per font
}

TEST(BadgeRender, PngRefusesOutOfRangeDpi) {
    auto b = pith::badge::layoutBadge(number(), {false, 0});
    EXPECT_THROW(pith::badge::renderPng(b, 10, "/nonexistent", "/nonexistent"), std::invalid_argument);
    EXPECT_THROW(pith::badge::renderPng(b, 300, "/nonexistent/font.otf", "/nonexistent/font.otf"), std::runtime_error);
}

}  // namespace

// Unit tests of the badge layout and renderers: geometry that the integration tests (xmllint,
// qpdf, zbarimg) cannot see directly.
#include <gtest/gtest.h>

#include <regex>

#include "badge/badge_render.hpp"
#include "qr/qr_matrix.hpp"

namespace {

pith::record::PithNumber number() { return {2026, "XWMJ4DGYPGPNYY3GAECCTV6HU5"}; }

TEST(BadgeLayout, QrRunsCoverExactlyTheDarkModules) {
    auto b = pith::badge::layoutBadge(number(), {true, 40});
    pith::qr::QrMatrix m = pith::qr::encode("https://pith.science/pith/XWMJ4DGYPGPNYY3GAECCTV6HU5");
    int dark = 0;
    for (auto d : m.dark) dark += d;
    double covered = 0;
    for (const auto& r : b.qrRuns) {
        covered += r.w / b.qrModule;
        EXPECT_GE(r.x, 4 * b.qrModule - 1e-9);                // inside the quiet zone
        EXPECT_LE(r.x + r.w, b.height - 4 * b.qrModule + 1e-9);
        EXPECT_LE(r.y + r.h, b.height - 4 * b.qrModule + 1e-9);
    }
    EXPECT_NEAR(covered, dark, 1e-6);
    EXPECT_DOUBLE_EQ(b.qrModule * (m.size + 8), 40.0);
    EXPECT_EQ(b.label, "pith:XWMJ4DGY");
    EXPECT_GT(b.textX, b.height);  // the label starts right of the QR square
}

TEST(BadgeLayout, WidthIsPaddingPlusHelveticaAdvances) {
    auto b = pith::badge::layoutBadge(number(), {false, 0});
    EXPECT_DOUBLE_EQ(b.height, 24.0);
    double text = 0;
    for (char c : b.label) text += pith::badge::helveticaAdvance(c) * 12.0 / 1000.0;
    EXPECT_NEAR(b.width, 2 * 0.2 * 24 + text, 1e-9);
    EXPECT_TRUE(b.qrRuns.empty());
    EXPECT_THROW(pith::badge::layoutBadge(number(), {false, 4}), std::invalid_argument);
}

TEST(BadgeRender, NumbersAreShortAndStable) {
    EXPECT_EQ(pith::badge::formatNumber(12), "12");
    EXPECT_EQ(pith::badge::formatNumber(12.5), "12.5");
    EXPECT_EQ(pith::badge::formatNumber(1.0 / 3), "0.333");
    EXPECT_EQ(pith::badge::formatNumber(-0.0001), "0");
}

TEST(BadgeRender, PdfXrefOffsetsPointAtTheirObjects) {
    std::string pdf = pith::badge::renderPdf(pith::badge::layoutBadge(number(), {true, 0}));
    size_t xref = std::stoul(pdf.substr(pdf.rfind("startxref") + 10));
    ASSERT_EQ(pdf.compare(xref, 4, "xref"), 0);
    std::smatch m;
    std::string table = pdf.substr(xref);
    std::regex entry("(\\d{10}) 00000 n ");
    int object = 1;
    for (auto it = std::sregex_iterator(table.begin(), table.end(), entry); it != std::sregex_iterator(); ++it, ++object) {
        size_t offset = std::stoul((*it)[1]);
        EXPECT_EQ(pdf.compare(offset, std::to_string(object).size() + 6, std::to_string(object) + " 0 obj"), 0) << object;
    }
    EXPECT_EQ(object, 8);  // seven objects
}

TEST(BadgeRender, PngRefusesOutOfRangeDpi) {
    auto b = pith::badge::layoutBadge(number(), {false, 0});
    EXPECT_THROW(pith::badge::renderPng(b, 10, "/nonexistent"), std::invalid_argument);
    EXPECT_THROW(pith::badge::renderPng(b, 300, "/nonexistent/font.otf"), std::runtime_error);
}

}  // namespace

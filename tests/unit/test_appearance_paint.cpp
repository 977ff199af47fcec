// What a Link annotation's appearance paints over the page's words (pdf/content/paint_over_text.hpp):
// its form mapped onto /Rect as ISO 32000-2 12.5.5 says, a frame covering no word inside it.
#include <gtest/gtest.h>

#include <string>

#include "pdf/content/paint_over_text.hpp"
#include "pdf_test_support.hpp"

namespace {

// Object 3 is the appearance (a form with /BBox [0 0 100 20]) drawn at /Rect [100 500 300 540],
// twice its size; the box is a word inside the rect.
pith::pdf::AppearancePaint paintOf(const std::string& content) {
    std::map<std::uint32_t, std::string> bodies = {
        {1, "<< /Type /Catalog /Pages 2 0 R >>"},
        {2, "<< /Type /Pages /Kids [5 0 R] /Count 1 >>"},
        {5, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"},
        {3, "<< /Type /XObject /Subtype /Form /BBox [0 0 100 20] /Resources << /Font << /F1 4 0 R >> >> /Length " +
                std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream"},
        {4, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"},
    };
    pith::pdf::PdfReader reader = pith::pdf::PdfReader::fromBytes(pith::pdf::testing::buildPdf(bodies, "/Root 1 0 R"));
    const std::vector<pith::pdf::Rect> boxes = {pith::pdf::Rect{120, 510, 200, 530}};
    return pith::pdf::paintedByAppearance(reader, pith::pdf::Object::reference(pith::pdf::Ref{3, 0}),
                                          pith::pdf::Rect{100, 500, 300, 540}, boxes);
}

TEST(AppearancePaint, AFrameCoversNoWordInside) {
    // Round joins: the stroke's bound is 1.5 half-widths (a miter join's reaches 10 of them).
    const auto frame = paintOf("q 0 0 1 RG 1 w 1 j 0.5 0.5 99 19 re S Q");
    EXPECT_FALSE(frame.showsText);
    EXPECT_DOUBLE_EQ(pith::pdf::coveredShare(pith::pdf::Rect{120, 510, 200, 530}, frame.regions[0]), 0.0);
}

TEST(AppearancePaint, AFillIsMappedOntoTheRect) {
    // x 10..30 of the form is x 120..160 on the page: half the word's width.
    const auto fill = paintOf("1 g 10 0 20 20 re f");
    EXPECT_FALSE(fill.showsText);
    EXPECT_NEAR(pith::pdf::coveredShare(pith::pdf::Rect{120, 510, 200, 530}, fill.regions[0]), 0.5, 1e-9);
}

TEST(AppearancePaint, TextOfItsOwn) { EXPECT_TRUE(paintOf("BT /F1 10 Tf 5 5 Td (Title) Tj ET").showsText); }

}  // namespace

// Optional content that viewers show differently (pdf/content/paint_over_text.hpp): which groups a
// page draws make what it shows depend on the viewer, by the rules of ISO 32000-2 8.11 that
// poppler and MuPDF apply differently.
#include <gtest/gtest.h>

#include <string>

#include "pdf/content/paint_over_text.hpp"
#include "pdf_test_support.hpp"

namespace {

// A page whose content draws text inside /OC /oc BDC ... EMC, /oc being `group` in its
// /Properties (object 5 is an OCG with `ocg` as its extra entries), and /OCProperties `ocProperties`.
std::vector<pith::pdf::PdfWarning> ambiguities(const std::string& group, const std::string& ocg,
                                               const std::string& ocProperties) {
    const std::string content = "/OC /oc BDC BT /F1 12 Tf 72 700 Td (Title) Tj ET EMC";
    std::map<std::uint32_t, std::string> bodies = {
        {1, "<< /Type /Catalog /Pages 2 0 R " + ocProperties + " >>"},
        {2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"},
        {3,
         "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 6 0 R >> "
         "/Properties << /oc " +
             group + " >> >> >>"},
        {4, "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream"},
        {5, "<< /Type /OCG /Name (g) " + ocg + " >>"},
        {6, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"},
    };
    pith::pdf::PdfReader reader = pith::pdf::PdfReader::fromBytes(pith::pdf::testing::buildPdf(bodies, "/Root 1 0 R"));
    return pith::pdf::paintedOverText(reader, 0, {pith::pdf::Rect{72, 700, 110, 712}}).ambiguities;
}

const std::string kListed = "/OCProperties << /OCGs [5 0 R] /D << /Order [5 0 R] >> >>";

TEST(OptionalContent, ListedViewGroupsAreDrawnAlike) {
    EXPECT_TRUE(ambiguities("5 0 R", "", kListed).empty());
    EXPECT_TRUE(ambiguities("5 0 R", "/Intent /View", kListed).empty());
    EXPECT_TRUE(ambiguities("5 0 R", "/Intent [/Design /View]", kListed).empty());
    EXPECT_TRUE(ambiguities("5 0 R", "/Intent /All", kListed).empty());
    EXPECT_TRUE(ambiguities("<< /Type /OCMD /OCGs [5 0 R] >>", "", kListed).empty());
}

TEST(OptionalContent, IntentWithoutView) {
    const auto found = ambiguities("5 0 R", "/Intent /Design", kListed);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_NE(found[0].message.find("/Intent leaves out View"), std::string::npos) << found[0].message;
    EXPECT_EQ(ambiguities("5 0 R", "/Intent [/Design]", kListed).size(), 1u);
    EXPECT_EQ(ambiguities("<< /Type /OCMD /OCGs 5 0 R >>", "/Intent /Design", kListed).size(),
              1u);  // through a membership dictionary
}

TEST(OptionalContent, GroupNotListedOrNotIndirect) {
    const auto unlisted = ambiguities("5 0 R", "", "/OCProperties << /OCGs [] /D << >> >>");
    ASSERT_EQ(unlisted.size(), 1u);
    EXPECT_NE(unlisted[0].message.find("does not list"), std::string::npos) << unlisted[0].message;
    EXPECT_EQ(ambiguities("5 0 R", "", "").size(), 1u);  // no /OCProperties at all
    const auto direct = ambiguities("<< /Type /OCG /Name (d) >>", "", kListed);
    ASSERT_EQ(direct.size(), 1u);
    EXPECT_NE(direct[0].message.find("no indirect object"), std::string::npos) << direct[0].message;
}

}  // namespace

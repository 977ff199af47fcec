// PDF/A in the stamp: the claim read from the XMP in its several forms, the pdfa parameter, and
// the verifier's rule that a stamp records exactly the conformance the stamped document claims
// (the stamp writes the same update whatever it is told; only that rule catches the lie).
#include <gtest/gtest.h>

#include "crypto/keyring.hpp"
#include "pdf/stamp/pdfa.hpp"
#include "pdf/stamp/stamp.hpp"
#include "pdf/xmp/pith_xmp.hpp"
#include "pdf_test_support.hpp"
#include "record/record.hpp"
#include "verify/verify_pdf.hpp"

namespace {

using namespace pith;

std::string packet(const std::string& description) {
    return "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><x:xmpmeta xmlns:x='adobe:ns:meta/'>"
           "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>" +
           description + "</rdf:RDF></x:xmpmeta><?xpacket end='w'?>";
}

TEST(PdfaClaim, ReadInEveryForm) {
    // Attributes with another prefix (as Ghostscript writes them), elements, and no claim.
    auto attr = pdf::xmp::readPithXmp(
        packet("<rdf:Description rdf:about='' xmlns:id='http://www.aiim.org/pdfa/ns/id/' id:part='2' id:conformance='B'/>"));
    ASSERT_TRUE(attr.pdfa);
    EXPECT_EQ(pdf::stamp::pdfaLabel(*attr.pdfa), std::optional<std::string>("2B"));
    auto elements =
        pdf::xmp::readPithXmp(packet("<rdf:Description rdf:about='' xmlns:pdfaid='http://www.aiim.org/pdfa/ns/id/'>"
                                     "<pdfaid:part>3</pdfaid:part><pdfaid:conformance>U</pdfaid:conformance></rdf:Description>"));
    ASSERT_TRUE(elements.pdfa);
    EXPECT_EQ(pdf::stamp::pdfaLabel(*elements.pdfa), std::optional<std::string>("3U"));
    EXPECT_FALSE(
        pdf::xmp::readPithXmp(
            packet("<rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/' dc:format='application/pdf'/>"))
            .pdfa);
    // A claim pith does not know is no label (stamped as a plain PDF, with a warning).
    EXPECT_FALSE(pdf::stamp::pdfaLabel({"2", "b"}));
    EXPECT_FALSE(pdf::stamp::pdfaLabel({"5", "B"}));
    EXPECT_EQ(pdf::stamp::pdfaLabel({"4", ""}), std::optional<std::string>("4"));
    EXPECT_FALSE(pdf::stamp::pdfaAllowsRecordAttachment("1B"));
    EXPECT_FALSE(pdf::stamp::pdfaAllowsRecordAttachment("2U"));
    EXPECT_TRUE(pdf::stamp::pdfaAllowsRecordAttachment("3B"));
    EXPECT_TRUE(pdf::stamp::pdfaAllowsRecordAttachment(""));
}

TEST(PdfaClaim, ParameterBetweenPageAndPlacement) {
    using namespace pith::pdf::stamp;
    StampParameters p;
    p.height = 30;
    p.matrix = {1, 0, 0, 1, 400, 700};
    p.rect = {400, 700, 500, 730};
    p.placement = "given";
    p.pdfa = "2B";
    const std::string text = toCanonicalJson(p);
    EXPECT_NE(text.find("\"page\":1,\"pdfa\":\"2B\",\"placement\":\"given\""), std::string::npos) << text;
    EXPECT_EQ(parseStampParameters(text).pdfa, "2B");
    for (const char* bad : {"\"2b\"", "\"5B\"", "\"\"", "2"}) {
        std::string t = text;
        t.replace(t.find("\"2B\""), 4, bad);
        EXPECT_THROW(parseStampParameters(t), StampFormatError) << t;
    }
}

// A one-page PDF, claiming `pdfa` (part, conformance) in its XMP when given.
std::string document(const std::optional<std::pair<std::string, std::string>>& pdfa) {
    auto bodies = pdf::testing::minimalBodies();
    if (pdfa) {
        const std::string xmp =
            packet("<rdf:Description rdf:about='' xmlns:pdfaid='http://www.aiim.org/pdfa/ns/id/' pdfaid:part='" + pdfa->first +
                   "' pdfaid:conformance='" + pdfa->second + "'/>");
        bodies[1] = "<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>";
        bodies[4] =
            "<< /Type /Metadata /Subtype /XML /Length " + std::to_string(xmp.size()) + " >>\nstream\n" + xmp + "\nendstream";
    }
    return pdf::testing::buildPdf(bodies, "/Root 1 0 R");
}

// The stamp-update check of a stamp written with `recordedPdfa` as its pdfa parameter.
report::CheckResult updateCheck(const std::string& original, const std::string& recordedPdfa) {
    const record::Record r = record::loadRecordFile(std::string(PITH_TEST_DATA_DIR) + "/seeds/000_ad86baa9ca31c0d5.txt");
    const pdf::stamp::StampRecord rec = pdf::stamp::stampRecordFrom(r, record::computeFacts(r));
    pdf::stamp::StampParameters p;
    p.height = 30;
    p.qr = false;
    p.matrix = {1, 0, 0, 1, 400, 700};
    p.rect = {400, 700, 500, 730};
    p.placement = "given";
    p.pdfa = recordedPdfa;
    pdf::stamp::StampOptions opt;
    opt.recorded = p;
    const pdf::PdfReader in = pdf::PdfReader::fromBytes(original);
    const pdf::stamp::StampResult s = pdf::stamp::stamp(in, rec, opt);
    const pdf::PdfReader out = pdf::PdfReader::fromBytes(original + s.update);
    const report::Report rep = verify::verifyPdf(out, crypto::Keyring::builtIn(), {});
    for (const report::CheckResult& c : rep.checks)
        if (c.id == verify::kStampUpdateCheck) return c;
    ADD_FAILURE() << "no stamp-update check";
    return {};
}

TEST(PdfaStamp, RecordsExactlyTheDocumentsClaim) {
    using report::CheckStatus;
    const std::string plain = document(std::nullopt), a2b = document(std::make_pair("2", "B"));
    // What the document claims: validated (the control cases).
    EXPECT_EQ(updateCheck(plain, "").status, CheckStatus::Pass) << updateCheck(plain, "").reason;
    EXPECT_EQ(updateCheck(a2b, "2B").status, CheckStatus::Pass) << updateCheck(a2b, "2B").reason;
    // A stamp that was never PDF/A-aware (written before pdfa was recorded) stays valid.
    EXPECT_EQ(updateCheck(a2b, "").status, CheckStatus::Pass) << updateCheck(a2b, "").reason;
    // Another conformance than the document's, or one the document does not claim: refused.
    const report::CheckResult lie = updateCheck(plain, "2B");
    EXPECT_EQ(lie.status, CheckStatus::Fail);
    EXPECT_NE(lie.reason.find("records PDF/A-2B, but the stamped document claims no PDF/A conformance"), std::string::npos)
        << lie.reason;
    const report::CheckResult other = updateCheck(a2b, "3B");
    EXPECT_EQ(other.status, CheckStatus::Fail);
    EXPECT_NE(other.reason.find("claims PDF/A-2B"), std::string::npos) << other.reason;
}

}  // namespace

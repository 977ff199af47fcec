// libFuzzer target over `pith stamp` followed by `pith verify` on arbitrary bytes: the input is
// stamped (forced, so that the stamp is written wherever it can be) with the test record, and a
// stamp that was written must read back: its output, opened afresh, must verify without PdfError
// (pith stamp never writes a file its own verifier cannot read) and must show the record's number.
// Refusals are pdf::PdfError (unreadable input), StampRefused or xmp::XmpError (an XMP packet
// it cannot merge into); anything else is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "crypto/keyring.hpp"
#include "json/canonical.hpp"
#include "pdf/reader/pdf_reader.hpp"
#include "pdf/stamp/stamp.hpp"
#include "pdf/xmp/pith_xmp.hpp"
#include "record/record.hpp"
#include "report/report.hpp"
#include "verify/stamp_gate.hpp"
#include "verify/verify_pdf.hpp"

using namespace pith;

namespace {

const pdf::stamp::StampRecord& testRecord() {
    static const pdf::stamp::StampRecord rec = [] {
        std::ifstream in(PITH_FUZZ_RECORD, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        record::Record r = record::loadRecord(text.str());
        return pdf::stamp::stampRecordFrom(r, record::computeFacts(r));
    }();
    return rec;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const crypto::Keyring keyring = crypto::Keyring::builtIn();
    const pdf::stamp::StampRecord& rec = testRecord();
    pdf::stamp::StampOptions options;
    options.force = true;
    options.allowRenumber = true;
    options.epoch = 1700000000;
    std::string written;
    try {
        pdf::PdfReader reader = pdf::PdfReader::fromBytes(std::string(reinterpret_cast<const char*>(data), size));
        verify::CheckedStamp stamped = verify::stampChecked(reader, rec, options, keyring);
        written = std::string(stamped.output->bytes());
    } catch (const pdf::PdfError&) {
        return 0;
    } catch (const pdf::stamp::StampRefused&) {
        return 0;
    } catch (const pdf::xmp::XmpError&) {
        return 0;  // an XMP packet the stamp cannot merge into
    }
    try {
        pdf::PdfReader again = pdf::PdfReader::fromBytes(written);
        verify::PdfFindings findings;
        report::Report report = verify::verifyPdf(again, keyring, {}, &findings);
        json::canonical(report::toJson(report));
        if (!findings.number || *findings.number != rec.number.full()) {
            std::fprintf(stderr, "the stamped file does not show %s\n", rec.number.full().c_str());
            std::abort();
        }
    } catch (const pdf::PdfError& e) {
        std::fprintf(stderr, "pith stamp wrote a file its verifier cannot read: %s\n", e.what());
        std::abort();
    }
    return 0;
}

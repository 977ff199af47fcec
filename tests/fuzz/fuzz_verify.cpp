// libFuzzer target over the whole `pith verify` path on arbitrary bytes: the reader (xref, objects,
// filters, revisions), the embedded data, every check and the viewer checks (poppler), and both
// renderings of the report. A file may be unreadable only as pdf::PdfError (exit 3); any other
// exception, a crash, a leak or a sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "crypto/keyring.hpp"
#include "json/canonical.hpp"
#include "pdf/reader/pdf_reader.hpp"
#include "report/report.hpp"
#include "verify/verify_pdf.hpp"

using namespace pith;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const crypto::Keyring keyring = crypto::Keyring::builtIn();
    try {
        pdf::PdfReader reader = pdf::PdfReader::fromBytes(std::string(reinterpret_cast<const char*>(data), size));
        verify::PdfFindings findings;
        report::Report report = verify::verifyPdf(reader, keyring, {}, &findings);
        json::canonical(report::toJson(report));
        report::toText(report);
    } catch (const pdf::PdfError&) {}
    return 0;
}

#pragma once
// `pith verify`: re-verifies what a PDF carries, offline (docs/REPORT.md lists the checks).
#include <optional>
#include <string>

#include "crypto/keyring.hpp"
#include "pdf/reader/pdf_reader.hpp"
#include "record/pith_number.hpp"
#include "report/report.hpp"
#include "verify/embedded_data.hpp"

namespace pith::verify {

struct PdfVerifyOptions {
    std::optional<record::NumberQuery> expectedNumber;     // --number
    std::optional<std::string> expectedSha256;             // --record: its canonical hash
    size_t maxLinkPages = 8;
};

// What verification found, beyond the report: the extract command writes it out.
struct PdfFindings {
    EmbeddedData data;
    std::optional<std::string> canonicalRecord;   // canonical bytes, when a valid record was found
    std::optional<std::string> canonicalSha256;
    std::optional<std::string> number;            // pith:YYYY:SUFFIX derived from the record
    std::optional<size_t> pithRevision;           // the revision that added the pith data
    std::optional<std::uint64_t> stampedLength;
};

// Never throws for what the file says; throws pdf::PdfError only when the file cannot be read at all.
report::Report verifyPdf(const pdf::PdfReader& reader, const crypto::Keyring& keyring, const PdfVerifyOptions& options,
                         PdfFindings* findings = nullptr);

// The check that a later revision exists: its failure makes the verdict MODIFIED rather than FAILED.
inline constexpr const char* kLaterRevisionsCheck = "pith.revisions.none";

}  // namespace pith::verify

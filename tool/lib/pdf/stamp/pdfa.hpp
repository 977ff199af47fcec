#pragma once
// What a stamp keeps of a PDF/A document (docs/FORMAT.md, "PDF/A"). The conformance the input's
// XMP claims (pdfaid:part and pdfaid:conformance) is recorded in the stamp parameters as a label,
// "2B", "3U", "4F", ...; it decides whether the record may be attached: PDF/A-1 forbids embedded
// files, PDF/A-2 and PDF/A-4 (but 4F) allow only embedded PDF/A files, PDF/A-3 and PDF/A-4F allow
// any associated file. Without an attachment the XMP carries the record (pith:canonicalRecord).
#include <optional>
#include <string>

#include "pdf/xmp/pith_xmp.hpp"

namespace pith::pdf::stamp {

// The label of a claim pith keeps ("1A" "1B" "2A" "2B" "2U" "3A" "3B" "3U" "4" "4E" "4F"), or
// nothing for a claim it does not know (part 5, conformance "X", lower case, ...).
std::optional<std::string> pdfaLabel(const xmp::PdfaId& id);
bool isPdfaLabel(const std::string& label);

// Whether a stamp of a document with this label attaches pith-record.json. "" (no PDF/A): yes.
bool pdfaAllowsRecordAttachment(const std::string& label);

// "PDF/A-2B", as the standard names it.
std::string pdfaName(const std::string& label);
std::string pdfaName(const xmp::PdfaId& id);

// One line for the stamp's report: which conformance the output keeps and where the record is.
std::string pdfaKeptSummary(const std::string& label);

}  // namespace pith::pdf::stamp

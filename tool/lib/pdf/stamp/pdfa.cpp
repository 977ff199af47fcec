#include "pdf/stamp/pdfa.hpp"

#include <array>

namespace pith::pdf::stamp {

namespace {

constexpr std::array<const char*, 11> kLabels = {"1A", "1B", "2A", "2B", "2U", "3A", "3B", "3U", "4", "4E", "4F"};

}  // namespace

bool isPdfaLabel(const std::string& label) {
    for (const char* l : kLabels)
        if (label == l) return true;
    return false;
}

std::optional<std::string> pdfaLabel(const xmp::PdfaId& id) {
    const std::string label = id.part + id.conformance;
    if (isPdfaLabel(label)) return label;
    return std::nullopt;
}

bool pdfaAllowsRecordAttachment(const std::string& label) { return label.empty() || label[0] == '3' || label == "4F"; }

std::string pdfaName(const std::string& label) { return "PDF/A-" + label; }

std::string pdfaName(const xmp::PdfaId& id) { return "PDF/A-" + id.part + (id.conformance.empty() ? "" : id.conformance); }

std::string pdfaKeptSummary(const std::string& label) {
    if (pdfaAllowsRecordAttachment(label))
        return pdfaName(label) +
               " kept: the record is attached as an associated file (/AF, /AFRelationship /Data), "
               "the pith properties are declared in the XMP's PDF/A extension schema";
    return pdfaName(label) + " kept: the record is carried in the XMP (pith:canonicalRecord), not attached (" +
           (label[0] == '1' ? "PDF/A-1 allows no embedded file" : pdfaName(label) + " allows only embedded PDF/A files") +
           "), the pith properties are declared in the XMP's PDF/A extension schema";
}

}  // namespace pith::pdf::stamp

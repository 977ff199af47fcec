#pragma once
// Whether a PDF may be handed to poppler (view/) at all: an AcroForm field tree that unfolds to more
// than kMaxViewerFields fields (shared /Kids: a small DAG can stand for billions) stalls it while it
// opens the document. Used by the viewer checks and by the stamp's placement, which both read the
// page through poppler.
#include <cstdint>
#include <optional>
#include <string>

#include "pdf/reader/pdf_reader.hpp"

namespace pith::verify {

inline constexpr std::uint64_t kMaxViewerFields = 100000;

// nullopt when poppler may read the file; else why not, as a phrase ("the form's field tree ...").
std::optional<std::string> viewerStallReason(const pdf::PdfReader& reader);

}  // namespace pith::verify

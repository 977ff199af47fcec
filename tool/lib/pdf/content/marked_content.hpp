#pragma once
// How deep a page's content leaves marked content open: BMC/BDC opened and not closed by EMC.
// Content appended after it (the stamp's badge) is drawn inside what is left open, and an optional
// content group there (/OC ... BDC) can hide it in viewers that honour it.
#include <cstddef>
#include <string_view>

#include "pdf/reader/pdf_reader.hpp"

namespace pith::pdf {

// The marked-content depth at the end of the content (never below 0: a stray EMC closes nothing).
int openMarkedContent(std::string_view content);

// The same for a page's content streams, read in order. Throws PdfError if they cannot be decoded.
int pageOpenMarkedContent(const PdfReader& reader, size_t pageIndex);

}  // namespace pith::pdf

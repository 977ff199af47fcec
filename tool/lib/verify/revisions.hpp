#pragma once
// What every revision after a given one changed.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pdf/reader/pdf_reader.hpp"

namespace pith::verify {

struct RevisionChange {
    size_t index = 0;
    std::uint64_t endOffset = 0;
    std::vector<std::string> changes;  // "metadata", "annotations", "page content", ... (sorted, unique)
    size_t objectCount = 0;
};

// Describes the revisions after `base` by what they redefine, judged against the roles objects play
// in the base revision (catalog, Info, XMP, pages, their content streams and annotations). Seeing
// the file as of a revision costs a pass over its xref chain, so only the first `maxDescribed` later
// revisions are described: a crafted file with thousands of revisions stays linear in time.
inline constexpr size_t kMaxDescribedRevisions = 32;
std::vector<RevisionChange> describeLaterRevisions(const pdf::PdfReader& reader, size_t base,
                                                   size_t maxDescribed = kMaxDescribedRevisions);

}  // namespace pith::verify

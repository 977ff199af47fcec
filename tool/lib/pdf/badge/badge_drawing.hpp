#pragma once
// The badge in PDF, from the one layout (badge/badge_layout.hpp): the content that draws it and
// the objects it needs, the two embedded fonts. `pith stamp` (format 3) puts it in a form XObject,
// `pith badge` on a page of its own; docs/FORMAT.md ("The badge form") specifies every byte.
#include <string>

#include "badge/badge_layout.hpp"
#include "pdf/reader/pdf_object.hpp"

namespace pith::pdf::badge {

// Resource names of the two fonts in the drawing.
inline constexpr const char* kRegularFontName = "PithSans";
inline constexpr const char* kBoldFontName = "PithSansBold";

// The content stream, in the layout's own space (origin bottom-left, width x height points), all
// of it one artifact (/Artifact BMC ... EMC: a tagged document's readers skip it).
std::string drawingContent(const pith::badge::BadgeLayout& layout);

// A font's three objects: the CFF program (FontFile3 /Type1C), its descriptor and the simple font
// dictionary (WinAnsiEncoding, widths of the subset's characters).
struct FontObjects {
    Object program;
    Object descriptor;
    Object font;
};
// Throws std::runtime_error when the font cannot be cut (badge/badge_font.hpp).
FontObjects fontObjects(pith::badge::Weight weight, Ref programRef, Ref descriptorRef);

// The drawing's /Resources: the two fonts by reference.
Dictionary drawingResources(Ref regularFont, Ref boldFont);

}  // namespace pith::pdf::badge

#pragma once
// What a page's content paints on top of text. Ink in a word's box proves that something is drawn
// there, not that it is the word: an image (noise, or a picture of another title), a filled path,
// a shading or a form painted over the word after its glyphs leaves ink too. This reads the
// content in painting order and, for each box (a word as the viewer library found it, PDF user
// space), collects the regions painted after the first text-showing operator that may have drawn
// into the box. A region painted before (a coloured background behind a title) is not collected.
//
// Bounds, not exact shapes, and always on the side of "may": a text operator's reach is its
// origin's baseline extended both ways by every glyph's largest advance, spacing and kerning (an
// operator whose font's widths cannot be bounded, a Type3 font, reaches everywhere); a painted
// region is the bounding box of each filled subpath, of each stroked segment widened by the line
// width (and the miter limit), of an image's unit square, or, for a shading, of the clip. Forms
// are read where they are drawn. Text drawn over text is not collected.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "pdf/reader/pdf_reader.hpp"

namespace pith::pdf {

struct PaintOverText {
    // For each box, the regions (PDF user space, cut to the box) painted after text may have drawn into it.
    std::vector<std::vector<Rect>> regions;
    // For each box, the regions a Type3 glyph procedure may paint after text may have drawn into it
    // (the union of what the font's procedures paint, along the text shown): kept apart, since
    // over words drawn in that font they are the words' own glyphs.
    std::vector<std::vector<Rect>> type3Regions;
    // For each box, whether paint inside a clip made of text in a clipping mode (Tr 4 to 7) reached
    // it where only that text may have drawn: the paint shows through the glyphs' shapes, so it is no
    // cover of them (revealed clip text is shown), but what shows is the paint (an image, any shape),
    // not the letters the text reads: no evidence of them.
    std::vector<bool> revealedThroughClip;
    // For each box, why the text that may have drawn into it is read as other letters than its
    // glyphs draw, if it may be: a simple font whose /ToUnicode contradicts the glyph names its
    // encoding gives (glyph_reading.hpp), "the font Helvetica (object 12): code <01> draws ...".
    std::vector<std::optional<std::string>> misreadGlyphs;
    // What the reader repaired that viewers repair differently (PdfWarning::viewersDiffer), in the
    // objects read for this (the page, its content streams, resources, fonts, graphics states,
    // forms and images: a stream whose /Length is not followed by endstream, an object stream
    // listing the object twice or not where the xref says) or in the file's cross-reference
    // sections (object 0 in use): the same bytes may draw different pages in different viewers.
    // Also optional content the page draws whose state viewers tell differently (auto-states by
    // usage, a group that is not indirect, not in /OCProperties /OCGs, or not meant for viewing).
    std::vector<PdfWarning> ambiguities;
};

// Throws PdfError when the content cannot be read to its end or exceeds the limits.
PaintOverText paintedOverText(const PdfReader& reader, size_t pageIndex, const std::vector<Rect>& boxes);

// What an annotation's normal appearance (a form XObject) paints into the boxes when drawn at the
// annotation's /Rect, every box's text drawn before it. showsText: it shows text of its own, which
// lies under /Rect only in the viewers that draw the appearance (MuPDF draws no Link's).
// Throws PdfError as paintedOverText does.
// doubt: its content is read differently by viewers (PaintOverText::ambiguities, as far as they
// concern content): what it paints is then not known.
struct AppearancePaint {
    std::vector<std::vector<Rect>> regions;
    bool showsText = false;
    std::optional<std::string> doubt;
};
AppearancePaint paintedByAppearance(const PdfReader& reader, const Object& appearance, const Rect& rect,
                                    const std::vector<Rect>& boxes);

// The share (0..1) of the box's area that the union of the regions covers.
double coveredShare(const Rect& box, const std::vector<Rect>& regions);

}  // namespace pith::pdf

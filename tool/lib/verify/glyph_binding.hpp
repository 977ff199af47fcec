#pragma once
// Whether the letters a viewer extracts are bound to the shapes it draws. An embedded Type1,
// TrueType or CFF font draws each glyph from a program the glyph name or code selects; a
// non-embedded font is drawn by the viewer from its own font of that name. A Type3 glyph is a
// content stream that may draw any shape, and its letters come only from its glyph name or its
// ToUnicode entry: the text poppler (or pdf.js) extracts from it is no evidence of what is shown.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "pdf/reader/pdf_reader.hpp"
#include "view/viewer.hpp"

namespace pith::verify {

// nullopt when none of `words` is drawn in a Type3 font; else the doubt, as a sentence naming the
// font and the page: "<what> on page N is drawn in the Type3 font F, ...".
std::optional<std::string> unboundGlyphsDoubt(const std::vector<const view::Word*>& words, size_t pageIndex,
                                              const std::string& what);

// The doubt for words drawn as text in a clipping mode (Tr 4 to 7) through whose glyphs later paint
// shows (pdf::PaintOverText::revealedThroughClip): an image or any shape painted inside the clip
// shows in the glyphs' outlines, and the letters the text reads need not be what it shows.
std::string revealedThroughClipDoubt(size_t pageIndex, const std::string& what);

// The doubt for words whose font's /ToUnicode reads a glyph as other letters than the glyph its
// encoding names (pdf::PaintOverText::misreadGlyphs): `why` names the font, the code and both.
std::string misreadGlyphsDoubt(size_t pageIndex, const std::string& what, const std::string& why);

// Whether the title's words, as a viewer draws them, are read by character recognition as the
// record's title (text/recognized_title.hpp): the title's lines across the whole page, each padded
// by half of their height across it, with the rest of the page's text (`others`, the page's words
// but the title's) blanked, rendered and read by Tesseract. nullopt when it reads the title, or when
// recognition in English cannot tell (a title mostly beyond ASCII); else the doubt: it reads other
// text there, or the engine cannot start. The words must be of one occurrence of the title.
// `badge`: a stamp's badge on that page (its link's rectangle, PDF user space), blanked before the
// region is read: a stamp may set it beside a short line of the title, and its frame and QR code
// are not the paper's text.
std::optional<std::string> recognitionDoubt(const view::ViewerDocument& doc, size_t pageIndex,
                                            const std::vector<const view::Word*>& words, const std::string& texTitle,
                                            const std::optional<pdf::Rect>& badge, const std::vector<const view::Word*>& others,
                                            const std::set<const view::Word*>& badgeWords);

}  // namespace pith::verify

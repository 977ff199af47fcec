#include "verify/glyph_binding.hpp"

namespace pith::verify {

std::optional<std::string> unboundGlyphsDoubt(const std::vector<const view::Word*>& words, size_t pageIndex,
                                              const std::string& what) {
    for (const view::Word* w : words) {
        if (w->type3Font.empty()) continue;
        return what + " on page " + std::to_string(pageIndex + 1) + " is drawn in the Type3 font " + w->type3Font +
               ", whose glyph procedures may draw any shape: its letters come only from glyph names or ToUnicode, so the text a viewer extracts is no evidence of what it shows";
    }
    return std::nullopt;
}

std::string revealedThroughClipDoubt(size_t pageIndex, const std::string& what) {
    return what + " on page " + std::to_string(pageIndex + 1) +
           " is text in a clipping render mode (Tr 4 to 7) through whose glyphs later paint shows: what a viewer shows there is that paint (an image or any shape), not the letters the text reads";
}

std::string misreadGlyphsDoubt(size_t pageIndex, const std::string& what, const std::string& why) {
    return what + " on page " + std::to_string(pageIndex + 1) +
           " is set in a font whose ToUnicode reads its glyphs as other letters than they draw (" + why +
           "): the text a viewer extracts is not what it shows";
}

}  // namespace pith::verify

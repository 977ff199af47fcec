#include "verify/glyph_binding.hpp"

#include <algorithm>

#include "pdf/content/glyph_reading.hpp"
#include "text/recognized_title.hpp"

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

std::optional<std::string> recognitionDoubt(const view::ViewerDocument& doc, size_t pageIndex,
                                            const std::vector<const view::Word*>& words, const std::string& texTitle) {
    if (words.empty()) return std::nullopt;
    const int rotation = words.front()->rotation;
    const bool across = rotation == 0 || rotation == 2;
    double left = words.front()->left, top = words.front()->top, right = words.front()->right, bottom = words.front()->bottom,
           height = 0;
    for (const view::Word* w : words) {
        left = std::min(left, w->left), top = std::min(top, w->top);
        right = std::max(right, w->right), bottom = std::max(bottom, w->bottom);
        height = std::max(height, across ? w->bottom - w->top : w->right - w->left);
    }
    const double pad = height / 2;
    std::string why;
    const std::optional<std::string> read =
        doc.recognizedText(static_cast<int>(pageIndex), left - pad, top - pad, right + pad, bottom + pad, height, rotation, &why);
    const std::string where = "the title on page " + std::to_string(pageIndex + 1);
    if (!read) return where + " cannot be read by character recognition (" + why + ")";
    const std::optional<text::RecognitionMatch> m = text::recognitionMatch(*read, texTitle);
    if (!m || m->errors <= m->allowed) return std::nullopt;
    std::string seen;  // the recognized text on one line
    for (char c : *read) {
        if (c == '\n' || c == '\r' || c == '\t' || c == '\f') c = ' ';
        if (c != ' ' || (!seen.empty() && seen.back() != ' ')) seen += c;
    }
    while (!seen.empty() && seen.back() == ' ') seen.pop_back();
    return where +
           " does not read as the record's title by character recognition of what a viewer draws there: its glyphs may draw other letters than its text reads (" +
           std::to_string(m->errors) + " letters differ, " + std::to_string(m->allowed) + " allowed; Tesseract reads \"" +
           pdf::printable(seen, false, 160) + "\")";
}

}  // namespace pith::verify

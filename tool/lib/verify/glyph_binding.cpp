#include "verify/glyph_binding.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <vector>

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

namespace {

// The stamp's badge is blanked with its frame's stroke and anti-aliasing: a point round its link.
constexpr double kBadgeBlankMargin = 1.0;
// Along a line, what is read reaches across the whole page: lettering drawn beside the title's
// words (outlines, an image, an annotation's appearance) is read as what a viewer shows there.
// Across the lines, half the height (ascenders, descenders, accents): what is between the title's
// lines and around a short one is not read (a badge's frame beside it).
constexpr double kAcrossThePage = 1e5;
// Other text on the page is blanked, a tenth of its size round its box: on a title's line only a
// badge's words, a footnote mark or a word of the title's math may stand (the title placement
// rule), and across the page the text set up its margin (arXiv's identifier). Text far larger than
// the title is not blanked (its box could hide lettering).
constexpr double kOtherTextMargin = 0.1;
constexpr double kOtherTextLargest = 1.5;
// A badge's words (its caption and label) are blanked with their frame and icon: one and a half
// times their size beside them, 0.6 times above and below; lettering of a title's size does not fit.
constexpr double kBadgeWordsBeside = 1.5;
constexpr double kBadgeWordsAbove = 0.6;

// The boxes of the lines `words` run in (display space: left, top, right, bottom), each padded as
// above. A word starts a new line where its extent across the text does not overlap the line's.
std::vector<std::array<double, 4>> lineBoxes(const std::vector<const view::Word*>& words, bool across, double height) {
    std::vector<std::array<double, 4>> lines;
    for (const view::Word* w : words) {
        const double from = across ? w->top : w->left, to = across ? w->bottom : w->right;
        if (!lines.empty()) {
            std::array<double, 4>& line = lines.back();
            const double lineFrom = across ? line[1] : line[0], lineTo = across ? line[3] : line[2];
            if (std::min(to, lineTo) - std::max(from, lineFrom) > 0.5 * std::min(to - from, lineTo - lineFrom)) {
                line = {std::min(line[0], w->left), std::min(line[1], w->top), std::max(line[2], w->right),
                        std::max(line[3], w->bottom)};
                continue;
            }
        }
        lines.push_back({w->left, w->top, w->right, w->bottom});
    }
    const double along = kAcrossThePage, crossing = height / 2;
    for (auto& [l, t, r, b] : lines) {
        l -= across ? along : crossing, r += across ? along : crossing;
        t -= across ? crossing : along, b += across ? crossing : along;
    }
    return lines;
}

}  // namespace

std::optional<std::string> recognitionDoubt(const view::ViewerDocument& doc, size_t pageIndex,
                                            const std::vector<const view::Word*>& words, const std::string& texTitle,
                                            const std::optional<pdf::Rect>& badge, const std::vector<const view::Word*>& others,
                                            const std::set<const view::Word*>& badgeWords) {
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
    const double pad = height / 2, along = across ? kAcrossThePage : pad, crossing = across ? pad : kAcrossThePage;
    double largest = 0;
    for (const view::Word* w : words) largest = std::max(largest, w->size);
    std::string why;
    std::vector<std::array<double, 4>> blank;
    if (badge)
        blank.push_back({badge->x0 - kBadgeBlankMargin, badge->y0 - kBadgeBlankMargin, badge->x1 + kBadgeBlankMargin,
                         badge->y1 + kBadgeBlankMargin});
    for (const view::Word* w : others) {
        if (w->size > kOtherTextLargest * largest) continue;
        const bool ofBadge = badgeWords.count(w) > 0;
        const double beside = (ofBadge ? kBadgeWordsBeside : kOtherTextMargin) * w->size,
                     above = (ofBadge ? kBadgeWordsAbove : kOtherTextMargin) * w->size;
        blank.push_back({w->x0 - beside, w->y0 - above, w->x1 + beside, w->y1 + above});
    }
    const std::optional<std::string> read =
        doc.recognizedText(static_cast<int>(pageIndex), left - along, top - crossing, right + along, bottom + crossing, height,
                           rotation, blank, lineBoxes(words, across, height), &why);
    const std::string where = "the title on page " + std::to_string(pageIndex + 1);
    if (!read) return where + " cannot be read by character recognition (" + why + ")";
    const std::optional<text::RecognitionMatch> m = text::recognitionMatch(*read, texTitle);
    if (!m || m->reads()) return std::nullopt;
    std::string seen;  // the recognized text on one line
    for (char c : *read) {
        if (c == '\n' || c == '\r' || c == '\t' || c == '\f') c = ' ';
        if (c != ' ' || (!seen.empty() && seen.back() != ' ')) seen += c;
    }
    while (!seen.empty() && seen.back() == ' ') seen.pop_back();
    return where +
           " does not read as the record's title by character recognition of what a viewer draws there: its glyphs may draw other letters than its text reads (" +
           (m->wordDiffers ? *m->wordDiffers
                           : std::to_string(m->errors) + " letters differ, " + std::to_string(m->allowed) + " allowed") +
           "; Tesseract reads \"" + pdf::printable(seen, false, 160) + "\")";
}

}  // namespace pith::verify

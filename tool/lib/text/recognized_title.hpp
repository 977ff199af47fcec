#pragma once
// Whether character recognition of a title's pixels reads the title: the text a viewer extracts
// comes from the fonts' ToUnicode and glyph names, the pixels from their glyphs, and a forger can
// make the two disagree. Recognition is not exact (math, Greek letters, ligatures and small type
// are misread now and then), so the comparison allows a few errors, and counts none for the
// title's letters beyond ASCII, which the English model does not read.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pith::text {

struct RecognitionMatch {
    size_t errors = 0;  // letters of the title's key missing, wrong or added, in the best place
    // kRecognitionSlack + one in kRecognitionShare of the title's ASCII letters and digits outside
    // math, and no more than one in kRecognitionShortShare of them (a short title: "LoRA", 1); and
    // kRecognitionPerAccent for each accented letter
    size_t allowed = 0;
    // Where one word differs, whatever the count: a word read that the title does not have (on a
    // line of the title), a word read as another (more than one letter added or missing, or more
    // than 1 + one in four of its letters wrong or added or missing), or two letters or more of the
    // title missing between words: "the word \"not\", which the title does not have".
    std::optional<std::string> wordDiffers;
    bool reads() const { return errors <= allowed && !wordDiffers; }
};
constexpr size_t kRecognitionSlack = 2;
constexpr size_t kRecognitionShare = 10;
constexpr size_t kRecognitionShortShare = 4;
// And this many more for each letter of the title outside math beyond ASCII, or made by a TeX accent
// or letter command, or a TeX logo (ß: ss read as B or k; ü: u read as ii).
constexpr size_t kRecognitionPerAccent = 2;
constexpr size_t kRecognitionLeast = 3;  // fewer letters than this tell nothing
// The alignment's table, title key by recognized key: a title and its region's text fill some
// thousands of cells; beyond this many the recognized text is not the title's.
constexpr size_t kRecognitionCells = size_t{1} << 22;

// The errors of the best match of the title's key (matchKey, TeX read as TeX) within the
// recognized text's key: the recognized text may hold more around it (free at both ends); a title
// letter or digit beyond ASCII, or in math ($...$: sub- and superscripts, italic letters), costs
// nothing, missing or read as anything; 0 read as o, 1, l and i as one another, 5 as s and 2 as z
// count as read; then the words of that match, as RecognitionMatch::wordDiffers says (words at
// or next to math or letters beyond ASCII excepted). nullopt when the title has fewer than kRecognitionLeast such ASCII letters
// and digits outside math: recognition in English cannot tell.
std::optional<RecognitionMatch> recognitionMatch(std::string_view recognized, std::string_view texTitle);

}  // namespace pith::text

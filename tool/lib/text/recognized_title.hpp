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
    // math, and no more than one in kRecognitionShortShare of them (a short title: "LoRA", 1)
    size_t allowed = 0;
};
constexpr size_t kRecognitionSlack = 2;
constexpr size_t kRecognitionShare = 10;
constexpr size_t kRecognitionShortShare = 4;
constexpr size_t kRecognitionLeast = 3;  // fewer letters than this tell nothing

// The errors of the best match of the title's key (matchKey, TeX read as TeX) within the
// recognized text's key: the recognized text may hold more around it (free at both ends); a title
// letter or digit beyond ASCII, or in math ($...$: sub- and superscripts, italic letters), costs
// nothing, missing or read as anything; 0 read as o, 1, l and i as one another, 5 as s and 2 as z
// count as read. nullopt when the title has fewer than kRecognitionLeast such ASCII letters
// and digits outside math: recognition in English cannot tell.
std::optional<RecognitionMatch> recognitionMatch(std::string_view recognized, std::string_view texTitle);

}  // namespace pith::text

#include "text/recognized_title.hpp"

#include <unicode/unistr.h>

#include <algorithm>
#include <vector>

#include "text/match_key.hpp"

namespace pith::text {

namespace {

std::vector<UChar32> codePoints(const std::string& utf8) {
    std::vector<UChar32> out;
    icu::UnicodeString s = icu::UnicodeString::fromUTF8(utf8);
    for (int32_t i = 0; i < s.length();) {
        UChar32 c = s.char32At(i);
        out.push_back(c);
        i += U16_LENGTH(c);
    }
    return out;
}

bool ascii(UChar32 c) { return c < 0x80; }  // a key holds only letters and digits

// Letters and digits recognition takes for one another (0 and o, 1, l and i, 5 and s, 2 and z): one
// for the other is no other title.
UChar32 shapeOf(UChar32 c) {
    switch (c) {
    case '0': return 'o';
    case '1':
    case 'l': return 'i';
    case '5': return 's';
    case '2': return 'z';
    default: return c;
    }
}

}  // namespace

std::optional<RecognitionMatch> recognitionMatch(std::string_view recognized, std::string_view texTitle) {
    // The title's key, each character with whether it counts: an ASCII letter or digit outside math.
    std::vector<UChar32> title;
    std::vector<bool> counts;
    for (const auto& [part, math] : texMathSplit(texTitle))
        for (UChar32 c : codePoints(matchKey(part, true))) {
            title.push_back(c);
            counts.push_back(ascii(c) && !math);
        }
    const std::vector<UChar32> read = codePoints(matchKey(recognized));
    const size_t letters = static_cast<size_t>(std::count(counts.begin(), counts.end(), true));
    if (letters < kRecognitionLeast) return std::nullopt;
    // Approximate matching (Sellers): row i holds, for each end j in the recognized key, the fewest
    // errors of a match of the title's first i characters ending there; any start is free.
    std::vector<size_t> row(read.size() + 1, 0), next(read.size() + 1);
    for (size_t i = 0; i < title.size(); ++i) {
        const size_t skip = counts[i] ? 1 : 0;  // a title character the recognition lacks
        next[0] = row[0] + skip;
        for (size_t j = 1; j <= read.size(); ++j) {
            const size_t differ = shapeOf(title[i]) == shapeOf(read[j - 1]) || !counts[i] ? 0 : 1;
            next[j] = std::min({row[j - 1] + differ, row[j] + skip, next[j - 1] + 1});
        }
        row.swap(next);
    }
    RecognitionMatch m;
    m.errors = *std::min_element(row.begin(), row.end());
    m.allowed = std::min(kRecognitionSlack + letters / kRecognitionShare, letters / kRecognitionShortShare);
    return m;
}

}  // namespace pith::text

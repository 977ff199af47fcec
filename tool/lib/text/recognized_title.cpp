#include "text/recognized_title.hpp"

#include <unicode/unistr.h>

#include <algorithm>
#include <cstdint>
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

// The recognized text's key, each character with the word and line of the text it is in.
struct ReadKey {
    std::vector<UChar32> chars;
    std::vector<size_t> word, line;
};

ReadKey readKey(std::string_view recognized) {
    ReadKey out;
    size_t word = 0, line = 0, from = 0;
    auto take = [&](size_t to) {
        for (UChar32 c : codePoints(matchKey(recognized.substr(from, to - from)))) {
            out.chars.push_back(c);
            out.word.push_back(word);
            out.line.push_back(line);
        }
        ++word;
    };
    for (size_t i = 0; i <= recognized.size(); ++i) {
        const char c = i < recognized.size() ? recognized[i] : '\n';
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') continue;
        take(i);
        from = i + 1;
        if (c == '\n') ++line;
    }
    return out;
}

std::string utf8Of(const std::vector<UChar32>& chars, size_t from, size_t to) {
    icu::UnicodeString s;
    for (size_t k = from; k < to; ++k) s.append(chars[k]);
    std::string out;
    s.toUTF8String(out);
    return out;
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
    const ReadKey key = readKey(recognized);
    const std::vector<UChar32>& read = key.chars;
    const size_t letters = static_cast<size_t>(std::count(counts.begin(), counts.end(), true));
    if (letters < kRecognitionLeast) return std::nullopt;
    // Approximate matching (Sellers): d[i][j] holds the fewest errors of a match of the title's first
    // i characters ending at j in the recognized key; any start is free. The whole table is kept for
    // the alignment below (a title's key and its region's text: some thousands of cells).
    const size_t n = title.size(), m = read.size(), width = m + 1;
    RecognitionMatch out;
    out.allowed = std::min(kRecognitionSlack + letters / kRecognitionShare, letters / kRecognitionShortShare);
    if ((n + 1) * width > kRecognitionCells) {  // far more than a title's region reads
        out.errors = n;
        out.wordDiffers = "more text than a title's is read there";
        return out;
    }
    std::vector<std::uint32_t> d((n + 1) * width, 0);
    auto at = [&](size_t i, size_t j) -> std::uint32_t& { return d[i * width + j]; };
    auto differ = [&](size_t i, size_t j) -> std::uint32_t {
        return shapeOf(title[i]) == shapeOf(read[j]) || !counts[i] ? 0 : 1;
    };
    for (size_t i = 1; i <= n; ++i) {
        const std::uint32_t skip = counts[i - 1] ? 1 : 0;  // a title character the recognition lacks
        at(i, 0) = at(i - 1, 0) + skip;
        for (size_t j = 1; j <= m; ++j)
            at(i, j) = std::min({at(i - 1, j - 1) + differ(i - 1, j - 1), at(i - 1, j) + skip, at(i, j - 1) + 1});
    }
    size_t end = 0;
    for (size_t j = 1; j <= m; ++j)
        if (at(n, j) < at(n, end)) end = j;
    out.errors = at(n, end);

    // The alignment, walked back from the best end: each recognized character aligned to a title
    // character (alignedTo), added (kAdded) or outside the match (kOutside); each title character
    // read at a position or missing (readAt, kMissing).
    constexpr size_t kOutside = SIZE_MAX, kAdded = SIZE_MAX - 1, kMissing = SIZE_MAX;
    std::vector<size_t> alignedTo(m, kOutside), readAt(n, kMissing);
    std::vector<size_t> missingBefore(m + 1, 0);  // counting title characters missing just before position j
    size_t first = end;
    // Of equal alignments, the one that adds a character rather than aligns it, walking back: a word
    // added after a letter it ends in ("weight not") is added whole, not as "weigh" and "nott".
    for (size_t i = n, j = end; i > 0;) {
        const std::uint32_t skip = counts[i - 1] ? 1 : 0;
        if (j > 0 && at(i, j) == at(i, j - 1) + 1) {
            alignedTo[j - 1] = kAdded;
            --j;
        } else if (j > 0 && at(i, j) == at(i - 1, j - 1) + differ(i - 1, j - 1)) {
            alignedTo[j - 1] = i - 1, readAt[i - 1] = j - 1;
            --i, --j;
        } else {
            missingBefore[j] += skip;
            --i;
        }
        first = j;
    }
    // The title characters next to position j of the alignment: whether one of them is free (math or
    // beyond ASCII), so that what recognition reads there may be anything.
    auto nextToFree = [&](size_t j) {
        size_t before = kMissing, after = kMissing;
        for (size_t k = j; k-- > first;)
            if (alignedTo[k] < kAdded) {
                before = alignedTo[k];
                break;
            }
        for (size_t k = j; k < end; ++k)
            if (alignedTo[k] < kAdded) {
                after = alignedTo[k];
                break;
            }
        if (before == kMissing) before = 0;
        if (after == kMissing) after = n - 1;
        for (size_t i = before; i <= after && i < n; ++i)
            if (!counts[i]) return true;
        return false;
    };
    std::vector<bool> titleLine(key.line.empty() ? 0 : key.line.back() + 1, false);
    for (size_t j = 0; j < m; ++j)
        if (alignedTo[j] < kAdded) titleLine[key.line[j]] = true;

    // Word by word: a word read where the title has none (on a line of the title), a word read as
    // another (more than one letter added or missing, or more letters wrong than one and one in
    // four), and a word of the title missing. Recognition misreads letters, and merges or splits
    // words, but does not invent a word or drop one of two letters or more.
    for (size_t j = 0; j < m && !out.wordDiffers;) {
        size_t k = j;
        while (k < m && key.word[k] == key.word[j]) ++k;
        const std::string word = utf8Of(read, j, k);
        size_t aligned = 0, wrong = 0, indels = 0;
        bool free = false;
        for (size_t x = j; x < k; ++x) {
            if (x > j) indels += missingBefore[x];
            if (alignedTo[x] >= kAdded) {  // added, or outside the match but in a word of it
                ++indels;
                continue;
            }
            ++aligned;
            free = free || !counts[alignedTo[x]];
            wrong += differ(alignedTo[x], x);
        }
        if (aligned == 0) {
            if (k - j >= 2 && titleLine[key.line[j]] && !nextToFree(j))
                out.wordDiffers = "the word \"" + word + "\", which the title does not have";
        } else if (!free && (indels > 1 || wrong + indels > 1 + (k - j) / 4)) {
            // The title's letters from the one read before this word to the one read after it.
            size_t from = 0, to = n;
            for (size_t x = j; x-- > 0;)
                if (alignedTo[x] < kAdded) {
                    from = alignedTo[x] + 1;
                    break;
                }
            for (size_t x = k; x < m; ++x)
                if (alignedTo[x] < kAdded) {
                    to = alignedTo[x];
                    break;
                }
            out.wordDiffers = "the word \"" + word + "\" where the title has \"" + utf8Of(title, from, to) + "\"";
        }
        j = k;
    }
    for (size_t i = 0; i < n && !out.wordDiffers;) {
        if (readAt[i] != kMissing) {
            ++i;
            continue;
        }
        size_t k = i, missing = 0;
        bool free = false;
        while (k < n && readAt[k] == kMissing) missing += counts[k] ? 1 : 0, free = free || !counts[k], ++k;
        // Missing between two words of the recognized text, not inside one (where the word's own
        // count judges it).
        const bool inWord = i > 0 && k < n && key.word[readAt[i - 1]] == key.word[readAt[k]];
        if (missing >= 2 && !free && !inWord) out.wordDiffers = "nothing where the title has \"" + utf8Of(title, i, k) + "\"";
        i = k;
    }
    return out;
}

}  // namespace pith::text

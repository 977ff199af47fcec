#include "text/recognized_title.hpp"

#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
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

// A letter of one thin stroke (i, l, 1, I), which recognition drops, or reads as a bracket or a bar
// ("[l-Posed", "[]]" for "Ill"): missing, it is no word missing.
bool thinStroke(UChar32 c) { return shapeOf(c) == 'i'; }

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

// How many letters of a word of the title's TeX are beyond ASCII or made by an accent or letter
// command (\"o, \ss, \l), or are TeX logos (\LaTeX: letters raised, lowered and kerned into
// each other): its key holds ASCII letters (Größe: grosse, LaTeX: latex) that English
// recognition reads as others (GréBe, Groke, Tax), so a word with any is not judged word by word,
// and each is allowed kRecognitionPerAccent errors more.
size_t accentedLetters(std::string_view word) {
    size_t out = 0;
    static const std::vector<std::string_view> letterCommands{
        "ss", "o", "O", "l", "L", "ae", "AE", "oe",  "OE",    "aa",     "AA",    "i",       "j",      "u",        "v",
        "H",  "c", "d", "b", "t", "k",  "r",  "TeX", "LaTeX", "BibTeX", "XeTeX", "XeLaTeX", "LuaTeX", "LuaLaTeX", "ConTeXt"};
    for (size_t i = 0; i < word.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(word[i]);
        if (c >= 0xC0) ++out;  // a UTF-8 character's first byte
        if (c != '\\' || i + 1 >= word.size()) continue;
        const char next = word[i + 1];
        if (std::string_view("\"'^`~=.").find(next) != std::string_view::npos) {
            ++out;
            continue;
        }
        size_t end = i + 1;
        while (end < word.size() && std::isalpha(static_cast<unsigned char>(word[end]))) ++end;
        const std::string_view command = word.substr(i + 1, end - i - 1);
        if (std::find(letterCommands.begin(), letterCommands.end(), command) != letterCommands.end()) ++out;
    }
    return out;
}

// For each character of a part's key, whether its word is judged word by word (no accentedLetters).
// The words' keys are taken one by one; where they do not join into the part's (TeX that spans
// words), the part is judged whole or not at all.
std::vector<bool> judgedCharacters(const std::string& part, size_t keyLength) {
    std::vector<bool> out;
    bool anyAccented = false;
    size_t from = 0;
    for (size_t i = 0; i <= part.size(); ++i) {
        if (i < part.size() && part[i] != ' ' && part[i] != '\t' && part[i] != '\n' && part[i] != '~') continue;
        const std::string_view word = std::string_view(part).substr(from, i - from);
        const bool accented = accentedLetters(word) > 0;
        anyAccented = anyAccented || accented;
        out.insert(out.end(), codePoints(matchKey(word, true)).size(), !accented);
        from = i + 1;
    }
    if (out.size() != keyLength) out.assign(keyLength, !anyAccented);
    return out;
}

// The accentedLetters of a part of the title outside math.
size_t partAccentedLetters(const std::string& part) {
    size_t out = 0, from = 0;
    for (size_t i = 0; i <= part.size(); ++i) {
        if (i < part.size() && part[i] != ' ' && part[i] != '\t' && part[i] != '\n' && part[i] != '~') continue;
        out += accentedLetters(std::string_view(part).substr(from, i - from));
        from = i + 1;
    }
    return out;
}

}  // namespace

std::optional<RecognitionMatch> recognitionMatch(std::string_view recognized, std::string_view texTitle) {
    // The title's key, each character with whether it counts: an ASCII letter or digit outside math.
    std::vector<UChar32> title;
    std::vector<bool> counts, judged;  // judged: in a word judged word by word (no accentedLetters)
    size_t accented = 0;
    for (const auto& [part, math] : texMathSplit(texTitle)) {
        if (!math) accented += partAccentedLetters(part);
        const std::vector<UChar32> partKey = codePoints(matchKey(part, true));
        const std::vector<bool> partJudged = judgedCharacters(part, partKey.size());
        for (size_t k = 0; k < partKey.size(); ++k) {
            title.push_back(partKey[k]);
            counts.push_back(ascii(partKey[k]) && !math);
            judged.push_back(counts.back() && partJudged[k]);
        }
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
    out.allowed = std::min(kRecognitionSlack + letters / kRecognitionShare, letters / kRecognitionShortShare) +
                  kRecognitionPerAccent * accented;
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
            missingBefore[j] += thinStroke(title[i - 1]) ? 0 : skip;
            --i;
        }
        first = j;
    }
    // The title characters next to the recognized characters [j, past) of the alignment, and aligned
    // to them: whether one of them is free (math or beyond ASCII), so that what recognition reads
    // there may be anything.
    auto nextToFree = [&](size_t j, size_t past) {
        size_t before = kMissing, after = kMissing;
        for (size_t k = j; k-- > first;)
            if (alignedTo[k] < kAdded) {
                before = alignedTo[k];
                break;
            }
        for (size_t k = past; k < end; ++k)
            if (alignedTo[k] < kAdded) {
                after = alignedTo[k];
                break;
            }
        if (before == kMissing) before = 0;
        if (after == kMissing) after = n - 1;
        for (size_t i = before; i <= after && i < n; ++i)
            if (!judged[i]) return true;
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
            free = free || !judged[alignedTo[x]];
            wrong += differ(alignedTo[x], x);
        }
        if (aligned == 0) {
            if (k - j >= 2 && titleLine[key.line[j]] && !nextToFree(j, k))
                out.wordDiffers = "the word \"" + word + "\", which the title does not have";
        } else if (!free && (indels > 1 || wrong + indels > 1 + (k - j) / 4) && !nextToFree(j, k)) {
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
        while (k < n && readAt[k] == kMissing)
            missing += counts[k] && !thinStroke(title[k]) ? 1 : 0, free = free || !judged[k], ++k;
        // Missing between two words of the recognized text, not inside one (where the word's own
        // count judges it).
        const bool inWord = i > 0 && k < n && key.word[readAt[i - 1]] == key.word[readAt[k]];
        if (missing >= 2 && !free && !inWord) out.wordDiffers = "nothing where the title has \"" + utf8Of(title, i, k) + "\"";
        i = k;
    }
    return out;
}

}  // namespace pith::text

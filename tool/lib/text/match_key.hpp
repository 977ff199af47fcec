#pragma once
// Text compared as a reader compares it: a title on a page and the same title in a record differ
// in case, white space, hyphenation at line ends, ligatures, accents typed as TeX, math markup.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pith::text {

// The letters and digits of the text, NFKC-case-folded, accents and spacing modifier letters
// (U+02B0 to U+02FF, as which standalone accents are read: ˆ, ˇ) removed, a dotless i or j read as
// i or j, ł as l, đ and ð as d (TeX's OT1 draws \L as L and a stroke, T1 \DJ as Ð): "Schr\"odinger's $n$-bit ﬁlters" and "SCHRÖDINGER'S n-bit filters" have the same key,
// and so do "Naı̈ve Cˆote" (TeX's \"i and \^o in OT1, read by pdf.js) and "naïve côte". TeX markup is read as
// TeX: $...$ delimiters, \commands (Greek letters become the letters), braces.
std::string matchKey(std::string_view utf8, bool tex = false);

// True if a title in a PDF's metadata is the TeX title, as TeX typesets it or as hyperref writes it
// into a PDF string, which cannot hold math symbols: Greek letters, \ell and \infty are dropped
// ("$\alpha$-Nets" is "-Nets" there), and log-like operators keep their names ("$n\log n$" is
// "nlogn") or, as acmart writes them, are dropped too ("nn"). Compared by match key.
bool namesTexTitle(std::string_view metadataTitle, std::string_view texTitle);

// A TeX title's main title: the text before its first colon outside math, when letters follow it
// ("LoRA" of "LoRA: Low-Rank Adaptation"): a class's \subtitle (acmart, llncs, KOMA-Script) is
// typeset under the title and left out of the metadata. nullopt when it has none.
std::optional<std::string> texMainTitle(std::string_view texTitle);

// A TeX title split at its math shifts ($ or $$, not \$): text, math, text, ... (the flag: math).
std::vector<std::pair<std::string, bool>> texMathSplit(std::string_view tex);

constexpr size_t kForeignPerFormula = 2;

// How many UTF-8 characters of `bytes` are not in `mathKey`.
size_t foreignCharacters(std::string_view bytes, std::string_view mathKey);

// Where a page's key (matchKey of its words, in the viewer's order) shows a TeX title's, as byte
// spans [begin, end) of it, in order, not overlapping, at most `limit`: the title's text outside
// math in order, with at most as many other bytes among its letters as twice the key's length of
// the title's math plus 8 for each of its formulas, of which at most kForeignPerFormula characters
// for each formula may be no letter of its math, since a viewer reads sub- and superscripts,
// limits and fractions in its own order, some on lines of their own (a title without math:
// exactly, a part of the page's key). Math at the title's start or end widens the span when the
// page reads its key's bytes (in any order) just before or after; else `leading` and `trailing`
// bound how far into the span's first and last words it may reach, with letters of the math but
// for kForeignPerFormula (titleOccurrences checks them). A title with no text outside math is not
// found.
struct TitleSpan {
    size_t begin = 0, end = 0;
    size_t leading = 0, trailing = 0;
};
std::vector<TitleSpan> titleSpans(const std::string& pageKey, std::string_view texTitle, size_t limit);

}  // namespace pith::text

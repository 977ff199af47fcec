#pragma once
// Text compared as a reader compares it: a title on a page and the same title in a record differ
// in case, white space, hyphenation at line ends, ligatures, accents typed as TeX, math markup.
#include <string>
#include <string_view>

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

// True if the page text shows the title: the title's key is a part of the page's key. A title
// whose key has fewer than `minimum` characters is not matched (too short to tell).
bool showsTitle(std::string_view pageText, std::string_view title, size_t minimum = 8);

}  // namespace pith::text

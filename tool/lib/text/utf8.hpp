#pragma once
// UTF-8 in and out, shared by the JSON parser, the PDF text strings and the LaTeX data file.
// Hand-written (a few lines) because the standard library's converters are deprecated.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pith::text {

// Appends one code point (U+0000..U+10FFFF, not a surrogate) as UTF-8.
void appendUtf8(std::string& out, std::uint32_t codePoint);

// Decodes UTF-8, rejecting malformed sequences, overlong forms and surrogates
// (std::invalid_argument naming the byte offset).
std::vector<std::uint32_t> decodeUtf8(std::string_view utf8);

// UTF-16BE code units (no byte order mark) as UTF-8; an unpaired surrogate becomes U+FFFD and an
// odd last byte is left out.
std::string utf8FromUtf16be(std::string_view units);

// UTF-16BE with a byte order mark, as PDF text strings and Info values need for non-ASCII text.
std::string utf16beWithBom(std::string_view utf8);

}  // namespace pith::text

#pragma once
#include <string>
#include <string_view>

// Escaping for the data file (docs/LATEX.md): every value is pre-escaped for the route it takes
// into the PDF, so the data file is plain ASCII and TeX never has to escape arbitrary JSON.
namespace pith::latex {

// XML text: ASCII letters, digits and `-.:/,` stay, every other character becomes a decimal
// numeric character reference (`&#123;`). The result holds no TeX special except `&#;`, which
// pith.sty reads as ordinary characters, and no space (spaces would collapse in TeX).
// Throws std::invalid_argument for text that is not valid UTF-8.
std::string xmlText(std::string_view utf8);

// PDF text string as a hex string body (without < >): UTF-16BE with the byte order mark,
// upper-case hex digits. Throws std::invalid_argument for text that is not valid UTF-8.
std::string pdfHexText(std::string_view utf8);

}  // namespace pith::latex

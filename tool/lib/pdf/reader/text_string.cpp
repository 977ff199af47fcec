// PDF text strings (ISO 32000-1 §7.9.2) to UTF-8.
#include <cstdint>

#include "pdf/reader/pdf_reader.hpp"
#include "text/utf8.hpp"

namespace pith::pdf {

namespace {

// PDFDocEncoding code points that differ from Latin-1 (0x18-0x1F and 0x7F-0xA0; 0xAD undefined).
std::uint32_t pdfDocCodePoint(unsigned char c) {
    static const std::uint16_t low[8] = {0x02D8, 0x02C7, 0x02C6, 0x02D9, 0x02DD, 0x02DB, 0x02DA, 0x02DC};
    static const std::uint16_t high[34] = {0xFFFD, 0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044,
                                           0x2039, 0x203A, 0x2212, 0x2030, 0x201E, 0x201C, 0x201D, 0x2018, 0x2019,
                                           0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141, 0x0152, 0x0160, 0x0178, 0x017D,
                                           0x0131, 0x0142, 0x0153, 0x0161, 0x017E, 0xFFFD, 0x20AC};
    if (c >= 0x18 && c <= 0x1F) return low[c - 0x18];
    if (c >= 0x7F && c <= 0xA0) return high[c - 0x7F];
    if (c == 0xAD) return 0xFFFD;
    return c;
}

}  // namespace

std::string decodeTextString(const std::string& bytes) {
    std::string out;
    if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFE && static_cast<unsigned char>(bytes[1]) == 0xFF) {
        return text::utf8FromUtf16be(std::string_view(bytes).substr(2));
    }
    if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) return bytes.substr(3);
    for (unsigned char c : bytes) text::appendUtf8(out, pdfDocCodePoint(c));
    return out;
}

std::string encodeTextString(std::string_view utf8) {
    // Bytes 0x18-0x1F and 0x7F are ASCII but mean something else in PDFDocEncoding (breve, caron, ...,
    // undefined), so only the other ASCII bytes may stand for themselves.
    for (unsigned char c : utf8)
        if (c >= 0x7F || (c >= 0x18 && c <= 0x1F)) return text::utf16beWithBom(utf8);
    return std::string(utf8);
}

}  // namespace pith::pdf

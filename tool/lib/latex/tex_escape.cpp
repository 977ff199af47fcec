#include "latex/tex_escape.hpp"

#include "text/utf8.hpp"

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace pith::latex {

namespace {

bool keptAsIs(std::uint32_t cp) {
    return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '-' || cp == '.' ||
           cp == ':' || cp == '/' || cp == ',';
}

void appendHex16(std::string& out, std::uint32_t unit) {
    static const char kDigits[] = "0123456789ABCDEF";
    for (int shift = 12; shift >= 0; shift -= 4) out += kDigits[(unit >> shift) & 0xF];
}

}  // namespace

std::string xmlText(std::string_view utf8) {
    std::string out;
    for (std::uint32_t cp : text::decodeUtf8(utf8)) {
        if (keptAsIs(cp))
            out += static_cast<char>(cp);
        else
            out += "&#" + std::to_string(cp) + ";";
    }
    return out;
}

std::string pdfHexText(std::string_view utf8) {
    std::string out = "FEFF";
    for (std::uint32_t cp : text::decodeUtf8(utf8)) {
        if (cp >= 0x10000) {
            const std::uint32_t v = cp - 0x10000;
            appendHex16(out, 0xD800 + (v >> 10));
            appendHex16(out, 0xDC00 + (v & 0x3FF));
        } else {
            appendHex16(out, cp);
        }
    }
    return out;
}

}  // namespace pith::latex

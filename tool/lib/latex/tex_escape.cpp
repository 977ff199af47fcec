#include "latex/tex_escape.hpp"

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace pith::latex {

namespace {

// UTF-8 → code points. Hand-written (a dozen lines) because the standard library's converters
// are deprecated and the input is already known to be JSON text; this still rejects malformed
// sequences, overlong forms and surrogates, so an escaped value always means the same text.
std::vector<std::uint32_t> codePoints(std::string_view s) {
    std::vector<std::uint32_t> out;
    for (size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        int extra = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : -1;
        if (extra < 0 || i + static_cast<size_t>(extra) >= s.size())
            throw std::invalid_argument("invalid UTF-8 at byte " + std::to_string(i));
        std::uint32_t cp = extra == 0 ? b : b & (0x3F >> extra);
        for (int k = 1; k <= extra; ++k) {
            const auto c = static_cast<unsigned char>(s[i + k]);
            if ((c & 0xC0) != 0x80) throw std::invalid_argument("invalid UTF-8 at byte " + std::to_string(i + k));
            cp = (cp << 6) | (c & 0x3F);
        }
        static const std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
        if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            throw std::invalid_argument("invalid UTF-8 at byte " + std::to_string(i));
        out.push_back(cp);
        i += static_cast<size_t>(extra) + 1;
    }
    return out;
}

bool keptAsIs(std::uint32_t cp) {
    return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '-' ||
           cp == '.' || cp == ':' || cp == '/' || cp == ',';
}

void appendHex16(std::string& out, std::uint32_t unit) {
    static const char kDigits[] = "0123456789ABCDEF";
    for (int shift = 12; shift >= 0; shift -= 4) out += kDigits[(unit >> shift) & 0xF];
}

}  // namespace

std::string xmlText(std::string_view utf8) {
    std::string out;
    for (std::uint32_t cp : codePoints(utf8)) {
        if (keptAsIs(cp))
            out += static_cast<char>(cp);
        else
            out += "&#" + std::to_string(cp) + ";";
    }
    return out;
}

std::string pdfHexText(std::string_view utf8) {
    std::string out = "FEFF";
    for (std::uint32_t cp : codePoints(utf8)) {
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

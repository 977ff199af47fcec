#include "pdf/content/glyph_reading.hpp"

#include <set>
#include <vector>

#include "text/match_key.hpp"
#include "text/utf8.hpp"

namespace pith::pdf {

namespace {

// A CMap's tokens as far as bfchar and bfrange need them: hex strings, brackets, keywords.
struct Token {
    enum class Kind { Hex, Open, Close, Word } kind;
    std::string text;  // Hex: the bytes; Word: the keyword
};

std::vector<Token> tokens(std::string_view s, size_t limit) {
    std::vector<Token> out;
    for (size_t i = 0; i < s.size() && out.size() < limit;) {
        const char c = s[i];
        if (c == '<' && i + 1 < s.size() && s[i + 1] != '<') {
            std::string bytes;
            int nibble = -1;
            for (++i; i < s.size() && s[i] != '>'; ++i) {
                const char h = s[i];
                int v = h >= '0' && h <= '9'   ? h - '0'
                        : h >= 'a' && h <= 'f' ? h - 'a' + 10
                        : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                               : -1;
                if (v < 0) continue;  // white space (anything else is no hex digit either)
                if (nibble < 0)
                    nibble = v;
                else
                    bytes += static_cast<char>(nibble * 16 + v), nibble = -1;
            }
            if (nibble >= 0) bytes += static_cast<char>(nibble * 16);
            ++i;
            out.push_back({Token::Kind::Hex, std::move(bytes)});
        } else if (c == '[' || c == ']') {
            out.push_back({c == '[' ? Token::Kind::Open : Token::Kind::Close, {}});
            ++i;
        } else if (c == '%') {
            while (i < s.size() && s[i] != '\n' && s[i] != '\r') ++i;
        } else if (c == '(') {  // a literal string (a CMap's name or registry): skipped
            int nest = 0;
            for (; i < s.size(); ++i) {
                if (s[i] == '\\') {
                    ++i;
                    continue;
                }
                if (s[i] == '(') ++nest;
                if (s[i] == ')' && --nest == 0) break;
            }
            ++i;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            size_t start = i;
            while (i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) ++i;
            out.push_back({Token::Kind::Word, std::string(s.substr(start, i - start))});
        } else {
            ++i;
        }
    }
    return out;
}

// The UTF-16BE string `base` with its last unit raised by `by` (a bfrange's later destinations).
std::string raised(std::string base, unsigned by) {
    if (base.size() < 2) return base;
    unsigned last = (static_cast<unsigned char>(base[base.size() - 2]) << 8) | static_cast<unsigned char>(base.back());
    last = (last + by) & 0xFFFF;
    base[base.size() - 2] = static_cast<char>(last >> 8);
    base.back() = static_cast<char>(last & 0xFF);
    return base;
}

const std::set<std::string_view>& punctuationNames() {
    // Standalone accents are not listed: ToUnicode maps read them as spacing modifier letters (ˇ, ˆ).
    static const std::set<std::string_view> names{"space",
                                                  "nbspace",
                                                  "hyphen",
                                                  "sfthyphen",
                                                  "minus",
                                                  "period",
                                                  "comma",
                                                  "colon",
                                                  "semicolon",
                                                  "exclam",
                                                  "question",
                                                  "slash",
                                                  "backslash",
                                                  "parenleft",
                                                  "parenright",
                                                  "bracketleft",
                                                  "bracketright",
                                                  "braceleft",
                                                  "braceright",
                                                  "quotesingle",
                                                  "quotedbl",
                                                  "quoteleft",
                                                  "quoteright",
                                                  "quotedblleft",
                                                  "quotedblright",
                                                  "quotesinglbase",
                                                  "quotedblbase",
                                                  "guillemotleft",
                                                  "guillemotright",
                                                  "guilsinglleft",
                                                  "guilsinglright",
                                                  "endash",
                                                  "emdash",
                                                  "asterisk",
                                                  "plus",
                                                  "equal",
                                                  "less",
                                                  "greater",
                                                  "underscore",
                                                  "numbersign",
                                                  "percent",
                                                  "ampersand",
                                                  "at",
                                                  "bar",
                                                  "brokenbar",
                                                  "asciitilde",
                                                  "asciicircum",
                                                  "dollar",
                                                  "bullet",
                                                  "periodcentered",
                                                  "ellipsis",
                                                  "dagger",
                                                  "daggerdbl",
                                                  "section",
                                                  "paragraph",
                                                  "degree",
                                                  "exclamdown",
                                                  "questiondown",
                                                  "copyright",
                                                  "registered",
                                                  "multiply",
                                                  "divide",
                                                  "plusminus",
                                                  "cent",
                                                  "sterling",
                                                  "yen",
                                                  "currency",
                                                  "logicalnot",
                                                  "fraction"};
    return names;
}

// Accents that AGL names append to a base letter ("eacute", "Scaron", "gcommaaccent").
constexpr std::string_view kAccents[] = {"acute", "grave",  "circumflex", "dieresis", "tilde",     "ring",         "cedilla",
                                         "caron", "macron", "breve",      "ogonek",   "dotaccent", "hungarumlaut", "commaaccent"};

bool asciiLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// A code point these rules read from a uniXXXX or uXXXX name: Latin (to Latin Extended-B), the
// Latin ligatures, or the mathematical letters and digits; else nullopt (another script's glyph).
std::optional<std::string> latinCodePoint(std::uint32_t cp) {
    if (!(cp < 0x250 || (cp >= 0xFB00 && cp <= 0xFB06) || (cp >= 0x1D400 && cp <= 0x1D7FF))) return std::nullopt;
    std::string out;
    text::appendUtf8(out, cp);
    return out;
}

std::optional<std::uint32_t> hexValue(std::string_view h) {
    std::uint32_t v = 0;
    for (char c : h) {
        const int d = c >= '0' && c <= '9'   ? c - '0'
                      : c >= 'A' && c <= 'F' ? c - 'A' + 10
                      : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                             : -1;
        if (d < 0) return std::nullopt;
        v = v * 16 + static_cast<std::uint32_t>(d);
    }
    return v;
}

std::optional<std::string> componentText(std::string_view name) {
    static const std::map<std::string_view, std::string_view> words{
        {"zero", "0"}, {"one", "1"},   {"two", "2"},   {"three", "3"},      {"four", "4"}, {"five", "5"},
        {"six", "6"},  {"seven", "7"}, {"eight", "8"}, {"nine", "9"},       {"ff", "ff"},  {"fi", "fi"},
        {"fl", "fl"},  {"ffi", "ffi"}, {"ffl", "ffl"}, {"germandbls", "ss"}};
    if (name.size() == 1 && asciiLetter(name[0])) return std::string(name);
    if (auto it = words.find(name); it != words.end()) return std::string(it->second);
    if (punctuationNames().count(name)) return std::string();
    if (name.size() >= 7 && name.substr(0, 3) == "uni" && (name.size() - 3) % 4 == 0) {
        std::string out;
        for (size_t i = 3; i < name.size(); i += 4) {
            std::optional<std::uint32_t> cp = hexValue(name.substr(i, 4));
            if (!cp || (*cp >= 0xD800 && *cp < 0xE000)) return std::nullopt;
            std::optional<std::string> t = latinCodePoint(*cp);
            if (!t) return std::nullopt;
            out += *t;
        }
        return out;
    }
    if (name.size() >= 5 && name.size() <= 7 && name[0] == 'u') {
        std::optional<std::uint32_t> cp = hexValue(name.substr(1));
        if (!cp || (*cp >= 0xD800 && *cp < 0xE000)) return std::nullopt;
        return latinCodePoint(*cp);
    }
    if (name == "dmacron" || name == "Dmacron") return std::nullopt;  // AGL: d with stroke (đ), no macron
    if (name.size() > 1 && asciiLetter(name[0]))
        for (std::string_view accent : kAccents)
            if (name.substr(1) == accent) return std::string(1, name[0]);  // the accent goes in the key
    return std::nullopt;
}

}  // namespace

std::string printable(std::string_view s, bool name, size_t limit) {
    size_t end = s.size();
    if (end > limit) {  // cut at a character's start
        end = limit;
        while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    }
    std::string out;
    for (char c : s.substr(0, end)) {
        const unsigned char u = static_cast<unsigned char>(c);
        out += u < 0x20 || u == 0x7F || (name && u >= 0x80) ? '?' : c;
    }
    return out;
}

std::map<std::uint8_t, std::string> oneByteToUnicode(std::string_view cmap) {
    std::map<std::uint8_t, std::string> out;
    constexpr size_t kMaxEntries = 65'536;
    const std::vector<Token> t = tokens(cmap, 4 * kMaxEntries);
    enum class In { None, Char, Range } in = In::None;
    for (size_t i = 0; i < t.size() && out.size() < kMaxEntries;) {
        if (t[i].kind == Token::Kind::Word) {
            in = t[i].text == "beginbfchar" ? In::Char : t[i].text == "beginbfrange" ? In::Range : In::None;
            ++i;
            continue;
        }
        if (in == In::Char && i + 1 < t.size() && t[i].kind == Token::Kind::Hex && t[i + 1].kind == Token::Kind::Hex) {
            if (t[i].text.size() == 1) out[static_cast<std::uint8_t>(t[i].text[0])] = text::utf8FromUtf16be(t[i + 1].text);
            i += 2;
            continue;
        }
        if (in == In::Range && i + 2 < t.size() && t[i].kind == Token::Kind::Hex && t[i + 1].kind == Token::Kind::Hex) {
            const bool oneByte = t[i].text.size() == 1 && t[i + 1].text.size() == 1;
            const unsigned lo = oneByte ? static_cast<unsigned char>(t[i].text[0]) : 1;
            const unsigned hi = oneByte ? static_cast<unsigned char>(t[i + 1].text[0]) : 0;
            if (t[i + 2].kind == Token::Kind::Hex) {
                for (unsigned c = lo; c <= hi; ++c)
                    out[static_cast<std::uint8_t>(c)] = text::utf8FromUtf16be(raised(t[i + 2].text, c - lo));
                i += 3;
                continue;
            }
            if (t[i + 2].kind == Token::Kind::Open) {
                size_t j = i + 3;
                for (unsigned c = lo; j < t.size() && t[j].kind == Token::Kind::Hex; ++j, ++c)
                    if (c <= hi) out[static_cast<std::uint8_t>(c)] = text::utf8FromUtf16be(t[j].text);
                i = j + 1;
                continue;
            }
        }
        ++i;
    }
    return out;
}

std::optional<std::string> glyphNameText(std::string_view name) {
    if (const size_t dot = name.find('.'); dot != std::string_view::npos && dot > 0) name = name.substr(0, dot);
    if (name.empty()) return std::nullopt;
    std::string out;
    for (size_t at = 0; at <= name.size();) {  // f_f_i: the components' letters in turn
        const size_t end = std::min(name.find('_', at), name.size());
        std::optional<std::string> part = componentText(name.substr(at, end - at));
        if (!part) return std::nullopt;
        out += *part;
        at = end + 1;
    }
    return out;
}

GlyphNames encodingGlyphNames(std::string_view base, const std::map<std::uint8_t, std::string>& differences) {
    GlyphNames names;
    if (base == "WinAnsiEncoding" || base == "MacRomanEncoding" || base == "StandardEncoding") {
        static const char* digits[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
        for (int c = '0'; c <= '9'; ++c) names[static_cast<size_t>(c)] = digits[c - '0'];
        for (int c = 'A'; c <= 'Z'; ++c) names[static_cast<size_t>(c)] = std::string(1, static_cast<char>(c));
        for (int c = 'a'; c <= 'z'; ++c) names[static_cast<size_t>(c)] = std::string(1, static_cast<char>(c));
        if (base == "WinAnsiEncoding")  // its upper half is Latin-1: the letters by their code points
            for (int c = 0xC0; c <= 0xFF; ++c)
                if (c != 0xD7 && c != 0xF7)
                    names[static_cast<size_t>(c)] = "uni00" + std::string{"0123456789ABCDEF"[c >> 4], "0123456789ABCDEF"[c & 15]};
    }
    for (const auto& [code, name] : differences) names[code] = name;
    return names;
}

std::map<std::uint8_t, std::string> misreadGlyphs(const GlyphNames& names, const std::map<std::uint8_t, std::string>& toUnicode) {
    std::map<std::uint8_t, std::string> out;
    for (const auto& [code, read] : toUnicode) {
        if (names[code].empty()) continue;
        std::optional<std::string> drawn = glyphNameText(names[code]);
        if (!drawn || text::matchKey(*drawn) == text::matchKey(read)) continue;
        static const char* hex = "0123456789ABCDEF";
        out[code] = std::string("code <") + hex[code >> 4] + hex[code & 15] + "> draws the glyph /" +
                    printable(names[code], true) + " and is read as \"" + printable(read, false) + "\"";
    }
    return out;
}

}  // namespace pith::pdf

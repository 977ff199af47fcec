#include "pdf/content/glyph_reading.hpp"

#include <poppler/NameToUnicodeTable.h>
#include <poppler/poppler_private_export.h>  // before FoFiBase.h, which uses it without including it
#include <poppler/fofi/FoFiType1C.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <memory>
#include <set>
#include <unordered_map>
#include <vector>

#include "text/match_key.hpp"
#include "text/utf8.hpp"

namespace pith::pdf {

namespace {

// A CMap's tokens, split as poppler's PostScript tokenizer splits them: hex strings, brackets,
// words (keywords, numbers, names: any run of regular characters), and other delimiters. Read one
// at a time, so that a stream of any size is read in one pass and in constant memory.
struct Token {
    enum class Kind { Hex, Open, Close, Word, Other } kind;
    std::string text;    // Hex: the bytes; Word: the characters
    size_t at = 0;       // the offset of its first byte in the CMap
    bool clean = false;  // Hex: only hex digits and white space, an even count, as viewers agree on
};

class Tokens {
public:
    explicit Tokens(std::string_view s) : s_(s) {}

    std::optional<Token> next() {
        while (i_ < s_.size()) {
            const char c = s_[i_];
            if (whitespace(c)) {
                ++i_;
            } else if (c == '%') {
                while (i_ < s_.size() && s_[i_] != '\n' && s_[i_] != '\r') ++i_;
            } else if (c == '<' && i_ + 1 < s_.size() && s_[i_ + 1] != '<') {
                return hex();
            } else if (c == '[' || c == ']') {
                return Token{c == '[' ? Token::Kind::Open : Token::Kind::Close, {}, i_++};
            } else if (c == '(') {
                const size_t at = i_;
                skipLiteral();
                return Token{Token::Kind::Other, {}, at};
            } else if (delimiter(c)) {
                return Token{Token::Kind::Other, {}, i_++};
            } else {
                const size_t at = i_;
                while (i_ < s_.size() && !whitespace(s_[i_]) && !delimiter(s_[i_])) ++i_;
                return Token{Token::Kind::Word, std::string(s_.substr(at, std::min<size_t>(i_ - at, 64))), at};
            }
        }
        return std::nullopt;
    }

private:
    static bool whitespace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0'; }
    static bool delimiter(char c) { return std::string_view("()<>[]{}/%").find(c) != std::string_view::npos; }

    Token hex() {
        Token t{Token::Kind::Hex, {}, i_, true};
        int nibble = -1;
        size_t digits = 0;
        for (++i_; i_ < s_.size() && s_[i_] != '>'; ++i_) {
            const char h = s_[i_];
            const int v = h >= '0' && h <= '9'   ? h - '0'
                          : h >= 'a' && h <= 'f' ? h - 'a' + 10
                          : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                                 : -1;
            if (v < 0) {
                t.clean = t.clean && whitespace(h);
                continue;
            }
            ++digits;
            if (nibble < 0)
                nibble = v;
            else
                t.text += static_cast<char>(nibble * 16 + v), nibble = -1;
        }
        // poppler keeps a token of at most 255 characters, brackets included.
        t.clean = t.clean && i_ < s_.size() && nibble < 0 && digits <= 252;
        if (nibble >= 0) t.text += static_cast<char>(nibble * 16);
        ++i_;
        return t;
    }

    void skipLiteral() {
        int nest = 0;
        for (; i_ < s_.size(); ++i_) {
            if (s_[i_] == '\\') {
                ++i_;
                continue;
            }
            if (s_[i_] == '(') ++nest;
            if (s_[i_] == ')' && --nest == 0) break;
        }
        ++i_;
    }

    std::string_view s_;
    size_t i_ = 0;
};

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

// A code point a uniXXXX or uXXXX name names, of any script; nullopt for a surrogate, a private
// use code point (whose glyph may be anything) or beyond Unicode.
std::optional<std::string> codePointText(std::uint32_t cp) {
    if ((cp >= 0xD800 && cp < 0xE000) || (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000) return std::nullopt;
    std::string out;
    text::appendUtf8(out, cp);
    return out;
}

// The Adobe Glyph List as poppler reads glyph names into text: its own table, so that a name means
// here what it means to the viewers whose text pith reads.
std::optional<std::string> standardGlyphText(std::string_view name) {
    static const std::unordered_map<std::string_view, Unicode> table = [] {
        std::unordered_map<std::string_view, Unicode> t;
        for (const NameToUnicodeTab* e = nameToUnicodeTextTab; e->name; ++e) t.emplace(e->name, e->u);
        return t;
    }();
    const auto it = table.find(name);
    return it == table.end() ? std::nullopt : codePointText(it->second);
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
    // uniXXXX... and uXXXX(XX); a name that only starts so ("ugrave") is read by the list below.
    if (name.size() >= 7 && name.substr(0, 3) == "uni" && (name.size() - 3) % 4 == 0) {
        std::optional<std::string> out = std::string();
        for (size_t i = 3; out && i < name.size(); i += 4) {
            std::optional<std::uint32_t> cp = hexValue(name.substr(i, 4));
            std::optional<std::string> t = cp ? codePointText(*cp) : std::nullopt;
            out = t ? std::optional<std::string>(*out + *t) : std::nullopt;
        }
        if (out) return out;
    }
    if (name.size() >= 5 && name.size() <= 7 && name[0] == 'u')
        if (std::optional<std::uint32_t> cp = hexValue(name.substr(1))) return codePointText(*cp);
    if (std::optional<std::string> standard = standardGlyphText(name)) return standard;
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

namespace {

// bfchar and bfrange blocks, read entry by entry as poppler reads them. An entry viewers read
// differently ends the reading with `doubt` set: poppler skips the tokens of a bad entry and goes on
// in step, pdf.js drops the rest of the block, and a forger who knows both can set an entry out of
// step so that one reads the honest text and the other the lie.
class ToUnicodeReader {
public:
    explicit ToUnicodeReader(std::string_view cmap) : tokens_(cmap) {}

    std::map<std::uint8_t, std::string> read(std::string* doubt, std::map<std::uint8_t, std::string>* apart) {
        while (std::optional<Token> t = tokens_.next()) {
            if (t->kind != Token::Kind::Word) continue;
            if ((t->text == "beginbfchar" && !chars()) || (t->text == "beginbfrange" && !ranges())) break;
        }
        if (doubt && doubt_) *doubt = *doubt_;
        if (apart) *apart = std::move(apart_);
        return std::move(out_);
    }

private:
    static bool isWord(const std::optional<Token>& t, std::string_view w) {
        return t && t->kind == Token::Kind::Word && t->text == w;
    }

    // A source code: up to four bytes, one big-endian number (<0041> is code 0x41) as poppler and
    // pdf.js read it; a longer one poppler wraps round and pdf.js does not.
    std::optional<std::uint32_t> source(const Token& t) {
        if (t.kind != Token::Kind::Hex || !t.clean || t.text.empty() || t.text.size() > 4) return std::nullopt;
        std::uint32_t v = 0;
        for (char b : t.text) v = (v << 8) | static_cast<unsigned char>(b);
        return v;
    }

    // A destination: UTF-16BE, one or more whole code units (poppler reads <41> as U+0041, pdf.js as
    // U+4100; <> poppler as no text, pdf.js as the code's own character).
    static bool destination(const Token& t) {
        return t.kind == Token::Kind::Hex && t.clean && !t.text.empty() && t.text.size() % 2 == 0;
    }

    // A destination viewers read apart but in step: half a code unit or none (<C5>, <>): poppler
    // skips the entry, pdf.js reads the bytes as characters. Only its codes are in doubt.
    static bool inStepButApart(const Token& t) {
        return t.kind == Token::Kind::Hex && t.clean && (t.text.empty() || t.text.size() % 2 == 1);
    }

    void set(std::uint32_t code, std::string text) {
        if (code > 255) return;
        out_[static_cast<std::uint8_t>(code)] = std::move(text);
        apart_.erase(static_cast<std::uint8_t>(code));
    }

    void setApart(std::uint32_t code, const Token& t, const char* what) {
        if (code > 255) return;
        apart_[static_cast<std::uint8_t>(code)] = std::string(what) + " at byte " + std::to_string(t.at);
        out_.erase(static_cast<std::uint8_t>(code));
    }

    bool fail(const std::optional<Token>& t, const char* what) {
        doubt_ = std::string(what) + (t ? " at byte " + std::to_string(t->at) : std::string(" at its end"));
        return false;
    }

    bool chars() {
        for (;;) {
            std::optional<Token> src = tokens_.next();
            if (!src || isWord(src, "endbfchar")) return true;
            std::optional<Token> dst = tokens_.next();
            const std::optional<std::uint32_t> code = source(*src);
            if (!code) return fail(src, "a bfchar entry whose source is not a hex string of one to four bytes");
            if (dst && inStepButApart(*dst)) {
                setApart(*code, *dst, "a bfchar entry whose destination is half a code unit or none");
                continue;
            }
            if (!dst || !destination(*dst))
                return fail(dst ? dst : src, "a bfchar entry whose destination is not UTF-16BE in a hex string");
            set(*code, text::utf8FromUtf16be(dst->text));
        }
    }

    bool ranges() {
        for (;;) {
            std::optional<Token> lo = tokens_.next();
            if (!lo || isWord(lo, "endbfrange")) return true;
            std::optional<Token> hi = tokens_.next();
            const std::optional<std::uint32_t> first = source(*lo), last = hi ? source(*hi) : std::nullopt;
            if (!first || !last || lo->text.size() != hi->text.size())
                return fail(lo, "a bfrange entry whose codes are not two hex strings of one length");
            if (*last > *first && *last - *first > 0xFFFFFF)  // pdf.js drops such a range, poppler does not
                return fail(lo, "a bfrange entry of more than 2^24 codes");
            std::optional<Token> dst = tokens_.next();
            if (dst && dst->kind == Token::Kind::Open) {  // one destination per code, in turn
                std::uint64_t code = *first;
                for (std::optional<Token> d = tokens_.next(); !d || d->kind != Token::Kind::Close; d = tokens_.next(), ++code) {
                    if (d && inStepButApart(*d)) {
                        if (code <= *last)
                            setApart(static_cast<std::uint32_t>(code), *d, "a bfrange array holding half a code unit or none");
                        continue;
                    }
                    if (!d || !destination(*d)) return fail(d, "a bfrange array holding other than UTF-16BE hex strings");
                    if (code <= *last) set(static_cast<std::uint32_t>(code), text::utf8FromUtf16be(d->text));
                }
                continue;
            }
            if (dst && inStepButApart(*dst)) {
                for (std::uint32_t c = *first; c <= std::min<std::uint32_t>(*last, 255); ++c)
                    setApart(c, *dst, "a bfrange entry whose destination is half a code unit or none");
                continue;
            }
            if (!dst || !destination(*dst))
                return fail(dst ? dst : lo, "a bfrange entry whose destination is not UTF-16BE in a hex string");
            // The destination's last code unit raised code by code; poppler and pdf.js part ways
            // where that unit overflows.
            const unsigned unit = dst->text.size() >= 2 ? (static_cast<unsigned char>(dst->text[dst->text.size() - 2]) << 8) |
                                                              static_cast<unsigned char>(dst->text.back())
                                                        : 0;
            if (*first <= std::min<std::uint32_t>(*last, 255) && unit + (std::min<std::uint32_t>(*last, 255) - *first) > 0xFFFF)
                return fail(dst, "a bfrange entry whose destinations overflow their last code unit");
            for (std::uint32_t c = *first; c <= std::min<std::uint32_t>(*last, 255); ++c)
                set(c, text::utf8FromUtf16be(raised(dst->text, c - *first)));
        }
    }

    Tokens tokens_;
    std::map<std::uint8_t, std::string> out_, apart_;
    std::optional<std::string> doubt_;
};

}  // namespace

std::map<std::uint8_t, std::string> oneByteToUnicode(std::string_view cmap, std::string* doubt,
                                                     std::map<std::uint8_t, std::string>* apart) {
    return ToUnicodeReader(cmap).read(doubt, apart);
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

GlyphNames encodingGlyphNames(std::string_view base, const std::map<std::uint8_t, std::string>& differences,
                              const GlyphNames* program) {
    GlyphNames names;
    if (program) names = *program;
    if (base == "SymbolEncoding") {  // Adobe's Symbol: ASCII letters as Greek letters, as in the PDF reference, Annex D
        static const char* digits[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
        static const char* upper[] = {"Alpha",  "Beta",  "Chi",     "Delta",  "Epsilon", "Phi",     "Gamma", "Eta",   "Iota",
                                      "theta1", "Kappa", "Lambda",  "Mu",     "Nu",      "Omicron", "Pi",    "Theta", "Rho",
                                      "Sigma",  "Tau",   "Upsilon", "sigma1", "Omega",   "Xi",      "Psi",   "Zeta"};
        static const char* lower[] = {"alpha", "beta",  "chi",     "delta",  "epsilon", "phi",     "gamma", "eta",   "iota",
                                      "phi1",  "kappa", "lambda",  "mu",     "nu",      "omicron", "pi",    "theta", "rho",
                                      "sigma", "tau",   "upsilon", "omega1", "omega",   "xi",      "psi",   "zeta"};
        for (int c = 0; c < 10; ++c) names[static_cast<size_t>('0' + c)] = digits[c];
        for (int c = 0; c < 26; ++c)
            names[static_cast<size_t>('A' + c)] = upper[c], names[static_cast<size_t>('a' + c)] = lower[c];
    }
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

std::optional<GlyphNames> type1ProgramEncoding(std::string_view program) {
    // PostScript tokens of the clear text: names (with their "/"), numbers and words; delimiters and
    // strings are skipped, comments too.
    size_t i = 0;
    auto next = [&]() -> std::string_view {
        for (;;) {
            while (i < program.size() && std::string_view(" \t\r\n\f\0", 6).find(program[i]) != std::string_view::npos) ++i;
            if (i >= program.size()) return {};
            if (program[i] == '%') {
                while (i < program.size() && program[i] != '\n' && program[i] != '\r') ++i;
                continue;
            }
            const size_t start = i;
            if (program[i] == '/') ++i;
            while (i < program.size() && std::string_view(" \t\r\n\f\0()<>[]{}/%", 16).find(program[i]) == std::string_view::npos)
                ++i;
            if (i == start) ++i;  // a delimiter on its own
            return program.substr(start, i - start);
        }
    };
    auto number = [](std::string_view t) -> std::optional<int> {  // decimal, or radix 8#...
        int base = 10, v = 0;
        if (t.size() > 2 && t[0] == '8' && t[1] == '#') base = 8, t.remove_prefix(2);
        if (t.empty() || t.size() > 6) return std::nullopt;
        for (char c : t) {
            if (c < '0' || c >= '0' + base) return std::nullopt;
            v = v * base + (c - '0');
        }
        return v;
    };
    for (std::string_view t = next(); !t.empty() && t != "eexec"; t = next()) {
        if (t != "/Encoding") continue;
        std::string_view what = next();
        if (what == "StandardEncoding") return encodingGlyphNames("StandardEncoding", {});
        if (!number(what)) continue;
        GlyphNames names;
        for (std::string_view u = next(); !u.empty() && u != "def" && u != "readonly" && u != "eexec"; u = next()) {
            if (u != "dup") continue;
            const std::optional<int> code = number(next());
            const std::string_view name = next();
            if (code && *code < 256 && name.size() > 1 && name[0] == '/' && next() == "put")
                names[static_cast<size_t>(*code)] = std::string(name.substr(1));
        }
        return names;
    }
    return std::nullopt;
}

namespace {

// Which standard font a viewer draws a font not embedded with: "Latin" (Courier, Helvetica, Times and
// the aliases poppler's and MuPDF's tables share: Arial, TimesNewRoman, CourierNew and their styles),
// "Symbol", "ZapfDingbats", or "" for any other name. Spaces in the name are dropped, as both do.
std::string standardFontOf(std::string_view baseFont) {
    std::string name;
    for (char c : baseFont)
        if (c != ' ') name += c;
    static const std::set<std::string, std::less<>> symbol{"Symbol",   "Symbol,Italic",   "Symbol,Bold",   "Symbol,BoldItalic",
                                                           "SymbolMT", "SymbolMT,Italic", "SymbolMT,Bold", "SymbolMT,BoldItalic"};
    static const std::set<std::string, std::less<>> latin{"Courier",
                                                          "Courier-Bold",
                                                          "Courier-BoldOblique",
                                                          "Courier-Oblique",
                                                          "Helvetica",
                                                          "Helvetica-Bold",
                                                          "Helvetica-BoldOblique",
                                                          "Helvetica-Oblique",
                                                          "Times-Roman",
                                                          "Times-Bold",
                                                          "Times-Italic",
                                                          "Times-BoldItalic",
                                                          "Arial",
                                                          "Arial,Bold",
                                                          "Arial,BoldItalic",
                                                          "Arial,Italic",
                                                          "Arial-Bold",
                                                          "Arial-BoldItalic",
                                                          "Arial-BoldItalicMT",
                                                          "Arial-BoldMT",
                                                          "Arial-Italic",
                                                          "Arial-ItalicMT",
                                                          "ArialMT",
                                                          "Courier,Bold",
                                                          "Courier,BoldItalic",
                                                          "Courier,Italic",
                                                          "CourierNew",
                                                          "CourierNew,Bold",
                                                          "CourierNew,BoldItalic",
                                                          "CourierNew,Italic",
                                                          "CourierNew-Bold",
                                                          "CourierNew-BoldItalic",
                                                          "CourierNew-Italic",
                                                          "CourierNewPS-BoldItalicMT",
                                                          "CourierNewPS-BoldMT",
                                                          "CourierNewPS-ItalicMT",
                                                          "CourierNewPSMT",
                                                          "Helvetica,Bold",
                                                          "Helvetica,BoldItalic",
                                                          "Helvetica,Italic",
                                                          "Helvetica-BoldItalic",
                                                          "Helvetica-Italic",
                                                          "TimesNewRoman",
                                                          "TimesNewRoman,Bold",
                                                          "TimesNewRoman,BoldItalic",
                                                          "TimesNewRoman,Italic",
                                                          "TimesNewRoman-Bold",
                                                          "TimesNewRoman-BoldItalic",
                                                          "TimesNewRoman-Italic",
                                                          "TimesNewRomanPS",
                                                          "TimesNewRomanPS-Bold",
                                                          "TimesNewRomanPS-BoldItalic",
                                                          "TimesNewRomanPS-BoldItalicMT",
                                                          "TimesNewRomanPS-BoldMT",
                                                          "TimesNewRomanPS-Italic",
                                                          "TimesNewRomanPS-ItalicMT",
                                                          "TimesNewRomanPSMT"};
    if (symbol.count(name)) return "Symbol";
    if (name == "ZapfDingbats") return "ZapfDingbats";
    return latin.count(name) ? "Latin" : "";
}

// A CFF program's own encoding, as poppler reads it for drawing and text (its FoFiType1C).
std::optional<GlyphNames> cffProgramEncoding(const std::string& program) {
    if (program.size() > static_cast<size_t>(std::numeric_limits<int>::max())) return std::nullopt;
    std::unique_ptr<FoFiType1C> cff(
        FoFiType1C::make(reinterpret_cast<const unsigned char*>(program.data()), static_cast<int>(program.size())));
    char** encoding = cff ? cff->getEncoding() : nullptr;
    if (!encoding) return std::nullopt;
    GlyphNames names;
    for (size_t c = 0; c < 256; ++c) names[c] = encoding[c] ? encoding[c] : "";
    return names;
}

}  // namespace

FontGlyphs simpleFontGlyphNames(const SimpleFont& font) {
    using Program = SimpleFont::Program;
    FontGlyphs out;
    if (font.program == Program::TrueType) {
        out.names = encodingGlyphNames("", font.differences);
        return out;
    }
    auto known = [](const std::string& name) {
        return name == "WinAnsiEncoding" || name == "MacRomanEncoding" || name == "MacExpertEncoding";
    };
    std::string base = known(font.encoding) ? font.encoding : known(font.baseEncoding) ? font.baseEncoding : "";
    std::optional<GlyphNames> program;
    if (font.program != Program::None) {
        if (base.empty() && font.program == Program::Type1) program = type1ProgramEncoding(font.type1);
        if (base.empty() && font.program == Program::CFF) program = cffProgramEncoding(font.cff);
        if (base.empty() && !program) base = "StandardEncoding";
    } else {
        const std::string standard = standardFontOf(font.baseFont);
        if (standard.empty())
            out.unread = "a font the viewer picks for the font " + printable(font.baseFont, true, 64) +
                         ", which the file does not embed and no viewer has";
        else if (standard == "ZapfDingbats")
            out.unread = "ZapfDingbats' own encoding";
        else if (standard == "Symbol" && !base.empty())
            out.unread = "the Symbol font under the " + base;
        else if (standard == "Symbol")
            base = "SymbolEncoding";
        else if (base.empty())
            base = "StandardEncoding";
    }
    if (base == "MacExpertEncoding") out.unread = "MacExpertEncoding, whose names pith does not list", base.clear();
    if (!out.unread.empty() && font.program == Program::None && standardFontOf(font.baseFont).empty())
        out.names = GlyphNames{};  // no name a viewer draws by is known, not even /Differences'
    else
        out.names = encodingGlyphNames(base, font.differences, program ? &*program : nullptr);
    return out;
}

bool drawnWithAPickedSymbolFont(std::string_view baseFont, bool symbolicFlag) {
    if (!standardFontOf(baseFont).empty()) return false;
    if (symbolicFlag) return true;
    std::string name;
    for (char c : baseFont) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* symbolic : {"dingbat", "symbol", "wingding", "webding", "zapf", "d050000l", "marlett"})
        if (name.find(symbolic) != std::string::npos) return true;
    return false;
}

std::map<std::uint8_t, std::string> misreadGlyphs(const FontGlyphs& glyphs, const std::map<std::uint8_t, std::string>& toUnicode,
                                                  bool programEmbedded) {
    const GlyphNames& names = glyphs.names;
    std::map<std::uint8_t, std::string> out;
    for (const auto& [code, read] : toUnicode) {
        static const char* hex = "0123456789ABCDEF";
        const std::string codeText = std::string("code <") + hex[code >> 4] + hex[code & 15] + ">";
        if (names[code].empty()) {
            // The glyph is not known: it may draw anything where the text reads letters.
            if (!glyphs.unread.empty() && !text::matchKey(read).empty())
                out[code] = codeText + " is drawn by " + glyphs.unread + " and is read as \"" + printable(read, false) + "\"";
            continue;
        }
        std::optional<std::string> drawn = glyphNameText(names[code]);
        const std::string what = codeText + " draws the glyph /" + printable(names[code], true);
        if (drawn && text::matchKey(*drawn) != text::matchKey(read)) {
            out[code] = what + " and is read as \"" + printable(read, false) + "\"";
        } else if (!drawn && !programEmbedded && !text::matchKey(read).empty()) {
            // A viewer draws it from a font of its own, which has no glyph of that name: nothing, or
            // whatever it picks, is shown where the text reads letters.
            out[code] = what + ", which has no standard meaning, from a font the file does not embed, and is read as \"" +
                        printable(read, false) + "\"";
        }
    }
    return out;
}

}  // namespace pith::pdf

#include "text/match_key.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <map>

namespace pith::text {

namespace {

// TeX's Greek letters (and a few common commands) as the characters a PDF shows for them.
const std::map<std::string, std::string>& texLetters() {
    static const std::map<std::string, std::string> m{
        {"alpha", "α"},   {"beta", "β"},   {"gamma", "γ"},  {"delta", "δ"},    {"epsilon", "ε"}, {"varepsilon", "ε"},
        {"zeta", "ζ"},    {"eta", "η"},    {"theta", "θ"},  {"vartheta", "θ"}, {"iota", "ι"},    {"kappa", "κ"},
        {"lambda", "λ"},  {"mu", "μ"},     {"nu", "ν"},     {"xi", "ξ"},       {"pi", "π"},      {"varpi", "π"},
        {"rho", "ρ"},     {"varrho", "ρ"}, {"sigma", "σ"},  {"varsigma", "σ"}, {"tau", "τ"},     {"upsilon", "υ"},
        {"phi", "φ"},     {"varphi", "φ"}, {"chi", "χ"},    {"psi", "ψ"},      {"omega", "ω"},   {"Gamma", "Γ"},
        {"Delta", "Δ"},   {"Theta", "Θ"},  {"Lambda", "Λ"}, {"Xi", "Ξ"},       {"Pi", "Π"},      {"Sigma", "Σ"},
        {"Upsilon", "Υ"}, {"Phi", "Φ"},    {"Psi", "Ψ"},    {"Omega", "Ω"},    {"ss", "ß"},      {"ae", "æ"},
        {"AE", "Æ"},      {"oe", "œ"},     {"OE", "Œ"},     {"o", "ø"},        {"O", "Ø"},       {"aa", "å"},
        {"AA", "Å"},      {"l", "ł"},      {"L", "Ł"},      {"i", "ı"},        {"infty", "∞"},   {"ell", "ℓ"},
        {"%", "%"},       {"&", "&"},      {"#", "#"},      {"_", "_"},        {"$", "$"},
    };
    return m;
}

// TeX source to the text it typesets, closely enough for matching.
std::string untex(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size();) {
        char c = s[i];
        if (c == '$' || c == '{' || c == '}' || c == '^' || c == '_') {
            ++i;
            continue;
        }
        if (c == '~') {
            out += ' ';
            ++i;
            continue;
        }
        if (c == '\\') {
            size_t j = i + 1;
            while (j < s.size() && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z'))) ++j;
            std::string name(s.substr(i + 1, j - i - 1));
            if (name.empty() && j < s.size()) {
                name = std::string(1, s[j]);  // \" \' \% ...: a one-character command
                ++j;
            }
            auto it = texLetters().find(name);
            if (it != texLetters().end())
                out += it->second;
            else
                out += ' ';  // \emph, \mathrm, accents: the command goes, its argument stays
            i = j;
            continue;
        }
        out += c;
        ++i;
    }
    return out;
}

}  // namespace

std::string matchKey(std::string_view utf8, bool tex) {
    std::string source = tex ? untex(utf8) : std::string(utf8);
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status)) return {};
    icu::UnicodeString folded = fold->normalize(icu::UnicodeString::fromUTF8(source), status);
    icu::UnicodeString decomposed = nfd->normalize(folded, status);
    if (U_FAILURE(status)) return {};
    icu::UnicodeString kept;
    for (int32_t i = 0; i < decomposed.length();) {
        UChar32 ch = decomposed.char32At(i);
        i += U16_LENGTH(ch);
        // Accents go, and so do spacing modifier letters (U+02B0 to U+02FF, those NFKC leaves): a
        // standalone accent drawn before its letter (pdfTeX's OT1 fonts) is read as one (ˆ, ˇ).
        if (u_charType(ch) == U_NON_SPACING_MARK || (ch >= 0x2B0 && ch <= 0x2FF)) continue;
        // A dotless i or j carries an accent in TeX's OT1 fonts: \"i is drawn, and read, as ı̈.
        if (ch == 0x131) ch = 'i';
        if (ch == 0x237) ch = 'j';
        // Letters whose stroke NFD keeps: OT1 draws \L as L and a stroke, T1 \DJ as its Ð.
        if (ch == 0x142) ch = 'l';
        if (ch == 0x111 || ch == 0xF0) ch = 'd';
        if (u_isalnum(ch)) kept.append(ch);
    }
    std::string out;
    kept.toUTF8String(out);
    return out;
}

bool showsTitle(std::string_view pageText, std::string_view title, size_t minimum) {
    const std::string t = matchKey(title, true);
    if (t.size() < minimum) return false;
    return matchKey(pageText).find(t) != std::string::npos;
}

}  // namespace pith::text

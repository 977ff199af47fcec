#include "text/match_key.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <map>
#include <set>

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

// Math-mode symbols: a PDF string cannot hold them, so hyperref drops them from the metadata title.
bool isMathSymbol(const std::string& command) {
    static const std::set<std::string> symbols{
        "alpha", "beta",    "gamma", "delta",   "epsilon", "varepsilon", "zeta",  "eta",   "theta",  "vartheta", "iota",
        "kappa", "lambda",  "mu",    "nu",      "xi",      "pi",         "varpi", "rho",   "varrho", "sigma",    "varsigma",
        "tau",   "upsilon", "phi",   "varphi",  "chi",     "psi",        "omega", "Gamma", "Delta",  "Theta",    "Lambda",
        "Xi",    "Pi",      "Sigma", "Upsilon", "Phi",     "Psi",        "Omega", "infty", "ell"};
    return symbols.count(command) > 0;
}

// Log-like operators typeset their own name in upright letters (\log is "log" on the page and in
// hyperref's metadata).
bool isOperatorName(const std::string& command) {
    static const std::set<std::string> names{"arccos", "arcsin", "arctan", "arg",    "cos",    "cosh", "cot", "coth",
                                             "csc",    "deg",    "det",    "dim",    "exp",    "gcd",  "hom", "inf",
                                             "ker",    "lg",     "lim",    "liminf", "limsup", "ln",   "log", "max",
                                             "min",    "Pr",     "sec",    "sin",    "sinh",   "sup",  "tan", "tanh"};
    return names.count(command) > 0;
}

// How TeX source is read: as the text it typesets, or as the text hyperref writes for it into a
// PDF string, which lacks the math symbols and, as acmart's metadata has it, the operators too.
enum class TexReading { Typeset, PdfString, PdfStringWithoutOperators };

// TeX source to the text it is read as, closely enough for matching.
std::string untex(std::string_view s, TexReading reading) {
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
            if (isOperatorName(name))
                out += reading == TexReading::PdfStringWithoutOperators ? " " : " " + name + " ";
            else if (reading != TexReading::Typeset && isMathSymbol(name))
                out += ' ';
            else if (it != texLetters().end())
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

// The match key of text already read from TeX.
std::string keyOf(const std::string& source) {
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

}  // namespace

std::string matchKey(std::string_view utf8, bool tex) {
    return keyOf(tex ? untex(utf8, TexReading::Typeset) : std::string(utf8));
}

bool namesTexTitle(std::string_view metadataTitle, std::string_view texTitle) {
    const std::string key = matchKey(metadataTitle);
    return key == matchKey(texTitle, true) || key == keyOf(untex(texTitle, TexReading::PdfString)) ||
           key == keyOf(untex(texTitle, TexReading::PdfStringWithoutOperators));
}

bool showsTitle(std::string_view pageText, std::string_view title, size_t minimum) {
    const std::string t = matchKey(title, true);
    if (t.size() < minimum) return false;
    return matchKey(pageText).find(t) != std::string::npos;
}

}  // namespace pith::text

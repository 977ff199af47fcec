#include "text/match_key.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <map>
#include <set>

namespace pith::text {

namespace {

// TeX's Greek letters (and a few common commands) as the characters a PDF shows for them.
const std::map<std::string, std::string>& texLetters() {
    static const std::map<std::string, std::string> m{
        {"alpha", "α"},
        {"beta", "β"},
        {"gamma", "γ"},
        {"delta", "δ"},
        {"epsilon", "ε"},
        {"varepsilon", "ε"},
        {"zeta", "ζ"},
        {"eta", "η"},
        {"theta", "θ"},
        {"vartheta", "θ"},
        {"iota", "ι"},
        {"kappa", "κ"},
        {"lambda", "λ"},
        {"mu", "μ"},
        {"nu", "ν"},
        {"xi", "ξ"},
        {"pi", "π"},
        {"varpi", "π"},
        {"rho", "ρ"},
        {"varrho", "ρ"},
        {"sigma", "σ"},
        {"varsigma", "σ"},
        {"tau", "τ"},
        {"upsilon", "υ"},
        {"phi", "φ"},
        {"varphi", "φ"},
        {"chi", "χ"},
        {"psi", "ψ"},
        {"omega", "ω"},
        {"Gamma", "Γ"},
        {"Delta", "Δ"},
        {"Theta", "Θ"},
        {"Lambda", "Λ"},
        {"Xi", "Ξ"},
        {"Pi", "Π"},
        {"Sigma", "Σ"},
        {"Upsilon", "Υ"},
        {"Phi", "Φ"},
        {"Psi", "Ψ"},
        {"Omega", "Ω"},
        {"ss", "ß"},
        {"ae", "æ"},
        {"AE", "Æ"},
        {"oe", "œ"},
        {"OE", "Œ"},
        {"o", "ø"},
        {"O", "Ø"},
        {"aa", "å"},
        {"AA", "Å"},
        {"l", "ł"},
        {"L", "Ł"},
        {"i", "ı"},
        {"infty", "∞"},
        {"ell", "ℓ"},
        {"%", "%"},
        {"&", "&"},
        {"#", "#"},
        {"_", "_"},
        {"$", "$"},
        // The TeX family's logos, as their letters (a PDF shows \LaTeX as L, A, T, E, X; hyperref
        // writes "LaTeX").
        {"TeX", "TeX"},
        {"LaTeX", "LaTeX"},
        {"BibTeX", "BibTeX"},
        {"XeTeX", "XeTeX"},
        {"XeLaTeX", "XeLaTeX"},
        {"LuaTeX", "LuaTeX"},
        {"LuaLaTeX", "LuaLaTeX"},
        {"ConTeXt", "ConTeXt"},
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

std::optional<std::string> texMainTitle(std::string_view texTitle) {
    bool math = false;
    for (size_t i = 0; i < texTitle.size(); ++i) {
        const char c = texTitle[i];
        if (c == '\\') {  // \$, \: and the like are no shift and no colon
            ++i;
        } else if (c == '$') {
            if (i + 1 < texTitle.size() && texTitle[i + 1] == '$') ++i;  // $$ shifts once
            math = !math;
        } else if (c == ':' && !math) {
            const std::string_view before = texTitle.substr(0, i), after = texTitle.substr(i + 1);
            if (matchKey(before, true).empty() || matchKey(after, true).empty()) return std::nullopt;
            return std::string(before);
        }
    }
    return std::nullopt;
}

std::vector<std::pair<std::string, bool>> texMathSplit(std::string_view tex) {
    std::vector<std::pair<std::string, bool>> parts{{"", false}};
    for (size_t i = 0; i < tex.size(); ++i) {
        if (tex[i] == '\\' && i + 1 < tex.size()) {
            parts.back().first += tex.substr(i, 2);
            ++i;
        } else if (tex[i] == '$') {
            if (i + 1 < tex.size() && tex[i + 1] == '$') ++i;
            parts.emplace_back("", !parts.back().second);
        } else {
            parts.back().first += tex[i];
        }
    }
    return parts;
}

namespace {

// The same bytes in any order: math as a viewer reads it ("∑n i=1 x2 i" for $\sum_{i=1}^n x_i^2$).
bool sameBytes(std::string a, std::string b) {
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
}

}  // namespace

size_t foreignCharacters(std::string_view bytes, std::string_view mathKey) {
    size_t foreign = 0;
    for (size_t i = 0; i < bytes.size();) {
        size_t n = 1;  // one UTF-8 character
        while (i + n < bytes.size() && (static_cast<unsigned char>(bytes[i + n]) & 0xC0) == 0x80) ++n;
        if (mathKey.find(bytes.substr(i, n)) == std::string_view::npos) ++foreign;
        i += n;
    }
    return foreign;
}

std::vector<TitleSpan> titleSpans(const std::string& pageKey, std::string_view texTitle, size_t limit) {
    // The title's key outside math, the bytes the page may read among its letters (for all the
    // title's math, which a viewer may read anywhere on its lines) and how many of their characters
    // may be no letter of the math, and the math before and after it.
    std::string text, math, allMath, leadingMath;
    size_t budget = 0, foreignBudget = 0;
    auto bound = [](const std::string& m) { return m.empty() ? size_t{0} : 2 * m.size() + 8; };
    auto formula = [&](const std::string& m) {
        budget += bound(m);
        foreignBudget += m.empty() ? 0 : kForeignPerFormula;
    };
    for (const auto& [part, isMath] : texMathSplit(texTitle)) {
        const std::string key = matchKey(part, true);
        if (isMath) {
            math += key;
            allMath += key;
        } else if (!key.empty()) {
            if (text.empty()) leadingMath = math;
            formula(math);
            text += key;
            math.clear();
        }
    }
    std::vector<TitleSpan> out;
    if (text.empty()) return out;
    const std::string& trailingMath = math;
    formula(trailingMath);
    // The earliest match of the title's text from `at` (the fewest bytes between), within the
    // budgets: its end, or npos, and how many bytes it passed over.
    auto matchFrom = [&](size_t at) -> std::pair<size_t, size_t> {
        size_t end = at + 1, spent = 0, foreign = 0;
        for (size_t k = 1; k < text.size() && end != std::string::npos;) {
            if (end >= pageKey.size()) {
                end = std::string::npos;
            } else if (pageKey[end] == text[k]) {
                ++end, ++k;
            } else {
                size_t n = 1;  // skip one UTF-8 character
                while (end + n < pageKey.size() && (static_cast<unsigned char>(pageKey[end + n]) & 0xC0) == 0x80) ++n;
                foreign += foreignCharacters(std::string_view(pageKey).substr(end, n), allMath);
                spent += n;
                end = spent > budget || foreign > foreignBudget ? std::string::npos : end + n;
            }
        }
        return {end, spent};
    };
    for (size_t at = pageKey.find(text[0]); at != std::string::npos && out.size() < limit;) {
        auto [end, spent] = matchFrom(at);
        if (end == std::string::npos) {
            at = pageKey.find(text[0], at + 1);
            continue;
        }
        // A later start that ends as early, passing over fewer bytes: the bytes a title with math
        // may have among its letters would otherwise let it begin in the word before ("JOURNAL
        // Learning ...": at the L of JOURNAL, passing over the title's own L).
        for (size_t later = pageKey.find(text[0], at + 1); later != std::string::npos && later < end;
             later = pageKey.find(text[0], later + 1))
            if (const auto [laterEnd, laterSpent] = matchFrom(later); laterEnd <= end && laterSpent < spent)
                at = later, spent = laterSpent;
        TitleSpan span{at, end, bound(leadingMath), bound(trailingMath)};
        if (!leadingMath.empty() && at >= leadingMath.size() &&
            sameBytes(pageKey.substr(at - leadingMath.size(), leadingMath.size()), leadingMath))
            span.begin -= leadingMath.size(), span.leading = 0;
        if (!trailingMath.empty() && sameBytes(pageKey.substr(end, trailingMath.size()), trailingMath))
            span.end += trailingMath.size(), span.trailing = 0;
        out.push_back(span);
        at = pageKey.find(text[0], span.end);
    }
    return out;
}

}  // namespace pith::text

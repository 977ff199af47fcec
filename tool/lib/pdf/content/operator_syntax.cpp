#include "pdf/content/operator_syntax.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <unordered_map>
#include <utility>

namespace pith::pdf {

namespace {

struct Arity {
    std::string_view op;
    int least, most;
};

// ISO 32000-1, Annex A, Table A.1. sc and SC take a colour's components (DeviceN: up to 32), scn and SCN a name too.
constexpr std::array<Arity, 73> kOperators = {{
    {"b", 0, 0},   {"B", 0, 0},   {"b*", 0, 0},   {"B*", 0, 0},   {"BDC", 2, 2}, {"BI", 0, 0}, {"BMC", 1, 1}, {"BT", 0, 0},
    {"BX", 0, 0},  {"c", 6, 6},   {"cm", 6, 6},   {"CS", 1, 1},   {"cs", 1, 1},  {"d", 2, 2},  {"d0", 2, 2},  {"d1", 6, 6},
    {"Do", 1, 1},  {"DP", 2, 2},  {"EI", 0, 0},   {"EMC", 0, 0},  {"ET", 0, 0},  {"EX", 0, 0}, {"f", 0, 0},   {"F", 0, 0},
    {"f*", 0, 0},  {"G", 1, 1},   {"g", 1, 1},    {"gs", 1, 1},   {"h", 0, 0},   {"i", 1, 1},  {"ID", 0, 0},  {"j", 1, 1},
    {"J", 1, 1},   {"K", 4, 4},   {"k", 4, 4},    {"l", 2, 2},    {"m", 2, 2},   {"M", 1, 1},  {"MP", 1, 1},  {"n", 0, 0},
    {"q", 0, 0},   {"Q", 0, 0},   {"re", 4, 4},   {"RG", 3, 3},   {"rg", 3, 3},  {"ri", 1, 1}, {"s", 0, 0},   {"S", 0, 0},
    {"SC", 1, 32}, {"sc", 1, 32}, {"SCN", 1, 33}, {"scn", 1, 33}, {"sh", 1, 1},  {"T*", 0, 0}, {"Tc", 1, 1},  {"Td", 2, 2},
    {"TD", 2, 2},  {"Tf", 2, 2},  {"Tj", 1, 1},   {"TJ", 1, 1},   {"TL", 1, 1},  {"Tm", 6, 6}, {"Tr", 1, 1},  {"Ts", 1, 1},
    {"Tw", 1, 1},  {"Tz", 1, 1},  {"v", 4, 4},    {"w", 1, 1},    {"W", 0, 0},   {"W*", 0, 0}, {"y", 4, 4},   {"'", 1, 1},
    {"\"", 3, 3},
}};

// Looked up for every operator of a page's content (millions on a hostile page): hashed once.
const Arity* arityOf(std::string_view op) {
    static const std::unordered_map<std::string_view, const Arity*> byName = [] {
        std::unordered_map<std::string_view, const Arity*> m;
        for (const Arity& a : kOperators) m.emplace(a.op, &a);
        return m;
    }();
    auto it = byName.find(op);
    return it == byName.end() ? nullptr : it->second;
}

}  // namespace

void OperatorSyntax::check(std::string_view op, size_t operands) {
    if (op == "BX") ++compatibility_;
    if (op == "EX" && compatibility_ > 0) --compatibility_;
    if (doubt_) return;
    const Arity* a = arityOf(op);
    if (!a) {
        if (compatibility_ == 0)
            doubt_ = "the content has an unknown operator \"" + std::string(op.substr(0, 32)) +
                     "\" outside BX/EX: MuPDF stops drawing a page after such errors, poppler goes on";
        return;
    }
    if (operands < static_cast<size_t>(a->least) || operands > static_cast<size_t>(a->most)) {
        const std::string takes =
            a->least == a->most ? std::to_string(a->least) : std::to_string(a->least) + " to " + std::to_string(a->most);
        doubt_ = "the content gives the operator " + std::string(op) + " " + std::to_string(operands) + " operand" +
                 (operands == 1 ? "" : "s") + " (it takes " + takes +
                 "): viewers then draw differently (poppler stops at too few and takes the last of too many, MuPDF the first)";
    }
}

double OperatorSyntax::number(std::string_view token) {
    std::string_view digits = token;
    if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) digits.remove_prefix(1);
    size_t periods = 0, figures = 0, others = 0;
    for (char c : digits) {
        if (c == '.')
            ++periods;
        else if (c >= '0' && c <= '9')
            ++figures;
        else
            ++others;
    }
    if (others > 0 || periods > 1 || figures == 0 || token.size() > 64) {
        if (!doubt_)
            doubt_ = "the content has \"" + std::string(token.substr(0, 32)) +
                     "\" where a number is read: it is no PDF number, and viewers read it differently";
        return 0;
    }
    // from_chars: the decimal value, correctly rounded and independent of the locale, as the page's
    // parseFloat reads it.
    double value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc() || end != digits.data() + digits.size() || !std::isfinite(value)) return 0;
    return token[0] == '-' ? -value : value;
}

}  // namespace pith::pdf

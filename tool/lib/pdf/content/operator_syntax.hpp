#pragma once
// The operators of a content stream and how many operands each takes (ISO 32000-1, Annex A).
// Viewers disagree on an operator given the wrong number of operands (poppler takes the last ones
// of too many and stops drawing the page at too few; MuPDF takes the first ones and skips the
// operator) and on unknown operators outside a BX/EX section (MuPDF stops drawing a page after
// too many of them, poppler goes on): such content draws different pages in different viewers.
#include <optional>
#include <string>
#include <string_view>

namespace pith::pdf {

class OperatorSyntax {
public:
    // The first operator of the content read so far that viewers may read differently, with why.
    // `operands` is how many operands precede `op` (inline images, BI ... ID ... EI, are the
    // caller's: BI is checked here as an operator without operands).
    void check(std::string_view op, size_t operands);
    // The value of a token that starts like a number (a digit, sign or period). Only what ISO
    // 32000-1 7.3.3 writes as a number (a sign, digits and at most one period; 64 characters at
    // most) is read alike: "1e3" is 1 and an operator to poppler, 1000 to pdf.js; "0x10" is 16 to
    // strtod. Any other such token is a doubt, and 0. Values beyond a double's range are 0.
    double number(std::string_view token);
    const std::optional<std::string>& doubt() const { return doubt_; }

private:
    int compatibility_ = 0;  // open BX sections, where unknown operators are allowed
    std::optional<std::string> doubt_;
};

}  // namespace pith::pdf

#include "json/python_float.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace pith::json {

std::string pythonFloatRepr(double d) {
    if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";

    // std::to_chars in scientific form yields the shortest round-trip digits, as Python's repr does.
    char buf[64];
    auto result = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string sci(buf, result.ptr);  // e.g. "-1.2345e+02"

    std::string sign;
    if (sci[0] == '-') {
        sign = "-";
        sci.erase(0, 1);
    }
    size_t e = sci.find('e');
    std::string mantissa = sci.substr(0, e);
    int exponent = std::atoi(sci.c_str() + e + 1);
    std::string digits;
    for (char c : mantissa)
        if (c != '.') digits += c;

    // Python (float_repr_style 'short'): decpt = exponent + 1; fixed iff -4 < decpt <= 16.
    int decpt = exponent + 1;
    std::string out;
    if (decpt > -4 && decpt <= 16) {
        if (decpt <= 0) {
            out = "0." + std::string(-decpt, '0') + digits;
        } else if (static_cast<size_t>(decpt) >= digits.size()) {
            out = digits + std::string(decpt - digits.size(), '0') + ".0";
        } else {
            out = digits.substr(0, decpt) + "." + digits.substr(decpt);
        }
    } else {
        out = digits.substr(0, 1);
        if (digits.size() > 1) out += "." + digits.substr(1);
        char exp[16];
        std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
        out += exp;
    }
    return sign + out;
}

}  // namespace pith::json

#pragma once
#include <string>

namespace pith::json {

// Python's repr(float): the shortest digits that round-trip, in fixed notation when the decimal
// exponent is in [-4, 16), else "1e-05" / "1.5e+16" form; integral values keep ".0".
// Precondition: d is finite.
std::string pythonFloatRepr(double d);

}  // namespace pith::json

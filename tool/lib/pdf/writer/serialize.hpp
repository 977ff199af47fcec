#pragma once
// PDF object syntax out: the inverse of the reader's parser, deterministic (same object, same bytes).
#include <string>

#include "pdf/reader/pdf_object.hpp"

namespace pith::pdf {

// Appends the object's PDF syntax. Streams get /Length from their data.
void serialize(const Object& object, std::string& out);
std::string serialize(const Object& object);

// A real number with at most 4 decimals, no exponent, no trailing zeros ("12.5", "-0.25", "3").
std::string formatReal(double value);

}  // namespace pith::pdf

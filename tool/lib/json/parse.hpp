#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "json/value.hpp"

namespace pith::json {

struct ParseLimits {
    size_t maxBytes = 16u << 20;     // records are a few KB; 16 MiB leaves room and bounds memory
    size_t maxDepth = 512;           // Python's own recursion limit is near 1000
    size_t maxIntegerDigits = 4300;  // Python's int() refuses longer decimal strings
};

// A JSON document pith will not accept, with where: a byte offset or a JSON path ("$.a[2].b").
class ParseError : public std::runtime_error {
public:
    ParseError(std::string message, std::string where)
        : std::runtime_error(where.empty() ? message : message + " at " + where), where_(std::move(where)) {}
    const std::string& where() const { return where_; }

private:
    std::string where_;
};

// Parses one JSON document with Python's json.loads semantics, but strict where Python would later
// fail to encode (lone surrogates), would not be JSON (NaN, Infinity, overflowing floats) or would
// be ambiguous (duplicate keys). Throws ParseError.
Value parse(std::string_view text, const ParseLimits& limits = {});

}  // namespace pith::json

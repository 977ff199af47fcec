#pragma once
#include <string>

#include "json/value.hpp"

namespace pith::json {

// The bytes of Python's json.dumps(v, sort_keys=True, separators=(',',':'), ensure_ascii=False)
// encoded as UTF-8. Written by hand because no packaged library reproduces Python's rules
// (code-point key order, minimal escaping, repr floats, unbounded integers).
std::string canonical(const Value& value);

// A JSON string literal as Python writes it with ensure_ascii=False.
void appendQuoted(std::string& out, const std::string& utf8);

}  // namespace pith::json

# Writes INPUT as a C++ byte array in OUTPUT (a string literal would hit compiler limits and
# need escaping; a hex array keeps every byte exact), returned by pith::latex::FUNCTION().
file(READ ${INPUT} _hex HEX)
string(LENGTH "${_hex}" _len)
math(EXPR _bytes "${_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," _array "${_hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n" _array "${_array}")
get_filename_component(_name ${INPUT} NAME)
file(WRITE ${OUTPUT}.tmp
"// Generated from latex/${_name} by embed_file.cmake: do not edit.
#include \"latex/package.hpp\"

namespace pith::latex {
namespace {
const char kText[${_bytes}] = {
${_array}
};
}  // namespace
std::string_view ${FUNCTION}() { return std::string_view(kText, sizeof kText); }
}  // namespace pith::latex
")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.tmp)

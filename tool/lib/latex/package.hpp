#pragma once
#include <string_view>

namespace pith::latex {

// The file names `pith latex` writes into the paper's directory.
inline constexpr const char* kPackageFileName = "pith.sty";
inline constexpr const char* kBindingFileName = "pith.sty.ltxml";
inline constexpr const char* kDataFileName = "pith-data.tex";

// pith.sty exactly as docstrip generated it from latex/pith.dtx in the source tree this binary
// was built from.
std::string_view packageText();

// latex/pith.sty.ltxml, the package's LaTeXML binding (HTML conversion), likewise.
std::string_view bindingText();

}  // namespace pith::latex

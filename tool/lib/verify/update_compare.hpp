#pragma once
// Compares an update section found in a file with the one pith writes for the same prefix and
// parameters (docs/FORMAT.md, "Validating the stamp update"): the same objects under the same
// numbers, each equal as PDF values; streams compared by their decoded bytes (compressed bytes
// depend on the zlib build), the XMP packet in its strict form (pdf/xmp/packet_structure.hpp) and
// then as a set of properties (its serialisation depends on Exempi's), the xref by what it lists
// (its offsets depend on the compressed lengths).
#include <optional>
#include <string>

#include "pdf/revisions/update_section.hpp"

namespace pith::verify {

// nullopt when the sections say the same; else the first difference, naming the object and key.
std::optional<std::string> compareUpdates(const pdf::UpdateSection& actual, const pdf::UpdateSection& expected,
                                          const pdf::Limits& limits);

}  // namespace pith::verify

#pragma once
// The strict form of the XMP packet a stamp writes (docs/FORMAT.md, "The stamp's XMP packet"):
// what is compared as a set of properties must be all the packet holds. An XMP parser keeps the
// properties and drops the rest (comments, processing instructions, text between elements,
// unused namespace declarations, a second packet or bytes after the first, duplicate
// properties), so before the properties are compared the packet is read here, without Exempi,
// and anything a property set cannot show is refused.
#include <optional>
#include <string>
#include <string_view>

namespace pith::pdf::xmp {

// nullopt when `packet` (the whole decoded stream) is exactly one packet of that form; else the
// first departure from it, with its byte offset.
std::optional<std::string> stampPacketProblem(std::string_view packet);

}  // namespace pith::pdf::xmp

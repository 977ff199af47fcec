#pragma once
// Keeping every item of a language alternative through Exempi (docs/FORMAT.md, "XMP").
//
// The XMP Toolkit in Exempi 2.6.3 normalises each language alternative (an rdf:Alt whose items all
// carry xml:lang) when it parses: the x-default item is swapped to the front, and an alternative of
// exactly two items gets the x-default value in both (NormalizeLangArray: "older Adobe apps were
// hardwired to only use the x-default item"). The second rule loses an author's other-language
// title, rights or description, and makes that item invisible to a comparison of properties. Exempi
// offers no option to skip it, so before parsing, one placeholder item is added at the end of every
// rdf:Alt (no alternative then has two items). The placeholders stay in the parsed packet (removing
// an item from an alternative normalises it again); they are left out of what is read from it and
// taken out of what is serialised.
#include <exempi/xmp.h>

#include <cstddef>
#include <set>
#include <string>
#include <string_view>

namespace pith::pdf::xmp {

// The packet with a placeholder item before each `</P:Alt>` end tag whose prefix P is bound to the
// RDF namespace somewhere in the packet (markup inside comments, CDATA sections and processing
// instructions is skipped); `added` is how many were added. Throws XmpError past 1000 of them.
std::string withPlaceholderItems(std::string_view packet, std::size_t& added);

// The placeholder items of a parsed packet, as "schema<TAB>item path". Throws XmpError when the
// packet holds more items in the placeholder's language than were added (a packet cannot hide an
// item this way).
std::set<std::string> placeholderItems(XmpPtr doc, std::size_t added);

// True if the leaf at `schemaAndPath` ("schema<TAB>path") is a placeholder item or its qualifier.
bool inPlaceholderItem(const std::set<std::string>& placeholders, const std::string& schemaAndPath);

// Exempi's serialisation of a packet holding `count` placeholder items, without them. Throws
// XmpError if it does not hold exactly `count` in the form Exempi writes them.
std::string withoutPlaceholderItems(std::string serialised, std::size_t count);

}  // namespace pith::pdf::xmp

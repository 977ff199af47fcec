#pragma once
// What a link on the badge page points at, as a reader's browser would go there: the record page
// itself, another page of the registry, a host made to look like the registry's, or elsewhere.
#include <string>

#include "pith_constants.hpp"

namespace pith::verify {

enum class LinkTarget {
    RecordPage,  // exactly https://pith.science/pith/<SUFFIX> of this record
    Registry,    // the registry's host (any case, after IDNA), another page or another record
    Lookalike,   // a host that resembles the registry's: confusable, a near miss, or "pith" in it
    Other,
};

LinkTarget classifyLink(const std::string& uri, const std::string& recordUrl);
const char* linkTargetName(LinkTarget target);

}  // namespace pith::verify

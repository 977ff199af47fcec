#pragma once
// Actions a viewer runs without a click: the catalog's /OpenAction and /AA, the document's
// JavaScript (/Names /JavaScript), the /AA of page 1 and of the badge page and of their
// annotations (page open and close, annotation shown or entered), and every action chained to
// them by /Next. Such an action can send the reader elsewhere or change what is shown on opening,
// after pith has read the pages; a destination, a GoTo (a page of the same file) and the Named
// page moves are navigation only.
#include "verify/context.hpp"

namespace pith::verify {

inline constexpr const char* kAutomaticActionsCheck = "pith.actions.automatic";

// Adds kAutomaticActionsCheck, `unverifiable` naming the first action that is not navigation
// (where it is, its object and its type), when there is one; nothing otherwise.
void checkAutomaticActions(Context& c);

}  // namespace pith::verify

#include "view/time_limit.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace pith::view {

namespace {

double limitSeconds() {
    if (const char* text = std::getenv("PITH_VIEWER_TIME_LIMIT")) {
        char* end = nullptr;
        const double s = std::strtod(text, &end);
        if (end != text && *end == '\0' && std::isfinite(s) && s > 0 && s <= 86400) return s;
    }
    return kDefaultViewerSeconds;
}

// The deadline of the innermost ViewerBudget on this thread (poppler calls start from the thread
// of the command that makes them; their work runs on threads of its own).
thread_local std::optional<std::chrono::steady_clock::time_point> budgetDeadline;

std::string secondsText(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", s);
    return buf;
}

}  // namespace

ViewerTimeLimit::ViewerTimeLimit()
    : std::runtime_error("poppler did not finish reading the page within " + secondsText(limitSeconds()) +
                         " s (the limit on a viewer's work, PITH_VIEWER_TIME_LIMIT)") {}

std::chrono::steady_clock::duration viewerTimeLimit() {
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(limitSeconds()));
}

ViewerBudget::ViewerBudget() : outer_(budgetDeadline) {
    const auto mine = std::chrono::steady_clock::now() + viewerTimeLimit();
    budgetDeadline = outer_ && *outer_ < mine ? *outer_ : mine;
}

ViewerBudget::~ViewerBudget() { budgetDeadline = outer_; }

std::chrono::steady_clock::time_point viewerDeadline() {
    const auto own = std::chrono::steady_clock::now() + viewerTimeLimit();
    return budgetDeadline && *budgetDeadline < own ? *budgetDeadline : own;
}

}  // namespace pith::view

#pragma once
// Where the badge goes on its page, decided against what the page shows (view/free_space.hpp):
// the rendered ink, the text boxes and the annotations' rectangles.
//
// Automatic placement tries, in this order, and takes the first place where nothing lies within
// kClearance points of the badge:
//   top-right, top-left, bottom-right, bottom-left  (corners, the edge distances given)
//   right-margin, left-margin                       (slid down the page's side, top to bottom)
// A position given by the caller is used as given, with a warning when it covers content.
#include <optional>
#include <string>
#include <vector>

#include "pdf/badge/badge.hpp"
#include "pdf/reader/pdf_reader.hpp"

namespace pith::pdf::stamp {

// Free room kept between the badge and the nearest content, in points.
inline constexpr double kClearance = 4;

struct PlacementDecision {
    badge::PlacedBadge placed;
    std::string how;                      // "auto:<candidate>", "auto-forced:top-right" or "given"
    std::optional<std::string> warning;   // what the badge covers, or why that cannot be told
};

// The candidates of automatic placement, in the order they are tried.
const std::vector<std::string>& autoCandidates();

// automatic: choose among autoCandidates() (placement gives the edge distances); else place as
// placement says. Throws StampRefused (stamp.hpp) when automatic placement finds no free place, or
// cannot read the page, unless force: then the badge goes top-right with a warning.
PlacementDecision decidePlacement(const PdfReader& in, const PageInfo& page, double width, double height,
                                  const badge::Placement& placement, bool automatic, bool force);

}  // namespace pith::pdf::stamp

#pragma once
// Where the badge goes on its page, decided against what the page shows (view/free_space.hpp):
// the rendered ink, the text boxes and the annotations' rectangles.
//
// Automatic placement tries, in this order, and takes the first place where nothing lies within
// kClearance points of the badge:
//   top-right, top-left, bottom-right, bottom-left  (corners, the edge distances given)
//   right-margin, left-margin                       (slid down the page's side, top to bottom)
//   left-margin-vertical                            (turned 90°, reading upwards, in the left margin
//                                                    as arXiv's side stamp: from the middle of the
//                                                    page's height outwards)
// which of them depends on the style. A position given by the caller is used as given, with a
// warning when it covers content.
#include <optional>
#include <string>
#include <vector>

#include "pdf/badge/badge.hpp"
#include "pdf/reader/pdf_reader.hpp"

namespace pith::pdf::stamp {

// Free room kept between the badge and the nearest content, in points.
inline constexpr double kClearance = 4;

enum class PlacementStyle {
    Badge,   // upright: the corners, then down the side margins (the default)
    Margin,  // left-margin-vertical only
    Any,     // upright first, then left-margin-vertical
};

struct PlacementDecision {
    badge::PlacedBadge placed;
    std::string how;                     // "auto:<candidate>", "auto-forced:<candidate>" or "given"
    std::optional<std::string> warning;  // what the badge covers, or why that cannot be told
};

// The candidates of automatic placement, in the order they are tried.
const std::vector<std::string>& autoCandidates();

// automatic: choose among the style's candidates (placement gives the edge distances); else place
// as placement says. Throws StampRefused (stamp.hpp) when automatic placement finds no free place,
// or cannot read the page, unless force: then the badge goes to the style's first place (top-right,
// or the middle of the left margin), with a warning.
PlacementDecision decidePlacement(const PdfReader& in, const PageInfo& page, double width, double height,
                                  const badge::Placement& placement, bool automatic, PlacementStyle style, bool force);

}  // namespace pith::pdf::stamp

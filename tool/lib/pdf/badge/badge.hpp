#pragma once
// The visible badge: a form XObject with the short Pith Number as vector text and, optionally, a
// vector QR code of the record URL; and its placement on a page (CropBox-relative, /Rotate-aware).
//
// The text uses base-14 Helvetica (WinAnsiEncoding), which is not embedded: every viewer has it and
// it adds no bytes, but the badge is not PDF/A-safe. The text is ASCII only (pith: + base32).
#include <array>
#include <optional>
#include <string>

#include "pdf/reader/pdf_reader.hpp"

namespace pith::pdf::badge {

struct BadgeForm {
    Object xobject;  // the form XObject stream (uncompressed content, deterministic)
    double width = 0;
    double height = 0;
};

// height: badge height in points (the QR code, if any, is a square of that side).
BadgeForm makeBadge(const std::string& text, const std::optional<std::string>& qrPayload, double height);

enum class Anchor { TopLeft, Top, TopRight, Left, Right, BottomLeft, Bottom, BottomRight, Absolute };

struct Placement {
    Anchor anchor = Anchor::TopRight;
    double dx = 12, dy = 12;  // margins from the anchored edges, or the absolute lower-left corner
                              // (as the page is displayed, from the crop box's lower-left corner)
};

// Parses "top-right", "bottom", ... or "X,Y" (absolute). nullopt with a reason if invalid.
std::optional<Anchor> parseAnchor(const std::string& text);

struct PlacedBadge {
    std::array<double, 6> matrix{};  // cm operands: badge space → page user space
    Rect rect;                       // the badge's bounding box in user space (for the /Link)
};

PlacedBadge place(const PageInfo& page, double width, double height, const Placement& placement);

}  // namespace pith::pdf::badge

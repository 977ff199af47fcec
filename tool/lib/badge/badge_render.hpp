#pragma once
// The badge in three formats. Each renderer is a pure function of the layout: same badge, same bytes.
#include <filesystem>
#include <optional>
#include <string>

#include "badge/badge_layout.hpp"

namespace pith::badge {

// SVG 1.1: the box, the frame and mark as one path, the word and the number as <text>, the QR path,
// all inside one <a href> to the record page.
std::string renderSvg(const BadgeLayout& badge);

// A one-page PDF whose page is the badge (fonts embedded), with a /Link annotation to the record page over all of it.
std::string renderPdf(const BadgeLayout& badge);

// RGB PNG at `dpi` pixels per inch (pHYs says so), the word drawn from regularFont and the number
// from boldFont (Nimbus Sans by default: the layout uses its metrics). Throws std::runtime_error
// naming the font or the size problem; std::invalid_argument for a DPI outside 36..2400.
std::string renderPng(const BadgeLayout& badge, int dpi, const std::filesystem::path& regularFont,
                      const std::filesystem::path& boldFont);

// Formats a coordinate with at most 3 decimals and no trailing zeros: "12", "12.5", "0.333".
std::string formatNumber(double value);

}  // namespace pith::badge

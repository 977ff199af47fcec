#pragma once
// The badge in three formats. Each renderer is a pure function of the layout: same badge, same bytes.
#include <filesystem>
#include <optional>
#include <string>

#include "badge/badge_layout.hpp"

namespace pith::badge {

// SVG 1.1: the box, frame, QR path and the label as <text>, all inside one <a href> to the record page.
std::string renderSvg(const BadgeLayout& badge);

// A one-page PDF whose page is the badge, with a /Link annotation to the record page over all of it.
std::string renderPdf(const BadgeLayout& badge);

// Grayscale PNG at `dpi` pixels per inch (pHYs says so), label drawn from the given OpenType/Type 1
// font (a Helvetica clone: the layout uses Helvetica's metrics). Throws std::runtime_error naming
// the font or the size problem; std::invalid_argument for a DPI outside 36..2400.
std::string renderPng(const BadgeLayout& badge, int dpi, const std::filesystem::path& fontFile);

// The first Helvetica-compatible font found in the usual Debian places (URW Nimbus Sans from
// fonts-urw-base35, or TeX Live's URW Helvetica), or nullopt.
std::optional<std::filesystem::path> findLabelFont();

// Formats a coordinate with at most 3 decimals and no trailing zeros: "12", "12.5", "0.333".
std::string formatNumber(double value);

}  // namespace pith::badge

#pragma once
// The one Pith badge, laid out once in points for every route that draws it: `pith stamp`
// (format 3, docs/FORMAT.md "The badge form"), and `pith badge` SVG, PDF and PNG. Left to right,
// vertically centred in a white box with a 0.5 pt accent frame: the mark (a block-letter P of
// 5 x 5 cells), the word "Pith Number" (Nimbus Sans, accent), the short number in bold (text
// colour), and optionally the QR code of the record page (docs/BADGE.md).
#include <optional>
#include <string>
#include <vector>

#include "badge/badge_font.hpp"
#include "qr/qr_matrix.hpp"
#include "record/pith_number.hpp"

namespace pith::badge {

struct Rect {
    double x = 0, y = 0, w = 0, h = 0;  // points, origin top-left, y grows downwards
};

struct Rgb {
    int r = 0, g = 0, b = 0;  // 0..255
};

struct TextRun {
    Weight weight = Weight::Regular;
    std::string text;
    Rgb colour;
    double x = 0, baseline = 0;    // origin, points from the top-left corner
    std::vector<double> advances;  // per character, points
};

struct BadgeLayout {
    double width = 0, height = 0;  // points
    double labelSize = 0;          // font size of the word and the number, points
    std::string label;             // pith:SHORT8
    std::string altText;           // Pith Number pith:SHORT8
    std::string url;               // https://pith.science/pith/<SUFFIX26>
    Rect background;               // filled white
    std::vector<Rect> frame;       // four rectangles of kFrameWidth inside the box edge, accent
    std::vector<Rect> mark;        // one rectangle per horizontal run of the mark's cells, accent
    TextRun word;                  // "Pith Number", regular, accent
    TextRun number;                // the label, bold, text colour
    std::optional<qr::QrMatrix> qr;
    std::vector<Rect> qrRuns;  // one rectangle per horizontal run of dark modules, black
    double qrModule = 0;       // side of one module, points

    static constexpr Rgb kWhite{255, 255, 255};
    static constexpr Rgb kAccent{0, 92, 110};
    static constexpr Rgb kText{20, 40, 48};
    static constexpr Rgb kModule{0, 0, 0};
    static constexpr double kFrameWidth = 0.5;
    static constexpr int kQuietZone = 4;  // modules of white around the code, inside the box
    // The label size is this many QR modules, so that the code keeps its size relative to the text.
    // At 96 dpi, codes of 1.5 pt modules (2 px) failed to decode (zbarimg) in pdftoppm, mutool and
    // Ghostscript; from 1.75 pt all three decoded; 2 pt leaves a margin.
    static constexpr double kLabelPerModule = 4;  // 2 pt modules at the default 8 pt label
    static constexpr double kDefaultLabel = 8;    // points: the label at the default height
    static constexpr double kMinimumLabel = 6;    // points: smaller is not read on paper (pith stamp refuses it)
};

struct BadgeOptions {
    bool qr = false;
    double height = 0;  // points; 0 picks the default: a label of 8 pt
};

// The mark's rows, top first ('#' filled): a block-letter P.
const std::vector<std::string>& markRows();

// The height a badge has by default (label of kDefaultLabel points).
double defaultHeight(bool qr, const std::string& url);
// The lowest height whose label is kMinimumLabel points.
double minimumHeight(bool qr, const std::string& url);

// Throws std::invalid_argument for a height outside 8..2000 points.
BadgeLayout layoutBadge(const record::PithNumber& number, const BadgeOptions& options);
BadgeLayout layoutBadge(const std::string& label, const std::string& url, bool qr, double height);

// Helvetica's advance width for one character of a format-2 stamp's label (pith: + base32), per
// 1000 units of the em (Adobe AFM). Format-2 badges use base-14 Helvetica; kept for their verification.
double helveticaAdvance(char c);

}  // namespace pith::badge

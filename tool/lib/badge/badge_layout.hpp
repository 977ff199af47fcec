#pragma once
// The badge for web pages, slides and posters: the same picture `pith stamp` draws into a PDF
// (white box, thin grey frame, optional QR code of the record page, the short number in
// Helvetica), laid out once in points so that the SVG, PDF and PNG renderers agree.
#include <optional>
#include <string>
#include <vector>

#include "qr/qr_matrix.hpp"
#include "record/pith_number.hpp"

namespace pith::badge {

struct Rect {
    double x = 0, y = 0, w = 0, h = 0;  // points, origin top-left, y grows downwards
};

struct Gray {
    double level = 0;  // 0 black .. 1 white
};

struct BadgeLayout {
    double width = 0, height = 0;     // points
    std::string label;                // pith:SHORT8
    std::string url;                  // https://pith.science/pith/<SUFFIX26>
    Rect background;                  // filled white
    std::vector<Rect> frame;          // four thin rectangles, the grey frame
    std::vector<Rect> qrRuns;         // one rectangle per horizontal run of dark modules
    std::optional<qr::QrMatrix> qr;
    double qrModule = 0;              // side of one module, points
    double fontSize = 0;              // points
    double textX = 0, baseline = 0;   // text origin, points from the top-left corner
    std::vector<double> advances;     // per label character, points (Helvetica metrics)

    static constexpr Gray kBackground{1.0};
    static constexpr Gray kFrame{0.6};
    static constexpr Gray kModule{0.0};
    static constexpr Gray kText{0.1};
    static constexpr double kFrameWidth = 0.5;
};

struct BadgeOptions {
    bool qr = false;
    double height = 0;  // points; 0 picks 40 with a QR code, 24 without (as `pith stamp`)
};

// Throws std::invalid_argument for a height outside 8..2000 points.
BadgeLayout layoutBadge(const record::PithNumber& number, const BadgeOptions& options);

// Helvetica's advance width for one character, per 1000 units of the em (Adobe AFM). The label
// is ASCII (pith: + base32), so the table covers exactly that.
double helveticaAdvance(char c);

}  // namespace pith::badge

#include "badge/badge_layout.hpp"

#include <algorithm>
#include <stdexcept>

namespace pith::badge {

namespace {

constexpr double kFrame = BadgeLayout::kFrameWidth;

// Height for a label size and, with a code, its module count (the symbol and both quiet zones).
// The design's proportions: padding 0.2 x label above and below, the mark 1.0 x label high.
double heightFor(double label, int modules) {
    const double content = modules > 0 ? std::max(label, modules * (label / BadgeLayout::kLabelPerModule)) : label;
    return 2 * kFrame + 0.4 * label + content;
}

TextRun run(Weight weight, const std::string& text, Rgb colour, double x, double baseline, double size) {
    TextRun t{weight, text, colour, x, baseline, {}};
    for (char c : text) t.advances.push_back(advance(weight, c) * size / 1000.0);
    return t;
}

double widthOf(const TextRun& t) {
    double w = 0;
    for (double a : t.advances) w += a;
    return w;
}

}  // namespace

const std::vector<std::string>& markRows() {
    static const std::vector<std::string> rows{"####.", "#...#", "####.", "#....", "#...."};
    return rows;
}

double defaultHeight(bool qr, const std::string& url) {
    return heightFor(BadgeLayout::kDefaultLabel, qr ? qr::encode(url).size + 2 * BadgeLayout::kQuietZone : 0);
}

double minimumHeight(bool qr, const std::string& url) {
    return heightFor(BadgeLayout::kMinimumLabel, qr ? qr::encode(url).size + 2 * BadgeLayout::kQuietZone : 0);
}

BadgeLayout layoutBadge(const record::PithNumber& number, const BadgeOptions& options) {
    const double height = options.height > 0 ? options.height : defaultHeight(options.qr, number.recordUrl());
    return layoutBadge(number.shortForm(8), number.recordUrl(), options.qr, height);
}

BadgeLayout layoutBadge(const std::string& label, const std::string& url, bool qr, double height) {
    if (!(height >= 8 && height <= 2000)) throw std::invalid_argument("badge height must be 8..2000 points");
    BadgeLayout b;
    b.label = label;
    b.altText = "Pith Number " + label;
    b.url = url;
    b.height = height;
    int modules = 0;
    if (qr) {
        b.qr = qr::encode(url);
        modules = b.qr->size + 2 * BadgeLayout::kQuietZone;
    }
    // The label size that gives this height (heightFor solved for the label).
    const double s = modules > 0 ? (height - 2 * kFrame) / (0.4 + std::max(1.0, modules / BadgeLayout::kLabelPerModule))
                                 : (height - 2 * kFrame) / 1.4;
    b.labelSize = s;
    b.qrModule = qr ? s / BadgeLayout::kLabelPerModule : 0;
    const double qrSide = modules * b.qrModule;
    const double content = std::max(s, qrSide);
    const double top = kFrame + 0.2 * s;             // inside the frame and the padding
    const double lineTop = top + (content - s) / 2;  // the mark's top: the line is 1.0 x label high
    const double baseline = lineTop + 0.9 * s;       // the mark's bottom is 0.1 x label below the baseline

    double x = kFrame + 0.3 * s;
    const double cell = s / 5;
    const auto& rows = markRows();
    for (size_t r = 0; r < rows.size(); ++r) {
        for (size_t c = 0; c < rows[r].size();) {
            if (rows[r][c] != '#') {
                ++c;
                continue;
            }
            size_t n = 1;
            while (c + n < rows[r].size() && rows[r][c + n] == '#') ++n;
            b.mark.push_back({x + c * cell, lineTop + r * cell, n * cell, cell});
            c += n;
        }
    }
    x += s + 0.35 * s;
    b.word = run(Weight::Regular, "Pith Number", BadgeLayout::kAccent, x, baseline, s);
    x += widthOf(b.word) + 0.5 * s;
    b.number = run(Weight::Bold, label, BadgeLayout::kText, x, baseline, s);
    x += widthOf(b.number);
    if (qr) {
        x += 0.5 * s;
        const double qrTop = top + (content - qrSide) / 2 + BadgeLayout::kQuietZone * b.qrModule;
        const double qrLeft = x + BadgeLayout::kQuietZone * b.qrModule;
        for (int y = 0; y < b.qr->size; ++y) {
            for (int mx = 0; mx < b.qr->size;) {
                if (!b.qr->at(mx, y)) {
                    ++mx;
                    continue;
                }
                int n = 1;
                while (mx + n < b.qr->size && b.qr->at(mx + n, y)) ++n;
                b.qrRuns.push_back({qrLeft + mx * b.qrModule, qrTop + y * b.qrModule, n * b.qrModule, b.qrModule});
                mx += n;
            }
        }
        x += qrSide;
    }
    b.width = x + 0.3 * s + kFrame;
    b.background = {0, 0, b.width, b.height};
    b.frame = {{0, 0, b.width, kFrame},
               {0, b.height - kFrame, b.width, kFrame},
               {0, kFrame, kFrame, b.height - 2 * kFrame},
               {b.width - kFrame, kFrame, kFrame, b.height - 2 * kFrame}};
    return b;
}

double helveticaAdvance(char c) {
    static const int upper[26] = {667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
                                  722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611};
    if (c >= 'A' && c <= 'Z') return upper[c - 'A'];
    if (c >= '0' && c <= '9') return 556;
    switch (c) {
    case 'i': return 222;
    case 't': return 278;
    case ':': return 278;
    case ' ': return 278;
    default: return 556;  // p, h and the other lower-case letters a label can hold
    }
}

}  // namespace pith::badge

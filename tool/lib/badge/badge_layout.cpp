#include "badge/badge_layout.hpp"

#include <stdexcept>

namespace pith::badge {

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

BadgeLayout layoutBadge(const record::PithNumber& number, const BadgeOptions& options) {
    const double height = options.height > 0 ? options.height : (options.qr ? 40.0 : 24.0);
    if (height < 8 || height > 2000) throw std::invalid_argument("badge height must be 8..2000 points");

    BadgeLayout b;
    b.label = number.shortForm();
    b.url = number.recordUrl();
    b.height = height;
    // Proportions as in the PDF stamp (pdf/badge): the text is smaller beside a QR code.
    b.fontSize = height * (options.qr ? 0.36 : 0.5);
    const double pad = height * 0.2;
    double textWidth = 0;
    for (char c : b.label) {
        b.advances.push_back(helveticaAdvance(c) * b.fontSize / 1000.0);
        textWidth += b.advances.back();
    }
    const double qrSide = options.qr ? height : 0;
    b.width = qrSide + pad + textWidth + pad;
    b.background = {0, 0, b.width, b.height};
    const double f = BadgeLayout::kFrameWidth;
    b.frame = {{0, 0, b.width, f}, {0, b.height - f, b.width, f}, {0, f, f, b.height - 2 * f},
               {b.width - f, f, f, b.height - 2 * f}};

    if (options.qr) {
        b.qr = qr::encode(b.url);
        const int quiet = 4;  // the quiet zone QR readers need, inside the white box (as the PDF stamp)
        b.qrModule = height / (b.qr->size + 2 * quiet);
        for (int y = 0; y < b.qr->size; ++y) {
            for (int x = 0; x < b.qr->size;) {
                if (!b.qr->at(x, y)) {
                    ++x;
                    continue;
                }
                int run = 1;
                while (x + run < b.qr->size && b.qr->at(x + run, y)) ++run;
                b.qrRuns.push_back({(x + quiet) * b.qrModule, (y + quiet) * b.qrModule, run * b.qrModule, b.qrModule});
                x += run;
            }
        }
    }
    b.textX = qrSide + pad;
    // Vertically centred on the cap height (Helvetica: 718/1000 of the em).
    b.baseline = height - (height - b.fontSize * 0.716) / 2;
    return b;
}

}  // namespace pith::badge

#include "pdf/badge/badge.hpp"

#include <algorithm>

#include "badge/badge_layout.hpp"
#include "pdf/writer/serialize.hpp"
#include "qr/qr_matrix.hpp"

namespace pith::pdf::badge {

namespace {

std::string num(double v) { return formatReal(v); }

}  // namespace

BadgeForm makeBadge(const std::string& text, const std::optional<std::string>& qrPayload, double height) {
    const double fontSize = height * (qrPayload ? 0.36 : 0.5);
    const double pad = height * 0.2;
    double textWidth = 0;
    for (char c : text) textWidth += pith::badge::helveticaAdvance(c) * fontSize / 1000.0;
    const double qrSide = qrPayload ? height : 0;
    const double width = qrSide + pad + textWidth + pad;

    std::string c;
    // White background with a thin grey frame, so the badge reads on any page.
    c += "1 g 0.6 G 0.5 w\n";
    c += "0.25 0.25 " + num(width - 0.5) + " " + num(height - 0.5) + " re B\n";
    if (qrPayload) {
        qr::QrMatrix m = qr::encode(*qrPayload);
        const int quiet = 4;  // the quiet zone QR readers need, inside the white background
        const double module = height / (m.size + 2 * quiet);
        c += "0 g\n";
        // One rectangle per horizontal run of dark modules: fewer operators, same picture.
        for (int y = 0; y < m.size; ++y) {
            for (int x = 0; x < m.size;) {
                if (!m.at(x, y)) {
                    ++x;
                    continue;
                }
                int run = 1;
                while (x + run < m.size && m.at(x + run, y)) ++run;
                double px = (x + quiet) * module;
                double py = height - (y + quiet + 1) * module;
                c += num(px) + " " + num(py) + " " + num(run * module) + " " + num(module) + " re\n";
                x += run;
            }
        }
        c += "f\n";
    }
    const double baseline = (height - fontSize * 0.716) / 2;  // Helvetica cap height 718/1000
    c += "0.1 g BT /PithHelv " + num(fontSize) + " Tf " + num(qrSide + pad) + " " + num(baseline) + " Td (";
    for (char ch : text) {
        if (ch == '(' || ch == ')' || ch == '\\') c += '\\';
        c += ch;
    }
    c += ") Tj ET\n";

    Dictionary font;
    font.set("Type", Object::name("Font"));
    font.set("Subtype", Object::name("Type1"));
    font.set("BaseFont", Object::name("Helvetica"));
    font.set("Encoding", Object::name("WinAnsiEncoding"));
    Dictionary fonts;
    fonts.set("PithHelv", Object::dictionary(std::move(font)));
    Dictionary resources;
    resources.set("Font", Object::dictionary(std::move(fonts)));
    resources.set("ProcSet", Object::array({Object::name("PDF"), Object::name("Text")}));
    Dictionary form;
    form.set("Type", Object::name("XObject"));
    form.set("Subtype", Object::name("Form"));
    form.set("BBox", Object::array({Object::integer(0), Object::integer(0), Object::real(width), Object::real(height)}));
    form.set("Resources", Object::dictionary(std::move(resources)));
    return BadgeForm{Object::stream(std::move(form), std::move(c)), width, height};
}

std::optional<Anchor> parseAnchor(const std::string& t) {
    if (t == "top-left") return Anchor::TopLeft;
    if (t == "top") return Anchor::Top;
    if (t == "top-right") return Anchor::TopRight;
    if (t == "left") return Anchor::Left;
    if (t == "right") return Anchor::Right;
    if (t == "bottom-left") return Anchor::BottomLeft;
    if (t == "bottom") return Anchor::Bottom;
    if (t == "bottom-right") return Anchor::BottomRight;
    return std::nullopt;
}

static PlacedBadge placeScaled(const PageInfo& page, double w, double h, double scale, const Placement& p, double vw, double vh);

PlacedBadge place(const PageInfo& page, double w, double h, const Placement& p) {
    const Rect& cb = page.cropBox;
    const bool quarter = page.rotate == 90 || page.rotate == 270;
    // The page as displayed: width and height after rotation.
    const double vw = quarter ? cb.height() : cb.width();
    const double vh = quarter ? cb.width() : cb.height();
    // A page too small for the badge gets a smaller badge (down to 1/20), not one off the page.
    double scale = 1;
    Placement fitted = p;
    if (p.anchor != Anchor::Absolute) {
        if (vw <= 2 * fitted.dx + 1 || vh <= 2 * fitted.dy + 1) fitted.dx = fitted.dy = 0;
        scale = std::clamp(std::min((vw - 2 * fitted.dx) / w, (vh - 2 * fitted.dy) / h), 0.05, 1.0);
    }
    w *= scale;
    h *= scale;
    return placeScaled(page, w, h, scale, fitted, vw, vh);
}

static PlacedBadge placeScaled(const PageInfo& page, double w, double h, double scale, const Placement& p, double vw, double vh) {
    const Rect& cb = page.cropBox;
    double vx = p.dx, vy = p.dy;  // lower-left corner of the badge, display coordinates
    switch (p.anchor) {
    case Anchor::TopLeft:
        vx = p.dx;
        vy = vh - h - p.dy;
        break;
    case Anchor::Top:
        vx = (vw - w) / 2;
        vy = vh - h - p.dy;
        break;
    case Anchor::TopRight:
        vx = vw - w - p.dx;
        vy = vh - h - p.dy;
        break;
    case Anchor::Left:
        vx = p.dx;
        vy = (vh - h) / 2;
        break;
    case Anchor::Right:
        vx = vw - w - p.dx;
        vy = (vh - h) / 2;
        break;
    case Anchor::BottomLeft:
        vx = p.dx;
        vy = p.dy;
        break;
    case Anchor::Bottom:
        vx = (vw - w) / 2;
        vy = p.dy;
        break;
    case Anchor::BottomRight:
        vx = vw - w - p.dx;
        vy = p.dy;
        break;
    case Anchor::Absolute: break;
    }
    // Display → user space for each /Rotate (the viewer turns the page clockwise).
    PlacedBadge out;
    switch (page.rotate) {
    case 90: out.matrix = {0, 1, -1, 0, cb.x1 - vy, cb.y0 + vx}; break;
    case 180: out.matrix = {-1, 0, 0, -1, cb.x1 - vx, cb.y1 - vy}; break;
    case 270: out.matrix = {0, -1, 1, 0, cb.x0 + vy, cb.y1 - vx}; break;
    default: out.matrix = {1, 0, 0, 1, cb.x0 + vx, cb.y0 + vy}; break;
    }
    for (int i = 0; i < 4; ++i) out.matrix[static_cast<size_t>(i)] *= scale;
    const auto& m = out.matrix;
    double xs[4], ys[4];
    const double bx[4] = {0, w / scale, 0, w / scale}, by[4] = {0, 0, h / scale, h / scale};
    for (int i = 0; i < 4; ++i) {
        xs[i] = m[0] * bx[i] + m[2] * by[i] + m[4];
        ys[i] = m[1] * bx[i] + m[3] * by[i] + m[5];
    }
    out.rect = Rect{*std::min_element(xs, xs + 4), *std::min_element(ys, ys + 4), *std::max_element(xs, xs + 4),
                    *std::max_element(ys, ys + 4)};
    return out;
}

}  // namespace pith::pdf::badge

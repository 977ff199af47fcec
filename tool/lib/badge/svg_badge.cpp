#include <cmath>
#include <cstdio>

#include "badge/badge_render.hpp"

namespace pith::badge {

namespace {

std::string grayHex(Gray g) {
    char buf[8];
    int v = static_cast<int>(std::lround(g.level * 255));
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", v, v, v);
    return buf;
}

// The URL and label are ASCII from a fixed alphabet, but escaping keeps the XML valid whatever they hold.
std::string xmlEscape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string rectPath(const Rect& r) {
    return "M" + formatNumber(r.x) + " " + formatNumber(r.y) + "h" + formatNumber(r.w) + "v" + formatNumber(r.h) + "h" +
           formatNumber(-r.w) + "z";
}

}  // namespace

std::string formatNumber(double value) {
    double rounded = std::round(value * 1000) / 1000;
    if (rounded == 0) rounded = 0;  // no "-0"
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f", rounded);
    std::string s = buf;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

std::string renderSvg(const BadgeLayout& b) {
    const std::string w = formatNumber(b.width), h = formatNumber(b.height);
    const std::string url = xmlEscape(b.url), label = xmlEscape(b.label);
    std::string s;
    s += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    s += "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" width=\"" +
         w + "pt\" height=\"" + h + "pt\" viewBox=\"0 0 " + w + " " + h + "\" role=\"img\" aria-label=\"Pith Number " +
         label + "\">\n";
    s += "<title>Pith Number " + label + "</title>\n";
    // Both href forms: SVG 2 readers use href, SVG 1.1 readers (and some converters) xlink:href.
    s += "<a href=\"" + url + "\" xlink:href=\"" + url + "\" target=\"_blank\">\n";
    s += "<rect x=\"0\" y=\"0\" width=\"" + w + "\" height=\"" + h + "\" fill=\"" + grayHex(BadgeLayout::kBackground) +
         "\"/>\n";
    std::string frame;
    for (const Rect& r : b.frame) frame += rectPath(r);
    s += "<path fill=\"" + grayHex(BadgeLayout::kFrame) + "\" d=\"" + frame + "\"/>\n";
    if (!b.qrRuns.empty()) {
        std::string d;
        for (const Rect& r : b.qrRuns) d += rectPath(r);
        s += "<path fill=\"" + grayHex(BadgeLayout::kModule) + "\" shape-rendering=\"crispEdges\" d=\"" + d + "\"/>\n";
    }
    double textWidth = 0;
    for (double a : b.advances) textWidth += a;
    // textLength holds the label to Helvetica's width when a viewer substitutes another sans-serif.
    s += "<text x=\"" + formatNumber(b.textX) + "\" y=\"" + formatNumber(b.baseline) +
         "\" font-family=\"Helvetica, 'Nimbus Sans', Arial, sans-serif\" font-size=\"" + formatNumber(b.fontSize) +
         "\" textLength=\"" + formatNumber(textWidth) + "\" lengthAdjust=\"spacingAndGlyphs\" fill=\"" +
         grayHex(BadgeLayout::kText) + "\">" + label + "</text>\n";
    s += "</a>\n</svg>\n";
    return s;
}

}  // namespace pith::badge

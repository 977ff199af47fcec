#include <cmath>
#include <cstdio>

#include "badge/badge_render.hpp"

namespace pith::badge {

namespace {

std::string hex(Rgb c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
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

static std::string textElement(const TextRun& t, double size, const char* weight) {
    double width = 0;
    for (double a : t.advances) width += a;
    // textLength holds the run to Nimbus Sans's (Helvetica's) width when a viewer substitutes another sans-serif.
    return "<text x=\"" + formatNumber(t.x) + "\" y=\"" + formatNumber(t.baseline) +
           "\" font-family=\"'Nimbus Sans', Helvetica, Arial, sans-serif\" font-weight=\"" + weight + "\" font-size=\"" +
           formatNumber(size) + "\" textLength=\"" + formatNumber(width) + "\" lengthAdjust=\"spacingAndGlyphs\" fill=\"" +
           hex(t.colour) + "\">" + xmlEscape(t.text) + "</text>\n";
}

std::string renderSvg(const BadgeLayout& b) {
    const std::string w = formatNumber(b.width), h = formatNumber(b.height);
    const std::string url = xmlEscape(b.url), alt = xmlEscape(b.altText);
    std::string s;
    s += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    s += "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" width=\"" + w +
         "pt\" height=\"" + h + "pt\" viewBox=\"0 0 " + w + " " + h + "\" role=\"img\" aria-label=\"" + alt + "\">\n";
    s += "<title>" + alt + "</title>\n";
    // Both href forms: SVG 2 readers use href, SVG 1.1 readers (and some converters) xlink:href.
    s += "<a href=\"" + url + "\" xlink:href=\"" + url + "\" target=\"_blank\">\n";
    s += "<rect x=\"0\" y=\"0\" width=\"" + w + "\" height=\"" + h + "\" fill=\"" + hex(BadgeLayout::kWhite) + "\"/>\n";
    std::string accent;
    for (const Rect& r : b.frame) accent += rectPath(r);
    for (const Rect& r : b.mark) accent += rectPath(r);
    s += "<path fill=\"" + hex(BadgeLayout::kAccent) + "\" shape-rendering=\"crispEdges\" d=\"" + accent + "\"/>\n";
    s += textElement(b.word, b.labelSize, "normal");
    s += textElement(b.number, b.labelSize, "bold");
    if (!b.qrRuns.empty()) {
        std::string d;
        for (const Rect& r : b.qrRuns) d += rectPath(r);
        s += "<path fill=\"" + hex(BadgeLayout::kModule) + "\" shape-rendering=\"crispEdges\" d=\"" + d + "\"/>\n";
    }
    s += "</a>\n</svg>\n";
    return s;
}

}  // namespace pith::badge

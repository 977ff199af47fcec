// A one-page PDF written by hand: five small objects and an xref table. PoDoFo could write it, but
// it stamps a creation date and a random /ID into every document, and the badge must be the same
// bytes for the same record.
#include <cstdio>
#include <vector>

#include "badge/badge_render.hpp"

namespace pith::badge {

namespace {

std::string n(double v) { return formatNumber(v); }

std::string pdfLiteral(const std::string& s) {
    std::string out = "(";
    for (char c : s) {
        if (c == '(' || c == ')' || c == '\\') out += '\\';
        out += c;
    }
    return out + ")";
}

// PDF's y axis points up; the layout's points down.
std::string rectOp(const Rect& r, double pageHeight) {
    return n(r.x) + " " + n(pageHeight - r.y - r.h) + " " + n(r.w) + " " + n(r.h) + " re\n";
}

std::string gray(Gray g) { return n(g.level) + " g\n"; }

}  // namespace

std::string renderPdf(const BadgeLayout& b) {
    const double H = b.height;
    std::string content;
    content += gray(BadgeLayout::kBackground) + rectOp(b.background, H) + "f\n";
    content += gray(BadgeLayout::kFrame);
    for (const Rect& r : b.frame) content += rectOp(r, H);
    content += "f\n";
    if (!b.qrRuns.empty()) {
        content += gray(BadgeLayout::kModule);
        for (const Rect& r : b.qrRuns) content += rectOp(r, H);
        content += "f\n";
    }
    content += gray(BadgeLayout::kText) + "BT /F1 " + n(b.fontSize) + " Tf " + n(b.textX) + " " + n(H - b.baseline) +
               " Td " + pdfLiteral(b.label) + " Tj ET\n";

    const std::string box = "[0 0 " + n(b.width) + " " + n(H) + "]";
    std::vector<std::string> objects = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox " + box + " /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R " +
            "/Annots [6 0 R] >>",
        "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        "<< /Type /Annot /Subtype /Link /Rect " + box + " /Border [0 0 0] /F 4 /A << /S /URI /URI " + pdfLiteral(b.url) +
            " >> >>",
        "<< /Title " + pdfLiteral("Pith Number " + b.label) + " /Producer (pith badge) >>",
    };
    std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
    std::vector<size_t> offsets;
    for (size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (size_t off : offsets) {
        char line[24];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
        pdf += line;
    }
    pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R /Info 7 0 R >>\nstartxref\n" +
           std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

}  // namespace pith::badge

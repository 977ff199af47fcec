// A one-page PDF written by hand: a few small objects and an xref table. PoDoFo could write it, but
// it stamps a creation date and a random /ID into every document, and the badge must be the same
// bytes for the same record. The page draws what a stamp's badge form draws (pdf/badge/badge_drawing).
#include <cstdio>
#include <vector>

#include "badge/badge_render.hpp"
#include "pdf/badge/badge_drawing.hpp"
#include "pdf/writer/serialize.hpp"

namespace pith::badge {

namespace {

std::string n(double v) { return pdf::formatReal(v); }

std::string pdfLiteral(const std::string& s) {
    std::string out = "(";
    for (char c : s) {
        if (c == '(' || c == ')' || c == '\\') out += '\\';
        out += c;
    }
    return out + ")";
}

std::string ref(int num) { return std::to_string(num) + " 0 R"; }

}  // namespace

std::string renderPdf(const BadgeLayout& b) {
    const std::string content = pdf::badge::drawingContent(b);
    // Objects 7-9: the regular font's program, descriptor and dictionary; 10-12 the bold one's.
    const pdf::badge::FontObjects regular = pdf::badge::fontObjects(Weight::Regular, pdf::Ref{7, 0}, pdf::Ref{8, 0});
    const pdf::badge::FontObjects bold = pdf::badge::fontObjects(Weight::Bold, pdf::Ref{10, 0}, pdf::Ref{11, 0});
    const std::string resources =
        pdf::serialize(pdf::Object::dictionary(pdf::badge::drawingResources(pdf::Ref{9, 0}, pdf::Ref{12, 0})));

    const std::string box = "[0 0 " + n(b.width) + " " + n(b.height) + "]";
    std::vector<std::string> objects = {
        "<< /Type /Catalog /Pages 2 0 R /Lang (en) >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox " + box + " /Resources " + resources + " /Contents 4 0 R /Annots [5 0 R] >>",
        "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream",
        "<< /Type /Annot /Subtype /Link /Rect " + box + " /Border [0 0 0] /F 4 /Contents " + pdfLiteral(b.altText) +
            " /A << /S /URI /URI " + pdfLiteral(b.url) + " >> >>",
        "<< /Title " + pdfLiteral(b.altText) + " /Producer (pith badge) >>",
    };
    for (const auto* f : {&regular, &bold}) {
        objects.push_back(pdf::serialize(f->program));
        objects.push_back(pdf::serialize(f->descriptor));
        objects.push_back(pdf::serialize(f->font));
    }
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
    pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R /Info " + ref(6) + " >>\nstartxref\n" +
           std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

}  // namespace pith::badge

#include "pdf/badge/badge_drawing.hpp"

#include <algorithm>

#include "pdf/reader/filters.hpp"
#include "pdf/writer/serialize.hpp"

namespace pith::pdf::badge {

namespace {

using pith::badge::BadgeLayout;
using pith::badge::Rgb;
using pith::badge::TextRun;
using pith::badge::Weight;

std::string num(double v) { return formatReal(v); }

std::string colour(Rgb c) { return num(c.r / 255.0) + " " + num(c.g / 255.0) + " " + num(c.b / 255.0) + " rg\n"; }

// The layout's y axis points down, PDF's up.
std::string rects(const std::vector<pith::badge::Rect>& rs, double height) {
    std::string out;
    for (const auto& r : rs) out += num(r.x) + " " + num(height - r.y - r.h) + " " + num(r.w) + " " + num(r.h) + " re\n";
    return out + "f\n";
}

std::string text(const TextRun& t, const char* font, double size, double height) {
    std::string literal;
    for (char c : t.text) {
        if (c == '(' || c == ')' || c == '\\') literal += '\\';
        literal += c;
    }
    return colour(t.colour) + "BT /" + font + " " + num(size) + " Tf " + num(t.x) + " " + num(height - t.baseline) + " Td (" +
           literal + ") Tj ET\n";
}

}  // namespace

std::string drawingContent(const BadgeLayout& b) {
    const double H = b.height;
    std::string c = "/Artifact BMC\n";
    c += colour(BadgeLayout::kWhite) + rects({b.background}, H);
    c += colour(BadgeLayout::kAccent) + rects(b.frame, H) + rects(b.mark, H);
    c += text(b.word, kRegularFontName, b.labelSize, H);
    c += text(b.number, kBoldFontName, b.labelSize, H);
    if (!b.qrRuns.empty()) c += colour(BadgeLayout::kModule) + rects(b.qrRuns, H);
    return c + "EMC\n";
}

FontObjects fontObjects(Weight weight, Ref programRef, Ref descriptorRef) {
    const pith::badge::FontProgram& f = pith::badge::fontProgram(weight);
    const std::string& chars = pith::badge::subsetCharacters(weight);

    Dictionary program;
    program.set("Subtype", Object::name("Type1C"));
    program.set("Filter", Object::name("FlateDecode"));

    // The glyph names of the subset (as WinAnsiEncoding names its characters), for /CharSet.
    auto glyphName = [](char c) -> std::string {
        static const char* digits[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
        if (c == ' ') return "space";
        if (c == ':') return "colon";
        if (c >= '0' && c <= '9') return digits[c - '0'];
        return std::string(1, c);
    };
    std::string charSet;
    for (char c : chars) charSet += "/" + glyphName(c);
    Dictionary descriptor;
    descriptor.set("Type", Object::name("FontDescriptor"));
    descriptor.set("FontName", Object::name(f.postScriptName));
    descriptor.set("Flags", Object::integer(32));  // nonsymbolic: the standard Latin character set
    descriptor.set("FontBBox", Object::array({Object::integer(f.bbox[0]), Object::integer(f.bbox[1]), Object::integer(f.bbox[2]),
                                              Object::integer(f.bbox[3])}));
    descriptor.set("ItalicAngle", Object::integer(0));
    descriptor.set("Ascent", Object::integer(f.ascent));
    descriptor.set("Descent", Object::integer(f.descent));
    descriptor.set("CapHeight", Object::integer(f.capHeight));
    descriptor.set("StemV", Object::integer(f.stemV));
    descriptor.set("CharSet", Object::string(charSet));
    descriptor.set("FontFile3", Object::reference(programRef));

    const unsigned char first = static_cast<unsigned char>(*std::min_element(chars.begin(), chars.end()));
    const unsigned char last = static_cast<unsigned char>(*std::max_element(chars.begin(), chars.end()));
    Array widths;
    for (unsigned c = first; c <= last; ++c)
        widths.push_back(Object::integer(pith::badge::advance(weight, static_cast<char>(c))));
    Dictionary font;
    font.set("Type", Object::name("Font"));
    font.set("Subtype", Object::name("Type1"));
    font.set("BaseFont", Object::name(f.postScriptName));
    font.set("FirstChar", Object::integer(first));
    font.set("LastChar", Object::integer(last));
    font.set("Widths", Object::array(std::move(widths)));
    font.set("Encoding", Object::name("WinAnsiEncoding"));
    font.set("FontDescriptor", Object::reference(descriptorRef));
    return FontObjects{Object::stream(std::move(program), deflate(f.cff)), Object::dictionary(std::move(descriptor)),
                       Object::dictionary(std::move(font))};
}

Dictionary drawingResources(Ref regularFont, Ref boldFont) {
    Dictionary fonts;
    fonts.set(kRegularFontName, Object::reference(regularFont));
    fonts.set(kBoldFontName, Object::reference(boldFont));
    Dictionary resources;
    resources.set("Font", Object::dictionary(std::move(fonts)));
    resources.set("ProcSet", Object::array({Object::name("PDF"), Object::name("Text")}));
    return resources;
}

}  // namespace pith::pdf::badge

// Which glyph names a simple font's codes draw (pdf/content/glyph_reading.hpp, simpleFontGlyphNames),
// against poppler's own choice (GfxFont::makeFont, Gfx8BitFont::getEncoding) on the same font in a
// PDF: unknown encoding names, Symbol named oddly or given StandardEncoding, TrueType without an
// encoding, and TeX Live's Type 1 programs embedded without one (their own encodings).
#include <gtest/gtest.h>
#include <poppler/GfxFont.h>
#include <poppler/GlobalParams.h>
#include <poppler/PDFDoc.h>
#include <poppler/Stream.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "pdf/content/glyph_reading.hpp"
#include "pdf_test_support.hpp"
#include "text/match_key.hpp"

namespace {

using namespace pith;

// A PFB file's segments joined: the bytes a PDF's /FontFile holds, with the clear text's length.
std::string fontFileOf(const std::string& pfbPath, size_t* length1) {
    std::ifstream in(pfbPath, std::ios::binary);
    std::string pfb((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()), out;
    *length1 = 0;
    for (size_t at = 0; at + 6 <= pfb.size() && static_cast<unsigned char>(pfb[at]) == 0x80 && pfb[at + 1] != 3;) {
        const size_t n = static_cast<unsigned char>(pfb[at + 2]) | static_cast<unsigned char>(pfb[at + 3]) << 8 |
                         static_cast<unsigned char>(pfb[at + 4]) << 16 |
                         static_cast<size_t>(static_cast<unsigned char>(pfb[at + 5])) << 24;
        if (*length1 == 0) *length1 = n;
        out += pfb.substr(at + 6, n);
        at += 6 + n;
    }
    return out;
}

// A PDF whose object 3 is the font `fontDict` (with /FontDescriptor 4 0 R, and /FontFile 5 0 R
// holding `program` when there is one).
std::string pdfWithFont(const std::string& fontDict, const std::string& program = "", size_t length1 = 0) {
    std::vector<std::string> objects{
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [6 0 R] /Count 1 >>",
        "<< /Type /Font " + fontDict + " /FontDescriptor 4 0 R >>",
        "<< /Type /FontDescriptor /FontName /F /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 "
        "/CapHeight 700 /StemV 80" +
            std::string(program.empty() ? "" : " /FontFile 5 0 R") + " >>",
        "<< /Length " + std::to_string(program.size()) + " /Length1 " + std::to_string(length1) + " /Length2 " +
            std::to_string(program.size() - length1) + " /Length3 0 >>\nstream\n" + program + "\nendstream",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"};
    std::map<std::uint32_t, std::string> bodies;
    for (size_t n = 0; n < objects.size(); ++n) bodies[static_cast<std::uint32_t>(n + 1)] = objects[n];
    return pdf::testing::buildPdf(bodies, "/Root 1 0 R");
}

// The glyph names poppler gives the codes of object 3.
pdf::GlyphNames popplerNames(std::string pdf) {
    if (!globalParams) globalParams = std::make_unique<GlobalParams>();
    PDFDoc doc(new MemStream(pdf.data(), 0, static_cast<Goffset>(pdf.size()), Object(objNull)));
    pdf::GlyphNames out;
    if (!doc.isOk()) return out;
    Object font = doc.getXRef()->fetch(3, 0);
    if (!font.isDict()) return out;
    std::shared_ptr<GfxFont> f = GfxFont::makeFont(doc.getXRef(), "F", Ref{3, 0}, font.getDict());
    if (!f || f->isCIDFont()) return out;
    char** enc = static_cast<Gfx8BitFont*>(f.get())->getEncoding();
    for (size_t c = 0; c < 256; ++c) out[c] = enc[c] ? enc[c] : "";
    return out;
}

pdf::SimpleFont simple(const char* subtype, const char* baseFont, const char* encoding = "", const char* baseEncoding = "",
                       std::map<std::uint8_t, std::string> differences = {}) {
    pdf::SimpleFont f;
    f.subtype = subtype, f.baseFont = baseFont, f.encoding = encoding, f.baseEncoding = baseEncoding, f.differences = differences;
    return f;
}

std::string meaning(const std::string& name) {
    const std::optional<std::string> t = pdf::glyphNameText(name);
    return t ? text::matchKey(*t) : "?" + name;
}

// pith's names, where it knows one, mean what poppler's do; returns how many codes were compared.
size_t expectNamesAsPopplerDraws(const pdf::SimpleFont& font, const std::string& pdf) {
    const pdf::GlyphNames ours = pdf::simpleFontGlyphNames(font).names, theirs = popplerNames(pdf);
    size_t compared = 0;
    for (size_t c = 0; c < 256; ++c) {
        if (ours[c].empty()) continue;
        ++compared;
        EXPECT_EQ(meaning(ours[c]), meaning(theirs[c])) << "code " << c << ": /" << ours[c] << " and poppler's /" << theirs[c];
    }
    return compared;
}

TEST(SimpleFontEncoding, BaseEncodingsAsPopplerPicksThem) {
    struct Case {
        const char* dict;
        pdf::SimpleFont font;
        const char* glyphForO;  // what code 'O' draws
    } cases[] = {
        {"/Subtype /Type1 /BaseFont /Helvetica /Encoding /FooEncoding", simple("Type1", "Helvetica", "FooEncoding"), "O"},
        {"/Subtype /Type1 /BaseFont /Symbol /Encoding /StandardEncoding", simple("Type1", "Symbol", "StandardEncoding"),
         "Omicron"},
        {"/Subtype /Type1 /BaseFont /Sym#20bol", simple("Type1", "Sym bol"), "Omicron"},
        {"/Subtype /Type1 /BaseFont /Symbol,Bold", simple("Type1", "Symbol,Bold"), "Omicron"},
        {"/Subtype /Type1 /BaseFont /SymbolMT", simple("Type1", "SymbolMT"), "Omicron"},
        {"/Subtype /Type1 /BaseFont /Helvetica /Encoding << /BaseEncoding /Foo /Differences [80 /Q] >>",
         simple("Type1", "Helvetica", "", "Foo", {{80, "Q"}}), "O"},
        {"/Subtype /TrueType /BaseFont /Arial", simple("TrueType", "Arial"), "O"},
        {"/Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding", simple("Type1", "Times-Roman", "WinAnsiEncoding"),
         "O"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.dict);
        const std::string pdf = pdfWithFont(c.dict);
        EXPECT_GT(expectNamesAsPopplerDraws(c.font, pdf), 50u);
        EXPECT_EQ(pdf::simpleFontGlyphNames(c.font).names['O'], c.glyphForO);
        EXPECT_EQ(popplerNames(pdf)['O'], c.glyphForO);
    }
}

TEST(SimpleFontEncoding, AnEmbeddedType1ProgramsOwnEncodingAsPopplerReadsIt) {
    // TeX's fonts are embedded without /Encoding: their codes draw what the program's encoding says
    // (cmr10: code 0x0B is /ff, 0x7B /endash); a URW font says StandardEncoding.
    for (const char* file : {PITH_TYPE1_DIR "/public/amsfonts/cm/cmr10.pfb", PITH_TYPE1_DIR "/public/amsfonts/cm/cmmi10.pfb",
                             PITH_TYPE1_DIR "/public/amsfonts/cm/cmsy10.pfb", PITH_TYPE1_DIR "/urw/times/utmr8a.pfb"}) {
        SCOPED_TRACE(file);
        size_t length1 = 0;
        const std::string program = fontFileOf(file, &length1);
        ASSERT_GT(length1, 0u);
        pdf::SimpleFont font = simple("Type1", "F");
        font.program = pdf::SimpleFont::Program::Type1;
        font.type1 = program;
        const std::string pdf = pdfWithFont("/Subtype /Type1 /BaseFont /F", program, length1);
        EXPECT_GT(expectNamesAsPopplerDraws(font, pdf), 50u);
        // The programs' own arrays name each code as poppler does (a StandardEncoding program's
        // names are known only as far as encodingGlyphNames lists them).
        const pdf::GlyphNames ours = pdf::simpleFontGlyphNames(font).names, theirs = popplerNames(pdf);
        if (std::string(file).find("/cm/") != std::string::npos)
            for (size_t c = 0; c < 256; ++c) EXPECT_EQ(ours[c], theirs[c]) << "code " << c;
    }
}

TEST(SimpleFontEncoding, ProgramEncodingsReadOnlyFromTheClearText) {
    const std::optional<pdf::GlyphNames> names = pdf::type1ProgramEncoding(
        "%!PS-AdobeFont-1.0: X\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\n"
        "dup 65 /B put\ndup 8#102 /C put dup 300 /D put\nreadonly def\ncurrentfile eexec\ndup 67 /Z put");
    ASSERT_TRUE(names);
    EXPECT_EQ((*names)['A'], "B");
    EXPECT_EQ((*names)['B'], "C");  // radix 8
    EXPECT_EQ((*names)['C'], "");   // after the array's def, and past eexec
    EXPECT_EQ(pdf::type1ProgramEncoding("%!PS\n/FontName /X def\ncurrentfile eexec\n/Encoding 256 array"), std::nullopt);
    EXPECT_EQ((*pdf::type1ProgramEncoding("/Encoding StandardEncoding def"))['A'], "A");
}

TEST(SimpleFontEncoding, CodesDrawnByEncodingsOrFontsNotKnownAreUnread) {
    // A font not embedded and not a standard one: the viewer draws it with a font it picks (a
    // symbol font for "Dingbats"), so not even /Differences says what a code draws.
    const pdf::FontGlyphs picked = pdf::simpleFontGlyphNames(simple("Type1", "Dingbats", "WinAnsiEncoding", "", {{65, "A"}}));
    EXPECT_NE(picked.unread.find("a font the viewer picks for the font Dingbats"), std::string::npos) << picked.unread;
    EXPECT_EQ(picked.names['A'], "");
    EXPECT_NE(pdf::simpleFontGlyphNames(simple("TrueType", "Calibri")).unread, "");
    // ZapfDingbats' own encoding, MacExpert's and Symbol's under a named base are not listed:
    // only /Differences names are known.
    const pdf::FontGlyphs dingbats = pdf::simpleFontGlyphNames(simple("Type1", "ZapfDingbats", "", "", {{66, "B"}}));
    EXPECT_EQ(dingbats.unread, "ZapfDingbats' own encoding");
    EXPECT_EQ(dingbats.names['A'], "");
    EXPECT_EQ(dingbats.names['B'], "B");
    EXPECT_NE(pdf::simpleFontGlyphNames(simple("Type1", "Helvetica", "MacExpertEncoding")).unread, "");
    EXPECT_NE(pdf::simpleFontGlyphNames(simple("Type1", "SymbolMT", "WinAnsiEncoding")).unread, "");
    EXPECT_EQ(pdf::simpleFontGlyphNames(simple("Type1", "Times New Roman", "WinAnsiEncoding")).unread, "");
    // A CFF program poppler cannot read, or another embedded program, leaves its codes to
    // StandardEncoding, as poppler does.
    pdf::SimpleFont cff = simple("Type1", "F");
    cff.program = pdf::SimpleFont::Program::CFF;
    cff.cff = "not a CFF program";
    EXPECT_EQ(pdf::simpleFontGlyphNames(cff).names['A'], "A");
    cff.program = pdf::SimpleFont::Program::Other;
    EXPECT_EQ(pdf::simpleFontGlyphNames(cff).names['A'], "A");
    EXPECT_EQ(pdf::simpleFontGlyphNames(cff).unread, "");
    // An embedded TrueType program: only /Differences.
    pdf::SimpleFont tt = simple("TrueType", "F", "WinAnsiEncoding", "", {{66, "B"}});
    tt.program = pdf::SimpleFont::Program::TrueType;
    EXPECT_EQ(pdf::simpleFontGlyphNames(tt).names['A'], "");
    EXPECT_EQ(pdf::simpleFontGlyphNames(tt).names['B'], "B");
}

TEST(SimpleFontEncoding, FontsAViewerMayDrawWithASymbolFontOfItsOwn) {
    for (const char* name : {"Dingbats", "ZapfDingbatsITC", "Wingdings-Regular", "MySymbolFont", "D050000L"})
        EXPECT_TRUE(pdf::drawnWithAPickedSymbolFont(name, false)) << name;
    for (const char* name : {"Symbol", "SymbolMT", "ZapfDingbats", "Helvetica", "Arial,Bold", "LiberationSans", "DejaVuSans"})
        EXPECT_FALSE(pdf::drawnWithAPickedSymbolFont(name, false)) << name;
    EXPECT_TRUE(pdf::drawnWithAPickedSymbolFont("LiberationSans", true));  // its descriptor says symbolic
    EXPECT_FALSE(pdf::drawnWithAPickedSymbolFont("Helvetica", true));      // a standard font is drawn as itself
}

}  // namespace

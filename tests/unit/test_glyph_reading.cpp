// How a simple font's glyphs are read (pdf/content/glyph_reading.hpp), against independent
// references: the Adobe Glyph List (TeX Live's copy of glyphlist.txt) for what a glyph name spells,
// and poppler, which reads a ToUnicode CMap for every viewer built on it, for what a code reads as.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "pdf/content/glyph_reading.hpp"
#include "pdf_test_support.hpp"
#include "text/match_key.hpp"
#include "text/utf8.hpp"
#include "view/viewer.hpp"

namespace {

using namespace pith;

std::string utf8(std::uint32_t cp) {
    std::string out;
    text::appendUtf8(out, cp);
    return out;
}

// glyphlist.txt: "name;XXXX" lines (one code point; names of several are left out).
std::vector<std::pair<std::string, std::uint32_t>> adobeGlyphList() {
    std::ifstream in(PITH_AGL_GLYPHLIST);
    std::vector<std::pair<std::string, std::uint32_t>> out;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        const size_t semi = line.find(';');
        if (semi == std::string::npos || line.find(' ', semi) != std::string::npos) continue;
        out.emplace_back(line.substr(0, semi), static_cast<std::uint32_t>(std::stoul(line.substr(semi + 1, 4), nullptr, 16)));
    }
    return out;
}

TEST(GlyphReading, GlyphNamesSpellWhatTheAdobeGlyphListSays) {
    const auto agl = adobeGlyphList();
    ASSERT_GT(agl.size(), 4000u) << "no Adobe Glyph List at " << PITH_AGL_GLYPHLIST;
    size_t judged = 0, letters = 0;
    for (const auto& [name, cp] : agl) {
        const std::optional<std::string> text = pdf::glyphNameText(name);
        if (!text) continue;
        ++judged;
        const std::string want = text::matchKey(utf8(cp));
        EXPECT_EQ(text::matchKey(*text), want) << "/" << name << " is U+" << std::hex << cp;
        if (!want.empty()) ++letters;
        // A suffix names a variant of the same glyph; uniXXXX names the code point itself.
        EXPECT_EQ(pdf::glyphNameText(name + ".sc"), text) << name;
        char uni[16];
        std::snprintf(uni, sizeof uni, "uni%04X", cp);
        ASSERT_TRUE(pdf::glyphNameText(uni)) << uni;
        EXPECT_EQ(text::matchKey(*pdf::glyphNameText(uni)), want) << uni;
    }
    // Every name of the list but those of private use code points (its old small capitals).
    EXPECT_GT(judged, 3900u);
    EXPECT_GT(letters, 2900u);
    for (const char* name : {"A", "z", "seven", "eacute", "Scaron", "fi", "ffl", "germandbls", "space", "hyphen", "quotedblleft"})
        EXPECT_TRUE(pdf::glyphNameText(name)) << name;
}

TEST(GlyphReading, LigatureNamesSpellTheirComponents) {
    // The AGL specification: components joined by "_", each a name, a uniXXXX or a uXXXX(XX).
    EXPECT_EQ(pdf::glyphNameText("f_f_i"), "ffi");
    EXPECT_EQ(pdf::glyphNameText("T_h.alt"), "Th");
    EXPECT_EQ(pdf::glyphNameText("uni00660069"), "fi");
    EXPECT_EQ(text::matchKey(*pdf::glyphNameText("u1D400")), "a");  // MATHEMATICAL BOLD CAPITAL A
    EXPECT_EQ(pdf::glyphNameText("A_"), std::nullopt);
}

TEST(GlyphReading, NamesOfOtherScriptsSpellTheirLetters) {
    EXPECT_EQ(pdf::glyphNameText("alpha"), "\xCE\xB1");        // α
    EXPECT_EQ(pdf::glyphNameText("uni03B1"), "\xCE\xB1");      // α
    EXPECT_EQ(pdf::glyphNameText("afii10065"), "\xD0\xB0");    // CYRILLIC SMALL LETTER A, which looks like "a"
    EXPECT_EQ(pdf::glyphNameText("u0416"), "\xD0\x96");        // Ж
    EXPECT_EQ(pdf::glyphNameText("uniFF21"), "\xEF\xBC\xA1");  // FULLWIDTH LATIN CAPITAL LETTER A
    EXPECT_EQ(pdf::glyphNameText("dmacron"), "\xC4\x91");      // the AGL's đ, d with stroke
    EXPECT_EQ(pdf::glyphNameText("ugrave"), "\xC3\xB9");       // not a uXXXX name: ù
}

TEST(GlyphReading, NamesWithNoStandardMeaningAreUnknown) {
    for (const char* name : {".notdef", "g42", "a71", "cid1234", "uniD800", "uniE000", "u10FFFD", "uniZZZZ", "Aacutexyz", ""})
        EXPECT_EQ(pdf::glyphNameText(name), std::nullopt) << name;
}

TEST(GlyphReading, EncodingGivesNamesOnlyWhereTheStandardEncodingsAgree) {
    const pdf::GlyphNames win = pdf::encodingGlyphNames("WinAnsiEncoding", {{0x41, "Q"}});
    EXPECT_EQ(win[0x41], "Q");
    EXPECT_EQ(win[0x42], "B");
    EXPECT_EQ(win[0x37], "seven");
    EXPECT_EQ(win[0xE9], "uni00E9");  // é
    EXPECT_EQ(win[0x27], "");         // quotesingle in WinAnsi, quoteright in Standard: not listed
    EXPECT_EQ(pdf::encodingGlyphNames("MacRomanEncoding", {})[0xE9], "");
    EXPECT_EQ(pdf::encodingGlyphNames("", {{1, "a"}})[0x41], "");
}

TEST(GlyphReading, MisreadCodesAreThoseWhoseTextSpellsOtherLetters) {
    pdf::GlyphNames names =
        pdf::encodingGlyphNames("WinAnsiEncoding", {{1, "Q"}, {2, "fi"}, {3, "A.sc"}, {4, "quotedblleft"}, {5, "g42"}});
    const auto misread = pdf::misreadGlyphs(
        {names, ""},
        {{1, "O"}, {2, "\xEF\xAC\x81"}, {3, "a"}, {4, "\xC2\xAA"}, {5, "Z"}, {0x41, "A"}, {0xE9, "e\xCC\x81"}, {0x42, "b"}},
        true);
    ASSERT_EQ(misread.size(), 2u);
    EXPECT_EQ(misread.at(1), "code <01> draws the glyph /Q and is read as \"O\"");
    EXPECT_EQ(misread.at(4), "code <04> draws the glyph /quotedblleft and is read as \"\xC2\xAA\"");
}

TEST(GlyphReading, AStandaloneAccentSpellsNoLetterHoweverItIsRead) {
    // pdfTeX's glyphtounicode.tex reads /circumflex as U+02C6, the cmap package's ot1.cmap as "^".
    const pdf::GlyphNames names =
        pdf::encodingGlyphNames("", {{1, "circumflex"}, {2, "circumflex"}, {3, "caron"}, {4, "circumflex"}});
    const auto misread = pdf::misreadGlyphs({names, ""}, {{1, "\xCB\x86"}, {2, "^"}, {3, "\xCC\x8C"}, {4, "o"}}, true);
    ASSERT_EQ(misread.size(), 1u);
    EXPECT_TRUE(misread.count(4));
}

TEST(GlyphReading, InAFontNotEmbeddedAGlyphOfNoStandardNameReadAsLettersIsMisread) {
    // A viewer draws such a font from one of its own, which has no glyph /g42 and none /.notdef
    // worth the name; a name of another script is drawn as that script's letter.
    const pdf::GlyphNames names =
        pdf::encodingGlyphNames("WinAnsiEncoding", {{1, "g42"}, {2, ".notdef"}, {3, "afii10065"}, {4, "g43"}, {5, "uni0430"}});
    const std::map<std::uint8_t, std::string> read{{1, "Z"}, {2, "x"}, {3, "a"}, {4, " "}, {5, "\xD0\xB0"}, {0x41, "A"}};
    const auto drawnByViewer = pdf::misreadGlyphs({names, ""}, read, false);
    ASSERT_EQ(drawnByViewer.size(), 3u);
    EXPECT_EQ(
        drawnByViewer.at(1),
        "code <01> draws the glyph /g42, which has no standard meaning, from a font the file does not embed, and is read as \"Z\"");
    EXPECT_TRUE(drawnByViewer.count(2));
    EXPECT_EQ(drawnByViewer.at(3), "code <03> draws the glyph /afii10065 and is read as \"a\"");
    // An embedded program has glyphs of its own names: only the Cyrillic "a" read as a Latin one.
    const auto drawnByProgram = pdf::misreadGlyphs({names, ""}, read, true);
    ASSERT_EQ(drawnByProgram.size(), 1u);
    EXPECT_TRUE(drawnByProgram.count(3));
}

// A one-page-per-code PDF: each page shows one code in Helvetica with the CMap as /ToUnicode.
std::string pdfShowingCodes(const std::string& cmap, const std::vector<int>& codes) {
    std::vector<std::string> objects;  // object n + 1
    std::string kids;
    const size_t pages = codes.size();
    objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
    objects.push_back("");  // the page tree, once the kids are known
    objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 4 0 R >>");
    objects.push_back("<< /Length " + std::to_string(cmap.size()) + " >>\nstream\n" + cmap + "\nendstream");
    for (size_t i = 0; i < pages; ++i) {
        char content[64];
        std::snprintf(content, sizeof content, "BT /F 24 Tf 72 700 Td <%02X> Tj ET", codes[i]);
        const size_t page = objects.size() + 1;
        objects.push_back(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F 3 0 R >> >> /Contents " +
            std::to_string(page + 1) + " 0 R >>");
        objects.push_back("<< /Length " + std::to_string(std::strlen(content)) + " >>\nstream\n" + content + "\nendstream");
        kids += std::to_string(page) + " 0 R ";
    }
    objects[1] = "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages) + " >>";
    std::map<std::uint32_t, std::string> bodies;
    for (size_t n = 0; n < objects.size(); ++n) bodies[static_cast<std::uint32_t>(n + 1)] = objects[n];
    return pdf::testing::buildPdf(bodies, "/Root 1 0 R");
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\f' || s.back() == ' ')) s.pop_back();
    while (!s.empty() && (s.front() == '\n' || s.front() == ' ')) s.erase(0, 1);
    return s;
}

void expectReadAsPopplerReadsIt(const std::string& entries, size_t count) {
    const std::string cmap =
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n" +
        entries + "endcmap CMapName currentdict /CMap defineresource pop end end";
    std::string doubt;
    const std::map<std::uint8_t, std::string> read = pdf::oneByteToUnicode(cmap, &doubt);
    EXPECT_EQ(doubt, "");
    std::vector<int> codes;
    for (const auto& [code, text] : read) codes.push_back(code);
    ASSERT_EQ(codes.size(), count);
    std::string why;
    const std::string bytes = pdfShowingCodes(cmap, codes);
    std::optional<view::ViewerDocument> doc = view::ViewerDocument::open(bytes, &why);
    ASSERT_TRUE(doc) << why;
    for (size_t i = 0; i < codes.size(); ++i)
        EXPECT_EQ(read.at(static_cast<std::uint8_t>(codes[i])), trimmed(doc->text(static_cast<int>(i)))) << "code " << codes[i];
}

TEST(GlyphReading, ToUnicodeReadsAsPopplerReadsIt) {
    // Every form of entry a one-byte ToUnicode CMap has (ISO 32000-1 9.10.3): bfchar to one and to
    // several code units (a ligature, a surrogate pair), bfrange with a destination raised code by
    // code and with an array, comments, white space and lower case inside hex strings.
    expectReadAsPopplerReadsIt(
        "4 beginbfchar\n<41> <0051>\n<42><00660066> % a ligature\n<4 3> <d835dc00>\n<44> <00e9>\nendbfchar\n"
        "2 beginbfrange\n<50> <54> <0061>\n<60> <62> [<0078> <0079006A> <007A>]\nendbfrange\n",
        12);
}

TEST(GlyphReading, ACodeGivenTwiceReadsAsPopplerReadsIt) {
    // Where the map says two things of one code, pith must read what viewers read, or a forger puts
    // the honest entry where pith looks and the lie where viewers do.
    expectReadAsPopplerReadsIt(
        "2 beginbfchar\n<41> <0051>\n<41> <0052>\nendbfchar\n1 beginbfrange\n<41> <43> <0061>\nendbfrange\n"
        "1 beginbfchar\n<42> <0058>\nendbfchar\n",
        3);
}

TEST(GlyphReading, LongerSourceCodesReadAsPopplerReadsThem) {
    // A source of two or more bytes is one number: <0041> is the one-byte code 0x41, in bfchar, in a
    // bfrange and in a bfrange with an array; a range past 255 is read up to 255.
    expectReadAsPopplerReadsIt(
        "2 beginbfchar\n<0041> <0051>\n<000042> <0052>\nendbfchar\n"
        "3 beginbfrange\n<0050> <0052> <0061>\n<0060> <0061> [<0078> <0079>]\n<00FE> <0101> <0030>\nendbfrange\n",
        9);
}

TEST(GlyphReading, TheLastOfManyEntriesReadsAsPopplerReadsIt) {
    // No cap on entries: a forger who fills the map with honest entries still has the last word read.
    std::string entries;
    for (int i = 0; i < 100'000; ++i) entries += "1 beginbfchar\n<41> <0041>\nendbfchar\n";
    expectReadAsPopplerReadsIt(entries + "1 beginbfchar\n<41> <0051>\nendbfchar\n", 1);
    EXPECT_EQ(pdf::oneByteToUnicode(entries + "1 beginbfchar\n<41> <0051>\nendbfchar\n").at(0x41), "Q");
}

TEST(GlyphReading, EntriesViewersReadDifferentlyAreDoubted) {
    // Each of these poppler and pdf.js read apart (poppler skips a bad pair and reads on in step,
    // pdf.js drops the block or reads the digits otherwise): the reading stops and says where.
    const char* bad[] = {
        "beginbfchar\n5 <41> <0051>\nendbfchar",         // a number out of place
        "beginbfchar\n[<41>] <41> <0051>\nendbfchar",    // brackets in bfchar
        "beginbfchar\n<41> <005>\nendbfchar",            // an odd count of digits
        "beginbfchar\n<4Z> <0051>\nendbfchar",           // a non-hex character
        "beginbfchar\n<0100000041> <0051>\nendbfchar",   // a source poppler wraps round
        "beginbfchar\n<41>\nendbfchar",                  // no destination
        "beginbfrange\n<41> <0043> <0051>\nendbfrange",  // codes of two lengths
        "beginbfrange\n<41> <43> (Q)\nendbfrange",       // a destination that is no hex string
        "beginbfrange\n<41> <43> 81\nendbfrange",        // pdf.js reads a number as a code point
        "beginbfrange\n<41> <43> [<0051> /Q]\nendbfrange",
        "beginbfrange\n<00000000> <FFFFFFFF> <0041>\nendbfrange",  // pdf.js drops so long a range
        "beginbfrange\n<41> <43> <FFFF>\nendbfrange",              // the last unit overflows
    };
    for (const char* cmap : bad) {
        std::string doubt;
        pdf::oneByteToUnicode(cmap, &doubt);
        EXPECT_NE(doubt.find(" at byte "), std::string::npos) << cmap;
    }
    std::string doubt;
    pdf::oneByteToUnicode("beginbfchar\n<41> <0051>\n<4 2> <00 52>\nendbfchar % fine\n(x) <43> <0053> beginbfrange endbfrange",
                          &doubt);
    EXPECT_EQ(doubt, "");
}

TEST(GlyphReading, DestinationsReadApartInStepDoubtOnlyTheirCodes) {
    // <C5> (half a code unit, as TeX Live's mmap/oml.cmap has) and <>: poppler skips the entry,
    // pdf.js reads the bytes as characters, and both read on in step.
    std::string doubt;
    std::map<std::uint8_t, std::string> apart;
    const auto read = pdf::oneByteToUnicode(
        "beginbfchar\n<41> <>\n<42> <0042>\nendbfchar\nbeginbfrange\n<C5> <C7> <C5>\n<50> <52> [<0050> <51> <0052>]\n"
        "<60> <60> <0060>\nendbfrange\nbeginbfchar\n<C6> <0057>\nendbfchar",
        &doubt, &apart);
    EXPECT_EQ(doubt, "");
    EXPECT_EQ(read.at(0x42), "B");
    EXPECT_EQ(read.at(0x50), "P");
    EXPECT_EQ(read.at(0x52), "R");
    EXPECT_EQ(read.at(0xC6), "W");  // a later entry replaces the doubtful one
    for (int code : {0x41, 0x51, 0xC5, 0xC7}) {
        EXPECT_EQ(read.count(static_cast<std::uint8_t>(code)), 0u) << code;
        EXPECT_NE(apart[static_cast<std::uint8_t>(code)].find("half a code unit or none at byte "), std::string::npos) << code;
    }
    EXPECT_EQ(apart.count(0xC6), 0u);
}

}  // namespace

TEST(GlyphReading, WhereTheGlyphsAreUnreadACodeWithoutANameReadAsLettersIsMisread) {
    // ZapfDingbats' own encoding is not listed: its codes draw dingbats, not the letters read.
    const pdf::FontGlyphs glyphs = pdf::simpleFontGlyphNames([] {
        pdf::SimpleFont font;
        font.subtype = "Type1";
        font.baseFont = "ZapfDingbats";
        font.differences = {{2, "a"}};
        return font;
    }());
    ASSERT_FALSE(glyphs.unread.empty());
    const auto misread = pdf::misreadGlyphs(glyphs, {{0x41, "A"}, {0x20, " "}, {2, "a"}}, false);
    ASSERT_EQ(misread.size(), 1u);
    EXPECT_EQ(misread.at(0x41), "code <41> is drawn by ZapfDingbats' own encoding and is read as \"A\"");
    // With the glyphs known, the same code is judged by its name alone.
    EXPECT_TRUE(pdf::misreadGlyphs({glyphs.names, ""}, {{0x41, "A"}}, false).empty());
}

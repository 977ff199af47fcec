#pragma once
// Whether a simple font's /ToUnicode reads its glyphs as the letters they draw. Text extraction
// (poppler, pdf.js, MuPDF) takes a code's letters from /ToUnicode when the font has one; a viewer
// draws the glyph the code selects, for a font it draws by glyph name (a non-embedded font, drawn
// from the viewer's own font of that name, or an embedded Type1 or CFF program) the glyph that the
// encoding (/BaseEncoding, /Differences) names. When the two disagree on letters, a page can draw
// one paper's title and be read as another's.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace pith::pdf {

// Text from the file, fit for a one-line message: control characters as '?', in a name (`name`:
// bytes, not UTF-8) every byte beyond ASCII as '?' too, at most `limit` bytes (cut at a UTF-8
// character's start).
std::string printable(std::string_view s, bool name, size_t limit = 32);

// The code → UTF-8 mappings of a ToUnicode CMap for one-byte codes (bfchar and bfrange, ranges
// with a destination string or an array of them), as poppler reads them: a source code of up to
// four bytes is one number (<0041> is code 0x41), codes beyond 255 are left out, a later entry
// replaces an earlier one. An entry that viewers read differently (a token out of place, a hex
// string with other characters or an odd count of digits, a source of more than four bytes) ends
// the reading, with `doubt` (when given) saying what and where: "a bfchar entry whose ... at byte
// 212". Never throws; linear in the CMap's size.
// An entry viewers read apart but in step (a destination of half a code unit or none: <C5>, <>, as
// TeX Live's mmap/oml.cmap has) puts only its own codes in doubt: they are left out of the map and,
// when `apart` is given, listed there with why ("a bfrange entry whose destination is half a code unit
// or none at byte 638"); a later entry for a code replaces either.
std::map<std::uint8_t, std::string> oneByteToUnicode(std::string_view cmap, std::string* doubt = nullptr,
                                                     std::map<std::uint8_t, std::string>* apart = nullptr);

// What a glyph name spells, as text (UTF-8): by the Adobe Glyph List as poppler reads it ("A",
// "eacute", "seven", "alpha", "afii10065"), uniXXXX and uXXXX(XX) of any script but private use
// ("uni00E9", "uni0430", "u1D400"), components joined by "_" in turn ("f_f_i"), a suffix after "."
// dropped; "" for a name of a space or punctuation mark ("space", "hyphen", "parenleft"). nullopt for
// a name with no standard meaning (".notdef", "g42", "a71", "uniE000"): its glyph may be anything.
std::optional<std::string> glyphNameText(std::string_view name);

// The glyph names a simple font's encoding gives its codes: `base` is "WinAnsiEncoding",
// "MacRomanEncoding", "StandardEncoding" or "SymbolEncoding" (else no base: only the differences are
// known), and of the base only the letters and digits are listed (of the first three, those of the
// printable ASCII range, where they agree, with WinAnsi's Latin-1 letters; of Symbol's, its Greek
// letters and digits); or `program`, an embedded program's own encoding (type1ProgramEncoding);
// then `differences`, the /Differences array, as (code, name) pairs.
using GlyphNames = std::array<std::string, 256>;
GlyphNames encodingGlyphNames(std::string_view base, const std::map<std::uint8_t, std::string>& differences,
                              const GlyphNames* program = nullptr);

// A simple font as far as the names of its glyphs go.
struct SimpleFont {
    std::string subtype;                              // its /Subtype ("Type1", "TrueType", ...)
    std::string baseFont;                             // its /BaseFont
    std::string encoding;                             // its /Encoding, when that is a name
    std::string baseEncoding;                         // its /Encoding's /BaseEncoding, when that is a name
    std::map<std::uint8_t, std::string> differences;  // its /Encoding's /Differences
    enum class Program { None, Type1, CFF, TrueType, Other } program = Program::None;  // what its descriptor embeds
    std::string type1;                                                                 // a Type 1 program (/FontFile, decoded)
    std::string cff;  // a CFF program (/FontFile3 of /Subtype /Type1C, decoded)
};

// The glyph names a simple font's codes draw, as poppler picks them (GfxFont.cc, Gfx8BitFont), and
// why the rest are not known.
struct FontGlyphs {
    GlyphNames names;    // "" where not known
    std::string unread;  // when not empty, what draws the codes without a name: each may draw anything
};

// A base encoding poppler knows by name (only /WinAnsiEncoding, /MacRomanEncoding and
// /MacExpertEncoding, as the font's /Encoding or its /BaseEncoding), else an embedded Type 1 or CFF
// program's own encoding (type1ProgramEncoding; poppler's own reader, FoFiType1C, for CFF; Standard
// when it states none or cannot be read), else Standard for another embedded program; then
// /Differences. Of an embedded TrueType program, which may select glyphs by code whatever a base
// says, only the /Differences names. A font not embedded is drawn from the viewer's own: by its base
// or Standard for the Latin standard fonts and the aliases poppler and MuPDF know (Arial,
// TimesNewRoman, CourierNew, ..., spaces in the name dropped), by Symbol's Greek letters for Symbol
// and its aliases (SymbolMT, Symbol,Bold, ...); any other font is drawn with a font the viewer picks,
// and ZapfDingbats, Symbol under a named base and a MacExpert base by encodings not listed here: the
// codes /Differences does not name are unread. Of the bases only what encodingGlyphNames lists is known.
FontGlyphs simpleFontGlyphNames(const SimpleFont& font);

// Whether a font the file does not embed, read without a /ToUnicode (by its glyph names), may be
// drawn with a symbol font the viewer picks: its name is no standard font's (simpleFontGlyphNames)
// and names a symbol font (Dingbats, Wingdings, ...: fontconfig gives /Dingbats URW's dingbats), or
// its descriptor's flags say symbolic. Its codes then draw symbols where the text reads letters.
bool drawnWithAPickedSymbolFont(std::string_view baseFont, bool symbolicFlag);

// The encoding an embedded Type 1 program gives its codes (`/Encoding StandardEncoding def`, or an
// array of `dup CODE /NAME put` entries), read from its clear-text part (up to `eexec`): "" where it
// names no glyph; nullopt when the program states no encoding. Never throws; linear in its size.
std::optional<GlyphNames> type1ProgramEncoding(std::string_view program);

// The codes whose glyph, as the encoding names it, is not what their ToUnicode text reads, each with
// why: a name that spells other letters (their text::matchKey differs): "code <01> draws the glyph
// /Q and is read as \"O\""; and, in a font whose program the file does not embed (a viewer draws it
// from a font of its own, by name), a name with no standard meaning (glyphNameText is nullopt)
// read as letters; and, where the font's glyphs are unread (FontGlyphs::unread), a code without a
// name read as letters: "code <01> is drawn by ZapfDingbats' own encoding and is read as \"A\"".
// Judged code by code, as shown: producers' ToUnicode maps hold a wrong entry here and there (a
// quote read as "ª"), which matters only where that code is shown.
std::map<std::uint8_t, std::string> misreadGlyphs(const FontGlyphs& glyphs, const std::map<std::uint8_t, std::string>& toUnicode,
                                                  bool programEmbedded);

}  // namespace pith::pdf

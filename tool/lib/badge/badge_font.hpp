#pragma once
// The badge's typeface: URW Nimbus Sans, regular for the word "Pith Number", bold for the short
// number (Debian's fonts-urw-base35, metric clones of Helvetica and Helvetica-Bold).
//
// A PDF embeds the same subset every time: each weight is cut by HarfBuzz's subsetter to a fixed
// set of characters (every label any Pith Number can have), so the font program does not depend
// on the number, and its bytes are pinned by SHA-256 (docs/FORMAT.md, "The badge font"): a stamp
// made anywhere embeds exactly these bytes, and a verifier compares the font program with the pin
// instead of needing the font itself.
#include <filesystem>
#include <optional>
#include <string>

namespace pith::badge {

enum class Weight { Regular, Bold };

// The characters each subset holds: the word for regular, "pith:" and base32 for bold.
const std::string& subsetCharacters(Weight weight);

// Advance width per 1000 units of the em (the fonts' hmtx, equal to Helvetica's AFM) of a character
// the subset holds; 0 for any other.
int advance(Weight weight, char c);

// The font file Debian installs for the weight, or nullopt when fonts-urw-base35 is missing.
std::optional<std::filesystem::path> fontFile(Weight weight);

struct FontProgram {
    std::string postScriptName;  // with the subset tag: "PITHRG+NimbusSans-Regular"
    std::string cff;             // the bare CFF table (PDF FontFile3, /Subtype /Type1C)
    std::string sha256;          // lower-case hex of cff: the pin
    int ascent = 0, descent = 0, capHeight = 0, stemV = 0;
    int bbox[4] = {0, 0, 0, 0};
};

// The pinned SHA-256 of each weight's CFF subset.
const std::string& pinnedSha256(Weight weight);

// The subset, cut once per process. Throws std::runtime_error naming the file when the font is
// missing or unreadable, or when the subset is not the pinned one (another font version).
const FontProgram& fontProgram(Weight weight);

}  // namespace pith::badge

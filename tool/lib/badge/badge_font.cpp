#include "badge/badge_font.hpp"

#include <hb-subset.h>
#include <hb.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <system_error>

#include "crypto/digest.hpp"
#include "crypto/encoding.hpp"

namespace pith::badge {

namespace {

// What HarfBuzz 6.0 (Debian 12) cuts from fonts-urw-base35 20200910: verified at every cut.
const std::string kRegularPin = "c21b48c2a41266be5024de31c0697e44c0dcba94efb0970c5b167d8714649304";
const std::string kBoldPin = "051d591d27628edfb4a1fe441cae9a97d57f7ed9acfbfddb815e75dc551ed1cf";

struct Blob {
    hb_blob_t* p;
    ~Blob() { hb_blob_destroy(p); }
};
struct Face {
    hb_face_t* p;
    ~Face() { hb_face_destroy(p); }
};

FontProgram cut(Weight weight) {
    const auto file = fontFile(weight);
    const char* which = weight == Weight::Bold ? "NimbusSans-Bold.otf" : "NimbusSans-Regular.otf";
    if (!file)
        throw std::runtime_error(std::string("the badge font ") + which +
                                 " is not installed (Debian: fonts-urw-base35, /usr/share/fonts/opentype/urw-base35)");
    Blob blob{hb_blob_create_from_file_or_fail(file->c_str())};
    if (!blob.p) throw std::runtime_error(file->string() + ": cannot be read");
    Face face{hb_face_create(blob.p, 0)};
    if (hb_face_get_glyph_count(face.p) == 0) throw std::runtime_error(file->string() + ": not a font HarfBuzz can read");
    hb_subset_input_t* input = hb_subset_input_create_or_fail();
    if (!input) throw std::runtime_error("HarfBuzz could not start a subset");
    for (char c : subsetCharacters(weight)) hb_set_add(hb_subset_input_unicode_set(input), static_cast<unsigned char>(c));
    // Charstrings without subroutines: simpler for every PDF reader, and only a few glyphs.
    hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_DESUBROUTINIZE);
    Face subset{hb_subset_or_fail(face.p, input)};
    hb_subset_input_destroy(input);
    if (!subset.p) throw std::runtime_error(file->string() + ": HarfBuzz could not subset it");
    Blob cff{hb_face_reference_table(subset.p, HB_TAG('C', 'F', 'F', ' '))};
    unsigned length = 0;
    const char* data = hb_blob_get_data(cff.p, &length);
    if (!data || length == 0) throw std::runtime_error(file->string() + ": has no CFF outlines");

    FontProgram f;
    f.cff.assign(data, length);
    const auto digest = crypto::sha256(f.cff);
    f.sha256 = crypto::toHex(digest);
    if (f.sha256 != pinnedSha256(weight))
        throw std::runtime_error(file->string() + ": its badge subset has SHA-256 " + f.sha256 + ", not the pinned " +
                                 pinnedSha256(weight) + " (another version of fonts-urw-base35 or HarfBuzz)");
    // The descriptor's metrics are those of the font (hhea, OS/2, head; Helvetica's AFM for StemV).
    if (weight == Weight::Bold) {
        f.postScriptName = "PITHBD+NimbusSans-Bold";
        f.stemV = 140;
        f.bbox[0] = -188, f.bbox[1] = -307, f.bbox[2] = 1069, f.bbox[3] = 1070;
    } else {
        f.postScriptName = "PITHRG+NimbusSans-Regular";
        f.stemV = 88;
        f.bbox[0] = -210, f.bbox[1] = -299, f.bbox[2] = 1032, f.bbox[3] = 1075;
    }
    f.ascent = 729;
    f.descent = -271;
    f.capHeight = 718;
    return f;
}

}  // namespace

const std::string& subsetCharacters(Weight weight) {
    static const std::string regular = " NPbehimrtu";
    static const std::string bold = "234567:ABCDEFGHIJKLMNOPQRSTUVWXYZhipt";
    return weight == Weight::Bold ? bold : regular;
}

int advance(Weight weight, char c) {
    if (subsetCharacters(weight).find(c) == std::string::npos) return 0;
    if (weight == Weight::Bold) {
        static const int upper[26] = {722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833,
                                      722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611};
        if (c >= 'A' && c <= 'Z') return upper[c - 'A'];
        if (c >= '0' && c <= '9') return 556;
        switch (c) {
        case 'i': return 278;
        case 't':
        case ':': return 333;
        default: return 611;  // p, h
        }
    }
    switch (c) {
    case ' ': return 278;
    case 'N': return 722;
    case 'P': return 667;
    case 'i': return 222;
    case 't': return 278;
    case 'm': return 833;
    case 'r': return 333;
    default: return 556;  // b, e, h, u
    }
}

std::optional<std::filesystem::path> fontFile(Weight weight) {
    const std::filesystem::path p = std::string("/usr/share/fonts/opentype/urw-base35/") +
                                    (weight == Weight::Bold ? "NimbusSans-Bold.otf" : "NimbusSans-Regular.otf");
    std::error_code ec;
    if (std::filesystem::is_regular_file(p, ec)) return p;
    return std::nullopt;
}

const std::string& pinnedSha256(Weight weight) { return weight == Weight::Bold ? kBoldPin : kRegularPin; }

const FontProgram& fontProgram(Weight weight) {
    static std::once_flag once[2];
    static std::unique_ptr<FontProgram> programs[2];
    static std::string errors[2];
    const int i = weight == Weight::Bold ? 1 : 0;
    std::call_once(once[i], [&] {
        try {
            programs[i] = std::make_unique<FontProgram>(cut(weight));
        } catch (const std::exception& e) {
            errors[i] = e.what();
        }
    });
    if (!programs[i]) throw std::runtime_error(errors[i]);
    return *programs[i];
}

}  // namespace pith::badge

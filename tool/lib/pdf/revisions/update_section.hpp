#pragma once
// One incremental-update section read strictly, byte by byte, as pith writes them (docs/FORMAT.md,
// "The stamp update"): indirect objects separated by white space only, then an xref table with its
// trailer or an xref stream, `startxref N`, `%%EOF` and one end-of-line. Nothing else: no comment,
// no stray byte, no object the xref does not list, no xref entry without its object in the section.
// A verifier that reads the section this way has accounted for every byte of it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pdf/reader/pdf_reader.hpp"

namespace pith::pdf {

struct SectionObject {
    Ref ref;
    std::uint64_t offset = 0;  // of "N G obj", in the file
    Object value;              // streams keep their encoded bytes
};

struct UpdateSection {
    std::uint64_t start = 0;  // file offset of the section's first byte
    std::uint64_t end = 0;    // file offset just past "%%EOF" and its end-of-line
    XrefKind kind = XrefKind::Table;
    std::uint64_t xrefOffset = 0;        // the table's "xref", or the xref stream object
    Dictionary trailer;                  // the table's trailer, or the xref stream's dictionary
    std::vector<SectionObject> objects;  // in file order; the xref stream itself included
};

class SectionError : public PdfError {
public:
    using PdfError::PdfError;
};

// `bytes` are the file's bytes from offset `start` on (to the end of the file or beyond the section).
// Throws SectionError naming the byte offset in the file.
UpdateSection readUpdateSection(std::string_view bytes, std::uint64_t start, const Limits& limits);

// True if the bytes are PDF white space only (NUL, TAB, LF, FF, CR, SP).
bool onlyWhitespace(std::string_view bytes);

}  // namespace pith::pdf

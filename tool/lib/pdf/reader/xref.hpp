#pragma once
// Cross-reference sections and indirect objects at a byte offset: the layer under PdfReader.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pdf/reader/file_sweep.hpp"
#include "pdf/reader/filters.hpp"
#include "pdf/reader/object_parser.hpp"
#include "pdf/reader/pdf_reader.hpp"

namespace pith::pdf {

struct XrefSection {
    std::uint64_t offset = 0;
    XrefKind kind = XrefKind::Table;
    Dictionary trailer;
    std::vector<std::pair<std::uint32_t, XrefEntry>> entries;  // in section order
    std::optional<std::uint64_t> prev;
    std::optional<std::uint64_t> xrefStm;     // hybrid files
    std::optional<std::string> duplicateKey;  // a key its trailer (or xref stream dictionary) states twice
};

// Resolves an indirect /Length while parsing a stream (may be empty: then indirect lengths fail).
using LengthResolver = std::function<std::optional<std::int64_t>(Ref)>;

struct IndirectObject {
    Ref ref;
    Object value;
    bool lengthRepaired = false;                             // the stream's /Length was wrong: its data runs to "endstream"
    std::optional<ObjectParser::DuplicateKey> duplicateKey;  // a key given twice in one of its dictionaries
};

// Parses "N G obj ... endobj" at offset (streams included; data is kept encoded).
IndirectObject parseIndirectObject(std::string_view file, std::uint64_t offset, const Limits& limits,
                                   const LengthResolver& lengthOf);

// Parses the xref table or xref stream at offset. Throws PdfError if there is none.
// An xref stream's decoded bytes are charged to `budget` (may be null).
XrefSection parseXrefSection(std::string_view file, std::uint64_t offset, const Limits& limits, DecodeBudget* budget = nullptr);

using XrefSections = std::map<std::uint64_t, XrefSection>;

// Finds the revisions (see pdf_reader.hpp); `sections`, when given, receives every parsed section
// by offset, so that views of the file at each revision need not parse them again.
// `warnings`, when given, receives the startxref sections skipped as broken. `sweep`, when given,
// reads `file` for the search for "startxref" (see file_sweep.hpp).
std::vector<Revision> findRevisions(std::string_view file, const Limits& limits, XrefSections* sections = nullptr,
                                    DecodeBudget* budget = nullptr, std::vector<PdfWarning>* warnings = nullptr,
                                    const FileSweep* sweep = nullptr);

// Offsets of the sections reachable from startxref, in the order they apply (newest first),
// following /XRefStm and /Prev, loop-safe and bounded. With `known`, the walk stops at the first
// section already in it (the part of the chain an earlier revision already walked).
std::vector<std::uint64_t> sectionChain(std::string_view file, std::uint64_t startxref, const Limits& limits,
                                        std::function<const XrefSection&(std::uint64_t)> sectionAt,
                                        const std::set<std::uint64_t>* known = nullptr);

}  // namespace pith::pdf

#pragma once
// An incremental update (ISO 32000-1 §7.5.6) appended to an unchanged file: only new and changed
// objects, an xref section of the same kind as the file's last one (classic table, or xref stream),
// /Prev to the last startxref, /Size = max(old, new), /Root, /Info and /ID carried over.
//
// Written here instead of PoDoFo's WriteUpdate, which writes a classic table without /Prev and
// rewrites every object of an object stream when the file's last section is an xref stream.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "pdf/reader/pdf_reader.hpp"

namespace pith::pdf {

class IncrementalUpdate {
public:
    // base must be the reader of the whole file at its latest revision.
    explicit IncrementalUpdate(const PdfReader& base);

    Ref add(Object object);                // a new object under a fresh number
    void replace(Ref ref, Object object);  // a new version of an existing object (same number)
    void setRoot(Ref ref) { root_ = ref; }
    void setInfo(Ref ref) { info_ = ref; }

    // The bytes to append to the base file. The second /ID element is derived from
    // `documentDigest` and `idSeed`, so the result is reproducible; the first is kept (or derived
    // from documentDigest if the file has none).
    std::string build(const std::string& documentDigest, const std::string& idSeed) const;

private:
    const PdfReader& base_;
    std::uint32_t next_;
    std::map<std::uint32_t, std::pair<std::uint16_t, Object>> objects_;
    std::optional<Ref> root_, info_;
};

}  // namespace pith::pdf

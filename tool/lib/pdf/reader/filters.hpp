#pragma once
// Stream filters needed to read what pith reads (xref and object streams, XMP, attachments):
// FlateDecode with PNG/TIFF predictors, ASCIIHexDecode, ASCII85Decode. zlib does the inflating;
// every decoder stops at maxOut bytes, so a Flate bomb ends in PdfError, not in memory exhaustion.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "pdf/reader/pdf_object.hpp"

namespace pith::pdf {

// A decoder reached its output cap (a Flate bomb, or a document's whole budget spent).
class DecodedTooLarge : public PdfError {
public:
    explicit DecodedTooLarge(const std::string& what) : PdfError(what, PdfErrorKind::Limit) {}
};

// The decoded bytes one document may produce in all, over every view of it (revisions, prefixes):
// a per-stream cap alone lets one big stream named many times, or many streams, decode without end.
class DecodeBudget {
public:
    explicit DecodeBudget(std::uint64_t limit) : limit_(limit) {}
    std::uint64_t limit() const { return limit_; }
    std::uint64_t remaining() const;
    // Counts n decoded bytes; throws DecodedTooLarge when the budget is spent.
    void charge(std::uint64_t n);

private:
    std::uint64_t limit_;
    std::atomic<std::uint64_t> used_{0};
};

// A stream's /Filter (a name or an array of names) applied in order, each with its /DecodeParms
// entry; `resolve` gives the direct value of an entry that may be a reference. Every output is
// capped by maxOut and charged to `budget` (may be null); what a cap stops ends in DecodedTooLarge.
std::string decodeFilters(std::string_view data, const Object& filter, const Object& parms, std::uint64_t maxOut,
                          DecodeBudget* budget, const std::function<Object(const Object&)>& resolve);

// Applies one filter by name with its (resolved) decode parameters dictionary (may be null).
std::string applyFilter(const std::string& filter, std::string_view data, const Object& params, std::uint64_t maxOut);

std::string inflate(std::string_view data, std::uint64_t maxOut);
// Strict: the data must be exactly one zlib stream, nothing after its end, nothing missing.
std::string inflateExact(std::string_view data, std::uint64_t maxOut);
// zlib-compressed (deterministic: fixed level, default strategy).
std::string deflate(std::string_view data);

}  // namespace pith::pdf

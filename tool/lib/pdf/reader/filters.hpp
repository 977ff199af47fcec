#pragma once
// Stream filters needed to read what pith reads (xref and object streams, XMP, attachments):
// FlateDecode with PNG/TIFF predictors, ASCIIHexDecode, ASCII85Decode. zlib does the inflating;
// every decoder stops at maxOut bytes, so a Flate bomb ends in PdfError, not in memory exhaustion.
#include <cstdint>
#include <string>
#include <string_view>

#include "pdf/reader/pdf_object.hpp"

namespace pith::pdf {

// Applies one filter by name with its (resolved) decode parameters dictionary (may be null).
std::string applyFilter(const std::string& filter, std::string_view data, const Object& params,
                        std::uint64_t maxOut);

std::string inflate(std::string_view data, std::uint64_t maxOut);
// Strict: the data must be exactly one zlib stream, nothing after its end, nothing missing.
std::string inflateExact(std::string_view data, std::uint64_t maxOut);
// zlib-compressed (deterministic: fixed level, default strategy).
std::string deflate(std::string_view data);

}  // namespace pith::pdf

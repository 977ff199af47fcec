#pragma once
#include <string>
#include <string_view>

#include "qr/qr_matrix.hpp"
#include "record/record.hpp"

namespace pith::latex {

// The data file format version pith.sty reads (\PithDataFormat{1}{...}).
inline constexpr int kDataFormat = 1;

// QR rows as pith.sty draws them: per row, run lengths separated by '.', light run first
// (possibly 0), rows separated by ','.
std::string qrRunLengths(const qr::QrMatrix& matrix);

// The text of pith-data.tex for a record (docs/LATEX.md): number, year, suffix, canonical hash,
// record page, canonical record, receipt fields, each as XML text and as a PDF hex string,
// and the QR matrix of the record page URL. Plain ASCII; same record, same bytes.
// Throws record::RecordError when the record determines no Pith Number (no year).
std::string dataFileText(const record::Record& record, const record::RecordFacts& facts, std::string_view toolVersion);

}  // namespace pith::latex

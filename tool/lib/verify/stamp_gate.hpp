#pragma once
// pith stamp never writes a file its own verifier rejects: the stamped bytes are verified before
// they are written, and a stamp whose result would fail (page 1 does not show the record's title,
// an annotation covers the badge, ...) is refused unless forced.
#include <optional>
#include <string>

#include <memory>

#include "crypto/keyring.hpp"
#include "io/mapped_file.hpp"
#include "pdf/stamp/stamp.hpp"
#include "report/report.hpp"

namespace pith::verify {

struct CheckedStamp {
    pdf::stamp::StampResult stamp;
    std::optional<pdf::PdfReader> output;  // the input followed by the update (write its bytes())
    report::Report report;                 // pith verify's report on the output
};

// What verify reads of a stamp's input must be readable, forced or not (otherwise pith stamp would
// write files its own verifier refuses or cannot judge): the XMP packet, the Info dictionary and
// the record attachment, and for a badge the page it goes on (found as viewers find it), every
// one of its content streams decoded, and its annotations. Throws pdf::PdfError naming the object.
void requireReadable(const pdf::PdfReader& in, const pdf::stamp::StampOptions& options);

// Throws pdf::PdfError when requireReadable does; pdf::stamp::StampRefused naming the failing
// check unless options.force; and what pdf::stamp::stamp throws.
// `file`, when given, is the mapped file `in` reads: the update is then appended right after it in
// the same mapping (the output holds no second copy of the input) and the input is hashed from it
// with pread; the output is then the file's bytes followed by stamp.update.
CheckedStamp stampChecked(const pdf::PdfReader& in, const pdf::stamp::StampRecord& record,
                          const pdf::stamp::StampOptions& options, const crypto::Keyring& keyring,
                          const std::shared_ptr<io::MappedFile>& file = nullptr);

}  // namespace pith::verify

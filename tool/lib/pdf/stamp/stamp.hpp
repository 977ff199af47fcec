#pragma once
// `pith stamp` as a library call: from an unchanged PDF and a record to the bytes of one incremental
// update that adds the badge, the link, the XMP and Info metadata, the record attachment and the
// binding to the stamped bytes (docs/FORMAT.md). The caller appends the update to the input.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "pdf/badge/badge.hpp"
#include "pdf/reader/pdf_reader.hpp"
#include "record/record.hpp"

namespace pith::pdf::stamp {

inline constexpr const char* kAttachmentName = "pith-record.json";

struct StampRecord {
    record::PithNumber number;
    std::string sha256Hex;
    std::string canonicalBytes;             // canonical record, for pith:canonicalRecord
    std::optional<record::Receipt> receipt;
    std::string recordJson;                 // the whole input record, canonicalised (the attachment)
    std::optional<std::string> title;       // the paper's title, where the record carries one
};

StampRecord stampRecordFrom(const record::Record& record, const record::RecordFacts& facts);

struct StampOptions {
    size_t pageIndex = 0;
    badge::Placement placement;
    std::optional<double> height;           // default: 24 pt without QR, 40 pt with
    bool qr = true;
    std::optional<std::int64_t> epoch;      // set: write dates (ModDate, MetadataDate); unset: none
    bool force = false;                     // stamp again a PDF that has this number already
    bool allowRenumber = false;             // stamp a PDF that has another number
    // By default the document title (dc:title, Info /Title) becomes the record's paper title, so the
    // metadata names the paper whose number it carries; keepTitle leaves the document's own.
    bool keepTitle = false;
};

// The PDF already carries Pith data and the options do not allow stamping over it.
class StampRefused : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct StampResult {
    std::string update;                     // bytes to append to the input
    std::uint64_t stampedLength = 0;
    std::string stampedSha256;
    std::optional<std::string> previousNumber;
};

// in: the reader of the whole input at its latest revision. Throws PdfError, PdfEncryptedError,
// StampRefused, xmp::XmpError.
StampResult stamp(const PdfReader& in, const StampRecord& record, const StampOptions& options);

// "D:YYYYMMDDHHmmSSZ" and "YYYY-MM-DDTHH:MM:SSZ" for a Unix time.
std::string pdfDate(std::int64_t epoch);
std::string isoDate(std::int64_t epoch);

}  // namespace pith::pdf::stamp

#pragma once
// `pith stamp` as a library call: from an unchanged PDF and a record to the bytes of one incremental
// update that adds the badge, the link, the XMP and Info metadata, the record attachment, the
// binding to the stamped bytes and what the stamp decided (docs/FORMAT.md). The caller appends the
// update to the input.
//
// The same function is the verifier's reference: given the recorded parameters and signature it
// writes the update a stamp of that prefix must be, which pith verify compares with the file.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "crypto/secret_key.hpp"
#include "pdf/badge/badge.hpp"
#include "pdf/reader/pdf_reader.hpp"
#include "pith_constants.hpp"
#include "pdf/stamp/placement.hpp"
#include "pdf/stamp/stamp_parameters.hpp"
#include "record/record.hpp"

namespace pith::pdf::stamp {

struct StampRecord {
    record::PithNumber number;
    std::string sha256Hex;
    std::string canonicalBytes;  // canonical record, for pith:canonicalRecord
    std::optional<record::Receipt> receipt;
    std::string recordJson;            // the whole input record, canonicalised (the attachment)
    std::optional<std::string> title;  // paper.title, only when it hashes to title_canon_sha256
};

// Throws RecordError when the record has no Pith Number.
StampRecord stampRecordFrom(const record::Record& record, const record::RecordFacts& facts);

struct StamperSignature {
    std::string keyId;
    std::string signatureB64;  // Ed25519 over stampStatement(...)
};

struct StampOptions {
    StampKind kind = StampKind::Badge;
    size_t pageIndex = 0;
    badge::Placement placement;                    // as given; with autoPlacement only its edge distances count
    bool autoPlacement = false;                    // the first free place (pdf/stamp/placement.hpp); refused if none
    PlacementStyle style = PlacementStyle::Badge;  // which places autoPlacement tries
    std::optional<double> height;                  // default: an 8 pt label (badge::defaultHeight)
    bool qr = true;
    std::optional<std::int64_t> epoch;            // set: write dates (ModDate, MetadataDate); unset: none
    bool force = false;                           // stamp again a PDF that has this number; recorded as "forced"
    bool allowRenumber = false;                   // stamp a PDF that has another number
    std::optional<crypto::SecretKey> stamperKey;  // sign the stamp statement
    std::optional<std::string> prefixSha256;      // SHA-256 of the input, when the caller has it
    int fileDescriptor = -1;                      // the open file the input's bytes are mapped from, to hash with pread

    // Re-creating a recorded stamp (verification): its decisions, signature and producer are used
    // as they are, and no refusal applies.
    std::optional<StampParameters> recorded;
    std::optional<StamperSignature> recordedSignature;
    std::optional<std::string> recordedProducer;
};

// The PDF already carries Pith data and the options do not allow stamping over it.
class StampRefused : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct StampResult {
    std::string update;  // bytes to append to the input
    std::uint64_t stampedLength = 0;
    std::string stampedSha256;
    std::optional<std::string> previousNumber;
    StampParameters parameters;
    std::optional<StamperSignature> signature;
    std::vector<std::string> warnings;       // the badge covers page content (given position, --force), ...
    std::optional<std::string> unknownPdfa;  // the input claims a PDF/A conformance pith does not know ("PDF/A-5X")
};

// in: the reader of the whole input at its latest revision. Throws PdfError, PdfEncryptedError,
// StampRefused, xmp::XmpError.
StampResult stamp(const PdfReader& in, const StampRecord& record, const StampOptions& options);

// "pith-stamp <version>" for a badge, "pith-seal <version>" for a seal.
std::string producerFor(StampKind kind);

}  // namespace pith::pdf::stamp

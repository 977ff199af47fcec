#pragma once
// `pith verify`: re-verifies what a PDF carries, offline (docs/REPORT.md lists the checks, and
// docs/FORMAT.md "Trust model" what each verdict proves).
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "crypto/keyring.hpp"
#include "crypto/prefix_digest.hpp"
#include "pdf/reader/pdf_reader.hpp"
#include "record/pith_number.hpp"
#include "report/report.hpp"
#include "verify/embedded_data.hpp"

namespace pith::verify {

struct PdfVerifyOptions {
    std::optional<record::NumberQuery> expectedNumber;  // --number
    std::optional<std::string> expectedSha256;          // --record: its canonical hash
    std::optional<std::string> requiredStamper;         // --require-stamper KEYID
    size_t maxBadgePages = 8;                           // pages searched for a LaTeX badge
    // The open file the reader's bytes are mapped from (io::MappedFile), or -1: the stamped prefix
    // is then hashed from it with pread, so that a large file's pages do not all become resident.
    int fileDescriptor = -1;
    // The same file's hashing, started when it was opened (crypto/prefix_digest.hpp): the stamped
    // prefix's hash is then taken from it, and its reading stops once the file claims no stamp.
    std::shared_ptr<crypto::PrefixDigest> prefixDigest;
    // Only pith stamp's check of its own output sets this: the length and SHA-256 of the document
    // it appended the update to, as it hashed them a moment before from the same bytes, so that the
    // output's prefix is not hashed a second time. Never taken from anything a file says.
    std::optional<std::pair<std::uint64_t, std::string>> knownPrefixSha256;
};

// What verification found, beyond the report: the extract command writes it out.
struct PdfFindings {
    EmbeddedData data;
    std::optional<std::string> canonicalRecord;  // canonical bytes, when a valid record was found
    std::optional<std::string> canonicalSha256;
    std::optional<std::string> number;             // pith:YYYY:SUFFIX derived from the record
    std::optional<std::string> title;              // the paper's title, where title_canon_sha256 vouches for it
    std::optional<std::uint64_t> pithRevisionEnd;  // end of the stamp update, or of the compiled file
    std::optional<std::uint64_t> stampedLength;
};

// Never throws for what the file says; throws pdf::PdfError only when the file cannot be read at all.
report::Report verifyPdf(const pdf::PdfReader& reader, const crypto::Keyring& keyring, const PdfVerifyOptions& options,
                         PdfFindings* findings = nullptr);

// Check ids (docs/REPORT.md).
inline constexpr const char* kLaterRevisionsCheck = "pith.revisions.none";
inline constexpr const char* kBindingCheck = "pith.binding.match";
inline constexpr const char* kStampUpdateCheck = "pith.stamp.update";
inline constexpr const char* kStamperCheck = "pith.stamp.signer";
// Present only when the file is damaged and read as libqpdf rebuilds it (PdfReader::repaired).
inline constexpr const char* kFileStructureCheck = "pith.file.structure";

}  // namespace pith::verify

#pragma once
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "json/value.hpp"
#include "record/pith_number.hpp"

namespace pith::record {

enum class RecordShape { NumberRecord, OpenGraphState, OpenGraphBundle, BareCanonical };
const char* shapeName(RecordShape shape);

struct Receipt {
    std::string keyId;
    std::string algorithm;
    std::string signedMessage;
    std::string signatureB64;
    std::string publicKeyFingerprint;
    std::optional<std::string> canonicalSha256;
    std::optional<std::string> signedAt;
};

// A record as loaded: where its canonical record sits depends on the shape (docs/FORMAT.md).
struct Record {
    RecordShape shape = RecordShape::BareCanonical;
    json::Value document;                                      // the whole input
    json::Value canonicalRecord;                               // the part that is hashed
    std::optional<std::string> declaredSha256;                 // canonical_sha256 as the document states it
    std::optional<std::string> declaredNumber;                 // pith_number
    std::optional<std::string> declaredShort;                  // short_pith_number
    std::vector<std::pair<std::string, std::string>> aliases;  // pith_short_8/12/16 as found
    std::optional<Receipt> receipt;
    std::optional<std::string> title;  // paper.title, where present
};

// What the canonical record determines.
struct RecordFacts {
    std::string canonicalBytes;
    crypto::Sha256Digest digest{};
    std::string sha256Hex;
    std::optional<PithNumber> number;  // absent when metadata.submitted_at has no year
};

// Invalid record: the message names the problem and the JSON path or byte offset.
class RecordError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The shape a document claims (its record_type, state_type or bundle_type, or the members of a bare
// canonical record), before any validation; nullopt for JSON that does not look like a record.
std::optional<RecordShape> claimedShape(const json::Value& document);
// Where each shape keeps its canonical record, as a JSON path ("$.canonical_record", "$").
const char* canonicalRecordPath(RecordShape shape);

Record loadRecord(std::string_view bytes);                       // throws RecordError
Record loadRecordFile(const std::filesystem::path& pathOrDash);  // "-" reads stdin; throws RecordError
RecordFacts computeFacts(const Record& record);
std::optional<int> yearOf(const json::Value& canonicalRecord);

// Reads a whole file or stdin ("-") up to a byte limit; throws RecordError naming the file.
std::string readInput(const std::filesystem::path& pathOrDash, size_t maxBytes);

}  // namespace pith::record

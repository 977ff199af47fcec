#pragma once
// The registry side: making canonical records and signing them, so that tests and self-hosted
// registries can produce real signed records.
#include <optional>
#include <string>
#include <vector>

#include "crypto/secret_key.hpp"
#include "record/record.hpp"

namespace pith::record {

struct NewRecordInput {
    std::string title;
    std::string arxivId;
    long long version = 1;
    std::string submittedAt;  // ISO 8601, e.g. 2026-05-09T11:19:51Z
    std::string license;
    std::string primaryCat;
    std::vector<std::string> crossCats;
    std::string abstract;
};

// How pith canonicalises an abstract before hashing it (the registry's rule is not published):
// Unicode text as given, every run of ASCII whitespace folded to one space, leading and trailing
// whitespace removed; no case folding, no Unicode normalisation.
inline constexpr const char* kAbstractCanonicalisation =
    "abstract_canon_sha256 = SHA-256 of the abstract with runs of whitespace folded to one space and trimmed "
    "(pith's own rule: the registry's is not published)";
std::string abstractCanonSha256(const std::string& abstract);

// Throws RecordError naming the bad field.
json::Value newCanonicalRecord(const NewRecordInput& input);

// A pith_number_record document around a canonical record: canonical_sha256, pith_number,
// short_pith_number, paper.title when given, and the receipt when given.
json::Value numberRecordDocument(const json::Value& canonicalRecord, const std::optional<std::string>& title,
                                 const std::optional<json::Value>& receipt);

// Signs the record's canonical hash; signedAt goes into the receipt only when given.
json::Value makeReceipt(const RecordFacts& facts, const crypto::SecretKey& key, const std::optional<std::string>& signedAt);

}  // namespace pith::record

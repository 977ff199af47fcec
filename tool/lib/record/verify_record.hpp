#pragma once
#include <optional>

#include "crypto/keyring.hpp"
#include "record/record.hpp"
#include "report/report.hpp"

namespace pith::record {

// Every check a record alone allows (docs/FORMAT.md, "Record checks"): the hash re-computes, the
// numbers, aliases and receipt hash match it, the year matches submitted_at, the title matches its
// hash, the receipt signature verifies against a trusted key. With `expected`, the record must be
// that number.
report::Report verifyRecord(const Record& record, const RecordFacts& facts, const crypto::Keyring& keyring,
                            const std::optional<NumberQuery>& expected = std::nullopt);

// The signature check alone, for verifiers that rebuilt a receipt from embedded metadata.
report::CheckResult checkReceiptSignature(const std::optional<Receipt>& receipt, const RecordFacts& facts,
                                          const crypto::Keyring& keyring);

// title_canon_sha256 as the registry computes it: SHA-256 of the title lower-cased (see the notes
// in docs/FORMAT.md on what is not published).
std::string titleCanonSha256(const std::string& title);

}  // namespace pith::record

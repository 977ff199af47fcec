#pragma once
// Commands that put a record into something (pith latex, stamp, badge) first check it as
// `pith record verify` would: a record that does not verify is refused, unless forced.
#include <optional>
#include <string>

#include "record/record.hpp"

namespace pith::cli {

struct CheckedRecord {
    record::Record record;
    record::RecordFacts facts;
};

// Loads and verifies the record (throws RecordError/KeyringError for unreadable input). Returns
// nullopt after printing the report and a one-line reason when the verdict is not VERIFIED and
// `force` is not set; with `force`, prints a warning (unless `quiet`) and goes on. `what` names the output ("pith.sty").
std::optional<CheckedRecord> loadRecordToWrite(const std::string& recordPath, const std::string& keyringPath, bool force,
                                               const std::string& what, bool quiet = false);

}  // namespace pith::cli

#include "cli/record_gate.hpp"

#include <cstdio>

#include "cli/command.hpp"
#include "crypto/keyring.hpp"
#include "record/verify_record.hpp"

namespace pith::cli {

std::optional<CheckedRecord> loadRecordToWrite(const std::string& recordPath, const std::string& keyringPath, bool force,
                                               const std::string& what, bool quiet) {
    CheckedRecord checked{record::loadRecordFile(recordPath), {}};
    checked.facts = record::computeFacts(checked.record);
    crypto::Keyring ring = crypto::Keyring::builtInAnd(keyringPath);
    report::Report rep = record::verifyRecord(checked.record, checked.facts, ring);
    rep.subject = recordPath == "-" ? "<stdin>" : recordPath;
    if (rep.verdict == report::Verdict::Verified) return checked;

    std::string why;
    for (const report::CheckResult& c : rep.checks)
        if (c.status == report::CheckStatus::Fail || c.status == report::CheckStatus::Unverifiable) {
            why = c.id + ": " + c.reason;
            break;
        }
    std::string verdict = report::verdictName(rep.verdict);
    if (force) {
        if (!quiet)
            printError("warning: " + rep.subject + " is " + verdict + " (" + why + "); writing " + what +
                       " because of --force-unverified");
        return checked;
    }
    std::fputs(report::toText(rep).c_str(), stderr);
    printError(rep.subject + " is " + verdict + " (" + why + "): no " + what + " written (--force-unverified writes it anyway)");
    return std::nullopt;
}

}  // namespace pith::cli

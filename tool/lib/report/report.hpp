#pragma once
#include <string>
#include <vector>

#include "json/value.hpp"

namespace pith::report {

enum class CheckStatus { Pass, Fail, NotApplicable, Unverifiable };
const char* statusName(CheckStatus status);  // "pass", "fail", "n/a", "unverifiable"

struct CheckResult {
    std::string id;     // stable, e.g. "pith.recordHash.match"
    std::string title;  // short human label
    CheckStatus status = CheckStatus::NotApplicable;
    std::string reason;  // one sentence
};

enum class Verdict { Verified, Modified, Failed, Unverifiable, NoPithData };
const char* verdictName(Verdict verdict);  // "VERIFIED", "MODIFIED", ...

// One shared result type for `pith record verify` and `pith verify`: the human table and the JSON
// are both rendered from it.
struct Report {
    std::string subject;  // file name or "-"
    Verdict verdict = Verdict::Failed;
    std::vector<CheckResult> checks;
    json::Value facts;  // number, hash, key id, ... for the JSON output
    // What the verdict proves, and what it does not: one sentence each, printed right after it.
    std::string proves;
    std::string doesNotProve;

    void add(std::string id, std::string title, CheckStatus status, std::string reason);
    const CheckResult* find(const std::string& id) const;
    // Failed if any check failed, else Unverifiable if any is unverifiable, else Verified.
    Verdict verdictFromChecks() const;
};

json::Value toJson(const Report& report);
std::string toText(const Report& report);
// The verdict line alone ("paper.pdf: VERIFIED"), for --quiet.
std::string toVerdictLine(const Report& report);
// The facts as "  name: value" lines, for --verbose (nested values as canonical JSON).
std::string factsText(const Report& report);

// What --json prints for an input that could not be read at all (docs/JSON.md):
// {"error":"...","schema":"pith.report/1","subject":"...","verdict":"UNREADABLE"}.
json::Value unreadableJson(const std::string& subject, const std::string& error);

int exitCodeFor(Verdict verdict);

}  // namespace pith::report

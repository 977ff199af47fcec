#include "report/report.hpp"

#include "exit_codes.hpp"
#include "json/canonical.hpp"

namespace pith::report {

const char* statusName(CheckStatus status) {
    switch (status) {
    case CheckStatus::Pass: return "pass";
    case CheckStatus::Fail: return "fail";
    case CheckStatus::NotApplicable: return "n/a";
    case CheckStatus::Unverifiable: return "unverifiable";
    }
    return "?";
}

const char* verdictName(Verdict verdict) {
    switch (verdict) {
    case Verdict::Verified: return "VERIFIED";
    case Verdict::Modified: return "MODIFIED";
    case Verdict::Failed: return "FAILED";
    case Verdict::Unverifiable: return "UNVERIFIABLE";
    case Verdict::NoPithData: return "NO-PITH-DATA";
    }
    return "?";
}

void Report::add(std::string id, std::string title, CheckStatus status, std::string reason) {
    checks.push_back(CheckResult{std::move(id), std::move(title), status, std::move(reason)});
}

const CheckResult* Report::find(const std::string& id) const {
    for (const CheckResult& c : checks)
        if (c.id == id) return &c;
    return nullptr;
}

Verdict Report::verdictFromChecks() const {
    bool unverifiable = false;
    for (const CheckResult& c : checks) {
        if (c.status == CheckStatus::Fail) return Verdict::Failed;
        if (c.status == CheckStatus::Unverifiable) unverifiable = true;
    }
    return unverifiable ? Verdict::Unverifiable : Verdict::Verified;
}

json::Value toJson(const Report& report) {
    json::Array checks;
    for (const CheckResult& c : report.checks) {
        json::Value item;
        item.set("id", json::Value::string(c.id));
        item.set("title", json::Value::string(c.title));
        item.set("status", json::Value::string(statusName(c.status)));
        item.set("reason", json::Value::string(c.reason));
        checks.push_back(std::move(item));
    }
    json::Value out;
    out.set("schema", json::Value::string("pith.report/1"));
    out.set("subject", json::Value::string(report.subject));
    out.set("verdict", json::Value::string(verdictName(report.verdict)));
    if (!report.proves.empty()) out.set("proves", json::Value::string(report.proves));
    if (!report.doesNotProve.empty()) out.set("does_not_prove", json::Value::string(report.doesNotProve));
    out.set("checks", json::Value::array(std::move(checks)));
    out.set("facts", report.facts.isNull() ? json::Value::object({}) : report.facts);
    return out;
}

std::string toText(const Report& report) {
    std::string out = report.subject + ": " + verdictName(report.verdict) + "\n";
    if (!report.proves.empty()) out += "  proves:         " + report.proves + "\n";
    if (!report.doesNotProve.empty()) out += "  does not prove: " + report.doesNotProve + "\n";
    size_t width = 0;
    for (const CheckResult& c : report.checks) width = std::max(width, c.title.size());
    for (const CheckResult& c : report.checks) {
        std::string status = statusName(c.status);
        out += "  " + status + std::string(13 - status.size(), ' ') + c.title + std::string(width - c.title.size() + 2, ' ') +
               c.reason + "\n";
    }
    return out;
}

std::string toVerdictLine(const Report& report) { return report.subject + ": " + verdictName(report.verdict) + "\n"; }

std::string factsText(const Report& report) {
    if (!report.facts.isObject()) return "";
    std::string out = "  facts:\n";
    for (const auto& [name, value] : report.facts.asObject())
        out += "    " + name + ": " + (value.isString() ? value.asString() : json::canonical(value)) + "\n";
    return out;
}

json::Value unreadableJson(const std::string& subject, const std::string& error) {
    json::Value line;
    line.set("schema", json::Value::string("pith.report/1"));
    line.set("subject", json::Value::string(subject));
    line.set("verdict", json::Value::string("UNREADABLE"));
    line.set("error", json::Value::string(error));
    return line;
}

int exitCodeFor(Verdict verdict) {
    switch (verdict) {
    case Verdict::Verified: return kExitOk;
    case Verdict::NoPithData: return kExitNoPithData;
    case Verdict::Unverifiable: return kExitUnverifiable;
    default: return kExitCheckFailed;
    }
}

}  // namespace pith::report

#include "registry/online_check.hpp"

namespace pith::registry {

using report::CheckStatus;

void addRegistryCheck(report::Report& rep, const std::optional<std::string>& number, const std::optional<std::string>& sha256,
                      const RegistryOptions& options, const crypto::Keyring& keyring) {
    const char* title = "Registry record";
    if (rep.verdict == report::Verdict::NoPithData || !number || !sha256) {
        rep.add(kRegistryMatchCheck, title, CheckStatus::NotApplicable, "no valid record in the PDF to look up");
        return;
    }
    std::string why;
    std::optional<record::NumberQuery> query = record::parseNumber(*number, &why);
    if (!query || query->prefix.size() != 26) {
        rep.add(kRegistryMatchCheck, title, CheckStatus::NotApplicable, "the PDF's number has no 26-character suffix");
        return;
    }
    CheckStatus status = CheckStatus::Pass;
    std::string reason;
    try {
        VerifiedRecord current = fetchRecord(query->prefix, options, keyring);
        if (current.facts.sha256Hex == *sha256) {
            reason = "the registry's current record (" + current.source + ") has the same canonical hash";
        } else {
            status = CheckStatus::Fail;
            reason = "the registry's current record hashes to " + current.facts.sha256Hex + ", the PDF's to " + *sha256;
        }
    } catch (const FetchError& e) {
        status = e.kind() == FetchFailure::Network ? CheckStatus::Unverifiable : CheckStatus::Fail;
        reason = e.what();
    }
    rep.add(kRegistryMatchCheck, title, status, reason);
    if (status == CheckStatus::Fail && rep.verdict != report::Verdict::Failed) rep.verdict = report::Verdict::Failed;
    if (status == CheckStatus::Unverifiable && rep.verdict == report::Verdict::Verified)
        rep.verdict = report::Verdict::Unverifiable;
}

}  // namespace pith::registry

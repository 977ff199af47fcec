#include "verify/stamp_gate.hpp"

#include "verify/verify_pdf.hpp"

namespace pith::verify {

namespace {

// What makes the stamped file fail its own verification, as one line; empty when it passes (an
// unsigned record or stamper is the caller's decision, made before).
std::string objection(const report::Report& rep) {
    using report::CheckStatus;
    for (const report::CheckResult& r : rep.checks) {
        const bool viewerDoubt = (r.id == "pith.title.shown" || r.id == "pith.badge.shown") && r.status != CheckStatus::Pass;
        if (r.status == CheckStatus::Fail || viewerDoubt) return r.title + ": " + r.reason;
    }
    return "";
}

}  // namespace

CheckedStamp stampChecked(const pdf::PdfReader& in, const pdf::stamp::StampRecord& record,
                          const pdf::stamp::StampOptions& options, const crypto::Keyring& keyring) {
    CheckedStamp out;
    out.stamp = pdf::stamp::stamp(in, record, options);
    std::string joined;
    joined.reserve(in.bytes().size() + out.stamp.update.size());
    joined.append(in.bytes());
    joined.append(out.stamp.update);
    out.output = pdf::PdfReader::fromBytes(std::move(joined), in.limits());
    out.report = verifyPdf(*out.output, keyring, {});
    const std::string why = objection(out.report);
    if (!why.empty() && !options.force)
        throw pdf::stamp::StampRefused("the stamped PDF would not verify (" + why + "); use --force to stamp it all the same");
    return out;
}

}  // namespace pith::verify

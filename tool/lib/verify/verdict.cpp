// The verdict, and the two sentences that say what it proves and what it does not
// (docs/FORMAT.md, "Trust model").
#include "verify/context.hpp"

namespace pith::verify {

using report::CheckStatus;
using report::Verdict;

namespace {

std::string firstFailure(const report::Report& rep) {
    for (const report::CheckResult& r : rep.checks)
        if (r.status == CheckStatus::Fail) return r.title + ": " + r.reason;
    return "";
}

std::string firstDoubt(const Context& c) {
    for (const report::CheckResult& r : c.rep.checks)
        if (r.status == CheckStatus::Unverifiable) return r.title + ": " + r.reason;
    for (const std::string& id : c.required) {
        const report::CheckResult* r = c.rep.find(id);
        if (!r) return id + " was not checked";
        if (r->status != CheckStatus::Pass) return r->title + ": " + r->reason;
    }
    return "";
}

void explain(Context& c) {
    report::Report& rep = c.rep;
    const std::string badgePage = c.badgePage ? std::to_string(*c.badgePage + 1) : std::string("1");
    switch (rep.verdict) {
    case Verdict::Verified:
        if (c.route == Route::Stamp && c.stamp && c.stamp->kind == pdf::stamp::StampKind::Seal) {
            rep.proves =
                "The registry signed this record, and the file is exactly the sealed document plus the seal, unchanged since; "
                "its pages show the record's title and badge. " +
                c.stamperSummary + ".";
            rep.doesNotProve = c.stamperTrusted
                                   ? "That the paper's content is what was submitted to the registry: the registry signs "
                                     "the paper's metadata, not its pages."
                                   : "Who sealed it: the seal is not signed by a key you trust, and anyone can seal a PDF.";
        } else if (c.route == Route::Stamp) {
            rep.proves =
                "The registry signed this record; the file is exactly a document plus the stamp pith writes for it, unchanged "
                "since; page 1 shows the record's title and page " +
                badgePage + " its badge. " + c.stamperSummary + ".";
            rep.doesNotProve = c.stamperTrusted
                                   ? "That the paper's content is what was submitted to the registry: the registry signs "
                                     "the paper's metadata, not its pages."
                                   : "Who stamped it: the stamp is not signed by a key you trust, and anyone can stamp any "
                                     "PDF whose first page shows the record's title.";
        } else {
            rep.proves =
                "The registry signed this record; the PDF is one revision as a TeX engine writes it, page 1 shows the record's "
                "title and page " +
                badgePage + " its badge.";
            rep.doesNotProve =
                "That the pages are the authors': a PDF made by the LaTeX package carries no binding, so a whole-file "
                "rewrite after compiling cannot be detected (pith seal adds one).";
        }
        break;
    case Verdict::Modified:
        rep.proves = rep.find("pith.receipt.signature") && rep.find("pith.receipt.signature")->status == CheckStatus::Pass
                         ? "The embedded record is genuine: the registry signed it."
                         : "Nothing about the record's origin (see the signature check).";
        rep.doesNotProve =
            c.rewritten
                ? "That what a viewer shows is what was stamped: the file was rewritten after stamping and the "
                  "stamped bytes are gone."
                : "That what a viewer shows is what was stamped or compiled: the file was changed afterwards (" +
                      (rep.find(kLaterRevisionsCheck) ? rep.find(kLaterRevisionsCheck)->reason : std::string("see the checks")) +
                      ").";
        break;
    case Verdict::Failed:
        rep.proves = "Nothing: a check failed.";
        rep.doesNotProve = "Anything the file claims: " + firstFailure(rep);
        break;
    case Verdict::Unverifiable:
        rep.proves = "No check failed.";
        rep.doesNotProve = "That the file is what it claims: " + firstDoubt(c);
        break;
    case Verdict::NoPithData:
        rep.proves = "Nothing: the PDF carries no Pith data.";
        rep.doesNotProve = "Anything about a Pith Number.";
        break;
    }
}

}  // namespace

void decideVerdict(Context& c) {
    bool failed = false, modified = false, doubtful = false;
    for (const report::CheckResult& r : c.rep.checks) {
        const bool modification = r.id == kLaterRevisionsCheck || (c.rewritten && r.id == kBindingCheck);
        if (r.status == CheckStatus::Fail) (modification ? modified : failed) = true;
        if (r.status == CheckStatus::Unverifiable) doubtful = true;
    }
    // A check that could not tell never yields VERIFIED.
    for (const std::string& id : c.required) {
        const report::CheckResult* r = c.rep.find(id);
        if (!r || r->status != CheckStatus::Pass) doubtful = true;
    }
    c.rep.verdict = failed     ? Verdict::Failed
                    : modified ? Verdict::Modified
                    : doubtful ? Verdict::Unverifiable
                               : Verdict::Verified;
    explain(c);
}

}  // namespace pith::verify

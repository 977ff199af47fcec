#include "verify/stamp_gate.hpp"

#include "verify/automatic_actions.hpp"
#include "verify/embedded_data.hpp"
#include "verify/verify_pdf.hpp"
#include "view/time_limit.hpp"

namespace pith::verify {

namespace {

// What makes the stamped file fail its own verification, as one line; empty when it passes (an
// unsigned record or stamper is the caller's decision, made before).
std::string objection(const report::Report& rep) {
    using report::CheckStatus;
    for (const report::CheckResult& r : rep.checks) {
        const bool viewerDoubt = (r.id == "pith.title.shown" || r.id == "pith.badge.shown" || r.id == kAutomaticActionsCheck) &&
                                 r.status != CheckStatus::Pass;
        if (r.status == CheckStatus::Fail || viewerDoubt) return r.title + ": " + r.reason;
    }
    return "";
}

}  // namespace

void requireReadable(const pdf::PdfReader& in, const pdf::stamp::StampOptions& options) {
    (void)readEmbeddedData(in);
    if (options.kind != pdf::stamp::StampKind::Badge) return;
    const std::string where = "page " + std::to_string(options.pageIndex + 1);
    const pdf::PageInfo page = in.page(options.pageIndex);
    if (const pdf::Object* contents = page.dict.find("Contents")) {
        const pdf::Object resolved = in.resolve(*contents);
        const pdf::Array parts = resolved.isArray() ? resolved.asArray() : pdf::Array{*contents};
        for (const pdf::Object& part : parts) {
            const pdf::Object stream = in.resolve(part);
            if (!stream.isStream()) continue;  // ignored by viewers and by the stamp
            try {
                (void)in.decodeStream(stream);
            } catch (const pdf::PdfError& e) {
                throw pdf::PdfError(where + "'s content stream" +
                                    (part.isRef() ? " (object " + std::to_string(part.asRef().num) + ")" : std::string()) +
                                    " cannot be decoded: " + e.what());
            }
        }
    }
    try {
        (void)pageAnnotations(in, options.pageIndex);
    } catch (const pdf::PdfError& e) {
        throw pdf::PdfError(where + "'s annotations cannot be read: " + e.what());
    }
}

CheckedStamp stampChecked(const pdf::PdfReader& in, const pdf::stamp::StampRecord& record,
                          const pdf::stamp::StampOptions& options, const crypto::Keyring& keyring,
                          const std::shared_ptr<io::MappedFile>& file) {
    // An update appended to a file whose cross-reference data is broken extends a broken file.
    if (const std::optional<std::string>& damage = in.repaired())
        throw pdf::PdfError("the PDF is damaged (" + *damage +
                            "): stamping would append to a broken file; rewrite it first (qpdf in.pdf out.pdf) and stamp that");
    if (!in.encrypted()) requireReadable(in, options);  // an encrypted file: the stamp's own refusal
    CheckedStamp out;
    pdf::stamp::StampOptions opt = options;
    PdfVerifyOptions check;
    if (file) opt.fileDescriptor = check.fileDescriptor = file->descriptor();
    out.stamp = pdf::stamp::stamp(in, record, opt);
    // The output's prefix is the input the stamp has just hashed, byte for byte (the same mapping,
    // or a copy of it): not hashed again.
    check.knownPrefixSha256.emplace(out.stamp.stampedLength, out.stamp.stampedSha256);
    if (std::optional<std::string_view> joined = file ? file->append(out.stamp.update) : std::nullopt) {
        out.output = pdf::PdfReader::fromMappedFile(file, *joined, in.limits());
    } else {
        std::string copy;
        copy.reserve(in.bytes().size() + out.stamp.update.size());
        copy.append(in.bytes());
        copy.append(out.stamp.update);
        out.output = pdf::PdfReader::fromBytes(std::move(copy), in.limits());
    }
    out.report = verifyPdf(*out.output, keyring, check);
    // A page poppler cannot read in time is refused as unreadable input (exit 3), even with --force:
    // the stamp cannot tell what it covers or whether it shows.
    const std::string timeLimit = view::ViewerTimeLimit().what();
    for (const report::CheckResult& r : out.report.checks)
        if (r.reason.compare(0, timeLimit.size(), timeLimit) == 0) throw view::ViewerTimeLimit();
    // Damage met only once the output is read (an object of the original that is no PDF syntax):
    // refused as a damaged input is, even with --force.
    if (const report::CheckResult* damaged = out.report.find(kFileStructureCheck))
        throw pdf::PdfError(damaged->reason + "; rewrite it first (qpdf in.pdf out.pdf) and stamp that");
    const std::string why = objection(out.report);
    if (!why.empty() && !options.force)
        throw pdf::stamp::StampRefused("the stamped PDF would not verify (" + why + "); use --force to stamp it all the same");
    return out;
}

}  // namespace pith::verify

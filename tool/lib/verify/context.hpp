#pragma once
// The state one verification shares between its checks (verify_pdf.cpp runs them in order).
#include <future>
#include <optional>
#include <set>
#include <string>

#include "pdf/stamp/stamp_parameters.hpp"
#include "record/record.hpp"
#include "verify/verify_pdf.hpp"

namespace pith::verify {

// How the file says it was made. Stamp: pith stamp or pith seal (a binding is then required).
// Compiled: the LaTeX package (one revision as a TeX engine writes it).
enum class Route { Stamp, Compiled, Unknown };

struct Context {
    Context(const pdf::PdfReader& r, const crypto::Keyring& k, const PdfVerifyOptions& o, report::Report& rp, PdfFindings& f,
            const EmbeddedData& d)
        : reader(r), keyring(k), options(o), rep(rp), found(f), data(d) {}

    const pdf::PdfReader& reader;
    const crypto::Keyring& keyring;
    const PdfVerifyOptions& options;
    report::Report& rep;
    PdfFindings& found;
    const EmbeddedData& data;  // as the latest revision shows it
    Route route = Route::Unknown;

    std::optional<record::Record> attached;    // the attachment, loaded
    std::optional<record::Record> xmpRecord;   // pith:canonicalRecord, loaded
    std::optional<record::RecordFacts> facts;  // of the record the checks use
    std::optional<std::string> title;          // the paper's title, bound by title_canon_sha256

    std::optional<pdf::stamp::StampParameters> stamp;  // validated stamp parameters
    std::optional<size_t> badgePage;                   // where the badge must be seen
    // The badge's link rectangle as the stamp parameters record it (the stamp update's, else the
    // file's metadata's), validated or not, and its page: character recognition of the title blanks
    // it (what it hides matters only in a file that fails anyway where the update is not what pith
    // stamp writes: a file that states stamp parameters is VERIFIED only with a valid stamp).
    std::optional<pdf::Rect> claimedBadge;
    size_t claimedBadgePage = 0;
    std::optional<std::string> badgeHidden;  // why the stamp's badge is hidden from some viewers
    std::optional<std::string> badgeDoubt;   // why that cannot be told
    bool stamperTrusted = false;
    std::string stamperSummary;  // "stamped by KEYID (trusted)", "stamper unknown"
    bool rewritten = false;      // the stamped bytes are gone: a whole-file rewrite

    // The binding, judged when the prefix's hash (computed while the other checks run) is known.
    std::future<std::string> prefixHash;
    size_t bindingSlot = 0;
    std::uint64_t boundLength = 0;

    // Checks that must pass for VERIFIED (a check that cannot tell never yields VERIFIED).
    std::set<std::string> required;

    const std::string* xmp(const char* name) const { return data.xmpValue(name); }
};

void checkRecord(Context& c);    // record_checks.cpp: found, valid, consistent, hash, number, signature
void checkStamp(Context& c);     // stamp_checks.cpp: binding, stamp update, stamper, what follows
void finishStamp(Context& c);    // stamp_checks.cpp: the binding, once the prefix is hashed
void checkCompiled(Context& c);  // compiled_checks.cpp: one revision as compiled
void checkViewer(Context& c);    // viewer_checks.cpp: badge, title and links as a viewer shows them
// stamp_checks.cpp: what follows `end` must be white space; else MODIFIED, with what was appended.
void checkNothingAfter(Context& c, std::uint64_t end, const std::string& what);
void checkExpected(Context& c);  // record_checks.cpp: --number, --record
void decideVerdict(Context& c);  // verdict.cpp: verdict, and what it proves and does not

// "; "-joined reasons.
std::string joined(const std::vector<std::string>& parts);

}  // namespace pith::verify

#include "verify/verify_pdf.hpp"

#include "verify/automatic_actions.hpp"
#include "verify/context.hpp"

namespace pith::verify {

using report::CheckStatus;

namespace {

bool startsWith(const std::string* s, const char* prefix) { return s && s->rfind(prefix, 0) == 0; }

// What the file says made it. Anything that only pith stamp writes (the binding, the stamp
// parameters, the stamper's signature, its producer name, the record attachment) claims a stamp,
// which must then be proven; a claim of neither route is not trusted at all.
Route routeOf(const EmbeddedData& d) {
    const std::string* producer = d.xmpValue("producer");
    for (const char* key : {"stampedLength", "stampedSha256", "stampParameters", "stamperKeyId", "stamperSignature"})
        if (d.xmpValue(key)) return Route::Stamp;
    if (startsWith(producer, "pith-stamp") || startsWith(producer, "pith-seal") || d.attachment) return Route::Stamp;
    if (startsWith(producer, "pith-latex")) return Route::Compiled;
    return Route::Unknown;
}

void describeFacts(Context& c) {
    if (c.facts) {
        c.rep.facts.set("number", json::Value::string(c.facts->number->full()));
        c.rep.facts.set("short_number", json::Value::string(c.facts->number->shortForm()));
        c.rep.facts.set("record_url", json::Value::string(c.facts->number->recordUrl()));
        c.rep.facts.set("canonical_sha256", json::Value::string(c.facts->sha256Hex));
    } else if (const std::string* number = c.xmp("number")) {
        c.rep.facts.set("number", json::Value::string(*number));
    }
    if (c.title) c.rep.facts.set("title", json::Value::string(*c.title));
    c.found.title = c.title;
    c.rep.facts.set("route", json::Value::string(c.route == Route::Stamp      ? "stamp"
                                                 : c.route == Route::Compiled ? "latex"
                                                                              : "unknown"));
    if (const std::string* producer = c.xmp("producer")) c.rep.facts.set("producer", json::Value::string(*producer));
    if (c.found.stampedLength)
        c.rep.facts.set("stamped_length", json::Value::integer(static_cast<long long>(*c.found.stampedLength)));
    if (c.stamp) c.rep.facts.set("stamp_parameters", pdf::stamp::toJson(*c.stamp));
    if (!c.stamperSummary.empty()) c.rep.facts.set("stamper", json::Value::string(c.stamperSummary));
    c.rep.facts.set("revisions", json::Value::integer(static_cast<long long>(c.reader.revisions().size())));
}

report::Report verifyRead(const pdf::PdfReader& reader, const crypto::Keyring& keyring, const PdfVerifyOptions& options,
                          PdfFindings* findings) {
    PdfFindings local;
    PdfFindings& found = findings ? *findings : local;
    found.data = readEmbeddedData(reader);
    report::Report rep;
    rep.facts = json::Value::object({});
    Context c{reader, keyring, options, rep, found, found.data};
    // Viewers rebuild a damaged file each in their own way: what they show of it cannot be vouched for.
    if (const std::optional<std::string>& damage = reader.repaired())
        c.rep.add(kFileStructureCheck, "File structure", CheckStatus::Unverifiable,
                  "the file is damaged (" + *damage +
                      "): it is read as qpdf rebuilds it, and viewers rebuild a damaged file in different ways");
    if (!found.data.any()) {
        if (options.prefixDigest) options.prefixDigest->cancel();
        // Pith data in bytes after the last well-formed revision: a viewer that rebuilds the file may
        // show it (a badge, a title) while pith can read none of it.
        const std::string_view tail =
            reader.bytes().substr(std::min<std::uint64_t>(reader.revisions().back().endOffset, reader.bytes().size()));
        if (tail.find("pith") != std::string_view::npos || tail.find("Pith") != std::string_view::npos) {
            rep.add(
                "pith.data.found", "Pith data", CheckStatus::Fail,
                "the file's last " + std::to_string(tail.size()) +
                    " bytes mention pith but are no well-formed update: viewers that rebuild the file may show a badge pith cannot vouch for");
            rep.verdict = report::Verdict::Failed;
            rep.proves = "Nothing: a check failed.";
            rep.doesNotProve =
                "Anything the file claims: Pith data appears only in bytes that are not part of the PDF's structure.";
            return rep;
        }
        rep.add("pith.data.found", "Pith data", CheckStatus::Fail,
                found.data.xmpError ? "no Pith data (the XMP packet was refused: " + *found.data.xmpError + ")"
                                    : "no Pith data in XMP, Info or attachments");
        rep.verdict = report::Verdict::NoPithData;
        rep.proves = "Nothing: the PDF carries no Pith data.";
        rep.doesNotProve = "Anything about a Pith Number.";
        return rep;
    }
    c.route = routeOf(found.data);
    if (c.route != Route::Stamp && options.prefixDigest) options.prefixDigest->cancel();  // no stamped prefix to hash
    checkRecord(c);
    switch (c.route) {
    case Route::Stamp: checkStamp(c); break;
    case Route::Compiled: checkCompiled(c); break;
    case Route::Unknown:
        c.rep.add(
            kBindingCheck, "Stamped bytes", CheckStatus::Fail,
            "the Pith data names neither the LaTeX package nor pith stamp as its producer" +
                (c.xmp("producer") ? " (pith:producer \"" + *c.xmp("producer") + "\")" : std::string(" (no pith:producer)")) +
                ": how it came into the PDF cannot be checked");
        break;
    }
    checkViewer(c);
    checkAutomaticActions(c);
    finishStamp(c);
    checkExpected(c);
    describeFacts(c);
    decideVerdict(c);
    return rep;
}

}  // namespace

report::Report verifyPdf(const pdf::PdfReader& reader, const crypto::Keyring& keyring, const PdfVerifyOptions& options,
                         PdfFindings* findings) {
    try {
        return verifyRead(reader, keyring, options, findings);
    } catch (const pdf::PdfError& e) {
        if (reader.repaired() || !pdf::isRepairable(e)) throw;
        // Damage met only once an object is read: the file is read again as libqpdf rebuilds it
        // (the check kFileStructureCheck then keeps it from VERIFIED), or, when libqpdf cannot, refused.
        const pdf::PdfReader rebuilt = reader.rebuilt(e);
        PdfVerifyOptions again = options;
        again.prefixDigest.reset();  // the first reading may have stopped it: the binding hashes itself
        if (findings) *findings = PdfFindings{};
        return verifyRead(rebuilt, keyring, again, findings);
    }
}

}  // namespace pith::verify

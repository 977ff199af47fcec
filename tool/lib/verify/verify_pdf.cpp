#include "verify/verify_pdf.hpp"

#include <set>

#include "crypto/digest.hpp"
#include "json/canonical.hpp"
#include "record/record.hpp"
#include "record/verify_record.hpp"
#include "verify/revisions.hpp"

namespace pith::verify {

using report::CheckStatus;

namespace {

struct Context {
    const pdf::PdfReader& reader;
    const crypto::Keyring& keyring;
    const PdfVerifyOptions& options;
    report::Report& rep;
    PdfFindings& found;
    const EmbeddedData& data;
    std::optional<record::Record> attached;      // the attachment, loaded
    std::optional<record::Record> xmpRecord;     // pith:canonicalRecord, loaded
    std::optional<record::RecordFacts> facts;    // of the record the checks use
};

std::string firstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

void checkFound(Context& c) {
    std::vector<std::string> where;
    if (!c.data.xmp.empty()) where.push_back("XMP");
    if (!c.data.info.empty()) where.push_back("Info");
    if (c.data.attachment) where.push_back("attachment " + std::string(kAttachmentName));
    std::string list;
    for (const std::string& w : where) list += (list.empty() ? "" : ", ") + w;
    c.rep.add("pith.data.found", "Pith data", CheckStatus::Pass, "found in " + list);
}

// Loads the embedded records. A record that does not parse (duplicate key, bad JSON, wrong schema)
// fails pith.record.valid: it is a forgery or damage, not missing data.
void loadRecords(Context& c) {
    std::vector<std::string> problems;
    if (const std::string* text = c.data.xmpValue("canonicalRecord")) {
        try {
            c.xmpRecord = record::loadRecord(*text);
            if (c.xmpRecord->shape != record::RecordShape::BareCanonical)
                problems.push_back("XMP pith:canonicalRecord is not a bare canonical record");
        } catch (const record::RecordError& e) {
            problems.push_back("XMP pith:canonicalRecord: " + firstLine(e.what()));
        }
    }
    if (c.data.attachment) {
        try {
            c.attached = record::loadRecord(*c.data.attachment);
        } catch (const record::RecordError& e) {
            problems.push_back(std::string(kAttachmentName) + ": " + firstLine(e.what()));
        }
    }
    if (!problems.empty()) {
        std::string all;
        for (const std::string& p : problems) all += (all.empty() ? "" : "; ") + p;
        c.rep.add("pith.record.valid", "Embedded record", CheckStatus::Fail, all);
        c.xmpRecord.reset();
        c.attached.reset();
        return;
    }
    const record::Record* use = c.xmpRecord ? &*c.xmpRecord : c.attached ? &*c.attached : nullptr;
    if (!use) {
        c.rep.add("pith.record.valid", "Embedded record", CheckStatus::Unverifiable,
                  "the PDF carries the number only, no canonical record (compiled without the data file `pith latex` writes?)");
        return;
    }
    c.facts = record::computeFacts(*use);
    c.found.canonicalRecord = c.facts->canonicalBytes;
    c.found.canonicalSha256 = c.facts->sha256Hex;
    c.found.number = c.facts->number->full();
    c.rep.add("pith.record.valid", "Embedded record", CheckStatus::Pass,
              std::string("canonical record from ") + (c.xmpRecord ? "XMP" : kAttachmentName));
}

// Every copy of a field must say the same thing: XMP, Info, and the attachment.
void checkConsistent(Context& c) {
    std::vector<std::string> disagreements;
    auto compare = [&](const char* what, const std::string* a, const char* whereA, const std::string* b, const char* whereB) {
        if (a && b && *a != *b) disagreements.push_back(std::string(what) + ": " + whereA + " \"" + *a + "\" vs " + whereB + " \"" + *b + "\"");
    };
    compare("number", c.data.xmpValue("number"), "XMP", c.data.infoValue("PithNumber"), "Info");
    compare("hash", c.data.xmpValue("canonicalSha256"), "XMP", c.data.infoValue("PithCanonicalSHA256"), "Info");
    compare("record page", c.data.xmpValue("recordUrl"), "XMP", c.data.infoValue("PithRecordURL"), "Info");
    compare("key id", c.data.xmpValue("receiptKeyId"), "XMP", c.data.infoValue("PithReceiptKeyID"), "Info");
    compare("signature", c.data.xmpValue("receiptSignature"), "XMP", c.data.infoValue("PithReceiptSignature"), "Info");
    if (c.attached && c.xmpRecord) {
        std::string a = json::canonical(c.attached->canonicalRecord), x = json::canonical(c.xmpRecord->canonicalRecord);
        if (a != x) disagreements.push_back("canonical record: XMP and attachment differ");
        if (c.attached->receipt) {
            compare("signature", c.data.xmpValue("receiptSignature"), "XMP", &c.attached->receipt->signatureB64, "attachment");
            compare("key id", c.data.xmpValue("receiptKeyId"), "XMP", &c.attached->receipt->keyId, "attachment");
        }
    }
    // pith stamp always attaches the record: a stamped PDF without it lost part of its data.
    if (c.data.xmpValue("stampedSha256") && !c.data.attachment)
        disagreements.push_back(std::string("the stamp's record attachment ") + kAttachmentName + " is missing");
    if (c.data.xmp.empty() && !c.data.info.empty() && c.data.xmpError)
        disagreements.push_back("XMP refused: " + *c.data.xmpError);
    if (disagreements.empty()) {
        c.rep.add("pith.data.consistent", "Copies agree", CheckStatus::Pass, "XMP, Info and attachment agree");
        return;
    }
    std::string all;
    for (const std::string& d : disagreements) all += (all.empty() ? "" : "; ") + d;
    c.rep.add("pith.data.consistent", "Copies agree", CheckStatus::Fail, all);
}

const std::string* declared(const Context& c, const char* xmpName, const char* infoKey) {
    if (const std::string* v = c.data.xmpValue(xmpName)) return v;
    return c.data.infoValue(infoKey);
}

void checkHashAndNumber(Context& c) {
    const std::string* hash = declared(c, "canonicalSha256", "PithCanonicalSHA256");
    const std::string* number = declared(c, "number", "PithNumber");
    if (!c.facts) {
        c.rep.add("pith.recordHash.match", "Record hash", CheckStatus::NotApplicable, "no canonical record to hash");
        c.rep.add("pith.number.match", "Pith Number", CheckStatus::NotApplicable, "no canonical record to derive the number from");
        return;
    }
    if (!hash && c.attached && c.attached->declaredSha256) hash = &*c.attached->declaredSha256;
    if (!hash)
        c.rep.add("pith.recordHash.match", "Record hash", CheckStatus::Fail, "no canonical hash is stated beside the record");
    else if (*hash == c.facts->sha256Hex)
        c.rep.add("pith.recordHash.match", "Record hash", CheckStatus::Pass, "the embedded record hashes to " + c.facts->sha256Hex);
    else
        c.rep.add("pith.recordHash.match", "Record hash", CheckStatus::Fail,
                  "stated hash " + *hash + " but the embedded record hashes to " + c.facts->sha256Hex);

    const record::PithNumber& derived = *c.facts->number;
    if (!number && c.attached && c.attached->declaredNumber) number = &*c.attached->declaredNumber;
    if (!number)
        c.rep.add("pith.number.match", "Pith Number", CheckStatus::Fail, "no Pith Number is stated beside the record");
    else if (*number == derived.full())
        c.rep.add("pith.number.match", "Pith Number", CheckStatus::Pass, derived.full() + " matches the hash");
    else
        c.rep.add("pith.number.match", "Pith Number", CheckStatus::Fail,
                  "stated " + *number + " but the embedded record is " + derived.full());
}

void checkSignature(Context& c) {
    if (!c.facts) {
        c.rep.add("pith.receipt.signature", "Registry signature", CheckStatus::NotApplicable, "no canonical record");
        return;
    }
    std::optional<record::Receipt> receipt;
    if (const std::string* sig = c.data.xmpValue("receiptSignature")) {
        record::Receipt r;
        r.algorithm = "ed25519";
        r.signedMessage = "canonical_sha256_bytes";
        r.signatureB64 = *sig;
        r.keyId = c.data.xmpValue("receiptKeyId") ? *c.data.xmpValue("receiptKeyId") : "";
        r.publicKeyFingerprint = c.data.xmpValue("receiptKeyFingerprint") ? *c.data.xmpValue("receiptKeyFingerprint") : "";
        receipt = r;
    } else if (c.attached && c.attached->receipt) {
        receipt = c.attached->receipt;
    }
    c.rep.checks.push_back(record::checkReceiptSignature(receipt, *c.facts, c.keyring));
}

// Link annotations the stamp update itself defines: the badge may be on any page (--page), beyond
// the first pages searched for links. Bounded, as a crafted update may define millions of objects.
std::vector<std::string> stampLinkUris(const pdf::PdfReader& reader, size_t stampRevisionIndex) {
    std::vector<std::string> uris;
    const std::vector<std::uint32_t>& defined = reader.revisions()[stampRevisionIndex].definedObjects;
    for (size_t i = 0; i < defined.size() && i < 10000; ++i) {
        pdf::Object o = reader.object(defined[i]);
        const pdf::Object* subtype = o.get("Subtype");
        const pdf::Object* action = o.get("A");
        if (!subtype || !subtype->isName("Link") || !action) continue;
        pdf::Object a = reader.resolve(*action);
        const pdf::Object* uri = a.get("URI");
        if (!uri) continue;
        pdf::Object u = reader.resolve(*uri);
        if (u.isString() && u.asString().rfind(kRecordPagePrefix, 0) == 0) uris.push_back(u.asString());
    }
    return uris;
}

void checkLink(Context& c) {
    if (!c.facts) {
        c.rep.add("pith.link.match", "Badge link", CheckStatus::NotApplicable, "no record to compare the link with");
        return;
    }
    const bool stamped = c.data.xmpValue("stampedSha256") != nullptr;
    std::string expected = c.facts->number->recordUrl();
    bool match = false;
    for (const PithLink& l : c.data.links) {
        if (l.uri != expected) {
            c.rep.add("pith.link.match", "Badge link", CheckStatus::Fail,
                      "page " + std::to_string(l.page + 1) + " links to " + l.uri + ", not to " + expected);
            return;
        }
        match = true;
    }
    if (stamped && c.found.stampedLength && c.found.pithRevision) {
        for (const std::string& uri : stampLinkUris(c.reader, *c.found.pithRevision)) {
            if (uri != expected) {
                c.rep.add("pith.link.match", "Badge link", CheckStatus::Fail,
                          "the stamp's link goes to " + uri + ", not to " + expected);
                return;
            }
            match = true;
        }
    }
    if (match)
        c.rep.add("pith.link.match", "Badge link", CheckStatus::Pass, "the badge links to " + expected);
    else if (stamped)
        c.rep.add("pith.link.match", "Badge link", CheckStatus::Fail, "no link to the record page (a stamp always adds one)");
    else
        c.rep.add("pith.link.match", "Badge link", CheckStatus::NotApplicable,
                  "no link annotation to a record page (a LaTeX badge links only when hyperref is loaded)");
}

void checkBinding(Context& c, std::optional<std::uint64_t> length) {
    const std::string* length_text = c.data.xmpValue("stampedLength");
    const std::string* sha = c.data.xmpValue("stampedSha256");
    if (!length_text && !sha) {
        c.rep.add("pith.binding.match", "Stamped bytes", CheckStatus::NotApplicable, "not stamped by pith stamp (no binding)");
        return;
    }
    if (!length || !sha) {
        c.rep.add("pith.binding.match", "Stamped bytes", CheckStatus::Fail, "the stamp binding is incomplete or malformed");
        return;
    }
    const std::string& bytes = c.reader.bytes();
    if (*length > bytes.size()) {
        c.rep.add("pith.binding.match", "Stamped bytes", CheckStatus::Fail,
                  "the stamp covers " + std::to_string(*length) + " bytes but the file has only " + std::to_string(bytes.size()));
        return;
    }
    std::string actual = crypto::toHex(crypto::sha256(std::string_view(bytes.data(), *length)));
    if (actual == *sha)
        c.rep.add("pith.binding.match", "Stamped bytes", CheckStatus::Pass,
                  "the first " + std::to_string(*length) + " bytes are the document that was stamped");
    else
        c.rep.add("pith.binding.match", "Stamped bytes", CheckStatus::Fail,
                  "the first " + std::to_string(*length) + " bytes hash to " + actual + ", not to the stamped " + *sha);
}

void checkRevisions(Context& c) {
    const std::optional<size_t>& base = c.found.pithRevision;
    size_t total = c.reader.revisions().size();
    if (!base) {
        c.rep.add(kLaterRevisionsCheck, "No later changes", CheckStatus::NotApplicable, "cannot tell which revision added the pith data");
        return;
    }
    std::vector<RevisionChange> later = describeLaterRevisions(c.reader, *base);
    json::Array list;
    for (const RevisionChange& r : later) {
        json::Array changes;
        for (const std::string& s : r.changes) changes.push_back(json::Value::string(s));
        json::Value item;
        item.set("index", json::Value::integer(static_cast<long long>(r.index)));
        item.set("end_offset", json::Value::integer(static_cast<long long>(r.endOffset)));
        item.set("objects", json::Value::integer(static_cast<long long>(r.objectCount)));
        item.set("changes", json::Value::array(std::move(changes)));
        list.push_back(std::move(item));
    }
    c.rep.facts.set("revisions", json::Value::integer(static_cast<long long>(total)));
    c.rep.facts.set("pith_revision", json::Value::integer(static_cast<long long>(*base)));
    c.rep.facts.set("later_revisions", json::Value::array(std::move(list)));
    size_t laterCount = total - *base - 1;
    c.rep.facts.set("later_revision_count", json::Value::integer(static_cast<long long>(laterCount)));
    if (laterCount == 0) {
        c.rep.add(kLaterRevisionsCheck, "No later changes", CheckStatus::Pass,
                  "nothing was appended after the revision that added the pith data (" + std::to_string(*base + 1) + " of " +
                      std::to_string(total) + ")");
        return;
    }
    std::string what;
    for (const RevisionChange& r : later) {
        std::string changes;
        for (const std::string& s : r.changes) changes += (changes.empty() ? "" : ", ") + s;
        what += (what.empty() ? "" : "; ") + std::string("revision ") + std::to_string(r.index + 1) + " changes " +
                (changes.empty() ? "nothing visible" : changes);
    }
    c.rep.add(kLaterRevisionsCheck, "No later changes", CheckStatus::Fail,
              std::to_string(laterCount) + " revision(s) appended after the pith data: " + what +
                  (laterCount > later.size() ? "; and " + std::to_string(laterCount - later.size()) + " more" : ""));
}

// Titles in PDF metadata are often broken over lines or padded; fold whitespace before comparing.
std::string foldWhitespace(const std::string& s) {
    std::string out;
    bool space = false;
    for (char ch : s) {
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += ch;
    }
    return out;
}

// dvips and ps2pdf put the DVI or PostScript file name where no title was given.
bool isFileName(const std::string& title) {
    for (const char* ext : {".dvi", ".ps", ".tex", ".pdf"}) {
        std::string e(ext);
        if (title.size() > e.size() && title.compare(title.size() - e.size(), e.size(), e) == 0 &&
            title.find(' ') == std::string::npos)
            return true;
    }
    return false;
}

void checkTitle(Context& c) {
    if (!c.facts || !c.data.title) {
        c.rep.add("pith.title.match", "Title", CheckStatus::NotApplicable, c.facts ? "the PDF states no title" : "no canonical record");
        return;
    }
    const std::string& title = *c.data.title;
    if (isFileName(title)) {
        c.rep.add("pith.title.match", "Title", CheckStatus::NotApplicable, "the PDF's title \"" + title + "\" is a file name, not a title");
        return;
    }
    const record::Record& rec = c.xmpRecord ? *c.xmpRecord : *c.attached;
    const std::string& expected = rec.canonicalRecord.findPath("metadata.title_canon_sha256")->asString();
    if (record::titleCanonSha256(title) == expected || record::titleCanonSha256(foldWhitespace(title)) == expected)
        c.rep.add("pith.title.match", "Title", CheckStatus::Pass, "the document title matches title_canon_sha256");
    else
        c.rep.add("pith.title.match", "Title", CheckStatus::Fail,
                  "the document title \"" + foldWhitespace(title) + "\" does not match the record's title_canon_sha256");
}

void checkExpected(Context& c) {
    if (c.options.expectedNumber) {
        if (!c.facts)
            c.rep.add("pith.number.expected", "Expected number", CheckStatus::Fail, "the PDF carries no canonical record");
        else if (c.options.expectedNumber->matches(*c.facts->number))
            c.rep.add("pith.number.expected", "Expected number", CheckStatus::Pass, "the PDF carries " + c.facts->number->full());
        else
            c.rep.add("pith.number.expected", "Expected number", CheckStatus::Fail,
                      "expected " + c.options.expectedNumber->text() + " but the PDF carries " + c.facts->number->full());
    }
    if (c.options.expectedSha256) {
        if (c.facts && c.facts->sha256Hex == *c.options.expectedSha256)
            c.rep.add("pith.record.expected", "Expected record", CheckStatus::Pass, "the PDF carries exactly the given record");
        else
            c.rep.add("pith.record.expected", "Expected record", CheckStatus::Fail,
                      "the given record hashes to " + *c.options.expectedSha256 + " but the PDF carries " +
                          (c.facts ? c.facts->sha256Hex : std::string("no canonical record")));
    }
}

report::Verdict verdictOf(const report::Report& rep) {
    bool laterRevisions = false, unverifiable = false;
    for (const report::CheckResult& r : rep.checks) {
        if (r.status == CheckStatus::Fail) {
            if (r.id != kLaterRevisionsCheck) return report::Verdict::Failed;
            laterRevisions = true;
        }
        if (r.status == CheckStatus::Unverifiable) unverifiable = true;
    }
    if (laterRevisions) return report::Verdict::Modified;
    return unverifiable ? report::Verdict::Unverifiable : report::Verdict::Verified;
}

std::optional<std::uint64_t> parseLength(const std::string* text) {
    if (!text || text->empty() || text->size() > 19 || text->find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::stoull(*text);
}

}  // namespace

report::Report verifyPdf(const pdf::PdfReader& reader, const crypto::Keyring& keyring, const PdfVerifyOptions& options,
                         PdfFindings* findings) {
    PdfFindings local;
    PdfFindings& found = findings ? *findings : local;
    found.data = readEmbeddedData(reader, options.maxLinkPages);
    report::Report rep;
    rep.facts = json::Value::object({});
    if (!found.data.any()) {
        rep.add("pith.data.found", "Pith data", CheckStatus::Fail,
                found.data.xmpError ? "no Pith data (the XMP packet was refused: " + *found.data.xmpError + ")"
                                    : "no Pith data in XMP, Info or attachments");
        rep.verdict = report::Verdict::NoPithData;
        return rep;
    }
    Context c{reader, keyring, options, rep, found, found.data, {}, {}, {}};
    std::optional<std::uint64_t> stampedLength = parseLength(found.data.xmpValue("stampedLength"));
    found.stampedLength = stampedLength;

    checkFound(c);
    loadRecords(c);
    checkConsistent(c);
    checkHashAndNumber(c);
    checkSignature(c);
    // The revision that added the pith data: found once, used by the link and revision checks.
    found.pithRevision = stampedLength ? stampRevision(reader, *stampedLength) : firstRevisionWithPithData(reader);
    checkLink(c);
    checkBinding(c, stampedLength);
    checkRevisions(c);
    checkTitle(c);
    checkExpected(c);

    if (c.facts) {
        rep.facts.set("number", json::Value::string(c.facts->number->full()));
        rep.facts.set("short_number", json::Value::string(c.facts->number->shortForm()));
        rep.facts.set("record_url", json::Value::string(c.facts->number->recordUrl()));
        rep.facts.set("canonical_sha256", json::Value::string(c.facts->sha256Hex));
    } else if (const std::string* number = declared(c, "number", "PithNumber")) {
        rep.facts.set("number", json::Value::string(*number));
    }
    if (const std::string* producer = found.data.xmpValue("producer")) rep.facts.set("producer", json::Value::string(*producer));
    if (stampedLength) rep.facts.set("stamped_length", json::Value::integer(static_cast<long long>(*stampedLength)));
    rep.verdict = verdictOf(rep);
    return rep;
}

}  // namespace pith::verify

// The record a PDF carries: found, valid, its copies in agreement, its hash and number re-computed,
// the registry's signature verified, and the paper's title where the record vouches for one.
#include "json/canonical.hpp"
#include "record/verify_record.hpp"
#include "verify/context.hpp"

namespace pith::verify {

using report::CheckStatus;

std::string joined(const std::vector<std::string>& parts) {
    std::string all;
    for (const std::string& p : parts) all += (all.empty() ? "" : "; ") + p;
    return all;
}

namespace {

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

// The wrapper of an attached registry record (pith_number, short number, aliases, paper.title)
// must say what its canonical record says, as `pith record verify` demands.
void checkWrapper(const record::Record& r, const record::RecordFacts& facts, std::vector<std::string>& problems) {
    report::Report own = record::verifyRecord(r, facts, crypto::Keyring{});
    for (const report::CheckResult& check : own.checks)
        if (check.status == CheckStatus::Fail && check.id != "pith.receipt.signature")
            problems.push_back(std::string(kAttachmentName) + ": " + check.reason);
}

// The paper's title, from wherever the file states it, kept only where title_canon_sha256 vouches for it.
void findTitle(Context& c, std::vector<std::string>& problems) {
    const record::Record& use = c.xmpRecord ? *c.xmpRecord : *c.attached;
    const json::Value* hash = use.canonicalRecord.findPath("metadata.title_canon_sha256");
    if (!hash || !hash->isString()) return;
    auto vouched = [&](const std::string& t) { return record::titleCanonSha256(t) == hash->asString(); };
    if (const std::string* t = c.xmp("title")) {
        if (vouched(*t))
            c.title = *t;
        else
            problems.push_back("XMP pith:title \"" + *t + "\" does not hash to the record's title_canon_sha256");
    }
    if (c.attached && c.attached->title && vouched(*c.attached->title) && !c.title) c.title = c.attached->title;
}

// Loads the embedded records. A record that does not parse (duplicate key, bad JSON, wrong schema)
// fails pith.record.valid: it is a forgery or damage, not missing data.
void loadRecords(Context& c) {
    std::vector<std::string> problems;
    if (const std::string* text = c.xmp("canonicalRecord")) {
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
    if (problems.empty() && c.attached) checkWrapper(*c.attached, record::computeFacts(*c.attached), problems);
    if (problems.empty() && (c.xmpRecord || c.attached)) findTitle(c, problems);
    if (!problems.empty()) {
        c.rep.add("pith.record.valid", "Embedded record", CheckStatus::Fail, joined(problems));
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
    record::RecordFacts facts = record::computeFacts(*use);
    if (!facts.number) {
        c.rep.add("pith.record.valid", "Embedded record", CheckStatus::Fail,
                  "the canonical record has no year in metadata.submitted_at");
        return;
    }
    c.facts = std::move(facts);
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
        if (a && b && *a != *b)
            disagreements.push_back(std::string(what) + ": " + whereA + " \"" + *a + "\" vs " + whereB + " \"" + *b + "\"");
    };
    compare("number", c.xmp("number"), "XMP", c.data.infoValue("PithNumber"), "Info");
    compare("hash", c.xmp("canonicalSha256"), "XMP", c.data.infoValue("PithCanonicalSHA256"), "Info");
    compare("record page", c.xmp("recordUrl"), "XMP", c.data.infoValue("PithRecordURL"), "Info");
    compare("key id", c.xmp("receiptKeyId"), "XMP", c.data.infoValue("PithReceiptKeyID"), "Info");
    compare("signature", c.xmp("receiptSignature"), "XMP", c.data.infoValue("PithReceiptSignature"), "Info");
    if (c.attached && c.xmpRecord) {
        if (json::canonical(c.attached->canonicalRecord) != json::canonical(c.xmpRecord->canonicalRecord))
            disagreements.push_back("canonical record: XMP and attachment differ");
        if (c.attached->receipt) {
            compare("signature", c.xmp("receiptSignature"), "XMP", &c.attached->receipt->signatureB64, "attachment");
            compare("key id", c.xmp("receiptKeyId"), "XMP", &c.attached->receipt->keyId, "attachment");
        } else if (c.xmp("receiptSignature")) {
            disagreements.push_back("signature: XMP has a receipt, the attachment none");
        }
    }
    if (c.data.xmp.empty() && c.data.xmpError) disagreements.push_back("XMP refused: " + *c.data.xmpError);
    if (disagreements.empty()) {
        std::vector<std::string> copies;
        if (!c.data.xmp.empty()) copies.push_back("XMP");
        if (!c.data.info.empty()) copies.push_back("Info");
        if (c.data.attachment) copies.push_back("the attachment");
        std::string where;
        for (size_t i = 0; i < copies.size(); ++i) where += (i == 0 ? "" : i + 1 == copies.size() ? " and " : ", ") + copies[i];
        where += copies.size() > 1 ? " agree" : " is the only copy";
        c.rep.add("pith.data.consistent", "Copies agree", CheckStatus::Pass, where);
        return;
    }
    c.rep.add("pith.data.consistent", "Copies agree", CheckStatus::Fail, joined(disagreements));
}

const std::string* declared(const Context& c, const char* xmpName, const char* infoKey) {
    if (const std::string* v = c.xmp(xmpName)) return v;
    return c.data.infoValue(infoKey);
}

void checkHashAndNumber(Context& c) {
    const std::string* hash = declared(c, "canonicalSha256", "PithCanonicalSHA256");
    const std::string* number = declared(c, "number", "PithNumber");
    if (!c.facts) {
        c.rep.add("pith.recordHash.match", "Record hash", CheckStatus::NotApplicable, "no canonical record to hash");
        c.rep.add("pith.number.match", "Pith Number", CheckStatus::NotApplicable,
                  "no canonical record to derive the number from");
        return;
    }
    if (!hash && c.attached && c.attached->declaredSha256) hash = &*c.attached->declaredSha256;
    if (!hash)
        c.rep.add("pith.recordHash.match", "Record hash", CheckStatus::Fail, "no canonical hash is stated beside the record");
    else if (*hash == c.facts->sha256Hex)
        c.rep.add("pith.recordHash.match", "Record hash", CheckStatus::Pass,
                  "the embedded record hashes to " + c.facts->sha256Hex);
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
    std::optional<record::Receipt> receipt = receiptFromXmp(c.data);
    if (!receipt && c.attached) receipt = c.attached->receipt;
    c.rep.checks.push_back(record::checkReceiptSignature(receipt, *c.facts, c.keyring));
}

}  // namespace

void checkRecord(Context& c) {
    for (const char* id : {"pith.record.valid", "pith.recordHash.match", "pith.number.match", "pith.receipt.signature"})
        c.required.insert(id);
    checkFound(c);
    loadRecords(c);
    checkConsistent(c);
    checkHashAndNumber(c);
    checkSignature(c);
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

}  // namespace pith::verify

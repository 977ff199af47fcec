#include "record/verify_record.hpp"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "crypto/encoding.hpp"

namespace pith::record {

using report::CheckResult;
using report::CheckStatus;

namespace {

// Python's str.lower(): full Unicode lower-case mapping (with final sigma), which is ICU's root-locale
// toLower. The published records show ASCII titles only; the registry's rule for others is not
// published, and Python's is the most likely.
std::string lowercase(const std::string& s) {
    std::string out;
    icu::UnicodeString::fromUTF8(s).toLower(icu::Locale::getRoot()).toUTF8String(out);
    return out;
}

// "pith:2026:SUFFIX" → {2026, SUFFIX}; nullopt if it is not that form.
std::optional<PithNumber> parseFullNumber(const std::string& text) {
    auto q = parseNumber(text);
    if (!q || !q->year || q->prefix.size() != 26) return std::nullopt;
    return PithNumber{*q->year, q->prefix};
}

void checkHash(report::Report& rep, const Record& r, const RecordFacts& f) {
    rep.add("pith.record.canonical", "Canonical hash", CheckStatus::Pass, "canonical record hashes to " + f.sha256Hex);
    if (!r.declaredSha256)
        rep.add("pith.recordHash.match", "Declared hash", CheckStatus::NotApplicable, "the record declares no canonical_sha256");
    else if (*r.declaredSha256 == f.sha256Hex)
        rep.add("pith.recordHash.match", "Declared hash", CheckStatus::Pass, "canonical_sha256 matches the re-computed hash");
    else
        rep.add("pith.recordHash.match", "Declared hash", CheckStatus::Fail,
                "canonical_sha256 is " + *r.declaredSha256 + " but the canonical record hashes to " + f.sha256Hex);
}

void checkNumbers(report::Report& rep, const Record& r, const RecordFacts& f) {
    const PithNumber& n = *f.number;
    if (!r.declaredNumber) {
        rep.add("pith.number.match", "Pith Number", CheckStatus::NotApplicable, "no pith_number declared; derived " + n.full());
        rep.add("pith.number.year", "Number year", CheckStatus::NotApplicable, "no pith_number declared");
    } else if (auto declared = parseFullNumber(*r.declaredNumber); !declared) {
        rep.add("pith.number.match", "Pith Number", CheckStatus::Fail, "pith_number \"" + *r.declaredNumber + "\" is malformed");
        rep.add("pith.number.year", "Number year", CheckStatus::Fail, "pith_number \"" + *r.declaredNumber + "\" is malformed");
    } else {
        if (declared->suffix == n.suffix)
            rep.add("pith.number.match", "Pith Number", CheckStatus::Pass, *r.declaredNumber + " matches the hash");
        else
            rep.add("pith.number.match", "Pith Number", CheckStatus::Fail,
                    "pith_number suffix " + declared->suffix + " but the hash gives " + n.suffix);
        if (declared->year == n.year)
            rep.add("pith.number.year", "Number year", CheckStatus::Pass,
                    "year " + std::to_string(n.year) + " matches submitted_at");
        else
            rep.add("pith.number.year", "Number year", CheckStatus::Fail,
                    "pith_number year " + std::to_string(declared->year) + " but submitted_at is in " + std::to_string(n.year));
    }

    if (!r.declaredShort)
        rep.add("pith.shortNumber.match", "Short number", CheckStatus::NotApplicable, "no short_pith_number declared");
    else if (*r.declaredShort == n.shortForm())
        rep.add("pith.shortNumber.match", "Short number", CheckStatus::Pass, *r.declaredShort + " matches");
    else
        rep.add("pith.shortNumber.match", "Short number", CheckStatus::Fail,
                "short_pith_number is " + *r.declaredShort + ", expected " + n.shortForm());

    if (r.aliases.empty()) {
        rep.add("pith.aliases.match", "Short aliases", CheckStatus::NotApplicable, "no pith_short_8/12/16 aliases");
        return;
    }
    for (const auto& [name, value] : r.aliases) {
        size_t length = name == "pith_short_8" ? 8 : name == "pith_short_12" ? 12 : name == "pith_short_16" ? 16 : 0;
        // Aliases are written with or without the "pith:" prefix.
        std::string bare = value.rfind("pith:", 0) == 0 ? value.substr(5) : value;
        if (length == 0 || bare != n.prefix(length)) {
            rep.add("pith.aliases.match", "Short aliases", CheckStatus::Fail,
                    name + " is \"" + value + "\", expected \"" + (length ? n.prefix(length) : "?") + "\"");
            return;
        }
    }
    rep.add("pith.aliases.match", "Short aliases", CheckStatus::Pass,
            std::to_string(r.aliases.size()) + " alias(es) match the number");
}

void checkReceiptHash(report::Report& rep, const Record& r, const RecordFacts& f) {
    if (!r.receipt || !r.receipt->canonicalSha256)
        rep.add("pith.receiptHash.match", "Receipt hash", CheckStatus::NotApplicable, "no receipt canonical_sha256");
    else if (*r.receipt->canonicalSha256 == f.sha256Hex)
        rep.add("pith.receiptHash.match", "Receipt hash", CheckStatus::Pass, "receipt canonical_sha256 matches");
    else
        rep.add("pith.receiptHash.match", "Receipt hash", CheckStatus::Fail,
                "receipt canonical_sha256 is " + *r.receipt->canonicalSha256 + ", expected " + f.sha256Hex);
}

void checkTitle(report::Report& rep, const Record& r) {
    const json::Value* expected = r.canonicalRecord.findPath("metadata.title_canon_sha256");
    if (!r.title) {
        rep.add("pith.title.match", "Title", CheckStatus::NotApplicable, "the record carries no paper title");
    } else if (titleCanonSha256(*r.title) == expected->asString()) {
        rep.add("pith.title.match", "Title", CheckStatus::Pass, "paper.title matches title_canon_sha256");
    } else {
        rep.add("pith.title.match", "Title", CheckStatus::Fail,
                "paper.title \"" + *r.title + "\" does not hash to title_canon_sha256");
    }
}

}  // namespace

std::string titleCanonSha256(const std::string& title) { return crypto::toHex(crypto::sha256(lowercase(title))); }

CheckResult checkReceiptSignature(const std::optional<Receipt>& receipt, const RecordFacts& facts,
                                  const crypto::Keyring& keyring) {
    const char* id = "pith.receipt.signature";
    const char* title = "Registry signature";
    // A record without a receipt is only a hash: anyone can write one, so it is never VERIFIED.
    if (!receipt) return {id, title, CheckStatus::Unverifiable, "no receipt: the record is not signed by the registry"};
    const Receipt& rc = *receipt;
    if (rc.algorithm != "ed25519")
        return {id, title, CheckStatus::Unverifiable, "unsupported signature algorithm \"" + rc.algorithm + "\""};
    if (rc.signedMessage != "canonical_sha256_bytes")
        return {id, title, CheckStatus::Unverifiable, "unsupported signed_message \"" + rc.signedMessage + "\""};
    const crypto::TrustedKey* key = keyring.find(rc.keyId);
    if (!key)
        return {id, title, CheckStatus::Unverifiable,
                "signed by unknown key \"" + rc.keyId + "\" (not trusted as a registry by the keyring)"};
    std::string fingerprint = crypto::keyFingerprint(key->publicKey);
    if (!rc.publicKeyFingerprint.empty() && rc.publicKeyFingerprint != fingerprint)
        return {id, title, CheckStatus::Fail,
                "receipt names key fingerprint " + rc.publicKeyFingerprint + " but trusted key \"" + rc.keyId + "\" has " +
                    fingerprint};
    auto signature = crypto::fromBase64(rc.signatureB64);
    if (!signature || signature->size() != 64)
        return {id, title, CheckStatus::Fail, "signature_b64 is not 64 bytes of standard base64"};
    if (crypto::ed25519Verify(key->publicKey, facts.digest.data(), facts.digest.size(), *signature) !=
        crypto::SignatureCheck::Valid)
        return {id, title, CheckStatus::Fail, "Ed25519 signature does not verify with key \"" + rc.keyId + "\""};
    return {id, title, CheckStatus::Pass,
            "signed by \"" + rc.keyId + "\" (" + key->origin + ", fingerprint " + fingerprint + ")"};
}

report::Report verifyRecord(const Record& record, const RecordFacts& facts, const crypto::Keyring& keyring,
                            const std::optional<NumberQuery>& expected) {
    report::Report rep;
    checkHash(rep, record, facts);
    checkNumbers(rep, record, facts);
    checkReceiptHash(rep, record, facts);
    checkTitle(rep, record);
    rep.checks.push_back(checkReceiptSignature(record.receipt, facts, keyring));
    if (expected) {
        if (expected->matches(*facts.number))
            rep.add("pith.number.expected", "Expected number", CheckStatus::Pass, "the record is " + facts.number->full());
        else
            rep.add("pith.number.expected", "Expected number", CheckStatus::Fail,
                    "expected " + expected->text() + " but the record is " + facts.number->full());
    }
    rep.verdict = rep.verdictFromChecks();

    json::Value f;
    f.set("shape", json::Value::string(shapeName(record.shape)));
    f.set("number", json::Value::string(facts.number->full()));
    f.set("short_number", json::Value::string(facts.number->shortForm()));
    f.set("record_url", json::Value::string(facts.number->recordUrl()));
    f.set("canonical_sha256", json::Value::string(facts.sha256Hex));
    f.set("key_id", record.receipt ? json::Value::string(record.receipt->keyId) : json::Value::null());
    rep.facts = std::move(f);
    return rep;
}

}  // namespace pith::record

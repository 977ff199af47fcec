#include "record/record_build.hpp"

#include <algorithm>

#include "crypto/encoding.hpp"
#include "json/canonical.hpp"
#include "record/verify_record.hpp"

namespace pith::record {

using json::Value;

std::string abstractCanonSha256(const std::string& abstract) {
    std::string folded;
    bool pendingSpace = false;
    for (char c : abstract) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            pendingSpace = !folded.empty();
            continue;
        }
        if (pendingSpace) folded += ' ';
        pendingSpace = false;
        folded += c;
    }
    return crypto::toHex(crypto::sha256(folded));
}

namespace {

// The registry writes submission times as UTC to the second: 2026-05-09T11:19:51Z.
bool isRegistryTimestamp(const std::string& t) {
    if (t.size() != 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t[19] != 'Z')
        return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18})
        if (t[i] < '0' || t[i] > '9') return false;
    int year = std::stoi(t.substr(0, 4)), month = std::stoi(t.substr(5, 2)), day = std::stoi(t.substr(8, 2));
    int hour = std::stoi(t.substr(11, 2)), minute = std::stoi(t.substr(14, 2)), second = std::stoi(t.substr(17, 2));
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1) return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int monthDays = days[month - 1] + (month == 2 && leap ? 1 : 0);
    return day <= monthDays && hour < 24 && minute < 60 && second < 60;
}

}  // namespace

json::Value newCanonicalRecord(const NewRecordInput& in) {
    auto require = [](const std::string& value, const char* option) {
        if (value.empty()) throw RecordError(std::string("missing ") + option);
    };
    require(in.title, "--title");
    require(in.arxivId, "--arxiv-id");
    require(in.submittedAt, "--submitted-at");
    require(in.license, "--license");
    require(in.primaryCat, "--primary-cat");
    if (in.version < 1) throw RecordError("--version must be a positive integer");
    if (!isRegistryTimestamp(in.submittedAt))
        throw RecordError("--submitted-at \"" + in.submittedAt + "\" is not a UTC time like 2026-05-09T11:19:51Z");

    json::Array cats;
    std::vector<std::string> sorted = in.crossCats;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    for (const std::string& c : sorted) cats.push_back(Value::string(c));

    Value metadata;
    metadata.set("abstract_canon_sha256", Value::string(abstractCanonSha256(in.abstract)));
    metadata.set("cross_cats_sorted", Value::array(std::move(cats)));
    metadata.set("license", Value::string(in.license));
    metadata.set("primary_cat", Value::string(in.primaryCat));
    metadata.set("submitted_at", Value::string(in.submittedAt));
    metadata.set("title_canon_sha256", Value::string(titleCanonSha256(in.title)));
    Value source;
    source.set("id", Value::string(in.arxivId));
    source.set("kind", Value::string("arxiv"));
    source.set("version", Value::integer(in.version));
    Value record;
    record.set("metadata", std::move(metadata));
    record.set("schema_version", Value::string("1.0"));
    record.set("source", std::move(source));
    if (!yearOf(record)) throw RecordError("--submitted-at must start with a four-digit year (2026-05-09T11:19:51Z)");
    return record;
}

json::Value makeReceipt(const RecordFacts& facts, const crypto::SecretKey& key, const std::optional<std::string>& signedAt) {
    crypto::Ed25519Signature sig = crypto::ed25519Sign(key.seed, facts.digest.data(), facts.digest.size());
    Value receipt;
    receipt.set("algorithm", Value::string("ed25519"));
    receipt.set("canonical_sha256", Value::string(facts.sha256Hex));
    receipt.set("key_id", Value::string(key.keyId));
    receipt.set("kind", Value::string("pith_receipt"));
    receipt.set("public_key_fingerprint", Value::string(crypto::keyFingerprint(key.publicKey())));
    receipt.set("signature_b64", Value::string(crypto::base64(sig.data(), sig.size())));
    receipt.set("signed_message", Value::string("canonical_sha256_bytes"));
    if (signedAt) receipt.set("signed_at", Value::string(*signedAt));
    return receipt;
}

json::Value numberRecordDocument(const json::Value& canonicalRecord, const std::optional<std::string>& title,
                                 const std::optional<json::Value>& receipt) {
    Record r;
    r.canonicalRecord = canonicalRecord;
    RecordFacts facts = computeFacts(r);
    Value doc;
    doc.set("record_type", Value::string("pith_number_record"));
    doc.set("schema_version", Value::string("1.0"));
    doc.set("canonical_record", canonicalRecord);
    doc.set("canonical_sha256", Value::string(facts.sha256Hex));
    doc.set("pith_number", Value::string(facts.number->full()));
    doc.set("short_pith_number", Value::string(facts.number->shortForm()));
    if (title) {
        Value paper;
        paper.set("title", Value::string(*title));
        doc.set("paper", std::move(paper));
    }
    if (receipt) doc.set("receipt", *receipt);
    return doc;
}

}  // namespace pith::record

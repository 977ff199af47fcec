// Loading a record of any shape (docs/FORMAT.md, "Record shapes") into a Record.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>

#include "crypto/digest.hpp"
#include "json/canonical.hpp"
#include "json/parse.hpp"
#include "record/record.hpp"

namespace pith::record {

namespace {

constexpr size_t kMaxRecordBytes = 16u << 20;

using json::Value;

[[noreturn]] void invalid(const std::string& path, const std::string& problem) { throw RecordError(problem + " at " + path); }

const Value& requireMember(const Value& object, const std::string& key, const std::string& path) {
    const Value* v = object.find(key);
    if (!v) invalid(path, "missing field \"" + key + "\"");
    return *v;
}

const Value& requireKind(const Value& v, Value::Kind kind, const std::string& path) {
    if (v.kind() != kind) invalid(path, std::string("expected ") + json::kindName(kind) + ", found " + json::kindName(v.kind()));
    return v;
}

const std::string& requireString(const Value& object, const std::string& key, const std::string& path) {
    return requireKind(requireMember(object, key, path), Value::Kind::String, path + "." + key).asString();
}

std::optional<std::string> optionalString(const Value& object, const std::string& key, const std::string& path) {
    const Value* v = object.find(key);
    if (!v || v->isNull()) return std::nullopt;
    return requireKind(*v, Value::Kind::String, path + "." + key).asString();
}

bool isLowerHex64(const std::string& s) { return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos; }

// The schema 1.0 canonical record: every field present with its type, so that a record that
// hashes fine but means nothing is not mistaken for a Pith record.
void validateCanonical(const Value& record, const std::string& path) {
    requireKind(record, Value::Kind::Object, path);
    const std::string& version = requireString(record, "schema_version", path);
    if (version != "1.0") invalid(path + ".schema_version", "unsupported schema_version \"" + version + "\"");
    const Value& metadata = requireKind(requireMember(record, "metadata", path), Value::Kind::Object, path + ".metadata");
    std::string mp = path + ".metadata";
    for (const char* key : {"abstract_canon_sha256", "title_canon_sha256"}) {
        const std::string& hash = requireString(metadata, key, mp);
        if (!isLowerHex64(hash)) invalid(mp + "." + key, "expected 64 lowercase hex digits");
    }
    for (const char* key : {"license", "primary_cat", "submitted_at"}) requireString(metadata, key, mp);
    const Value& cats =
        requireKind(requireMember(metadata, "cross_cats_sorted", mp), Value::Kind::Array, mp + ".cross_cats_sorted");
    for (size_t i = 0; i < cats.asArray().size(); ++i)
        requireKind(cats.asArray()[i], Value::Kind::String, mp + ".cross_cats_sorted[" + std::to_string(i) + "]");
    const Value& source = requireKind(requireMember(record, "source", path), Value::Kind::Object, path + ".source");
    requireString(source, "id", path + ".source");
    requireString(source, "kind", path + ".source");
    const Value& ver =
        requireKind(requireMember(source, "version", path + ".source"), Value::Kind::Number, path + ".source.version");
    if (!ver.asNumber().integer) invalid(path + ".source.version", "expected an integer");
    if (!yearOf(record)) invalid(mp + ".submitted_at", "expected a date starting with a four-digit year");
}

Receipt readReceipt(const Value& v, const std::string& path) {
    requireKind(v, Value::Kind::Object, path);
    Receipt r;
    r.keyId = requireString(v, "key_id", path);
    r.algorithm = requireString(v, "algorithm", path);
    r.signatureB64 = requireString(v, "signature_b64", path);
    r.signedMessage = optionalString(v, "signed_message", path).value_or("canonical_sha256_bytes");
    r.publicKeyFingerprint = optionalString(v, "public_key_fingerprint", path).value_or("");
    r.canonicalSha256 = optionalString(v, "canonical_sha256", path);
    r.signedAt = optionalString(v, "signed_at", path);
    return r;
}

// pith_short_8/12/16 as top-level keys or as alias entries ({"alias_kind":"pith_short_8",...}).
void collectAliases(const Value& doc, const Value* aliasList, Record& r) {
    for (const char* key : {"pith_short_8", "pith_short_12", "pith_short_16"})
        if (auto v = optionalString(doc, key, "$")) r.aliases.emplace_back(key, *v);
    if (!aliasList || !aliasList->isArray()) return;
    for (const Value& entry : aliasList->asArray()) {
        const Value* kind = entry.find("alias_kind");
        const Value* value = entry.find("alias_value");
        if (kind && kind->isString() && kind->asString().rfind("pith_short_", 0) == 0 && value && value->isString())
            r.aliases.emplace_back(kind->asString(), value->asString());
    }
}

void collectTitle(const Value* title, const std::string& path, Record& r) {
    if (!title || title->isNull()) return;
    std::string t = requireKind(*title, Value::Kind::String, path).asString();
    if (!r.title)
        r.title = t;
    else if (*r.title != t)
        invalid(path, "a second, different paper title");
}

// Number records and registry bundles keep the canonical record, its hash and its number at the top.
void readTopLevelRecord(Record& r) {
    const Value& doc = r.document;
    r.canonicalRecord = requireMember(doc, "canonical_record", "$");
    validateCanonical(r.canonicalRecord, "$.canonical_record");
    r.declaredSha256 = optionalString(doc, "canonical_sha256", "$");
    r.declaredNumber = optionalString(doc, "pith_number", "$");
}

void loadNumberRecord(Record& r) {
    const Value& doc = r.document;
    r.shape = RecordShape::NumberRecord;
    readTopLevelRecord(r);
    r.declaredShort = optionalString(doc, "short_pith_number", "$");
    if (const Value* receipt = doc.find("receipt"); receipt && !receipt->isNull()) r.receipt = readReceipt(*receipt, "$.receipt");
    collectAliases(doc, doc.find("aliases"), r);
    collectTitle(doc.findPath("paper.title"), "$.paper.title", r);
    collectTitle(doc.findPath("graph_snapshot.paper.title"), "$.graph_snapshot.paper.title", r);
}

void loadOpenGraphState(Record& r) {
    const Value& doc = r.document;
    r.shape = RecordShape::OpenGraphState;
    const Value& current = requireKind(requireMember(doc, "current", "$"), Value::Kind::Object, "$.current");
    const Value& created =
        requireKind(requireMember(current, "record_created", "$.current"), Value::Kind::Object, "$.current.record_created");
    const Value& payload = requireKind(requireMember(created, "payload", "$.current.record_created"), Value::Kind::Object,
                                       "$.current.record_created.payload");
    std::string pp = "$.current.record_created.payload";
    r.canonicalRecord = requireMember(payload, "canonical_record", pp);
    validateCanonical(r.canonicalRecord, pp + ".canonical_record");
    // The state repeats the canonical record beside the event: two copies must be one record.
    if (const Value* copy = current.find("canonical_record");
        copy && json::canonical(*copy) != json::canonical(r.canonicalRecord))
        invalid("$.current.canonical_record", "canonical record differs from the one in record_created");
    r.declaredSha256 = optionalString(payload, "canonical_sha256", pp);
    r.declaredNumber = optionalString(doc, "pith_number", "$");
    if (const Value* receipt = payload.find("receipt"); receipt && !receipt->isNull())
        r.receipt = readReceipt(*receipt, pp + ".receipt");
    collectAliases(doc, current.find("source_aliases"), r);
    if (const Value* snaps = current.find("graph_snapshots"); snaps && snaps->isArray())
        for (size_t i = 0; i < snaps->asArray().size(); ++i)
            collectTitle(snaps->asArray()[i].findPath("payload.graph_snapshot.paper.title"),
                         "$.current.graph_snapshots[" + std::to_string(i) + "].payload.graph_snapshot.paper.title", r);
}

void loadOpenGraphBundle(Record& r) {
    const Value& doc = r.document;
    r.shape = RecordShape::OpenGraphBundle;
    readTopLevelRecord(r);
    if (const Value* events = doc.find("events")) {
        requireKind(*events, Value::Kind::Array, "$.events");
        for (size_t i = 0; i < events->asArray().size(); ++i) {
            const Value& e = events->asArray()[i];
            const Value* type = e.find("event_type");
            if (!type || !type->isString() || type->asString() != "record_created") continue;
            std::string path = "$.events[" + std::to_string(i) + "].payload.receipt";
            if (r.receipt) invalid(path, "a second record_created event");
            if (const Value* receipt = e.findPath("payload.receipt"); receipt && !receipt->isNull())
                r.receipt = readReceipt(*receipt, path);
        }
    }
    collectAliases(doc, doc.find("aliases"), r);
    collectTitle(doc.findPath("paper.title"), "$.paper.title", r);
}

}  // namespace

const char* shapeName(RecordShape shape) {
    switch (shape) {
    case RecordShape::NumberRecord: return "pith_number_record";
    case RecordShape::OpenGraphState: return "pith_open_graph_state";
    case RecordShape::OpenGraphBundle: return "pith_open_graph_bundle";
    case RecordShape::BareCanonical: return "canonical_record";
    }
    return "?";
}

std::optional<int> yearOf(const Value& canonicalRecord) {
    const Value* at = canonicalRecord.findPath("metadata.submitted_at");
    if (!at || !at->isString()) return std::nullopt;
    const std::string& s = at->asString();
    if (s.size() < 4 || s.substr(0, 4).find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    if (s.size() > 4 && s[4] != '-') return std::nullopt;
    return std::stoi(s.substr(0, 4));
}

std::optional<RecordShape> claimedShape(const Value& doc) {
    if (!doc.isObject()) return std::nullopt;
    auto present = [&](const char* key) {
        const Value* v = doc.find(key);
        return v && !v->isNull();
    };
    if (present("record_type")) return RecordShape::NumberRecord;
    if (present("state_type")) return RecordShape::OpenGraphState;
    if (present("bundle_type")) return RecordShape::OpenGraphBundle;
    if (doc.find("schema_version") && doc.find("metadata") && doc.find("source")) return RecordShape::BareCanonical;
    return std::nullopt;
}

const char* canonicalRecordPath(RecordShape shape) {
    switch (shape) {
    case RecordShape::NumberRecord:
    case RecordShape::OpenGraphBundle: return "$.canonical_record";
    case RecordShape::OpenGraphState: return "$.current.record_created.payload.canonical_record";
    case RecordShape::BareCanonical: return "$";
    }
    return "$";
}

Record loadRecord(std::string_view bytes) {
    Record r;
    try {
        r.document = json::parse(bytes, json::ParseLimits{kMaxRecordBytes});
    } catch (const json::ParseError& e) {
        throw RecordError(e.what());
    }
    const Value& doc = r.document;
    requireKind(doc, Value::Kind::Object, "$");
    auto discriminator = [&](const char* key, const char* expected) {
        auto v = optionalString(doc, key, "$");
        if (v && *v != expected) invalid(std::string("$.") + key, "unknown " + std::string(key) + " \"" + *v + "\"");
    };
    switch (claimedShape(doc).value_or(RecordShape::BareCanonical)) {
    case RecordShape::NumberRecord:
        discriminator("record_type", "pith_number_record");
        loadNumberRecord(r);
        break;
    case RecordShape::OpenGraphState:
        discriminator("state_type", "pith_open_graph_state");
        loadOpenGraphState(r);
        break;
    case RecordShape::OpenGraphBundle:
        discriminator("bundle_type", "pith_open_graph_bundle");
        loadOpenGraphBundle(r);
        break;
    case RecordShape::BareCanonical:
        if (!claimedShape(doc))
            throw RecordError("not a Pith record: no record_type, state_type or bundle_type, and not a canonical record at $");
        r.shape = RecordShape::BareCanonical;
        r.canonicalRecord = doc;
        validateCanonical(r.canonicalRecord, "$");
        break;
    }
    return r;
}

std::string readInput(const std::filesystem::path& pathOrDash, size_t maxBytes) {
    bool fromStdin = pathOrDash == "-";
    std::string name = fromStdin ? "<stdin>" : pathOrDash.string();
    std::ifstream file;
    std::istream* in = &std::cin;
    if (!fromStdin) {
        std::error_code ec;
        if (std::filesystem::is_directory(pathOrDash, ec)) throw RecordError(name + ": is a directory");
        file.open(pathOrDash, std::ios::binary);
        if (!file) throw RecordError(name + ": cannot open: " + std::strerror(errno));
        in = &file;
    }
    std::string data;
    char buf[1 << 16];
    while (*in) {
        in->read(buf, sizeof buf);
        data.append(buf, static_cast<size_t>(in->gcount()));
        if (data.size() > maxBytes)
            throw RecordError(name + ": larger than the limit of " + std::to_string(maxBytes >> 20) + " MiB");
    }
    if (in->bad()) throw RecordError(name + ": read error");
    return data;
}

Record loadRecordFile(const std::filesystem::path& pathOrDash) {
    std::string name = pathOrDash == "-" ? "<stdin>" : pathOrDash.string();
    std::string data = readInput(pathOrDash, kMaxRecordBytes);
    try {
        return loadRecord(data);
    } catch (const RecordError& e) {
        throw RecordError(name + ": " + e.what());
    }
}

RecordFacts computeFacts(const Record& record) {
    RecordFacts f;
    f.canonicalBytes = json::canonical(record.canonicalRecord);
    f.digest = crypto::sha256(f.canonicalBytes);
    f.sha256Hex = crypto::toHex(f.digest);
    if (auto year = yearOf(record.canonicalRecord)) f.number = numberFromDigest(f.digest, *year);
    return f;
}

}  // namespace pith::record

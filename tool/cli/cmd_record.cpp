// pith record verify | show | sign | new.
#include <iostream>

#include "cli/command.hpp"
#include "crypto/secret_key.hpp"
#include "exit_codes.hpp"
#include "json/canonical.hpp"
#include "record/record_build.hpp"
#include "record/verify_record.hpp"

namespace pith::cli {

namespace {

struct VerifyOptions {
    std::string input;
    std::string number;
    std::string keyring;
    bool json = false;
    bool quiet = false;
    bool verbose = false;
};

int verify(const VerifyOptions& o) {
    std::optional<record::NumberQuery> expected;
    if (!o.number.empty()) {
        std::string why;
        expected = record::parseNumber(o.number, &why);
        if (!expected) {
            printError("--number: " + why);
            return kExitUsage;
        }
    }
    crypto::Keyring ring = crypto::Keyring::builtInAnd(o.keyring);
    const std::string subject = o.input == "-" ? "<stdin>" : o.input;
    record::Record rec;
    try {
        rec = record::loadRecordFile(o.input);
    } catch (const record::RecordError& e) {
        // As pith verify --json does: the error on stderr, and an UNREADABLE object for the pipeline.
        if (!o.json) throw;
        printError(e.what());
        writeOutput("-", json::canonical(report::unreadableJson(subject, e.what())) + "\n");
        return kExitBadInput;
    }
    record::RecordFacts facts = record::computeFacts(rec);
    report::Report rep = record::verifyRecord(rec, facts, ring, expected);
    rep.subject = subject;
    if (o.json)
        writeOutput("-", json::canonical(report::toJson(rep)) + "\n");
    else if (o.quiet)
        writeOutput("-", report::toVerdictLine(rep));
    else
        writeOutput("-", report::toText(rep) + (o.verbose ? report::factsText(rep) : ""));
    return report::exitCodeFor(rep.verdict);
}

int show(const std::string& input, bool asJson) {
    const std::string subject = input == "-" ? "<stdin>" : input;
    record::Record rec;
    try {
        rec = record::loadRecordFile(input);
    } catch (const record::RecordError& e) {
        if (!asJson) throw;
        printError(e.what());
        json::Value out;
        out.set("schema", json::Value::string("pith.record/1"));
        out.set("subject", json::Value::string(subject));
        out.set("error", json::Value::string(e.what()));
        writeOutput("-", json::canonical(out) + "\n");
        return kExitBadInput;
    }
    record::RecordFacts facts = record::computeFacts(rec);
    const json::Value& cr = rec.canonicalRecord;
    if (asJson) {
        json::Value out;
        out.set("schema", json::Value::string("pith.record/1"));
        out.set("subject", json::Value::string(subject));
        out.set("shape", json::Value::string(record::shapeName(rec.shape)));
        out.set("number", json::Value::string(facts.number->full()));
        out.set("short_number", json::Value::string(facts.number->shortForm()));
        out.set("record_url", json::Value::string(facts.number->recordUrl()));
        out.set("canonical_sha256", json::Value::string(facts.sha256Hex));
        out.set("canonical_record", cr);
        out.set("title", rec.title ? json::Value::string(*rec.title) : json::Value::null());
        out.set("key_id", rec.receipt ? json::Value::string(rec.receipt->keyId) : json::Value::null());
        writeOutput("-", json::canonical(out) + "\n");
        return kExitOk;
    }
    auto str = [&](const char* path) {
        const json::Value* v = cr.findPath(path);
        return v && v->isString() ? v->asString() : std::string();
    };
    std::string cats;
    for (const json::Value& c : cr.findPath("metadata.cross_cats_sorted")->asArray()) cats += " " + c.asString();
    std::string text;
    text += "number:      " + facts.number->full() + "  (" + facts.number->shortForm() + ")\n";
    text += "record page: " + facts.number->recordUrl() + "\n";
    text += "sha256:      " + facts.sha256Hex + "\n";
    text += "shape:       " + std::string(record::shapeName(rec.shape)) + "\n";
    if (rec.title) text += "title:       " + *rec.title + "\n";
    text += "source:      " + str("source.kind") + " " + str("source.id") + " v" +
            cr.findPath("source.version")->asNumber().text + "\n";
    text += "submitted:   " + str("metadata.submitted_at") + "\n";
    text += "categories:  " + str("metadata.primary_cat") + (cats.empty() ? "" : " |" + cats) + "\n";
    text += "license:     " + str("metadata.license") + "\n";
    text += "receipt:     " +
            (rec.receipt ? rec.receipt->keyId + (rec.receipt->signedAt ? ", signed " + *rec.receipt->signedAt : "")
                         : std::string("none")) +
            "\n";
    writeOutput("-", text);
    return kExitOk;
}

int sign(const std::string& input, const std::string& keyFile, const std::string& signedAt, const std::string& output) {
    std::string keyText = record::readInput(keyFile, 1u << 20);
    crypto::SecretKey key = crypto::parseSecretKey(keyText, keyFile);
    record::Record rec = record::loadRecordFile(input);
    record::RecordFacts facts = record::computeFacts(rec);
    json::Value receipt = record::makeReceipt(facts, key, signedAt.empty() ? std::nullopt : std::optional(signedAt));
    json::Value doc;
    if (rec.shape == record::RecordShape::NumberRecord) {
        doc = rec.document;  // keep everything else the registry wrote
        doc.set("receipt", receipt);
    } else {
        doc = record::numberRecordDocument(rec.canonicalRecord, rec.title, receipt);
    }
    writeOutput(output, json::canonical(doc) + "\n");
    return kExitOk;
}

int create(const record::NewRecordInput& in, const std::string& abstractFile, const std::string& output) {
    record::NewRecordInput input = in;
    if (!abstractFile.empty()) input.abstract = record::readInput(abstractFile, 1u << 20);
    json::Value canonical = record::newCanonicalRecord(input);
    json::Value doc = record::numberRecordDocument(canonical, input.title, std::nullopt);
    std::cerr << "pith: note: " << record::kAbstractCanonicalisation << "\n";
    writeOutput(output, json::canonical(doc) + "\n");
    return kExitOk;
}

}  // namespace

void addRecordCommands(CLI::App& app, Context& ctx) {
    CLI::App* rec = app.add_subcommand("record", "Check, show, create and sign Pith records.");
    rec->require_subcommand(1);

    auto v = std::make_shared<VerifyOptions>();
    CLI::App* ver = rec->add_subcommand(
        "verify",
        "Verify a record offline: canonical hash, Pith Number, short forms and aliases, receipt hash, year, title, "
        "and the registry's Ed25519 signature. Reads pith_number_record, pith_open_graph_state, "
        "pith_open_graph_bundle and bare canonical records.");
    ver->add_option("file", v->input, "record file, or - for standard input")->required();
    ver->add_option("--number", v->number,
                    "require this Pith Number (pith:YYYY:SUFFIX, SUFFIX, pith:SHORT8, or an 8/12/16 prefix)");
    ver->add_option("--keyring", v->keyring, "keyring file adding or overriding trusted keys (`<key_id> ed25519 <hex>` lines)");
    ver->add_flag("--json", v->json, "print the report as one JSON object (schema pith.report/1, docs/REPORT.md, docs/JSON.md)");
    auto* quiet = ver->add_flag("-q,--quiet", v->quiet, "text: the verdict line only");
    ver->add_flag("-v,--verbose", v->verbose, "text: the facts too (number, hash, key id, ...)")->excludes(quiet);
    onRun(ver, ctx, [v] { return verify(*v); });

    auto showInput = std::make_shared<std::string>();
    auto showJson = std::make_shared<bool>(false);
    CLI::App* sh = rec->add_subcommand("show", "Print what a record says: number, hash, source, title, receipt.");
    sh->add_option("file", *showInput, "record file, or -")->required();
    sh->add_flag("--json", *showJson, "print as one JSON object (schema pith.record/1, docs/JSON.md)");
    onRun(sh, ctx, [showInput, showJson] { return show(*showInput, *showJson); });

    struct SignOptions {
        std::string input, key, signedAt, output = "-";
    };
    auto s = std::make_shared<SignOptions>();
    CLI::App* sg = rec->add_subcommand("sign", "Add a receipt signed with a secret key (pith key generate) to a record.");
    sg->add_option("file", s->input, "record file, or -")->required();
    sg->add_option("--key", s->key, "secret key file")->required();
    sg->add_option("--signed-at", s->signedAt, "timestamp to put in the receipt (none by default, for reproducible output)");
    sg->add_option("-o,--output", s->output, "output file (default: standard output)");
    onRun(sg, ctx, [s] { return sign(s->input, s->key, s->signedAt, s->output); });

    struct NewOptions {
        record::NewRecordInput in;
        std::string abstractFile, output = "-";
    };
    auto n = std::make_shared<NewOptions>();
    CLI::App* nw = rec->add_subcommand(
        "new", "Build a canonical record (schema 1.0) for an arXiv paper, as a pith_number_record without receipt.");
    nw->add_option("--title", n->in.title, "paper title")->required();
    nw->add_option("--arxiv-id", n->in.arxivId, "arXiv identifier, e.g. 2605.08894")->required();
    nw->add_option("--version", n->in.version, "arXiv version number")->required();
    nw->add_option("--submitted-at", n->in.submittedAt, "submission time, e.g. 2026-05-09T11:19:51Z")->required();
    nw->add_option("--license", n->in.license, "licence URL")->required();
    nw->add_option("--primary-cat", n->in.primaryCat, "primary category, e.g. cs.CL")->required();
    nw->add_option("--cross-cat", n->in.crossCats, "cross-list category (repeatable)");
    // The abstract is required, given in exactly one of two ways.
    CLI::Option_group* abstract = nw->add_option_group("abstract", "the abstract, hashed into abstract_canon_sha256");
    abstract->add_option("--abstract", n->in.abstract, "abstract text");
    abstract->add_option("--abstract-file", n->abstractFile, "file holding the abstract");
    abstract->require_option(1);
    nw->add_option("-o,--output", n->output, "output file (default: standard output)");
    onRun(nw, ctx, [n] { return create(n->in, n->abstractFile, n->output); });
}

}  // namespace pith::cli

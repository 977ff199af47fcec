// pith extract: write out what a PDF carries of pith, as a record `pith record verify` can check,
// or (--revision) the document as it was when the pith data was added.
#include <optional>

#include "cli/command.hpp"
#include "exit_codes.hpp"
#include "io/atomic_write.hpp"
#include "json/canonical.hpp"
#include "json/parse.hpp"
#include "pdf/reader/pdf_reader.hpp"
#include "verify/verify_pdf.hpp"

namespace pith::cli {

namespace {

struct Options {
    std::string input;
    std::string output = "-";
    bool revision = false;
    std::string password;  // --password: opens encrypted files
};

json::Value stringOrNull(const std::string* s) { return s ? json::Value::string(*s) : json::Value::null(); }

// A pith_number_record built from the embedded data, plus a "pdf" object saying where it came from.
json::Value extractedRecord(const verify::PdfFindings& f) {
    const verify::EmbeddedData& d = f.data;
    json::Value doc;
    doc.set("record_type", json::Value::string("pith_number_record"));
    doc.set("canonical_record", json::parse(*f.canonicalRecord));
    doc.set("canonical_sha256",
            stringOrNull(d.xmpValue("canonicalSha256") ? d.xmpValue("canonicalSha256") : d.infoValue("PithCanonicalSHA256")));
    doc.set("pith_number", stringOrNull(d.xmpValue("number") ? d.xmpValue("number") : d.infoValue("PithNumber")));
    if (const std::string* sig = d.xmpValue("receiptSignature")) {
        json::Value receipt;
        receipt.set("algorithm", json::Value::string("ed25519"));
        receipt.set("signed_message", json::Value::string("canonical_sha256_bytes"));
        receipt.set("signature_b64", json::Value::string(*sig));
        receipt.set("key_id", stringOrNull(d.xmpValue("receiptKeyId")));
        receipt.set("public_key_fingerprint", stringOrNull(d.xmpValue("receiptKeyFingerprint")));
        receipt.set("canonical_sha256", stringOrNull(d.xmpValue("canonicalSha256")));
        if (const std::string* at = d.xmpValue("receiptSignedAt")) receipt.set("signed_at", json::Value::string(*at));
        doc.set("receipt", std::move(receipt));
    } else if (d.attachment) {
        json::Value attached = json::parse(*d.attachment);
        if (const json::Value* receipt = attached.find("receipt")) doc.set("receipt", *receipt);
    }
    if (f.title) {
        json::Value paper;
        paper.set("title", json::Value::string(*f.title));
        doc.set("paper", std::move(paper));
    }
    json::Value pdf;
    json::Value props = json::Value::object({});
    for (const auto& [k, v] : d.xmp) props.set(k, json::Value::string(v));
    pdf.set("xmp", std::move(props));
    json::Value info = json::Value::object({});
    for (const auto& [k, v] : d.info) info.set(k, json::Value::string(v));
    pdf.set("info", std::move(info));
    pdf.set("attachment", d.attachment ? json::Value::string(*d.attachment) : json::Value::null());
    if (f.pithRevisionEnd) pdf.set("pith_revision_end", json::Value::integer(static_cast<long long>(*f.pithRevisionEnd)));
    if (f.stampedLength) pdf.set("stamped_length", json::Value::integer(static_cast<long long>(*f.stampedLength)));
    doc.set("pdf", std::move(pdf));
    return doc;
}

int run(const Options& o) {
    std::string name = o.input == "-" ? "<stdin>" : o.input;
    std::optional<pdf::PdfReader> opened;
    verify::PdfFindings found;
    report::Report rep;
    try {
        opened.emplace(pdf::PdfReader::openFile(o.input, {}, o.password));
        rep = verify::verifyPdf(*opened, crypto::Keyring::builtIn(), {}, &found);
    } catch (const pdf::PdfError& e) {
        printError(name + ": " + e.what());  // the reader's messages leave the naming to us
        return kExitBadInput;
    }
    const pdf::PdfReader& reader = *opened;
    if (rep.verdict == report::Verdict::NoPithData) {
        printError(name + ": no Pith data in XMP, Info or attachments");
        return kExitNoPithData;
    }
    if (o.revision) {
        if (!found.pithRevisionEnd) {
            printError(name + ": no stamp update or compiled revision was found (pith verify says why)");
            return kExitCheckFailed;
        }
        writeOutput(o.output, std::string(reader.bytes().substr(0, *found.pithRevisionEnd)));
        return kExitOk;
    }
    if (!found.canonicalRecord) {
        printError(name + ": the PDF carries no valid canonical record (pith verify says why)");
        return kExitCheckFailed;
    }
    writeOutput(o.output, json::canonical(extractedRecord(found)) + "\n");
    return kExitOk;
}

}  // namespace

void addExtractCommand(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<Options>();
    CLI::App* sub = app.add_subcommand(
        "extract",
        "Write the record a PDF carries (canonical record, hash, number, receipt, and the raw embedded data) as JSON "
        "that `pith record verify` checks, or with --revision the PDF as it was when the pith data was added.");
    sub->add_option("pdf", o->input, "PDF file, or -")->required();
    sub->add_option("-o,--output", o->output, "output file (default: standard output)");
    sub->add_option("--password", o->password, "user or owner password of an encrypted PDF (default: empty)");
    sub->add_flag("--revision", o->revision, "write the stamped (or compiled) revision of the PDF instead");
    onRun(sub, ctx, [o] { return run(*o); });
}

}  // namespace pith::cli

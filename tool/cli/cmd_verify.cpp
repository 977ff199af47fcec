// pith verify: re-verify the Pith data embedded in PDFs, offline.
#include <iostream>
#include <map>

#include "cli/command.hpp"
#include "cli/parallel.hpp"
#include "crypto/prefix_digest.hpp"
#include "exit_codes.hpp"
#include "io/atomic_write.hpp"
#include "io/mapped_file.hpp"
#include "json/canonical.hpp"
#include "pdf/reader/pdf_reader.hpp"
#include "record/record.hpp"
#include "registry/online_check.hpp"
#include "verify/verify_pdf.hpp"
#include "view/time_limit.hpp"

namespace pith::cli {

namespace {

struct Options {
    std::vector<std::string> inputs;
    bool json = false;
    std::string record;
    std::string number;
    std::string keyring;
    std::string requireStamper;
    std::string password;  // --password: opens encrypted files (empty: their usual user password)
    unsigned jobs = 1;
    bool quiet = false;    // -q: the verdict line only
    bool verbose = false;  // -v: the facts too
    bool online = false;   // --online: compare with the registry (registry/online_check.hpp)
    registry::RegistryOptions registry;
};

struct Outcome {
    int exitCode = kExitOk;
    std::string verdict;  // VERIFIED, ..., or UNREADABLE
    std::string output;   // report text or JSON line
    std::string error;    // one-line error for an unreadable file
};

Outcome verifyOne(const std::string& input, const Options& o, const crypto::Keyring& ring, const verify::PdfVerifyOptions& vo) {
    Outcome out;
    std::string subject = input == "-" ? "<stdin>" : input;
    try {
        const view::ViewerBudget budget;  // poppler's work on this file: one limit in all
        // A regular file is mapped with its descriptor kept, to hash the stamped prefix from (pread).
        verify::PdfVerifyOptions options = vo;
        std::shared_ptr<io::MappedFile> file = input == "-" ? nullptr : io::MappedFile::open(input, pdf::Limits{}.maxFileSize);
        // Hashed from the start, while the file is read: a stamp's binding needs its prefix's hash.
        if (file) options.prefixDigest = std::make_shared<crypto::PrefixDigest>(file->descriptor(), file->size());
        pdf::PdfReader reader = file ? pdf::PdfReader::fromMappedFile(file, file->bytes(), {}, o.password)
                                     : pdf::PdfReader::openFile(input, {}, o.password);
        if (file) options.fileDescriptor = file->descriptor();
        verify::PdfFindings findings;
        report::Report rep = verify::verifyPdf(reader, ring, options, &findings);
        if (o.online) registry::addRegistryCheck(rep, findings.number, findings.canonicalSha256, o.registry, ring);
        rep.subject = subject;
        out.exitCode = report::exitCodeFor(rep.verdict);
        out.verdict = report::verdictName(rep.verdict);
        if (o.json)
            out.output = json::canonical(report::toJson(rep)) + "\n";
        else if (o.quiet)
            out.output = report::toVerdictLine(rep);
        else
            out.output = report::toText(rep) + (o.verbose ? report::factsText(rep) : "");
    } catch (const std::bad_alloc&) {
        out.exitCode = kExitBadInput;
        out.error = subject + ": out of memory: the PDF exceeds what pith will process";
    } catch (const std::exception& e) {
        out.exitCode = isProgrammingError(e) ? kExitInternal : kExitBadInput;
        out.error = subject + ": " + (isProgrammingError(e) ? internalErrorMessage(e) : e.what());
    }
    if (!out.error.empty()) {
        out.verdict = "UNREADABLE";
        if (o.json) out.output = json::canonical(report::unreadableJson(subject, out.error)) + "\n";
    }
    return out;
}

// With several files the exit code is the most serious one met: 70, then 3, 1, 6, 4, then 0.
int combine(int a, int b) {
    auto rank = [](int code) {
        return code == kExitInternal       ? 5
               : code == kExitBadInput     ? 4
               : code == kExitCheckFailed  ? 3
               : code == kExitUnverifiable ? 2
               : code == kExitNoPithData   ? 1
                                           : 0;
    };
    return rank(b) > rank(a) ? b : a;
}

// "3 files: 1 VERIFIED, 1 MODIFIED, 1 UNREADABLE", in the order of seriousness.
std::string summaryLine(size_t files, const std::map<std::string, size_t>& tally) {
    std::string line = std::to_string(files) + " files:";
    const char* sep = " ";
    for (const char* verdict : {"UNREADABLE", "FAILED", "MODIFIED", "UNVERIFIABLE", "NO-PITH-DATA", "VERIFIED"}) {
        auto it = tally.find(verdict);
        if (it == tally.end()) continue;
        line += sep + std::to_string(it->second) + " " + verdict;
        sep = ", ";
    }
    return line + "\n";
}

int run(const Options& o) {
    crypto::Keyring ring = crypto::Keyring::builtInAnd(o.keyring);
    verify::PdfVerifyOptions vo;
    if (!o.number.empty()) {
        std::string why;
        vo.expectedNumber = record::parseNumber(o.number, &why);
        if (!vo.expectedNumber) {
            printError("--number: " + why);
            return kExitUsage;
        }
    }
    if (!o.requireStamper.empty()) vo.requiredStamper = o.requireStamper;
    if (!o.record.empty()) vo.expectedSha256 = record::computeFacts(record::loadRecordFile(o.record)).sha256Hex;

    int exitCode = kExitOk;
    // Several files in text form: a blank line between full reports, and a summary line at the end.
    const bool several = o.inputs.size() > 1 && !o.json;
    std::map<std::string, size_t> tally;
    runInOrder<Outcome>(
        o.inputs.size(), o.jobs, [&](size_t i) { return verifyOne(o.inputs[i], o, ring, vo); },
        [&](size_t i, Outcome& r) {
            if (!r.error.empty()) printError(r.error);
            if (several && !o.quiet && i > 0) io::writeStdout("\n");
            if (!r.output.empty())
                io::writeStdout(r.output);
            else if (several || o.quiet)  // an unreadable file keeps its place in the list (its error is on stderr)
                io::writeStdout((o.inputs[i] == "-" ? "<stdin>" : o.inputs[i]) + ": " + r.verdict + "\n");
            exitCode = combine(exitCode, r.exitCode);
            ++tally[r.verdict];
        });
    if (several && !o.quiet) io::writeStdout("\n" + summaryLine(o.inputs.size(), tally));
    return exitCode;
}

}  // namespace

void addVerifyCommand(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<Options>();
    CLI::App* sub = app.add_subcommand(
        "verify",
        "Re-verify the Pith data embedded in PDFs, offline: the record's hash and number, the registry's signature, the "
        "stamp update, the stamper, revisions appended later, and what a viewer shows (badge, title, links). Verdicts: "
        "VERIFIED (0), MODIFIED (1), FAILED (1), UNVERIFIABLE (6), NO-PITH-DATA (4); unreadable 3.");
    sub->add_option("pdf", o->inputs, "PDF files (- for standard input)")->required();
    sub->add_flag("--json", o->json, "one JSON object per file, one per line (schema pith.report/1, docs/REPORT.md)");
    auto* record = sub->add_option("--record", o->record, "require the PDF to carry exactly this record");
    auto* number = sub->add_option("--number", o->number, "require the PDF to carry this Pith Number");
    record->excludes(number);
    sub->add_option("--keyring", o->keyring, "keyring file adding or overriding trusted keys (registries and stampers)");
    sub->add_option("--require-stamper", o->requireStamper,
                    "require the stamp to be signed by this key id, trusted as a stamper by the keyring");
    auto* quiet = sub->add_flag("-q,--quiet", o->quiet,
                                "text: the verdict line of each file only (\"paper.pdf: VERIFIED\"), no table, no summary");
    auto* verbose =
        sub->add_flag("-v,--verbose", o->verbose, "text: the facts too (number, hash, route, stamped length, revisions, ...)");
    quiet->excludes(verbose);
    sub->add_option("--password", o->password,
                    "user or owner password of encrypted PDFs (default: the empty user password most of them have)");
    sub->add_option("-j,--jobs", o->jobs, "files verified in parallel")->check(numberRange(1, 256, "a number of jobs"));
    sub->add_flag("--online", o->online, "also compare with the registry's current record (check pith.registry.match)");
    sub->add_option("--base-url", o->registry.baseUrl, "registry base URL for --online (default https://pith.science)");
    sub->add_option_function<double>(
           "--timeout",
           [o](double seconds) {
               o->registry.limits.totalTimeoutMs = static_cast<long>(seconds * 1000);
               o->registry.limits.connectTimeoutMs =
                   std::min(o->registry.limits.connectTimeoutMs, o->registry.limits.totalTimeoutMs);
           },
           "seconds for each registry request with --online (default 20)")
        ->check(numberRange(0.05, 3600, "seconds"));
    onRun(sub, ctx, [o] { return run(*o); });
}

}  // namespace pith::cli

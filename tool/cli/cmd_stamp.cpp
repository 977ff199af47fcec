// pith stamp: options → pdf::stamp::stamp → IN + update written atomically. One JSON line per
// file in batch mode (several inputs, --output-dir or --json), for build hooks.
#include <nlohmann/json.hpp>

#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include "cli/command.hpp"
#include "cli/record_gate.hpp"
#include "cli/parallel.hpp"
#include "badge/badge_layout.hpp"
#include "exit_codes.hpp"
#include "io/atomic_write.hpp"
#include "io/mapped_file.hpp"
#include "pdf/stamp/pdfa.hpp"
#include "pdf/stamp/stamp.hpp"
#include "pdf/xmp/pith_xmp.hpp"
#include "crypto/secret_key.hpp"
#include "record/record.hpp"
#include "verify/stamp_gate.hpp"
#include "view/time_limit.hpp"

namespace pith::cli {

namespace {

// Address space reserved after a mapped input for its stamp update (only what is written uses
// memory): far more than an update needs; a larger one is joined to a copy of the input instead.
constexpr std::size_t kUpdateRoom = std::size_t{64} << 20;

struct StampCliOptions {
    std::vector<std::string> inputs;
    std::string recordFile;
    std::string output;
    std::string outputDir;
    bool inPlace = false;
    size_t page = 1;
    std::string position = "auto";
    std::string style = "badge";
    std::string margin;
    double size = 0;
    bool qr = true;
    bool noQr = false;
    unsigned jobs = 1;
    bool json = false;
    std::string date;
    bool force = false;
    bool allowRenumber = false;
    bool keepTitle = false;  // the default now; the flag is kept for scripts that pass it
    bool forceUnverified = false;
    std::string keyring;
    std::string stamperKey;
    bool seal = false;
    bool quiet = false;    // no warnings on stderr, only errors
    bool verbose = false;  // one line per stamped file on stderr
};

struct FileResult {
    int exitCode = 0;
    std::string input, output, error;
    std::uint64_t added = 0;
    std::string number;
    std::string verdict;                     // pith verify's verdict on the output
    bool linearized = false;                 // the input was linearized: the output, with an update appended, is not
    std::string placement;                   // how the badge's place was chosen (stamp parameters)
    std::vector<double> rect;                // the badge's rectangle in points, as written
    std::string pdfa;                        // the PDF/A conformance kept ("2B", stamp parameters), or empty
    std::optional<std::string> unknownPdfa;  // a PDF/A claim pith does not know, not kept
    std::vector<std::string> warnings;
};

// A linearized file starts with its linearization dictionary (ISO 32000-1, Annex F): the first
// object, within the first KiB. An incremental update keeps the file valid but ends linearization
// (viewers then read the whole file before showing page 1).
bool looksLinearized(std::string_view bytes) {
    const std::string_view head = bytes.substr(0, 1024);
    const size_t obj = head.find(" obj");
    return obj != std::string_view::npos && head.find("/Linearized", obj) != std::string_view::npos;
}

// "X" or "X,Y": two finite numbers of points, neither negative; nullopt if the text is not that.
std::optional<std::pair<double, double>> parsePair(const std::string& text) {
    size_t comma = text.find(',');
    try {
        size_t used = 0;
        const std::string first = text.substr(0, comma);
        double a = std::stod(first, &used);
        if (used != first.size()) return std::nullopt;
        double b = a;
        if (comma != std::string::npos) {
            std::string rest = text.substr(comma + 1);
            b = std::stod(rest, &used);
            if (used != rest.size()) return std::nullopt;
        }
        if (!std::isfinite(a) || !std::isfinite(b) || a < 0 || b < 0) return std::nullopt;
        return std::make_pair(a, b);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// Option checks, run while the command line is parsed: a bad value is a usage error (exit 2)
// naming the option, before any file is read.
CLI::Validator pairCheck(const char* what) {
    return CLI::Validator(
        [what](std::string& text) -> std::string {
            return parsePair(text) ? "" : std::string("expected ") + what + ", got '" + text + "'";
        },
        "X[,Y]");
}

CLI::Validator positionCheck() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            if (text == "auto" || pdf::badge::parseAnchor(text) || (text.find(',') != std::string::npos && parsePair(text)))
                return "";
            return "expected auto, top-left, top, top-right, left, right, bottom-left, bottom, bottom-right or X,Y "
                   "(points from the lower-left corner, not negative), got '" +
                   text + "'";
        },
        "POSITION");
}

CLI::Validator pageCheck() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            size_t used = 0;
            try {
                unsigned long long page = std::stoull(text, &used);
                if (used == text.size() && text[0] != '-' && text[0] != '+' && page >= 1 && page <= 10000000) return "";
            } catch (const std::exception&) {}
            return "expected a page number from 1, got '" + text + "'";
        },
        "PAGE");
}

// --date: YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or @EPOCH; else SOURCE_DATE_EPOCH; else no dates.
std::optional<std::int64_t> epochFrom(const std::string& date) {
    std::string text = date;
    if (text.empty()) {
        const char* env = std::getenv("SOURCE_DATE_EPOCH");
        if (!env || !*env) return std::nullopt;
        text = std::string("@") + env;
    }
    if (text[0] == '@') {
        try {
            size_t used = 0;
            long long v = std::stoll(text.substr(1), &used);
            if (used == text.size() - 1 && v >= 0) return v;
        } catch (const std::exception&) {}
        throw CLI::ValidationError(date.empty() ? "SOURCE_DATE_EPOCH: not a Unix time: '" + text.substr(1) + "'"
                                                : "--date: not a Unix time: '" + text + "'");
    }
    std::optional<std::int64_t> epoch = pdf::stamp::parseIsoDate(text.size() == 10 ? text + "T00:00:00Z" : text);
    if (!epoch) throw CLI::ValidationError("--date: expected YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or @EPOCH, got '" + text + "'");
    return *epoch;
}

CLI::Validator dateCheck() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            try {
                if (!text.empty()) epochFrom(text);
                return "";
            } catch (const CLI::ValidationError& e) {
                std::string message = e.what();
                const std::string prefix = "--date: ";
                return message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : message;
            }
        },
        "DATE");
}

int runStamp(const StampCliOptions& o) {
    if (o.inputs.empty()) throw CLI::ValidationError("no input PDF");
    const bool batch = o.inputs.size() > 1 || !o.outputDir.empty();
    int outputs = (!o.output.empty()) + o.inPlace + (!o.outputDir.empty());
    if (outputs != 1) {
        printError("choose one of -o OUT, --in-place or --output-dir DIR");
        return kExitUsage;
    }
    if (o.inputs.size() > 1 && o.outputDir.empty() && !o.inPlace) {
        printError("several inputs need --output-dir DIR or --in-place");
        return kExitUsage;
    }
    for (const auto& in : o.inputs)
        if (in == "-" && (o.inPlace || !o.outputDir.empty())) {
            printError("stdin input needs -o OUT (or -o - for stdout)");
            return kExitUsage;
        }

    // A full disk or a file size limit must end in an error we clean up after, not in SIGXFSZ.
    std::signal(SIGXFSZ, SIG_IGN);

    std::optional<CheckedRecord> checked = loadRecordToWrite(o.recordFile, o.keyring, o.forceUnverified, "stamp", o.quiet);
    if (!checked) return kExitCheckFailed;
    const record::Record& rec = checked->record;
    const record::RecordFacts& facts = checked->facts;
    const pdf::stamp::StampRecord stampRecord = pdf::stamp::stampRecordFrom(rec, facts);

    pdf::stamp::StampOptions opt;
    opt.pageIndex = o.page - 1;  // --page is checked to be at least 1
    opt.qr = !o.noQr;
    if (o.size > 0) opt.height = o.size;
    // The badge scales as a whole: a low one sets its label too small to read, and the stamp's own
    // check that a viewer paints the label would refuse it later with a less useful message.
    if (const double least = pith::badge::minimumHeight(opt.qr, stampRecord.number.recordUrl()); o.size > 0 && o.size < least) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "--size '%g': a badge that low sets its label below %g pt; give %.1f or more%s", o.size,
                      pith::badge::BadgeLayout::kMinimumLabel, std::ceil(least * 10) / 10,
                      opt.qr ? " (or --no-qr for a lower one)" : "");
        printError(buf);
        return kExitUsage;
    }
    opt.force = o.force;
    opt.allowRenumber = o.allowRenumber;
    if (!o.stamperKey.empty()) opt.stamperKey = crypto::parseSecretKey(record::readInput(o.stamperKey, 1u << 20), o.stamperKey);
    if (o.seal) opt.kind = pdf::stamp::StampKind::Seal;
    const crypto::Keyring ring = crypto::Keyring::builtInAnd(o.keyring);
    opt.epoch = epochFrom(o.date);
    if (o.style != "badge" && o.position != "auto") {
        printError("--style " + o.style + " chooses the place itself: it needs --position auto, not " + o.position);
        return kExitUsage;
    }
    opt.style = o.style == "margin" ? pdf::stamp::PlacementStyle::Margin
                : o.style == "any"  ? pdf::stamp::PlacementStyle::Any
                                    : pdf::stamp::PlacementStyle::Badge;
    if (o.position == "auto") {
        opt.autoPlacement = true;
        if (!o.margin.empty()) std::tie(opt.placement.dx, opt.placement.dy) = *parsePair(o.margin);
    } else if (auto anchor = pdf::badge::parseAnchor(o.position)) {
        opt.placement.anchor = *anchor;
        if (!o.margin.empty()) std::tie(opt.placement.dx, opt.placement.dy) = *parsePair(o.margin);
    } else {
        opt.placement.anchor = pdf::badge::Anchor::Absolute;
        std::tie(opt.placement.dx, opt.placement.dy) = *parsePair(o.position);
    }

    // --output-dir is created when missing, parents and all (as pith latex -o does).
    if (!o.outputDir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(o.outputDir, ec);
        if (ec) {
            printError(o.outputDir + ": cannot create the output directory: " + ec.message());
            return kExitOutputFailed;
        }
    }

    auto job = [&](size_t i) -> FileResult {
        FileResult r;
        r.input = o.inputs[i];
        const std::string name = r.input == "-" ? "<stdin>" : r.input;
        r.number = stampRecord.number.full();
        if (o.inPlace)
            r.output = r.input;
        else if (!o.outputDir.empty())
            r.output = (std::filesystem::path(o.outputDir) / std::filesystem::path(r.input).filename()).string();
        else
            r.output = o.output;
        try {
            // poppler's work on this file (the page read for placement, the output verified): one limit in all.
            const view::ViewerBudget budget;
            verify::CheckedStamp s;
            // A regular file is mapped with room for the update after it: the output is the mapped
            // input followed by the update, checked and written without a copy of the input.
            std::shared_ptr<io::MappedFile> file =
                r.input == "-" ? nullptr : io::MappedFile::open(r.input, pdf::Limits{}.maxFileSize, kUpdateRoom);
            {
                pdf::PdfReader reader =
                    file ? pdf::PdfReader::fromMappedFile(file, file->bytes()) : pdf::PdfReader::openFile(r.input);
                s = verify::stampChecked(reader, stampRecord, opt, ring, file);
                r.linearized = looksLinearized(reader.bytes());
            }
            r.added = s.stamp.update.size();
            r.verdict = report::verdictName(s.report.verdict);
            r.placement = s.stamp.parameters.placement;
            if (s.stamp.parameters.kind == pdf::stamp::StampKind::Badge) {
                const pdf::Rect& b = s.stamp.parameters.rect;
                r.rect = {b.x0, b.y0, b.x1, b.y1};
            }
            r.warnings = s.stamp.warnings;
            r.pdfa = s.stamp.parameters.pdfa;
            r.unknownPdfa = s.stamp.unknownPdfa;
            if (r.output == "-")
                io::writeStdout(s.output->bytes());
            else if (o.inPlace && file)
                io::replaceFileAtomically(r.output, file->descriptor(), file->size(), s.stamp.update);
            else if (o.inPlace)
                io::replaceFileAtomically(r.output, {s.output->bytes()});  // keeps mode, owner, links
            else if (file)
                io::writeFileAtomically(r.output, file->descriptor(), file->size(), s.stamp.update);
            else
                io::writeFileAtomically(r.output, s.output->bytes());
        } catch (const pdf::PdfEncryptedError& e) {
            r.exitCode = kExitBadInput;
            r.error = name + ": " + e.what();
        } catch (const pdf::stamp::StampRefused& e) {
            r.exitCode = kExitCheckFailed;
            r.error = name + ": " + e.what();
        } catch (const io::OutputError& e) {
            r.exitCode = kExitOutputFailed;
            r.error = e.what();
        } catch (const std::bad_alloc&) {
            r.exitCode = kExitBadInput;
            r.error = name + ": out of memory: the PDF exceeds what pith will process";
        } catch (const std::exception& e) {
            r.exitCode = isProgrammingError(e) ? kExitInternal : kExitBadInput;
            r.error = name + ": " + (isProgrammingError(e) ? internalErrorMessage(e) : e.what());
        }
        return r;
    };

    int worst = kExitOk;
    const bool jsonLines = batch || o.json;
    std::function<FileResult(size_t)> jobFn = job;
    std::function<void(size_t, FileResult&)> emit = [&](size_t, FileResult& r) {
        if (r.exitCode != kExitOk && worst == kExitOk) worst = r.exitCode;
        if (!o.quiet)
            for (const std::string& w : r.warnings)
                printError("warning: " + (r.input == "-" ? std::string("<stdin>") : r.input) + ": " + w);
        if (jsonLines) {
            nlohmann::json line = {{"schema", "pith.stamp/1"},
                                   {"subject", r.input == "-" ? "<stdin>" : r.input},
                                   {"input", r.input},
                                   {"output", r.output},
                                   {"ok", r.exitCode == kExitOk},
                                   {"exit", r.exitCode},
                                   {"number", r.number}};
            if (r.exitCode == kExitOk) {
                line["added_bytes"] = r.added;
                line["verdict"] = r.verdict;
                line["linearized_input"] = r.linearized;
                if (!r.placement.empty()) line["placement"] = r.placement;
                if (!r.rect.empty()) line["rect"] = r.rect;
                if (!r.pdfa.empty())
                    line["pdfa"] = {{"conformance", pdf::stamp::pdfaName(r.pdfa)},
                                    {"kept", true},
                                    {"record", pdf::stamp::pdfaAllowsRecordAttachment(r.pdfa) ? "attachment" : "xmp"},
                                    {"summary", pdf::stamp::pdfaKeptSummary(r.pdfa)}};
                else if (r.unknownPdfa)
                    line["pdfa"] = {{"conformance", *r.unknownPdfa}, {"kept", false}};
                line["warnings"] = r.warnings;
            } else
                line["error"] = r.error;
            std::cout << line.dump() << std::endl;
        } else if (r.exitCode != kExitOk) {
            printError(r.error);
        } else {
            const std::string name = r.input == "-" ? std::string("<stdin>") : r.input;
            if (r.linearized && !o.quiet)
                printError("warning: " + name +
                           " was linearized (fast web view); with the stamp appended the output is valid "
                           "but no longer linearized (re-linearizing rewrites the file and breaks the stamp's binding)");
            // Archivists need to know the stamp kept the file's conformance (an unknown one is a warning above).
            if (!r.pdfa.empty() && !o.quiet) printError(name + ": " + pdf::stamp::pdfaKeptSummary(r.pdfa));
            if (o.verbose)
                printError(name + ": stamped " + r.number + ", " + std::to_string(r.added) + " bytes appended, written to " +
                           (r.output == "-" ? "<stdout>" : r.output) + ", which pith verify finds " + r.verdict);
        }
    };
    runInOrder<FileResult>(o.inputs.size(), std::max(1u, o.jobs), jobFn, emit);
    return worst;
}

}  // namespace

void addStampCommand(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<StampCliOptions>();
    CLI::App* sub = app.add_subcommand("stamp",
                                       "Stamp PDFs: badge, link, XMP, Info and the record attachment, "
                                       "appended as one incremental update (the original bytes are kept).");
    sub->add_option("inputs", o->inputs, "input PDF(s), '-' for stdin")->required();
    sub->add_option("--record", o->recordFile, "record file (any shape `pith record` reads), '-' for stdin")->required();
    sub->add_option("-o,--output", o->output, "output PDF, '-' for stdout (one input)");
    sub->add_flag("--in-place", o->inPlace,
                  "replace each input atomically, keeping its mode, owner and group; a symlink is followed (the "
                  "file it points to is stamped, the link stays)");
    sub->add_option("--output-dir", o->outputDir, "write each stamped input under its own name into DIR (created if missing)");
    sub->add_option("--page", o->page, "page to stamp, from 1 (default 1)")->check(pageCheck());
    sub->add_option("--position", o->position,
                    "auto (default: the first place where the page shows nothing: top-right, top-left, bottom-right, "
                    "bottom-left, then down the right and the left margin; refused when there is none), or "
                    "top-left, top, top-right, left, right, bottom-left, bottom, bottom-right, or X,Y in points from "
                    "the lower-left corner of the page as displayed (a warning when the badge covers content)")
        ->check(positionCheck());
    sub->add_option("--style", o->style,
                    "with --position auto: badge (default: upright, in a corner or down a side margin), margin (turned to "
                    "read upwards in the left margin, as arXiv's side stamp) or any (upright first, then the left margin)")
        ->check(CLI::IsMember({"badge", "margin", "any"}));
    sub->add_option("--margin", o->margin, "distance from the anchored edges, X[,Y] in points (default 12)")
        ->check(pairCheck("a margin X[,Y] in points, not negative"));
    sub->add_option("--size", o->size, "badge height in points, 8 to 2000 (default: an 8 pt label, 86.2 with QR, 12.2 without)")
        ->check(numberRange(8, 2000, "a badge height in points"));
    sub->add_flag("--qr,!--no-qr", o->qr, "draw a QR code of the record URL (default on)");
    sub->add_option("-j,--jobs", o->jobs, "files stamped in parallel (batch), 1 to 256")
        ->check(numberRange(1, 256, "a number of jobs"));
    sub->add_flag("--json", o->json, "one JSON line per file (default in batch mode; schema pith.stamp/1, docs/JSON.md)");
    auto* quiet = sub->add_flag("-q,--quiet", o->quiet, "no warnings on stderr (errors still)");
    sub->add_flag("-v,--verbose", o->verbose, "text mode: a line per stamped file on stderr (number, bytes appended, verdict)")
        ->excludes(quiet);
    sub->add_option("--date", o->date,
                    "write this modification date (YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ, @EPOCH); default "
                    "SOURCE_DATE_EPOCH, else no dates at all")
        ->check(dateCheck());
    sub->add_flag("--force", o->force,
                  "stamp although the result would not verify (page 1 does not show the record's title, ...) or the PDF already "
                  "carries this number; recorded in the stamp");
    sub->add_option("--key", o->stamperKey,
                    "sign the stamp with this secret key file (pith key generate): verifiers that trust "
                    "the key as a stamper report who stamped it");
    sub->add_flag("--seal", o->seal,
                  "add only the binding, the metadata and the stamper's signature, no badge: for a PDF that "
                  "already shows the LaTeX package's badge");
    sub->add_flag("--allow-renumber", o->allowRenumber, "stamp a PDF that already carries another number");
    sub->add_flag("--keep-title", o->keepTitle, "keep the document's own title (the default; the stamp never changes it)");
    sub->add_flag("--force-unverified", o->forceUnverified, "stamp a record that does not verify");
    sub->add_option("--keyring", o->keyring, "keyring file adding trusted keys for the record check");
    sub->footer(
        "Exit codes: 0 stamped, 1 refused (already stamped, no free place for the badge, the record does not verify, or the result would not), 2 usage, 3 unreadable/encrypted PDF or "
        "invalid record, 5 output not written. Batch: the first non-zero code.");
    onRun(sub, ctx, [o] {
        o->noQr = !o->qr;
        return runStamp(*o);
    });
}

}  // namespace pith::cli

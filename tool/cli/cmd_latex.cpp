// pith latex RECORD -o DIR: writes pith.sty, its LaTeXML binding pith.sty.ltxml and pith-data.tex
// for \usepackage{pith}.
#include <filesystem>
#include <iostream>

#include "cli/command.hpp"
#include "cli/record_gate.hpp"
#include "exit_codes.hpp"
#include "io/atomic_write.hpp"
#include "latex/data_file.hpp"
#include "latex/package.hpp"
#include "pith_version.hpp"

namespace pith::cli {

namespace {

struct LatexOptions {
    std::string record;
    std::string outDir;
    std::string keyring;
    bool forceUnverified = false;
    bool quiet = false;  // no "wrote ..." lines and no warning; errors still
};

int writeLatex(const LatexOptions& o) {
    std::optional<CheckedRecord> checked =
        loadRecordToWrite(o.record, o.keyring, o.forceUnverified, "pith.sty, pith.sty.ltxml or pith-data.tex", o.quiet);
    if (!checked) return kExitCheckFailed;
    const record::Record& rec = checked->record;
    const record::RecordFacts& facts = checked->facts;
    const std::string subject = o.record == "-" ? "<stdin>" : o.record;
    if (!facts.number) {
        printError(subject + ": the canonical record has no year in metadata.submitted_at, so no Pith Number");
        return kExitBadInput;
    }

    // Both texts are built before anything is written, so a bad record leaves the directory as it was.
    const std::string data = latex::dataFileText(rec, facts, kVersion);
    const std::filesystem::path dir(o.outDir);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw io::OutputError(o.outDir + ": cannot create the directory: " + ec.message());
    io::writeFileAtomically(dir / latex::kDataFileName, data);
    io::writeFileAtomically(dir / latex::kPackageFileName, latex::packageText());
    // The LaTeXML binding: the same package for the HTML version of the paper (arXiv's HTML).
    io::writeFileAtomically(dir / latex::kBindingFileName, latex::bindingText());

    if (o.quiet) return kExitOk;
    std::cout << "wrote " << (dir / latex::kPackageFileName).string() << ", " << (dir / latex::kBindingFileName).string()
              << " and " << (dir / latex::kDataFileName).string() << " for " << facts.number->full() << "\n"
              << "in the preamble: \\usepackage{pith} \\pithnumber{" << facts.number->full() << "}\n";
    return kExitOk;
}

}  // namespace

void addLatexCommand(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<LatexOptions>();
    CLI::App* sub = app.add_subcommand("latex",
                                       "Write pith.sty, pith.sty.ltxml (its LaTeXML binding) and pith-data.tex (the record for "
                                       "\\usepackage{pith}) into a paper's directory.");
    sub->add_option("record", opts->record, "record file (any shape), or - for stdin")->required();
    sub->add_option("-o,--output", opts->outDir, "the paper's directory (created if missing)")->required();
    sub->add_option("--keyring", opts->keyring, "extra trusted keys for the receipt check");
    sub->add_flag("--force-unverified", opts->forceUnverified, "write the files even when the record fails verification");
    sub->add_flag("-q,--quiet", opts->quiet, "print nothing but errors (not the files written and the two preamble lines)");
    sub->footer("Refuses (exit 1) a record that fails `pith record verify`. See docs/LATEX.md.");
    onRun(sub, ctx, [opts] { return writeLatex(*opts); });
}

}  // namespace pith::cli

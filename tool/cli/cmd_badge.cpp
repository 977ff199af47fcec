// pith badge RECORD -o badge.svg|pdf|png: the badge for web pages, slides and posters.

#include "badge/badge_render.hpp"
#include "cli/command.hpp"
#include "cli/record_gate.hpp"
#include "exit_codes.hpp"
#include "io/atomic_write.hpp"

namespace pith::cli {

namespace {

struct BadgeCliOptions {
    std::string record;
    std::string output;
    std::string format;  // svg, pdf, png; from the output's extension when empty
    bool qr = false;
    int dpi = 300;
    double size = 0;
    std::string font;
    std::string keyring;
    bool forceUnverified = false;
};

std::string formatFor(const BadgeCliOptions& o) {
    if (!o.format.empty()) return o.format;
    auto dot = o.output.rfind('.');
    std::string ext = dot == std::string::npos ? "" : o.output.substr(dot + 1);
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

int makeBadge(const BadgeCliOptions& o) {
    const std::string format = formatFor(o);
    if (format != "svg" && format != "pdf" && format != "png") {
        printError("-o " + o.output + ": name the output .svg, .pdf or .png, or give --format");
        return kExitUsage;
    }
    std::optional<CheckedRecord> checked = loadRecordToWrite(o.record, o.keyring, o.forceUnverified, "badge");
    if (!checked) return kExitCheckFailed;
    const record::RecordFacts& facts = checked->facts;
    const std::string subject = o.record == "-" ? "<stdin>" : o.record;
    if (!facts.number) {
        printError(subject + ": the canonical record has no year in metadata.submitted_at, so no Pith Number");
        return kExitBadInput;
    }
    badge::BadgeLayout layout = badge::layoutBadge(*facts.number, badge::BadgeOptions{o.qr, o.size});
    std::string bytes;
    try {
        if (format == "svg") {
            bytes = badge::renderSvg(layout);
        } else if (format == "pdf") {
            bytes = badge::renderPdf(layout);
        } else {
            // --font draws both the word and the number; by default Nimbus Sans regular and bold.
            auto regular =
                o.font.empty() ? badge::fontFile(badge::Weight::Regular) : std::optional<std::filesystem::path>(o.font);
            auto bold = o.font.empty() ? badge::fontFile(badge::Weight::Bold) : std::optional<std::filesystem::path>(o.font);
            if (!regular || !bold) {
                printError(
                    "URW Nimbus Sans (regular and bold) is not installed for the PNG's text (install fonts-urw-base35, or give --font FILE)");
                return kExitBadInput;
            }
            bytes = badge::renderPng(layout, o.dpi, *regular, *bold);
        }
    } catch (const std::runtime_error& e) {
        printError(std::string("the badge cannot be drawn: ") + e.what());
        return kExitBadInput;
    }
    writeOutput(o.output, bytes);
    return kExitOk;
}

}  // namespace

void addBadgeCommand(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<BadgeCliOptions>();
    CLI::App* sub = app.add_subcommand(
        "badge",
        "Draw a record's badge (the mark, \"Pith Number\", pith:SHORT8, linked to its record page, optional QR code) as SVG, PDF or PNG.");
    sub->add_option("record", o->record, "record file (any shape), or - for stdin")->required();
    sub->add_option("-o,--output", o->output, "badge.svg, badge.pdf or badge.png (- for stdout with --format)")->required();
    sub->add_option("--format", o->format, "svg, pdf or png (default: from the output's extension)")
        ->check(CLI::IsMember({"svg", "pdf", "png"}));
    sub->add_flag("--qr", o->qr, "add a QR code of the record page");
    sub->add_option("--dpi", o->dpi, "PNG resolution in pixels per inch (default 300)")
        ->check(numberRange(36, 2400, "a resolution in dpi"));
    sub->add_option("--size", o->size, "badge height in points (default: a label of 8 pt, 86.2 with --qr, 12.2 without)")
        ->check(numberRange(8, 2000, "a badge height in points"));
    sub->add_option("--font", o->font, "font file for the PNG's text, both weights (default: URW Nimbus Sans regular and bold)");
    sub->add_option("--keyring", o->keyring, "extra trusted keys for the record check");
    sub->add_flag("--force-unverified", o->forceUnverified, "draw the badge of a record that fails verification");
    sub->footer("Same record and options, same bytes. Refuses (exit 1) a record that fails `pith record verify`.");
    onRun(sub, ctx, [o] { return makeBadge(*o); });
}

}  // namespace pith::cli

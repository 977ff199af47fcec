// pith canonical: the canonical bytes of a JSON document, or their SHA-256. For a Pith record the
// part that canonical_sha256 covers, its canonical record, is what a user compares, so that part is
// taken unless --whole asks for the document as written; a note on stderr says which. Any other
// JSON, a record-like document that is not a valid record included, is taken whole.
#include "cli/command.hpp"
#include "crypto/digest.hpp"
#include "exit_codes.hpp"
#include "json/canonical.hpp"
#include "json/parse.hpp"
#include "record/record.hpp"

namespace pith::cli {

void addCanonicalCommand(CLI::App& app, Context& ctx) {
    struct Options {
        std::string input = "-";
        bool sha256 = false;
        bool whole = false;
        bool quiet = false;
    };
    auto opts = std::make_shared<Options>();
    CLI::App* sub = app.add_subcommand(
        "canonical",
        "Print the canonical bytes (Python's json.dumps with sort_keys, compact separators, ensure_ascii=False) "
        "of a Pith record's canonical record, or of any other JSON document, or with --sha256 their hash: "
        "for a record the value its canonical_sha256 states. stderr says which part was taken.");
    sub->add_option("file", opts->input, "JSON file, or - for standard input")->capture_default_str();
    sub->add_flag("--sha256", opts->sha256, "print the lowercase hex SHA-256 of the canonical bytes");
    sub->add_flag("--whole", opts->whole, "take the whole document, even when it is a Pith record");
    sub->add_flag("-q,--quiet", opts->quiet, "no note on stderr saying which part was taken");
    onRun(sub, ctx, [opts] {
        std::string name = opts->input == "-" ? "<stdin>" : opts->input;
        json::ParseLimits limits;
        std::string text = record::readInput(opts->input, limits.maxBytes);
        json::Value document;
        try {
            document = json::parse(text, limits);
        } catch (const json::ParseError& e) {
            throw json::ParseError(name + ": " + e.what(), "");
        }
        const json::Value* part = &document;
        std::optional<record::RecordShape> shape = opts->whole ? std::nullopt : record::claimedShape(document);
        record::Record loaded;
        std::string note;
        if (shape == record::RecordShape::BareCanonical) {
            // The document is its own canonical record: it is hashed whole either way, and named a
            // bare canonical record only when it is a valid one.
            try {
                loaded = record::loadRecord(text);
                note = name + ", a bare canonical record";
            } catch (const record::RecordError&) {}
        } else if (shape) {
            try {
                loaded = record::loadRecord(text);
            } catch (const record::RecordError& e) {
                throw record::RecordError(name + ": not a valid " + record::shapeName(*shape) + ": " + e.what() +
                                          "; --whole takes the document as it is");
            }
            part = &loaded.canonicalRecord;
            note = "the canonical record of " + name + " (" + record::canonicalRecordPath(loaded.shape) + " of a " +
                   record::shapeName(loaded.shape) + ")";
        }
        if (!note.empty() && !opts->quiet)
            printError(std::string(opts->sha256 ? "hashed " : "printed ") + note +
                       (opts->sha256 ? ", as canonical_sha256 covers it" : "") + "; --whole takes the whole document");
        std::string bytes = json::canonical(*part);
        writeOutput("-", opts->sha256 ? crypto::toHex(crypto::sha256(bytes)) + "\n" : bytes);
        return kExitOk;
    });
}

}  // namespace pith::cli

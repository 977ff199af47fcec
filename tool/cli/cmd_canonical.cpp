// pith canonical: the canonical bytes of any JSON document, or their SHA-256.
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
    };
    auto opts = std::make_shared<Options>();
    CLI::App* sub = app.add_subcommand(
        "canonical",
        "Print the canonical bytes of a JSON document (Python's json.dumps with sort_keys, compact separators, "
        "ensure_ascii=False), or with --sha256 their hash.");
    sub->add_option("file", opts->input, "JSON file, or - for standard input")->capture_default_str();
    sub->add_flag("--sha256", opts->sha256, "print the lowercase hex SHA-256 of the canonical bytes");
    onRun(sub, ctx, [opts] {
        std::string name = opts->input == "-" ? "<stdin>" : opts->input;
        json::ParseLimits limits;
        std::string text = record::readInput(opts->input, limits.maxBytes);
        json::Value value;
        try {
            value = json::parse(text, limits);
        } catch (const json::ParseError& e) {
            throw json::ParseError(name + ": " + e.what(), "");
        }
        std::string bytes = json::canonical(value);
        writeOutput("-", opts->sha256 ? crypto::toHex(crypto::sha256(bytes)) + "\n" : bytes);
        return kExitOk;
    });
}

}  // namespace pith::cli

// pith: the command-line front end. Option parsing only; see command.hpp.
#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "exit_codes.hpp"
#include "pith_version.hpp"

namespace {

const char* kExitCodeHelp =
    "Exit codes:\n"
    "  0  all checks pass (or the work was done)\n"
    "  1  a check failed, or the document was modified after it was stamped\n"
    "  2  usage error\n"
    "  3  input unreadable or invalid (JSON, record, key, PDF)\n"
    "  4  no Pith data found in the PDF\n"
    "  5  output could not be written (nothing partial is left)\n";

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"pith: put verifiable Pith Number badges into papers, and check them again."};
    app.set_version_flag("--version", std::string("pith ") + pith::kVersion);
    app.footer(kExitCodeHelp);
    app.require_subcommand(1);
    app.fallthrough(false);

    pith::cli::Context ctx;
    pith::cli::addCanonicalCommand(app, ctx);
    pith::cli::addRecordCommands(app, ctx);
    pith::cli::addKeyCommands(app, ctx);
    pith::cli::addLatexCommand(app, ctx);
    pith::cli::addVerifyCommand(app, ctx);
    pith::cli::addExtractCommand(app, ctx);
    pith::cli::addBadgeCommand(app, ctx);
    pith::cli::addFetchCommand(app, ctx);
    pith::cli::addStampCommand(app, ctx);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return pith::kExitUsage;
    }
    return ctx.exitCode;
}

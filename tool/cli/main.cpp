// pith: the command-line front end. Option parsing only; see command.hpp.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include "cli/command.hpp"
#include "exit_codes.hpp"
#include "pith_version.hpp"

namespace {

const char* kExitCodeHelp =
    "Exit codes:\n"
    "  0  all checks pass (or the work was done)\n"
    "  1  a check failed (FAILED), the document changed after it was stamped or compiled (MODIFIED),\n"
    "     or a stamp was refused\n"
    "  2  usage error\n"
    "  3  input unreadable or invalid (JSON, record, key, PDF)\n"
    "  4  no Pith data found in the PDF\n"
    "  5  output could not be written (nothing partial is left)\n"
    "  6  UNVERIFIABLE: nothing failed, but not signed by a key you trust (or not established)\n"
    "  70 internal error: a bug in pith, not a verdict on the input (please report it)\n";

// The named subcommands of an app (CLI11 keeps option groups as unnamed subcommands).
std::vector<std::string> commandNames(CLI::App* app) {
    std::vector<std::string> names;
    for (CLI::App* sub : app->get_subcommands([](CLI::App* s) { return !s->get_name().empty(); }))
        names.push_back(sub->get_name());
    return names;
}

// Every option spelling of an app and of its option groups: --long and -s.
std::vector<std::string> optionNames(CLI::App* app) {
    std::vector<std::string> names;
    for (CLI::Option* opt : app->get_options()) {
        for (const std::string& l : opt->get_lnames()) names.push_back("--" + l);
        for (const std::string& s : opt->get_snames()) names.push_back("-" + s);
    }
    for (CLI::App* group : app->get_subcommands([](CLI::App* s) { return s->get_name().empty(); })) {
        std::vector<std::string> more = optionNames(group);
        names.insert(names.end(), more.begin(), more.end());
    }
    return names;
}

size_t editDistance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// The nearest name to a typo: within a third of its length (at least one edit), or the only name it
// begins.
std::optional<std::string> nearest(const std::string& word, const std::vector<std::string>& names) {
    std::optional<std::string> best;
    size_t bestDistance = std::max<size_t>(1, word.size() / 3) + 1;
    for (const std::string& name : names) {
        size_t d = editDistance(word, name);
        if (d < bestDistance) bestDistance = d, best = name;
    }
    if (best) return best;
    std::vector<std::string> prefixed;
    for (const std::string& name : names)
        if (word.size() >= 2 && name.rfind(word, 0) == 0) prefixed.push_back(name);
    if (prefixed.size() == 1) return prefixed.front();
    return std::nullopt;
}

std::string didYouMean(const std::optional<std::string>& suggestion) {
    return suggestion ? " (did you mean '" + *suggestion + "'?)" : "";
}

bool isHelpOrVersion(const std::string& word) { return word == "-h" || word == "--help" || word == "-V" || word == "--version"; }

// Walks the command words before CLI11 sees them: an unknown command gets a suggestion, a missing
// one a pointer to the list. Returns an exit code when the command line is a usage error.
std::optional<int> checkCommandWords(CLI::App& app, const std::vector<std::string>& args) {
    CLI::App* current = &app;
    std::string path;  // "record " for pith record ...
    for (const std::string& word : args) {
        std::vector<std::string> names = commandNames(current);
        if (names.empty() || word == "--" || isHelpOrVersion(word)) return std::nullopt;  // CLI11 takes it from here
        if (!word.empty() && word[0] == '-') {
            std::string option = word.substr(0, word.find('='));
            pith::cli::printError("unknown option '" + option + "'" +
                                  (path.empty() ? "" : " of 'pith " + path.substr(0, path.size() - 1) + "'") +
                                  didYouMean(nearest(option, optionNames(current))));
            return pith::kExitUsage;
        }
        if (std::find(names.begin(), names.end(), word) == names.end()) {
            std::optional<std::string> suggestion = nearest(word, names);
            pith::cli::printError("unknown command '" + path + word + "'" +
                                  didYouMean(suggestion ? std::optional(path + *suggestion) : std::nullopt) +
                                  (suggestion ? "" : "; 'pith " + path + "--help' lists the commands"));
            return pith::kExitUsage;
        }
        current = current->get_subcommand(word);
        path += word + " ";
        if (word == "help" && current->get_parent() == &app) return std::nullopt;
    }
    if (!commandNames(current).empty()) {
        pith::cli::printError(path.empty()
                                  ? "no command given; 'pith --help' lists the commands, 'pith help COMMAND' explains one"
                                  : "'pith " + path.substr(0, path.size() - 1) + "' needs a command; 'pith " + path +
                                        "--help' lists them");
        return pith::kExitUsage;
    }
    return std::nullopt;
}

// The deepest subcommand the parse reached, and its name as typed after "pith".
CLI::App* chosenCommand(CLI::App& app, std::string* path) {
    CLI::App* current = &app;
    for (;;) {
        std::vector<CLI::App*> chosen = current->get_subcommands();
        auto named = std::find_if(chosen.begin(), chosen.end(), [](CLI::App* s) { return !s->get_name().empty(); });
        if (named == chosen.end()) return current;
        current = *named;
        *path += (path->empty() ? "" : " ") + current->get_name();
    }
}

// One line for any CLI11 error: the command, the problem, where to read more.
std::string usageMessage(CLI::App& app, const CLI::ParseError& e) {
    std::string path;
    CLI::App* command = chosenCommand(app, &path);
    const std::string where = path.empty() ? "" : path + ": ";
    const std::string help = "; see 'pith " + (path.empty() ? "" : path + " ") + "--help'";
    if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
        std::vector<std::string> extras = app.remaining(true);
        if (!extras.empty()) {
            const std::string& first = extras.front();
            if (first.size() > 1 && first[0] == '-') {
                std::string option = first.substr(0, first.find('='));
                return where + "unknown option '" + option + "'" + didYouMean(nearest(option, optionNames(command))) + help;
            }
            return where + "unexpected argument '" + first + "'" + help;
        }
    }
    return where + e.what() + help;
}

// pith help [COMMAND...]: the help of pith or of a command, on stdout.
int showHelp(CLI::App& app, const std::vector<std::string>& words) {
    CLI::App* target = &app;
    std::string path;  // "record verify "
    for (const std::string& word : words) {
        std::vector<std::string> names = commandNames(target);
        if (std::find(names.begin(), names.end(), word) == names.end()) {
            std::optional<std::string> suggestion = nearest(word, names);
            pith::cli::printError("help: unknown command '" + path + word + "'" +
                                  didYouMean(suggestion ? std::optional(path + *suggestion) : std::nullopt) + "; 'pith " + path +
                                  "--help' lists the commands");
            return pith::kExitUsage;
        }
        target = target->get_subcommand(word);
        path += word + " ";
    }
    // The formatter directly: App::help would show the help of the chosen subcommand, "help" itself.
    std::cout << target->get_formatter()->make_help(target, "pith" + (path.empty() ? "" : " " + path.substr(0, path.size() - 1)),
                                                    CLI::AppFormatMode::Normal);
    return pith::kExitOk;
}

}  // namespace

namespace {

// verify and stamp map a regular input (io/mapped_file.hpp); when another process truncates it while
// pith reads it, the kernel raises SIGBUS. That ends in one line and exit 3, not a crash; only
// async-signal-safe calls here. Nothing has been written then: outputs are renamed into place last.
extern "C" void onInputTruncated(int) {
    static const char message[] = "pith: the input file changed while it was read (another process is writing it)\n";
    [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, message, sizeof message - 1);
    ::_exit(pith::kExitBadInput);
}

}  // namespace

int main(int argc, char** argv) {
    std::signal(SIGBUS, onInputTruncated);
    CLI::App app{"pith: put verifiable Pith Number badges into papers, and check them again."};
    app.name("pith");
    app.set_version_flag("-V,--version", std::string("pith ") + pith::kVersion);
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

    auto helpWords = std::make_shared<std::vector<std::string>>();
    CLI::App* help = app.add_subcommand("help", "Show the help of pith, or of a command (pith help stamp).");
    help->add_option("command", *helpWords, "the command, e.g. stamp or record verify");
    help->callback([&app, &ctx, helpWords] { ctx.exitCode = showHelp(app, *helpWords); });

    std::vector<std::string> args(argv + 1, argv + argc);
    if (std::optional<int> usage = checkCommandWords(app, args)) return *usage;

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        pith::cli::printError(usageMessage(app, e));
        return pith::kExitUsage;
    }
    // The command has written and closed all it writes. What exit would still do is free what the
    // system frees anyway (poppler's and ICU's caches, the input read into memory): skipped, as it
    // is a measurable share of a quick verify. _Exit also ends poppler's work still running past
    // its time limit (view/time_limit.hpp) without waiting for it or running destructors under it.
    std::cout.flush();
    std::fflush(nullptr);
    std::_Exit(ctx.exitCode);
}

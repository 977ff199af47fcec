#pragma once
// The CLI's shared plumbing: every subcommand registers itself on the app and, when chosen,
// leaves its exit code in the context. Commands turn options into library calls and reports
// into text; the work itself is in libpith.
#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace pith::cli {

struct Context {
    int exitCode = 0;
};

// Prints "pith: <message>" to stderr as one line.
void printError(const std::string& message);

// An exception that is a bug in pith rather than a problem of the input (std::logic_error,
// bad_variant_access, bad_optional_access, ...): reported as an internal error with
// kExitInternal, never as "unreadable input".
bool isProgrammingError(const std::exception& e);
std::string internalErrorMessage(const std::exception& e);

// Runs body and returns its exit code; a library exception becomes a one-line error and
// kExitBadInput (kExitOutputFailed for OutputError, kExitUsage for CLI::ParseError), never a crash.
int runGuarded(const std::function<int()>& body);

// Sets the subcommand's callback to run body guarded and store its exit code.
void onRun(CLI::App* sub, Context& ctx, std::function<int()> body);

// A check that a number option lies in [low, high], saying so with the numbers as typed ("from 8
// to 2000", not CLI::Range's "8.000000 to 2000.000000").
CLI::Validator numberRange(double low, double high, const std::string& what);

// Writes text to a file atomically (temporary file, flush, rename) or to stdout for "-".
void writeOutput(const std::string& pathOrDash, const std::string& text);

void addCanonicalCommand(CLI::App& app, Context& ctx);
void addRecordCommands(CLI::App& app, Context& ctx);
void addKeyCommands(CLI::App& app, Context& ctx);
void addLatexCommand(CLI::App& app, Context& ctx);
void addVerifyCommand(CLI::App& app, Context& ctx);
void addExtractCommand(CLI::App& app, Context& ctx);
void addBadgeCommand(CLI::App& app, Context& ctx);
void addFetchCommand(CLI::App& app, Context& ctx);
void addStampCommand(CLI::App& app, Context& ctx);

}  // namespace pith::cli

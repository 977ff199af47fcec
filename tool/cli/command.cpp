#include "cli/command.hpp"

#include <cstdio>
#include <new>

#include "crypto/keyring.hpp"
#include "exit_codes.hpp"
#include "io/atomic_write.hpp"
#include "json/parse.hpp"
#include "record/record.hpp"

namespace pith::cli {

void printError(const std::string& message) {
    // One line, always: a message with embedded newlines would break build hooks' log parsing.
    std::string line = message;
    for (char& c : line)
        if (c == '\n' || c == '\r') c = ' ';
    // stdio, not std::cerr: the XMP layer silences std::cerr while Exempi parses (pdf/xmp).
    std::fprintf(stderr, "pith: %s\n", line.c_str());
    std::fflush(stderr);
}

int runGuarded(const std::function<int()>& body) {
    try {
        return body();
    } catch (const io::OutputError& e) {
        printError(e.what());
        return kExitOutputFailed;
    } catch (const std::bad_alloc&) {
        printError("out of memory: the input exceeds what pith will process");
        return kExitBadInput;
    } catch (const std::exception& e) {
        // RecordError, ParseError, KeyringError and the PDF errors all name the input and the place.
        printError(e.what());
        return kExitBadInput;
    }
}

void onRun(CLI::App* sub, Context& ctx, std::function<int()> body) {
    sub->callback([&ctx, body = std::move(body)] { ctx.exitCode = runGuarded(body); });
}

void writeOutput(const std::string& pathOrDash, const std::string& text) {
    if (pathOrDash.empty() || pathOrDash == "-")
        io::writeStdout(text);
    else
        io::writeFileAtomically(pathOrDash, text);
}

}  // namespace pith::cli

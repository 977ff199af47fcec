#include "cli/command.hpp"

#include <any>
#include <cstdio>
#include <functional>
#include <new>
#include <optional>
#include <stdexcept>
#include <typeinfo>
#include <variant>

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

bool isProgrammingError(const std::exception& e) {
    return dynamic_cast<const std::logic_error*>(&e) || dynamic_cast<const std::bad_variant_access*>(&e) ||
           dynamic_cast<const std::bad_optional_access*>(&e) || dynamic_cast<const std::bad_function_call*>(&e) ||
           dynamic_cast<const std::bad_cast*>(&e) || dynamic_cast<const std::bad_any_cast*>(&e);
}

std::string internalErrorMessage(const std::exception& e) {
    return std::string("internal error (a bug in pith, not a problem of the input): ") + e.what();
}

int runGuarded(const std::function<int()>& body) {
    try {
        return body();
    } catch (const io::OutputError& e) {
        printError(e.what());
        return kExitOutputFailed;
    } catch (const CLI::ParseError& e) {
        // A value only the command itself can check (SOURCE_DATE_EPOCH, ...): still a usage error.
        printError(e.what());
        return kExitUsage;
    } catch (const std::bad_alloc&) {
        printError("out of memory: the input exceeds what pith will process");
        return kExitBadInput;
    } catch (const std::exception& e) {
        if (isProgrammingError(e)) {
            printError(internalErrorMessage(e));
            return kExitInternal;
        }
        // RecordError, ParseError, KeyringError and the PDF errors all name the input and the place.
        printError(e.what());
        return kExitBadInput;
    }
}

void onRun(CLI::App* sub, Context& ctx, std::function<int()> body) {
    sub->callback([&ctx, body = std::move(body)] { ctx.exitCode = runGuarded(body); });
}

CLI::Validator numberRange(double low, double high, const std::string& what) {
    auto number = [](double v) {
        char buf[32];
        if (v == static_cast<double>(static_cast<long long>(v)))
            std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
        else
            std::snprintf(buf, sizeof buf, "%g", v);
        return std::string(buf);
    };
    const std::string expected = "expected " + what + " from " + number(low) + " to " + number(high);
    return CLI::Validator(
        [low, high, expected](std::string& text) -> std::string {
            size_t used = 0;
            try {
                double v = std::stod(text, &used);
                if (used == text.size() && v >= low && v <= high) return "";
            } catch (const std::exception&) {}
            return expected + ", got '" + text + "'";
        },
        number(low) + ".." + number(high));
}

void writeOutput(const std::string& pathOrDash, const std::string& text) {
    if (pathOrDash.empty() || pathOrDash == "-")
        io::writeStdout(text);
    else
        io::writeFileAtomically(pathOrDash, text);
}

}  // namespace pith::cli

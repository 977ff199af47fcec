// pith fetch ID: download a record from the registry, verify it, cache it.
#include <cmath>
#include <iostream>

#include "cli/command.hpp"
#include "exit_codes.hpp"
#include "io/atomic_write.hpp"
#include "record/record.hpp"
#include "registry/registry_client.hpp"

namespace pith::cli {

namespace {

struct FetchOptions {
    std::string id;
    std::string baseUrl = registry::kDefaultBaseUrl;
    std::string cacheDir;
    std::string output;
    std::string keyring;
    double connectTimeout = 5;
    double timeout = 20;
    size_t maxBytes = 4u << 20;
    bool offline = false;
    bool noCache = false;
};

long toMs(double seconds) { return static_cast<long>(std::llround(seconds * 1000)); }

int fetch(const FetchOptions& o) {
    std::string why;
    std::optional<record::NumberQuery> query = record::parseNumber(o.id, &why);
    if (!query) {
        printError(o.id + ": " + why);
        return kExitUsage;
    }
    const std::filesystem::path cacheDir = o.cacheDir.empty() ? registry::defaultCacheDir() : std::filesystem::path(o.cacheDir);
    std::string suffix = query->prefix;
    if (suffix.size() != 26) {
        // The registry serves records by their full suffix; a short number can only be resolved
        // from records fetched before.
        std::vector<std::string> known = registry::cachedSuffixes(cacheDir, suffix);
        if (known.size() != 1) {
            printError(o.id + ": " +
                       (known.empty() ? std::string("no cached record starts with ") + suffix
                                      : std::to_string(known.size()) + " cached records start with " + suffix) +
                       "; give the 26-character suffix (pith:YYYY:SUFFIX) to ask the registry");
            return kExitUsage;
        }
        suffix = known.front();
    }

    crypto::Keyring ring = crypto::Keyring::builtInAnd(o.keyring);
    const std::filesystem::path cached = registry::cacheFile(cacheDir, suffix);
    registry::VerifiedRecord rec;
    try {
        if (o.offline || query->prefix.size() != 26) {
            std::error_code ec;
            if (!std::filesystem::is_regular_file(cached, ec)) {
                printError(cached.string() + ": not in the cache (fetch it without --offline first)");
                return kExitBadInput;
            }
            // A cache is only a file on disk: its record is verified again on every use.
            rec = registry::acceptRecord(record::readInput(cached, o.maxBytes), suffix, cached.string(), ring);
        } else {
            registry::RegistryOptions ro;
            ro.baseUrl = o.baseUrl;
            ro.limits = {toMs(o.connectTimeout), toMs(o.timeout), o.maxBytes};
            rec = registry::fetchRecord(suffix, ro, ring);
            if (!o.noCache) {
                std::error_code ec;
                std::filesystem::create_directories(cacheDir, ec);
                if (ec) throw io::OutputError(cacheDir.string() + ": cannot create the cache directory: " + ec.message());
                io::writeFileAtomically(cached, rec.bytes);
            }
        }
    } catch (const registry::FetchError& e) {
        if (e.report()) std::cerr << report::toText(*e.report());
        printError(e.what());
        return e.kind() == registry::FetchFailure::Rejected ? kExitCheckFailed : kExitBadInput;
    }
    if (query->year && rec.facts.number->year != *query->year) {
        printError(rec.source + ": the record is " + rec.facts.number->full() + ", not from " + std::to_string(*query->year));
        return kExitCheckFailed;
    }
    if (!o.output.empty()) writeOutput(o.output, rec.bytes);
    if (o.output != "-")
        std::cout << rec.facts.number->full() << " VERIFIED " << rec.facts.sha256Hex << " "
                  << (o.noCache || o.offline ? rec.source : cached.string()) << "\n";
    return kExitOk;
}

}  // namespace

void addFetchCommand(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<FetchOptions>();
    CLI::App* sub = app.add_subcommand(
        "fetch", "Download a record from the Pith registry by its number, verify it, and keep it in the cache.");
    sub->add_option("id", o->id, "pith:YYYY:SUFFIX26 or SUFFIX26 (a short number resolves from the cache only)")->required();
    sub->add_option("--base-url", o->baseUrl, "registry base URL (default https://pith.science)");
    sub->add_option("--cache-dir", o->cacheDir, "cache directory (default $XDG_CACHE_HOME/pith or ~/.cache/pith)");
    sub->add_option("-o,--output", o->output, "also write the verified record here (- for stdout)");
    sub->add_option("--connect-timeout", o->connectTimeout, "seconds to connect (default 5)")
        ->check(numberRange(0.05, 600, "seconds"));
    sub->add_option("--timeout", o->timeout, "seconds for the whole download (default 20)")
        ->check(numberRange(0.05, 3600, "seconds"));
    sub->add_option("--max-bytes", o->maxBytes, "refuse answers larger than this (default 4 MiB)")
        ->check(numberRange(1024, 1 << 30, "a number of bytes"));
    sub->add_flag("--offline", o->offline, "use the cached record only (verified again)");
    sub->add_flag("--no-cache", o->noCache, "do not write the cache");
    sub->add_option("--keyring", o->keyring, "keyring file adding trusted keys");
    sub->footer(
        "Exit codes: 0 verified and saved; 1 the registry served a record that does not verify or is another "
        "number; 2 usage; 3 network failure, HTTP error, or an answer that is no record; 5 not written. "
        "See docs/REGISTRY.md.");
    onRun(sub, ctx, [o] { return fetch(*o); });
}

}  // namespace pith::cli

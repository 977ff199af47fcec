// libFuzzer target over the parser, the canonicaliser, the record loader, the record checks (with
// their JSON rendering) and the Pith Number parser. Bad input may only ever surface as
// json::ParseError or record::RecordError; any other exception, crash, leak or
// sanitizer report is a bug. Accepted documents must canonicalise to bytes that parse back to the
// same canonical bytes (Python's output is valid JSON and a fixed point of json.dumps(json.loads)).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <string_view>

#include "json/canonical.hpp"
#include "json/parse.hpp"
#include "crypto/keyring.hpp"
#include "record/pith_number.hpp"
#include "record/record.hpp"
#include "record/verify_record.hpp"
#include "report/report.hpp"

using namespace pith;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);

    try {
        json::Value value = json::parse(text);
        std::string once = json::canonical(value);
        std::string twice = json::canonical(json::parse(once));
        if (once != twice) {
            std::fprintf(stderr, "canonical form is not a fixed point:\n%s\n%s\n", once.c_str(), twice.c_str());
            std::abort();
        }
    } catch (const json::ParseError&) {}

    try {
        record::Record record = record::loadRecord(text);
        record::RecordFacts facts = record::computeFacts(record);
        if (facts.sha256Hex.size() != 64) std::abort();
        if (facts.number && facts.number->suffix.size() != 26) std::abort();
        static const crypto::Keyring keyring = crypto::Keyring::builtIn();
        report::Report report = record::verifyRecord(record, facts, keyring);
        json::canonical(report::toJson(report));
        report::toText(report);
    } catch (const record::RecordError&) {}

    if (size <= 64) {
        std::string why;
        if (auto query = record::parseNumber(text, &why)) {
            if (query->prefix.size() != 8 && query->prefix.size() != 12 && query->prefix.size() != 16 &&
                query->prefix.size() != 26)
                std::abort();
            // What text() writes back must parse to the same query.
            auto again = record::parseNumber(query->text());
            if (!again || again->prefix != query->prefix || again->year != query->year) std::abort();
        } else if (why.empty()) {
            std::abort();  // a refusal must say why
        }
    }
    return 0;
}

// libFuzzer target over the parser, the canonicaliser and the record loader. Bad input may only
// ever surface as json::ParseError or record::RecordError; any other exception, crash, leak or
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
#include "record/record.hpp"

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
    } catch (const json::ParseError&) {
    }

    try {
        record::Record record = record::loadRecord(text);
        record::RecordFacts facts = record::computeFacts(record);
        if (facts.sha256Hex.size() != 64) std::abort();
        if (facts.number && facts.number->suffix.size() != 26) std::abort();
    } catch (const record::RecordError&) {
    }
    return 0;
}

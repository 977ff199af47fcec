#include "pdf/stamp/stamp_parameters.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>
#include <set>

#include <algorithm>

#include "json/canonical.hpp"
#include "pdf/stamp/pdfa.hpp"
#include "pdf/stamp/placement.hpp"
#include "json/parse.hpp"
#include "pdf/writer/serialize.hpp"

namespace pith::pdf::stamp {

namespace {

std::string timeFormat(std::int64_t epoch, const char* format) {
    std::time_t t = static_cast<std::time_t>(epoch);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, format, &tm);
    return buf;
}

}  // namespace

std::string pdfDate(std::int64_t epoch) { return timeFormat(epoch, "D:%Y%m%d%H%M%SZ"); }
std::string isoDate(std::int64_t epoch) { return timeFormat(epoch, "%Y-%m-%dT%H:%M:%SZ"); }

std::optional<std::int64_t> parseIsoDate(const std::string& text) {
    int y, mo, d, h, mi, s;
    char z = 0;
    if (text.size() != 20 || std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &z) != 7 ||
        z != 'Z')
        return std::nullopt;
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    std::int64_t epoch = static_cast<std::int64_t>(timegm(&tm));
    if (epoch < 0 || isoDate(epoch) != text) return std::nullopt;  // 2026-02-30 and the like
    return epoch;
}

namespace {

json::Value numbers(const double* values, size_t n) {
    json::Array a;
    for (size_t i = 0; i < n; ++i) a.push_back(json::Value::string(formatReal(values[i])));
    return json::Value::array(std::move(a));
}

[[noreturn]] void bad(const std::string& what) { throw StampFormatError("pith:stampParameters: " + what); }

const json::Value& member(const json::Value& v, const char* key, json::Value::Kind kind) {
    const json::Value* m = v.find(key);
    if (!m) bad(std::string("missing \"") + key + "\"");
    if (m->kind() != kind)
        bad(std::string("\"") + key + "\" is a " + json::kindName(m->kind()) + ", expected a " + json::kindName(kind));
    return *m;
}

// A decimal as formatReal writes it: optional '-', digits, optional '.' and 1-4 digits.
double decimal(const json::Value& v, const char* where) {
    if (!v.isString()) bad(std::string(where) + ": expected a decimal string");
    const std::string& s = v.asString();
    double d = 0;
    size_t used = 0;
    try {
        d = std::stod(s, &used);
    } catch (const std::exception&) {
        bad(std::string(where) + ": not a number: \"" + s + "\"");
    }
    if (used != s.size() || !std::isfinite(d) || formatReal(d) != s)
        bad(std::string(where) + ": \"" + s + "\" is not written as a stamp writes numbers");
    return d;
}

void numberArray(const json::Value& v, const char* key, double* out, size_t n) {
    const json::Value& a = member(v, key, json::Value::Kind::Array);
    if (a.asArray().size() != n) bad(std::string("\"") + key + "\" must have " + std::to_string(n) + " numbers");
    for (size_t i = 0; i < n; ++i) out[i] = decimal(a.asArray()[i], key);
}

}  // namespace

bool isRecordablePlacement(const std::string& placement) {
    if (placement == "given") return true;
    const size_t colon = placement.find(':');
    if (colon == std::string::npos || (placement.substr(0, colon) != "auto" && placement.substr(0, colon) != "auto-forced"))
        return false;
    const std::vector<std::string>& names = autoCandidates();
    return std::find(names.begin(), names.end(), placement.substr(colon + 1)) != names.end();
}

double asWritten(double value) { return std::stod(formatReal(value)); }

json::Value toJson(const StampParameters& p) {
    const double rect[4] = {p.rect.x0, p.rect.y0, p.rect.x1, p.rect.y1};
    json::Object members{
        {"date", p.epoch ? json::Value::string(isoDate(*p.epoch)) : json::Value::null()},
        {"forced", json::Value::boolean(p.forced)},
        {"format", json::Value::integer(p.format)},
        {"height", json::Value::string(formatReal(p.height))},
        {"kind", json::Value::string(p.kind == StampKind::Seal ? "seal" : "badge")},
        {"matrix", numbers(p.matrix.data(), 6)},
        {"page", json::Value::integer(static_cast<long long>(p.pageIndex) + 1)},
        {"qr", json::Value::boolean(p.qr)},
        {"rect", numbers(rect, 4)},
    };
    // Optional members, each inserted where its key sorts.
    auto insertSorted = [&](const std::string& key, json::Value value) {
        auto after = std::find_if(members.begin(), members.end(), [&](const json::Member& m) { return m.first > key; });
        members.insert(after, {key, std::move(value)});
    };
    if (!p.pdfa.empty()) insertSorted("pdfa", json::Value::string(p.pdfa));
    if (!p.placement.empty()) insertSorted("placement", json::Value::string(p.placement));
    if (p.tagged) insertSorted("tagged", json::Value::boolean(true));
    return json::Value::object(std::move(members));
}

std::string toCanonicalJson(const StampParameters& p) { return json::canonical(toJson(p)); }

StampParameters parseStampParameters(std::string_view text) {
    json::Value v;
    try {
        json::ParseLimits limits;
        limits.maxBytes = 4096;
        v = json::parse(text, limits);
    } catch (const std::exception& e) {
        bad(std::string("not valid JSON: ") + e.what());
    }
    if (!v.isObject()) bad("not a JSON object");
    static const std::set<std::string> known{"date", "forced", "format",    "height", "kind", "matrix",
                                             "page", "pdfa",   "placement", "qr",     "rect", "tagged"};
    for (const auto& [key, value] : v.asObject())
        if (!known.count(key)) bad("unknown member \"" + key + "\"");
    StampParameters p;
    const json::Value& format = member(v, "format", json::Value::Kind::Number);
    const std::string& formatText = format.asNumber().text;
    bool knownFormat = false;
    for (int f = kOldestStampFormat; f <= kStampFormat; ++f)
        knownFormat = knownFormat || (format.asNumber().integer && formatText == std::to_string(f));
    if (!knownFormat)
        bad("format " + formatText + " is not one this verifier knows (" + std::to_string(kOldestStampFormat) + " to " +
            std::to_string(kStampFormat) + ")");
    p.format = std::stoi(formatText);
    const std::string& kind = member(v, "kind", json::Value::Kind::String).asString();
    if (kind == "badge")
        p.kind = StampKind::Badge;
    else if (kind == "seal")
        p.kind = StampKind::Seal;
    else
        bad("kind \"" + kind + "\" is neither badge nor seal");
    const json::Value& page = member(v, "page", json::Value::Kind::Number);
    const std::string& pageText = page.asNumber().text;
    if (!page.asNumber().integer || pageText.empty() || pageText[0] == '-' || pageText == "0" || pageText.size() > 7)
        bad("page " + pageText + " is not a page number");
    p.pageIndex = std::stoul(pageText) - 1;
    p.height = decimal(member(v, "height", json::Value::Kind::String), "height");
    if (p.kind == StampKind::Badge && !(p.height > 0 && p.height <= 14400)) bad("height out of range");
    p.qr = member(v, "qr", json::Value::Kind::Bool).asBool();
    p.forced = member(v, "forced", json::Value::Kind::Bool).asBool();
    numberArray(v, "matrix", p.matrix.data(), 6);
    double rect[4];
    numberArray(v, "rect", rect, 4);
    p.rect = Rect{rect[0], rect[1], rect[2], rect[3]};
    if (!(p.rect.x0 <= p.rect.x1 && p.rect.y0 <= p.rect.y1)) bad("rect is not normalised");
    if (p.kind == StampKind::Seal && (p.height != 0 || p.qr || p.pageIndex != 0 || p.matrix != std::array<double, 6>{} ||
                                      p.rect.x0 != 0 || p.rect.y0 != 0 || p.rect.x1 != 0 || p.rect.y1 != 0))
        bad("a seal draws nothing: page 1, height 0, no QR, zero matrix and rect");
    if (const json::Value* placement = v.find("placement")) {
        if (!placement->isString() || !isRecordablePlacement(placement->asString()))
            bad("placement is not one a stamp records (auto:<candidate>, auto-forced:<candidate>, given)");
        if (p.kind == StampKind::Seal) bad("a seal places nothing: no placement");
        p.placement = placement->asString();
    }
    if (const json::Value* pdfa = v.find("pdfa")) {
        if (!pdfa->isString() || !isPdfaLabel(pdfa->asString()))
            bad("pdfa is not a PDF/A conformance a stamp records (1A, 1B, 2A, 2B, 2U, 3A, 3B, 3U, 4, 4E, 4F)");
        p.pdfa = pdfa->asString();
    }
    if (const json::Value* tagged = v.find("tagged")) {
        if (!tagged->isBool() || !tagged->asBool()) bad("tagged is recorded only as true");
        if (p.kind == StampKind::Seal) bad("a seal adds no link: not tagged");
        p.tagged = true;
    }
    const json::Value* date = v.find("date");
    if (!date) bad("missing \"date\"");
    if (date->isString()) {
        p.epoch = parseIsoDate(date->asString());
        if (!p.epoch) bad("date \"" + date->asString() + "\" is not YYYY-MM-DDTHH:MM:SSZ");
    } else if (!date->isNull()) {
        bad("\"date\" must be a string or null");
    }
    if (toCanonicalJson(p) != text) bad("not in canonical form");
    return p;
}

std::string stampStatement(const StampParameters& parameters, const std::string& recordSha256, std::uint64_t prefixLength,
                           const std::string& prefixSha256, const std::string& stamperKeyId) {
    json::Object members{
        {"canonical_sha256", json::Value::string(recordSha256)},
        {"parameters", toJson(parameters)},
        {"prefix_length", json::Value::integer(static_cast<long long>(prefixLength))},
        {"prefix_sha256", json::Value::string(prefixSha256)},
        {"stamper_key_id", json::Value::string(stamperKeyId)},
        {"statement", json::Value::string("pith.stamp/" + std::to_string(parameters.format))},
    };
    return json::canonical(json::Value::object(std::move(members)));
}

}  // namespace pith::pdf::stamp

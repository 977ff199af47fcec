#include "verify/update_compare.hpp"

#include <map>

#include "pdf/reader/filters.hpp"
#include "pdf/writer/serialize.hpp"
#include "pdf/xmp/packet_structure.hpp"
#include "pdf/xmp/pith_xmp.hpp"

namespace pith::verify {

namespace {

using pdf::Object;

std::string shown(const Object& o) {
    std::string s = pdf::serialize(o.isStream() ? Object::dictionary(o.asDict()) : o);
    return s.size() > 80 ? s.substr(0, 77) + "..." : s;
}

std::string decoded(const Object& stream, const pdf::Limits& limits) {
    const Object* filter = stream.get("Filter");
    if (!filter) return stream.streamData();
    if (!filter->isName()) throw pdf::PdfError("a /Filter that is not one name");
    // Exactly one zlib stream: bytes hidden after its end would be seen by no comparison.
    if (filter->isName("FlateDecode") && !stream.get("DecodeParms"))
        return pdf::inflateExact(stream.streamData(), limits.maxDecodedSize);
    return pdf::applyFilter(filter->asName(), stream.streamData(), Object(), limits.maxDecodedSize);
}

bool isXmp(const Object& o) {
    const Object* type = o.get("Type");
    const Object* subtype = o.get("Subtype");
    return type && type->isName("Metadata") && subtype && subtype->isName("XML");
}

// Empty when equal; else "at PATH: found X, expected Y".
std::string differ(const Object& a, const Object& b, const std::string& path, const pdf::Limits& limits,
                   const std::vector<std::string>& ignoredKeys = {}) {
    auto mismatch = [&] {
        return "at " + (path.empty() ? std::string("the top") : path) + ": " + shown(a) + " where a stamp writes " + shown(b);
    };
    if (a.kind() != b.kind()) return mismatch();
    switch (a.kind()) {
    case Object::Kind::Null: return "";
    case Object::Kind::Boolean: return a.asBool() == b.asBool() ? "" : mismatch();
    case Object::Kind::Integer: return a.asInt() == b.asInt() ? "" : mismatch();
    case Object::Kind::Real: return a.asNumber() == b.asNumber() ? "" : mismatch();
    case Object::Kind::String: return a.asString() == b.asString() ? "" : mismatch();
    case Object::Kind::Name: return a.asName() == b.asName() ? "" : mismatch();
    case Object::Kind::Reference: return a.asRef() == b.asRef() ? "" : mismatch();
    case Object::Kind::Array: {
        if (a.asArray().size() != b.asArray().size()) return mismatch();
        for (size_t i = 0; i < a.asArray().size(); ++i) {
            std::string d = differ(a.asArray()[i], b.asArray()[i], path + "[" + std::to_string(i) + "]", limits);
            if (!d.empty()) return d;
        }
        return "";
    }
    case Object::Kind::Dictionary:
    case Object::Kind::Stream: {
        const pdf::Dictionary& da = a.asDict();
        const pdf::Dictionary& db = b.asDict();
        auto ignored = [&](const std::string& key) {
            if (a.isStream() && key == "Length") return true;
            for (const std::string& k : ignoredKeys)
                if (k == key) return true;
            return false;
        };
        for (const pdf::DictEntry& e : da.entries()) {
            if (ignored(e.key)) continue;
            const Object* other = db.find(e.key);
            if (!other) return "at " + path + "/" + e.key + ": a key a stamp does not write";
            std::string d = differ(e.value, *other, path + "/" + e.key, limits);
            if (!d.empty()) return d;
        }
        for (const pdf::DictEntry& e : db.entries())
            if (!ignored(e.key) && !da.find(e.key)) return "at " + path + "/" + e.key + ": missing (a stamp writes it)";
        if (!a.isStream()) return "";
        const std::string dataA = decoded(a, limits), dataB = decoded(b, limits);
        if (isXmp(b)) {
            // The strict form first: a property set cannot show what a parser drops (comments,
            // text between elements, a second packet, ...), so nothing but properties may be there.
            if (auto problem = pdf::xmp::stampPacketProblem(dataA))
                return "at " + path + " (the XMP packet): not in the form a stamp writes: " + *problem;
            if (pdf::xmp::propertySet(dataA) != pdf::xmp::propertySet(dataB))
                return "at " + path + " (the XMP packet): its properties are not those a stamp writes";
            return "";
        }
        return dataA == dataB ? "" : "at " + path + ": the stream's decoded content is not what a stamp writes";
    }
    }
    return mismatch();
}

}  // namespace

std::optional<std::string> compareUpdates(const pdf::UpdateSection& actual, const pdf::UpdateSection& expected,
                                          const pdf::Limits& limits) {
    if (actual.kind != expected.kind)
        return std::string("the update's cross-reference is ") + (actual.kind == pdf::XrefKind::Table ? "a table" : "a stream") +
               " where a stamp of this file writes " + (expected.kind == pdf::XrefKind::Table ? "a table" : "a stream");
    std::map<std::uint32_t, const pdf::SectionObject*> want;
    for (const pdf::SectionObject& o : expected.objects) want[o.ref.num] = &o;
    std::map<std::uint32_t, const pdf::SectionObject*> have;
    for (const pdf::SectionObject& o : actual.objects) have[o.ref.num] = &o;
    for (const auto& [num, o] : have)
        if (!want.count(num)) return "object " + std::to_string(num) + " is defined by the update but a stamp does not write it";
    for (const auto& [num, o] : want)
        if (!have.count(num)) return "object " + std::to_string(num) + " is missing from the update (a stamp writes it)";
    const std::uint64_t actualXref = actual.xrefOffset, expectedXref = expected.xrefOffset;
    try {
        for (const auto& [num, o] : want) {
            const pdf::SectionObject& found = *have[num];
            if (found.ref.gen != o->ref.gen)
                return "object " + std::to_string(num) + " has generation " + std::to_string(found.ref.gen) + ", not " +
                       std::to_string(o->ref.gen);
            const std::string where = "object " + std::to_string(num);
            std::string d;
            if (o->offset == expectedXref) {
                // The xref stream: its rows were checked against the objects when the section was read;
                // its dictionary is compared but for what depends on the offsets.
                if (found.offset != actualXref) return where + " is the xref stream of a stamp but not of this update";
                d = differ(Object::dictionary(found.value.asDict()), Object::dictionary(o->value.asDict()), "", limits,
                           {"Length", "W"});
            } else {
                d = differ(found.value, o->value, "", limits);
            }
            if (!d.empty()) return where + " " + d;
        }
        if (actual.kind == pdf::XrefKind::Table) {
            std::string d = differ(Object::dictionary(actual.trailer), Object::dictionary(expected.trailer), "", limits);
            if (!d.empty()) return "the update's trailer " + d;
        }
    } catch (const pdf::PdfError& e) {
        return std::string("cannot compare the update: ") + e.what();
    } catch (const pdf::xmp::XmpError& e) {
        return std::string("the update's XMP packet: ") + e.what();
    }
    return std::nullopt;
}

}  // namespace pith::verify

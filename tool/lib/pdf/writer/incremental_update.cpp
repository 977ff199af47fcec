#include "pdf/writer/incremental_update.hpp"

#include <cstdio>

#include "crypto/digest.hpp"
#include "pdf/reader/filters.hpp"
#include "pdf/writer/serialize.hpp"

namespace pith::pdf {

IncrementalUpdate::IncrementalUpdate(const PdfReader& base) : base_(base), next_(std::max<std::uint32_t>(base.size(), 1)) {
    if (const Object* r = base.trailer().find("Root"); r && r->isRef()) root_ = r->asRef();
    if (const Object* i = base.trailer().find("Info"); i && i->isRef()) info_ = i->asRef();
}

Ref IncrementalUpdate::add(Object object) {
    Ref ref{next_++, 0};
    objects_[ref.num] = {0, std::move(object)};
    return ref;
}

void IncrementalUpdate::replace(Ref ref, Object object) { objects_[ref.num] = {ref.gen, std::move(object)}; }

namespace {

std::string idBytes(const std::string& seed) {
    auto d = crypto::sha256(seed);
    return std::string(reinterpret_cast<const char*>(d.data()), 16);
}

// Contiguous runs of object numbers: the /Index of an xref stream or the subsections of a table.
std::vector<std::pair<std::uint32_t, std::uint32_t>> runsOf(const std::map<std::uint32_t, std::uint64_t>& offsets) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> runs;
    for (const auto& [num, off] : offsets) {
        (void)off;
        if (!runs.empty() && runs.back().first + runs.back().second == num)
            ++runs.back().second;
        else
            runs.emplace_back(num, 1);
    }
    return runs;
}

}  // namespace

std::string IncrementalUpdate::build(const std::string& documentDigest, const std::string& idSeed) const {
    const std::string_view file = base_.bytes();
    const std::uint64_t baseLen = file.size();
    std::string out;
    // A file not ending in an end-of-line would otherwise run into our first object.
    if (file.empty() || (file.back() != '\n' && file.back() != '\r')) out += '\n';

    std::map<std::uint32_t, std::uint64_t> offsets;
    std::map<std::uint32_t, std::uint16_t> gens;
    for (const auto& [num, entry] : objects_) {
        offsets[num] = baseLen + out.size();
        gens[num] = entry.first;
        out += std::to_string(num) + " " + std::to_string(entry.first) + " obj\n";
        serialize(entry.second, out);
        out += "\nendobj\n";
    }

    std::vector<std::string> oldId = base_.id();
    std::string id0 = !oldId.empty() ? oldId[0] : idBytes("pith-id0" + documentDigest);
    std::string id1 = idBytes("pith-id1" + documentDigest + idSeed);

    const XrefKind kind = base_.revision().kind;
    std::uint32_t size = std::max<std::uint32_t>(base_.size(), next_);
    Dictionary trailer;
    auto commonKeys = [&](Dictionary& d) {
        d.set("Size", Object::integer(size));
        if (root_) d.set("Root", Object::reference(*root_));
        if (info_) d.set("Info", Object::reference(*info_));
        d.set("ID", Object::array({Object::string(id0, true), Object::string(id1, true)}));
        d.set("Prev", Object::integer(static_cast<std::int64_t>(base_.revision().startxref)));
    };

    if (kind == XrefKind::Table) {
        const std::uint64_t xrefOffset = baseLen + out.size();
        out += "xref\n";
        for (auto [first, count] : runsOf(offsets)) {
            out += std::to_string(first) + " " + std::to_string(count) + "\n";
            for (std::uint32_t n = first; n < first + count; ++n) {
                char line[32];
                std::snprintf(line, sizeof line, "%010llu %05u n\r\n", static_cast<unsigned long long>(offsets[n]),
                              static_cast<unsigned>(gens[n]));
                out += line;
            }
        }
        commonKeys(trailer);
        out += "trailer\n";
        serialize(Object::dictionary(trailer), out);
        out += "\nstartxref\n" + std::to_string(xrefOffset) + "\n%%EOF\n";
        return out;
    }

    // Xref stream: it lists itself too, so it takes the next number.
    const std::uint32_t selfNum = next_;
    size = std::max(size, selfNum + 1);
    const std::uint64_t xrefOffset = baseLen + out.size();
    offsets[selfNum] = xrefOffset;
    gens[selfNum] = 0;
    int offsetWidth = 1;
    while (offsetWidth < 8 && (xrefOffset >> (8 * offsetWidth)) != 0) ++offsetWidth;
    std::string rows;
    Array index;
    for (auto [first, count] : runsOf(offsets)) {
        index.push_back(Object::integer(first));
        index.push_back(Object::integer(count));
        for (std::uint32_t n = first; n < first + count; ++n) {
            rows += '\x01';
            for (int b = offsetWidth - 1; b >= 0; --b) rows += static_cast<char>((offsets[n] >> (8 * b)) & 0xff);
            rows += static_cast<char>(gens[n] >> 8);
            rows += static_cast<char>(gens[n] & 0xff);
        }
    }
    trailer.set("Type", Object::name("XRef"));
    commonKeys(trailer);
    trailer.set("W", Object::array({Object::integer(1), Object::integer(offsetWidth), Object::integer(2)}));
    trailer.set("Index", Object::array(std::move(index)));
    trailer.set("Filter", Object::name("FlateDecode"));
    out += std::to_string(selfNum) + " 0 obj\n";
    serialize(Object::stream(std::move(trailer), deflate(rows)), out);
    out += "\nendobj\nstartxref\n" + std::to_string(xrefOffset) + "\n%%EOF\n";
    return out;
}

}  // namespace pith::pdf

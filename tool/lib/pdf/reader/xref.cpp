#include "pdf/reader/xref.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include "pdf/reader/file_sweep.hpp"
#include "pdf/reader/filters.hpp"
#include "pdf/reader/object_parser.hpp"

namespace pith::pdf {

namespace {

std::string at(std::uint64_t offset) { return " at byte " + std::to_string(offset); }

// Where the stream data ends when /Length is wrong or unknown: before "endstream" and its EOL.
std::optional<size_t> findEndstream(std::string_view file, size_t dataStart, const Limits& limits) {
    size_t searchEnd = std::min<std::uint64_t>(file.size(), dataStart + limits.maxStreamLength + 16);
    std::string_view window = file.substr(dataStart, searchEnd - dataStart);
    size_t hit = window.find("endstream");
    if (hit == std::string_view::npos) return std::nullopt;
    size_t end = dataStart + hit;
    if (end > dataStart && file[end - 1] == '\n') --end;
    if (end > dataStart && file[end - 1] == '\r') --end;
    return end;
}

}  // namespace

IndirectObject parseIndirectObject(std::string_view file, std::uint64_t offset, const Limits& limits,
                                   const LengthResolver& lengthOf) {
    if (offset >= file.size())
        throw PdfError("object offset" + at(offset) + " is beyond the end of the file", PdfErrorKind::CrossReference,
                       std::nullopt, offset);
    ObjectParser p(file, limits.maxDepth);
    p.seek(offset);
    auto num = p.acceptUnsigned();
    auto gen = num ? p.acceptUnsigned() : std::nullopt;
    if (!num || !gen || !p.acceptKeyword("obj"))
        throw PdfError("no \"N G obj\"" + at(offset), PdfErrorKind::CrossReference, std::nullopt, offset);
    if (*num > limits.maxObjectNumber || *gen > 65535)
        throw PdfError("object number out of range" + at(offset), PdfErrorKind::Limit, std::nullopt, offset);
    Ref ref{static_cast<std::uint32_t>(*num), static_cast<std::uint16_t>(*gen)};
    Object value = p.parseObject();
    if (!p.acceptKeyword("stream")) return {ref, std::move(value), false, p.duplicateKey()};
    if (!value.isDict()) p.fail("stream without a dictionary");
    size_t dataStart = p.pos();
    if (dataStart < file.size() && file[dataStart] == '\r') ++dataStart;
    if (dataStart < file.size() && file[dataStart] == '\n') ++dataStart;
    std::optional<std::int64_t> length;
    if (const Object* len = value.get("Length")) {
        if (len->isInt())
            length = len->asInt();
        else if (len->isRef() && lengthOf)
            length = lengthOf(len->asRef());
    }
    std::optional<size_t> dataEnd;
    if (length && *length >= 0 && static_cast<std::uint64_t>(*length) <= limits.maxStreamLength &&
        dataStart + static_cast<std::uint64_t>(*length) <= file.size()) {
        size_t end = dataStart + static_cast<size_t>(*length);
        ObjectParser after(file, limits.maxDepth);
        after.seek(end);
        if (after.acceptKeyword("endstream")) dataEnd = end;
    }
    if (!dataEnd) dataEnd = findEndstream(file, dataStart, limits);  // wrong /Length: tolerated, like other readers
    if (!dataEnd)
        throw PdfError("object " + std::to_string(ref.num) + ": stream without endstream" + at(dataStart), PdfErrorKind::Syntax,
                       ref.num, dataStart);
    if (*dataEnd - dataStart > limits.maxStreamLength)
        throw PdfError("object " + std::to_string(ref.num) + ": stream longer than the limit", PdfErrorKind::Limit, ref.num,
                       dataStart);
    Dictionary dict = std::move(value.asDict());
    const bool repaired = !(length && dataStart + static_cast<std::uint64_t>(*length) == *dataEnd);
    return {ref, Object::stream(std::move(dict), std::string(file.substr(dataStart, *dataEnd - dataStart))), repaired,
            p.duplicateKey()};
}

namespace {

XrefSection parseTable(std::string_view file, std::uint64_t offset, const Limits& limits) {
    XrefSection section;
    section.offset = offset;
    section.kind = XrefKind::Table;
    ObjectParser p(file, limits.maxDepth);
    p.seek(offset);
    p.acceptKeyword("xref");
    for (;;) {
        if (p.acceptKeyword("trailer")) break;
        auto first = p.acceptUnsigned();
        auto count = first ? p.acceptUnsigned() : std::nullopt;
        if (!first || !count) p.fail("malformed xref subsection header");
        // Compared without adding: "18446744073709551609 7" must not wrap to a small bound.
        const std::uint64_t objectLimit = static_cast<std::uint64_t>(limits.maxObjectNumber) + 1;
        if (*first > objectLimit || *count > objectLimit - *first)
            p.fail("xref subsection " + std::to_string(*first) + " " + std::to_string(*count) +
                   " beyond the object number limit of " + std::to_string(limits.maxObjectNumber));
        // Each entry takes at least 18 bytes; a count the file cannot hold is an error, not an allocation.
        if (*count > (file.size() - p.pos()) / 18 + 1) p.fail("xref subsection count larger than the file");
        for (std::uint64_t i = 0; i < *count; ++i) {
            auto off = p.acceptUnsigned();
            auto gen = off ? p.acceptUnsigned() : std::nullopt;
            if (!off || !gen) p.fail("malformed xref entry");
            XrefEntry e;
            e.gen = static_cast<std::uint16_t>(std::min<std::uint64_t>(*gen, 65535));
            if (p.acceptKeyword("n")) {
                e.type = XrefEntry::Type::InFile;
                e.offset = *off;
            } else if (p.acceptKeyword("f")) {
                e.type = XrefEntry::Type::Free;
            } else {
                p.fail("xref entry type is neither n nor f");
            }
            section.entries.emplace_back(static_cast<std::uint32_t>(*first + i), e);
        }
    }
    Object trailer = p.parseObject();
    if (!trailer.isDict()) p.fail("trailer is not a dictionary");
    section.trailer = std::move(trailer.asDict());
    if (p.duplicateKey()) section.duplicateKey = p.duplicateKey()->key;
    return section;
}

std::uint64_t fieldValue(const unsigned char* p, std::int64_t width) {
    std::uint64_t v = 0;
    for (std::int64_t i = 0; i < width; ++i) v = (v << 8) | p[i];
    return v;
}

XrefSection parseStream(std::string_view file, std::uint64_t offset, const Limits& limits, DecodeBudget* budget) {
    IndirectObject obj = parseIndirectObject(file, offset, limits, nullptr);
    const Object& s = obj.value;
    const std::string where = "xref stream (object " + std::to_string(obj.ref.num) + at(offset) + ")";
    // Viewers (poppler, mupdf) read a stream with /W as an xref stream whether or not it says
    // /Type /XRef; so does pith, or an update dressed that way would be one only viewers see.
    if (!s.isStream() || (s.get("Type") && !s.get("Type")->isName("XRef")) || !s.get("W"))
        throw PdfError("no xref table or xref stream" + at(offset), PdfErrorKind::CrossReference, std::nullopt, offset);
    XrefSection section;
    section.offset = offset;
    section.kind = XrefKind::Stream;
    section.trailer = s.asDict();
    if (obj.duplicateKey) section.duplicateKey = obj.duplicateKey->key;
    const Object* w = s.get("W");
    if (!w || !w->isArray() || w->asArray().size() != 3)
        throw PdfError(where + ": bad /W", PdfErrorKind::CrossReference, obj.ref.num, offset);
    std::int64_t widths[3];
    for (int i = 0; i < 3; ++i) {
        const Object& x = w->asArray()[static_cast<size_t>(i)];
        if (!x.isInt() || x.asInt() < 0 || x.asInt() > 8)
            throw PdfError(where + ": bad /W", PdfErrorKind::CrossReference, obj.ref.num, offset);
        widths[i] = x.asInt();
    }
    const Object* size = s.get("Size");
    if (!size || !size->isInt() || size->asInt() < 0)
        throw PdfError(where + ": missing /Size", PdfErrorKind::CrossReference, obj.ref.num, offset);
    std::vector<std::pair<std::int64_t, std::int64_t>> ranges;
    if (const Object* index = s.get("Index")) {
        if (!index->isArray() || index->asArray().size() % 2)
            throw PdfError(where + ": bad /Index", PdfErrorKind::CrossReference, obj.ref.num, offset);
        const Array& a = index->asArray();
        for (size_t i = 0; i < a.size(); i += 2) {
            if (!a[i].isInt() || !a[i + 1].isInt() || a[i].asInt() < 0 || a[i + 1].asInt() < 0)
                throw PdfError(where + ": bad /Index", PdfErrorKind::CrossReference, obj.ref.num, offset);
            ranges.emplace_back(a[i].asInt(), a[i + 1].asInt());
        }
    } else {
        ranges.emplace_back(0, size->asInt());
    }
    for (auto [first, count] : ranges) {
        // Compared without adding: first + count would overflow for [9223372036854775807 1].
        const std::int64_t objectLimit = static_cast<std::int64_t>(limits.maxObjectNumber) + 1;
        if (first > objectLimit || count > objectLimit - first)
            throw PdfError(where + ": /Index [" + std::to_string(first) + " " + std::to_string(count) +
                               "] beyond the object number limit of " + std::to_string(limits.maxObjectNumber),
                           PdfErrorKind::CrossReference, obj.ref.num, offset);
    }
    // Decode the data (filters from the stream's own dictionary; all direct in an xref stream).
    const Object* filter = s.get("Filter");
    const Object* parms = s.get("DecodeParms");
    std::string data;
    try {
        data = decodeFilters(s.streamData(), filter ? *filter : Object(), parms ? *parms : Object(), limits.maxDecodedSize,
                             budget, [](const Object& o) { return o; });
    } catch (const PdfError& e) {
        throw PdfError(where + ": " + e.what(), e.kind(), obj.ref.num, offset);
    }
    std::int64_t rowLen = widths[0] + widths[1] + widths[2];
    if (rowLen == 0) throw PdfError(where + ": /W is all zero", PdfErrorKind::CrossReference, obj.ref.num, offset);
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    size_t row = 0;
    size_t rows = data.size() / static_cast<size_t>(rowLen);
    // Sized once: grown row by row, a large file's table was copied a dozen times.
    size_t listed = 0;
    for (auto [first, count] : ranges) listed = std::min(rows, listed + static_cast<size_t>(count));
    section.entries.reserve(listed);
    for (auto [first, count] : ranges) {
        for (std::int64_t i = 0; i < count; ++i, ++row) {
            if (row >= rows) return section;  // short data: keep what is there
            const unsigned char* r = bytes + row * static_cast<size_t>(rowLen);
            std::uint64_t type = widths[0] ? fieldValue(r, widths[0]) : 1;
            std::uint64_t f2 = fieldValue(r + widths[0], widths[1]);
            std::uint64_t f3 = fieldValue(r + widths[0] + widths[1], widths[2]);
            XrefEntry e;
            if (type == 0) {
                e.type = XrefEntry::Type::Free;
                e.gen = static_cast<std::uint16_t>(std::min<std::uint64_t>(f3, 65535));
            } else if (type == 1) {
                e.type = XrefEntry::Type::InFile;
                e.offset = f2;
                e.gen = static_cast<std::uint16_t>(std::min<std::uint64_t>(f3, 65535));
            } else if (type == 2) {
                e.type = XrefEntry::Type::InObjectStream;
                if (f2 > limits.maxObjectNumber)
                    throw PdfError(where + ": object stream number out of range", PdfErrorKind::CrossReference, obj.ref.num,
                                   offset);
                e.streamObject = static_cast<std::uint32_t>(f2);
                e.index = static_cast<std::uint32_t>(std::min<std::uint64_t>(f3, UINT32_MAX));
            } else {
                continue;  // unknown types are ignored (ISO 32000-1 §7.5.8.3)
            }
            section.entries.emplace_back(static_cast<std::uint32_t>(first + i), e);
        }
    }
    return section;
}

std::optional<std::uint64_t> offsetKey(const Dictionary& d, const char* key) {
    const Object* v = d.find(key);
    if (v && v->isInt() && v->asInt() >= 0) return static_cast<std::uint64_t>(v->asInt());
    return std::nullopt;
}

}  // namespace

XrefSection parseXrefSection(std::string_view file, std::uint64_t offset, const Limits& limits, DecodeBudget* budget) {
    if (offset >= file.size())
        throw PdfError("xref offset" + at(offset) + " is beyond the end of the file", PdfErrorKind::CrossReference, std::nullopt,
                       offset);
    ObjectParser p(file, limits.maxDepth);
    p.seek(offset);
    XrefSection section = p.acceptKeyword("xref") ? parseTable(file, offset, limits) : parseStream(file, offset, limits, budget);
    section.prev = offsetKey(section.trailer, "Prev");
    if (section.kind == XrefKind::Table) section.xrefStm = offsetKey(section.trailer, "XRefStm");
    return section;
}

std::vector<std::uint64_t> sectionChain(std::string_view, std::uint64_t startxref, const Limits& limits,
                                        std::function<const XrefSection&(std::uint64_t)> sectionAt,
                                        const std::set<std::uint64_t>* known) {
    std::vector<std::uint64_t> chain;
    std::set<std::uint64_t> seen;
    std::optional<std::uint64_t> next = startxref;
    while (next) {
        if (known && known->count(*next)) break;  // walked already, for an earlier revision
        if (!seen.insert(*next).second) break;    // /Prev loop: stop, as other readers do
        if (chain.size() >= limits.maxXrefSections)
            throw PdfError("more than " + std::to_string(limits.maxXrefSections) + " xref sections", PdfErrorKind::Limit);
        const XrefSection& s = sectionAt(*next);
        chain.push_back(*next);
        if (s.xrefStm && seen.insert(*s.xrefStm).second) {
            try {
                sectionAt(*s.xrefStm);
                chain.push_back(*s.xrefStm);
            } catch (const PdfError&) {
                // A broken /XRefStm of a hybrid file: classic readers ignore it too.
            }
        }
        next = s.prev;
    }
    return chain;
}

std::vector<Revision> findRevisions(std::string_view file, const Limits& limits, XrefSections* parsed, DecodeBudget* budget,
                                    std::vector<PdfWarning>* warnings, const FileSweep* sweep) {
    struct Candidate {
        std::uint64_t keyword, startxref, end;
    };
    std::vector<Candidate> candidates;
    const std::string_view kw = "startxref";
    // Where the keyword occurs, read in pieces (through the descriptor of a mapped file, so that
    // the search does not make every page of the mapping resident). glibc's memmem scans with
    // SIMD; string_view::find stops at every 's' in compressed data, which on a large file made
    // this scan a third of opening it.
    std::vector<size_t> hits;
    const FileSweep whole(file);
    (sweep ? *sweep : whole).forEachPiece(1 << 20, kw.size() - 1, [&](std::uint64_t at, std::string_view piece) {
        for (size_t from = 0; from + kw.size() <= piece.size();) {
            const void* hit = memmem(piece.data() + from, piece.size() - from, kw.data(), kw.size());
            if (!hit) break;
            const size_t in = static_cast<size_t>(static_cast<const char*>(hit) - piece.data());
            hits.push_back(static_cast<size_t>(at) + in);
            from = in + 1;
        }
        return true;
    });
    for (const size_t hit : hits) {
        size_t p = hit + kw.size();
        while (p < file.size() && isPdfWhitespace(file[p])) ++p;
        std::uint64_t n = 0;
        size_t digits = 0;
        while (p < file.size() && file[p] >= '0' && file[p] <= '9' && digits < 20) n = n * 10 + (file[p++] - '0'), ++digits;
        if (digits == 0) continue;
        while (p < file.size() && isPdfWhitespace(file[p])) ++p;
        if (file.substr(p, 5) != "%%EOF") continue;
        p += 5;
        if (p < file.size() && file[p] == '\r') ++p;
        if (p < file.size() && file[p] == '\n') ++p;
        candidates.push_back({hit, n, p});
    }
    if (candidates.empty())
        throw PdfError("no \"startxref ... %%EOF\" found: not a PDF file, or truncated", PdfErrorKind::CrossReference);

    XrefSections local;
    XrefSections& sections = parsed ? *parsed : local;
    auto sectionAt = [&](std::uint64_t offset) -> const XrefSection& {
        auto it = sections.find(offset);
        if (it != sections.end()) return it->second;
        return sections.emplace(offset, parseXrefSection(file, offset, limits, budget)).first->second;
    };

    std::vector<Revision> revisions;
    // Every section some accepted revision reaches. A revision's own sections are those its chain
    // reaches before it joins this set: linear in the number of revisions, not quadratic.
    std::set<std::uint64_t> walked;
    for (size_t i = 0; i < candidates.size(); ++i) {
        const Candidate& c = candidates[i];
        bool last = i + 1 == candidates.size();
        if (c.startxref == 0 && !last) continue;  // first-page section of a linearized file
        std::vector<std::uint64_t> chain;
        try {
            if (c.startxref >= c.keyword)
                throw PdfError("startxref" + at(c.keyword) + " points forward", PdfErrorKind::CrossReference, std::nullopt,
                               c.keyword);
            chain = sectionChain(file, c.startxref, limits, sectionAt, &walked);
        } catch (const PdfError& e) {
            if (last && revisions.empty())
                throw PdfError("startxref" + at(c.keyword) + " does not point at a cross-reference section: " + e.what(),
                               e.kind(), e.object(), e.offset() ? e.offset() : std::optional<std::uint64_t>(c.keyword));
            // A broken section after good ones is not a revision: the bytes after the last good one
            // are what `pith verify` reports as appended (viewers may still rebuild and show them).
            if (warnings) warnings->push_back({"startxref" + at(c.keyword) + " skipped: " + e.what(), e.object(), c.keyword});
            continue;  // also "startxref" inside an embedded file's data
        }
        if (revisions.size() >= limits.maxRevisions)
            throw PdfError("more than " + std::to_string(limits.maxRevisions) + " revisions", PdfErrorKind::Limit);
        Revision r;
        r.startxref = c.startxref;
        r.endOffset = c.end;
        const XrefSection& head = sectionAt(c.startxref);
        r.kind = head.kind;
        r.hybrid = head.xrefStm.has_value();
        r.trailer = head.trailer;
        std::vector<std::uint32_t>& defined = r.definedObjects;
        std::vector<std::uint32_t>& freed = r.freedObjects;
        for (std::uint64_t off : chain) {
            for (const auto& [num, e] : sectionAt(off).entries) {
                if (e.type == XrefEntry::Type::Free) {
                    if (num != 0) freed.push_back(num);
                } else {
                    defined.push_back(num);
                }
            }
        }
        for (std::vector<std::uint32_t>* list : {&defined, &freed}) {
            std::sort(list->begin(), list->end());
            list->erase(std::unique(list->begin(), list->end()), list->end());
        }
        walked.insert(chain.begin(), chain.end());
        revisions.push_back(std::move(r));
    }
    return revisions;
}

}  // namespace pith::pdf

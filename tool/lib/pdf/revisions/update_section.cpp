#include "pdf/revisions/update_section.hpp"

#include <map>
#include <set>

#include "pdf/reader/filters.hpp"
#include "pdf/reader/object_parser.hpp"

namespace pith::pdf {

namespace {

bool isWhite(char c) { return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '; }

class Walker {
public:
    Walker(std::string_view bytes, std::uint64_t start, const Limits& limits) : b_(bytes), start_(start), limits_(limits) {}

    UpdateSection read();

private:
    [[noreturn]] void fail(const std::string& what, size_t pos) const {
        throw SectionError("the update section at byte " + std::to_string(start_) + ": " + what + " at byte " +
                           std::to_string(start_ + pos));
    }
    void skipWhite() {
        while (pos_ < b_.size() && isWhite(b_[pos_])) ++pos_;
        if (pos_ < b_.size() && b_[pos_] == '%' && !startsWith("%%EOF")) fail("a comment", pos_);
    }
    bool startsWith(std::string_view s) const { return b_.substr(pos_, s.size()) == s; }
    bool digitAt(size_t p) const { return p < b_.size() && b_[p] >= '0' && b_[p] <= '9'; }
    // A keyword followed by white space, a delimiter or the end.
    bool keyword(std::string_view k) {
        if (!startsWith(k)) return false;
        size_t after = pos_ + k.size();
        if (after < b_.size() && !isWhite(b_[after]) && !isPdfDelimiter(b_[after])) return false;
        pos_ = after;
        return true;
    }
    std::uint64_t unsignedToken(const char* what) {
        size_t p = pos_;
        std::uint64_t v = 0;
        while (digitAt(p)) {
            if (p - pos_ >= 19) fail(std::string(what) + " too long", pos_);
            v = v * 10 + static_cast<std::uint64_t>(b_[p] - '0');
            ++p;
        }
        if (p == pos_) fail(std::string("expected ") + what, pos_);
        if (b_[pos_] == '0' && p - pos_ > 1) fail(std::string(what) + " with leading zeros", pos_);
        pos_ = p;
        return v;
    }
    void eol(const char* after) {
        if (startsWith("\r\n"))
            pos_ += 2;
        else if (startsWith("\n") || startsWith("\r"))
            pos_ += 1;
        else
            fail(std::string("no end-of-line after ") + after, pos_);
    }

    SectionObject object();
    void table(UpdateSection& s);
    void xrefStreamEntries(const SectionObject& xs, std::map<std::uint32_t, std::pair<std::uint16_t, std::uint64_t>>& out);

    std::string_view b_;
    std::uint64_t start_;
    const Limits& limits_;
    size_t pos_ = 0;
    std::map<std::uint32_t, std::pair<std::uint16_t, std::uint64_t>> listed_;  // xref: num → (gen, offset)
};

// Bytes that only mean something to a viewer that rebuilds a damaged file, or that viewers read
// differently: object headers and ends inside stream data (a repairing viewer scans for them), and
// numbers with two signs ("--5": pith and poppler read 5, mupdf -5).
void checkTokens(std::string_view raw, std::uint64_t at, const std::string& what) {
    int depth = 0;
    for (size_t i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        if (depth > 0) {
            if (c == '\\')
                ++i;
            else if (c == '(')
                ++depth;
            else if (c == ')')
                --depth;
            continue;
        }
        if (c == '(')
            depth = 1;
        else if ((c == '-' || c == '+') && i + 1 < raw.size() && (raw[i + 1] == '-' || raw[i + 1] == '+'))
            throw SectionError("the update section: " + what + " has a number with two signs at byte " + std::to_string(at + i));
    }
}

bool holdsStructure(std::string_view data) {
    for (std::string_view marker : {"endobj", "endstream", "startxref", "%%EOF"})
        if (data.find(marker) != std::string_view::npos) return true;
    for (size_t at = data.find("obj"); at != std::string_view::npos; at = data.find("obj", at + 3)) {
        size_t p = at;
        auto skipBack = [&](bool digits) {
            size_t n = 0;
            while (p > 0 && (digits ? (data[p - 1] >= '0' && data[p - 1] <= '9') : isWhite(data[p - 1]))) --p, ++n;
            return n;
        };
        if (skipBack(false) && skipBack(true) && skipBack(false) && skipBack(true)) return true;
    }
    return false;
}

SectionObject Walker::object() {
    SectionObject o;
    o.offset = start_ + pos_;
    std::uint64_t num = unsignedToken("an object number");
    if (pos_ >= b_.size() || !isWhite(b_[pos_])) fail("expected white space after the object number", pos_);
    skipWhite();
    std::uint64_t gen = unsignedToken("a generation number");
    skipWhite();
    if (!keyword("obj")) fail("expected \"obj\"", pos_);
    if (num == 0 || num > limits_.maxObjectNumber || gen > 65535) fail("object number out of range", pos_);
    o.ref = Ref{static_cast<std::uint32_t>(num), static_cast<std::uint16_t>(gen)};
    ObjectParser p(b_, limits_.maxDepth, start_);
    p.refuseDuplicateKeys();
    p.seek(pos_);
    Object value = p.parseObject();
    checkTokens(b_.substr(pos_, p.pos() - pos_), start_ + pos_, "object " + std::to_string(num));
    pos_ = p.pos();
    skipWhite();
    if (keyword("stream")) {
        if (!value.isDict()) fail("a stream without a dictionary", pos_);
        eol("\"stream\"");
        const Object* len = value.get("Length");
        if (!len || !len->isInt() || len->asInt() < 0) fail("a stream whose /Length is not a direct integer", pos_);
        std::uint64_t length = static_cast<std::uint64_t>(len->asInt());
        if (length > limits_.maxStreamLength || pos_ + length > b_.size()) fail("a stream /Length beyond the section", pos_);
        std::string data(b_.substr(pos_, length));
        if (holdsStructure(data))
            fail("the data of object " + std::to_string(num) + " holds PDF object syntax (what a repairing viewer would read)",
                 pos_);
        pos_ += length;
        if (startsWith("\r\n"))
            pos_ += 2;
        else if (startsWith("\n") || startsWith("\r"))
            pos_ += 1;
        if (!keyword("endstream")) fail("no \"endstream\" right after /Length bytes", pos_);
        Dictionary dict = std::move(value.asDict());
        value = Object::stream(std::move(dict), std::move(data));
    }
    skipWhite();
    if (!keyword("endobj")) fail("expected \"endobj\"", pos_);
    o.value = std::move(value);
    return o;
}

void Walker::table(UpdateSection& s) {
    s.kind = XrefKind::Table;
    eol("\"xref\"");
    while (digitAt(pos_)) {
        std::uint64_t first = unsignedToken("a subsection start");
        if (!startsWith(" ")) fail("expected a space", pos_);
        ++pos_;
        std::uint64_t count = unsignedToken("a subsection count");
        while (startsWith(" ")) ++pos_;
        eol("a subsection header");
        if (first + count > static_cast<std::uint64_t>(limits_.maxObjectNumber) + 1)
            fail("a subsection beyond the object limit", pos_);
        for (std::uint64_t i = 0; i < count; ++i) {
            if (pos_ + 20 > b_.size()) fail("a truncated xref entry", pos_);
            std::string_view e = b_.substr(pos_, 20);
            for (size_t k : {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15})
                if (e[k] < '0' || e[k] > '9') fail("a malformed xref entry", pos_);
            if (e[10] != ' ' || e[16] != ' ' || e[17] != 'n' ||
                !((e[18] == '\r' && e[19] == '\n') || (e[18] == ' ' && (e[19] == '\n' || e[19] == '\r'))))
                fail("an xref entry that is not an in-use entry of 20 bytes", pos_);
            std::uint64_t offset = std::stoull(std::string(e.substr(0, 10)));
            unsigned long gen = std::stoul(std::string(e.substr(11, 5)));
            if (gen > 65535) fail("a generation out of range", pos_);
            const std::uint32_t num = static_cast<std::uint32_t>(first + i);
            if (!listed_.emplace(num, std::make_pair(static_cast<std::uint16_t>(gen), offset)).second)
                fail("object " + std::to_string(num) + " listed twice", pos_);
            pos_ += 20;
        }
    }
    if (!keyword("trailer")) fail("expected \"trailer\"", pos_);
    skipWhite();
    ObjectParser p(b_, limits_.maxDepth, start_);
    p.refuseDuplicateKeys();
    p.seek(pos_);
    Object trailer = p.parseObject();
    checkTokens(b_.substr(pos_, p.pos() - pos_), start_ + pos_, "the trailer");
    pos_ = p.pos();
    if (!trailer.isDict()) fail("a trailer that is not a dictionary", pos_);
    s.trailer = trailer.asDict();
}

// The rows of an xref stream written as pith writes them: type-1 entries only.
void Walker::xrefStreamEntries(const SectionObject& xs, std::map<std::uint32_t, std::pair<std::uint16_t, std::uint64_t>>& out) {
    const Object* w = xs.value.get("W");
    const Object* index = xs.value.get("Index");
    const Object* filter = xs.value.get("Filter");
    if (!w || !w->isArray() || w->asArray().size() != 3 || !index || !index->isArray() || index->asArray().size() % 2)
        fail("an xref stream without /W [a b c] and /Index", static_cast<size_t>(xs.offset - start_));
    int widths[3];
    for (int i = 0; i < 3; ++i) {
        const Object& v = w->asArray()[static_cast<size_t>(i)];
        if (!v.isInt() || v.asInt() < 0 || v.asInt() > 8)
            fail("an xref stream /W out of range", static_cast<size_t>(xs.offset - start_));
        widths[i] = static_cast<int>(v.asInt());
    }
    if (xs.value.get("DecodeParms") || (filter && !filter->isName("FlateDecode")))
        fail("an xref stream with filters pith does not write", static_cast<size_t>(xs.offset - start_));
    std::string rows = filter ? inflate(xs.value.streamData(), limits_.maxDecodedSize) : xs.value.streamData();
    const size_t rowSize = static_cast<size_t>(widths[0] + widths[1] + widths[2]);
    size_t at = 0;
    auto field = [&](int width) {
        std::uint64_t v = 0;
        for (int k = 0; k < width; ++k) v = (v << 8) | static_cast<unsigned char>(rows[at++]);
        return v;
    };
    for (size_t i = 0; i < index->asArray().size(); i += 2) {
        const Object& a = index->asArray()[i];
        const Object& n = index->asArray()[i + 1];
        if (!a.isInt() || !n.isInt() || a.asInt() < 0 || n.asInt() < 0 || a.asInt() > limits_.maxObjectNumber ||
            n.asInt() > limits_.maxObjectNumber - a.asInt() + 1)
            fail("an xref stream /Index out of range", static_cast<size_t>(xs.offset - start_));
        for (std::int64_t k = 0; k < n.asInt(); ++k) {
            if (rowSize == 0 || at + rowSize > rows.size())
                fail("an xref stream shorter than its /Index", static_cast<size_t>(xs.offset - start_));
            std::uint64_t type = widths[0] ? field(widths[0]) : 1;
            std::uint64_t offset = field(widths[1]);
            std::uint64_t gen = field(widths[2]);
            if (type != 1 || gen > 65535)
                fail("an xref stream entry that is not an in-use object in the file", static_cast<size_t>(xs.offset - start_));
            const std::uint32_t num = static_cast<std::uint32_t>(a.asInt() + k);
            if (!out.emplace(num, std::make_pair(static_cast<std::uint16_t>(gen), offset)).second)
                fail("object " + std::to_string(num) + " listed twice", static_cast<size_t>(xs.offset - start_));
        }
    }
    if (at != rows.size()) fail("an xref stream longer than its /Index", static_cast<size_t>(xs.offset - start_));
}

UpdateSection Walker::read() {
    UpdateSection s;
    s.start = start_;
    // pith writes one end-of-line first when the file before it does not end in one.
    if (startsWith("\r\n"))
        pos_ += 2;
    else if (startsWith("\n") || startsWith("\r"))
        pos_ += 1;
    std::set<std::uint32_t> seen;
    for (;;) {
        skipWhite();
        if (pos_ >= b_.size()) fail("the section ends without \"startxref\"", pos_);
        if (digitAt(pos_)) {
            SectionObject o = object();
            if (!seen.insert(o.ref.num).second)
                fail("object " + std::to_string(o.ref.num) + " defined twice", static_cast<size_t>(o.offset - start_));
            if (s.objects.size() >= 100000) fail("more objects than a stamp writes", pos_);
            s.objects.push_back(std::move(o));
            continue;
        }
        if (keyword("xref")) {
            s.xrefOffset = start_ + pos_ - 4;
            table(s);
            skipWhite();
            if (!keyword("startxref")) fail("expected \"startxref\"", pos_);
            break;
        }
        if (keyword("startxref")) {
            // The xref stream: the last object.
            if (s.objects.empty() || !s.objects.back().value.isStream() || !s.objects.back().value.get("Type") ||
                !s.objects.back().value.get("Type")->isName("XRef"))
                fail("\"startxref\" without an xref table or an xref stream before it", pos_);
            s.kind = XrefKind::Stream;
            s.xrefOffset = s.objects.back().offset;
            s.trailer = s.objects.back().value.asDict();
            xrefStreamEntries(s.objects.back(), listed_);
            break;
        }
        fail("a byte that belongs to no object", pos_);
    }
    eol("\"startxref\"");
    std::uint64_t startxref = unsignedToken("the startxref offset");
    if (startxref != s.xrefOffset)
        fail("startxref " + std::to_string(startxref) + " does not point at the section's xref (" + std::to_string(s.xrefOffset) +
                 ")",
             pos_);
    eol("the startxref offset");
    if (!startsWith("%%EOF")) fail("expected \"%%EOF\"", pos_);
    pos_ += 5;
    if (startsWith("\r\n"))
        pos_ += 2;
    else if (startsWith("\n") || startsWith("\r"))
        pos_ += 1;
    s.end = start_ + pos_;

    // The xref lists exactly the section's objects, at their offsets.
    if (listed_.size() != s.objects.size())
        fail("the xref lists " + std::to_string(listed_.size()) + " objects but the section holds " +
                 std::to_string(s.objects.size()),
             static_cast<size_t>(s.xrefOffset - start_));
    for (const SectionObject& o : s.objects) {
        auto it = listed_.find(o.ref.num);
        if (it == listed_.end() || it->second.first != o.ref.gen || it->second.second != o.offset)
            fail("the xref entry of object " + std::to_string(o.ref.num) + " does not point at it",
                 static_cast<size_t>(s.xrefOffset - start_));
    }
    return s;
}

}  // namespace

UpdateSection readUpdateSection(std::string_view bytes, std::uint64_t start, const Limits& limits) {
    try {
        return Walker(bytes, start, limits).read();
    } catch (const SectionError&) {
        throw;
    } catch (const PdfError& e) {
        throw SectionError("the update section at byte " + std::to_string(start) + ": " + e.what());
    }
}

bool onlyWhitespace(std::string_view bytes) {
    for (char c : bytes)
        if (!isWhite(c)) return false;
    return true;
}

}  // namespace pith::pdf

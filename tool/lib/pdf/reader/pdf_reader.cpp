#include "pdf/reader/pdf_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <unordered_map>

#include "io/mapped_file.hpp"
#include "pdf/reader/file_sweep.hpp"
#include "pdf/reader/filters.hpp"
#include "pdf/reader/object_parser.hpp"
#include "pdf/reader/qpdf_objects.hpp"
#include "pdf/reader/xref.hpp"

namespace pith::pdf {

namespace {
std::string objName(std::uint32_t num) { return "object " + std::to_string(num); }

// The resolved cross-reference entries of one view, by object number: an array when the numbers
// are dense (every ordinary file), a hash map when they are sparse, so that one entry at object
// 7,999,999 costs one entry, not 8 million (192 MB for each view of the file).
class XrefTable {
public:
    void reserveFor(std::uint32_t highest, size_t entries) {
        dense_ = static_cast<std::uint64_t>(highest) + 1 <= 4 * static_cast<std::uint64_t>(entries) + 4096;
        if (dense_) array_.reserve(static_cast<size_t>(highest) + 1);
    }
    // Sets the entry unless an earlier (newer) section set it already.
    void setIfMissing(std::uint32_t num, const XrefEntry& e) {
        end_ = std::max<std::uint64_t>(end_, static_cast<std::uint64_t>(num) + 1);
        if (dense_) {
            if (num >= array_.size()) array_.resize(static_cast<size_t>(num) + 1);
            if (array_[num].type == XrefEntry::Type::Missing) array_[num] = e;
        } else {
            map_.emplace(num, e);
        }
    }
    const XrefEntry* find(std::uint32_t num) const {
        if (dense_) return num < array_.size() && array_[num].type != XrefEntry::Type::Missing ? &array_[num] : nullptr;
        auto it = map_.find(num);
        return it == map_.end() ? nullptr : &it->second;
    }
    std::uint64_t end() const { return end_; }  // highest object number + 1

private:
    bool dense_ = true;
    std::uint64_t end_ = 0;
    std::vector<XrefEntry> array_;
    std::unordered_map<std::uint32_t, XrefEntry> map_;
};

struct ObjectStreamData {
    std::string data;
    std::vector<std::pair<std::uint32_t, std::uint64_t>> header;  // (object number, offset from /First)
    std::uint64_t first = 0;
};
}  // namespace

struct PdfReader::Impl {
    std::shared_ptr<const void> buffer;  // owns the bytes: a string, or a read-only mapping of the file
    std::string_view file;               // the bytes, or a prefix of them
    int descriptor = -1;                 // the mapped file's, which holds the first onDisk bytes
    std::uint64_t onDisk = 0;
    Limits limits;
    std::shared_ptr<const std::vector<Revision>> revisions;
    // Sections parsed while finding the revisions, shared by every view of the file (read-only).
    std::shared_ptr<const XrefSections> sections;
    std::shared_ptr<DecodeBudget> budget;  // shared by every view of the file
    size_t revisionIndex = 0;
    std::string_view view;  // the file prefix of the viewed revision
    XrefTable xref;
    Dictionary trailer;
    bool encrypted = false;
    std::uint32_t size = 0;
    // Encrypted files: the password tried (empty: the user password most encrypted files ship with),
    // and the security handler, opened when the first object is read, so that opening an encrypted
    // file for its revisions or to refuse it needs no password.
    std::string password;
    // The objects as libqpdf reads them: an encrypted file's, decrypted, or a damaged file's, as
    // libqpdf rebuilt it (qpdf_objects.hpp).
    mutable std::shared_ptr<QpdfObjects> qpdf;
    // Why pith's own reading of the cross-reference data failed, when the file is read as libqpdf
    // rebuilt it: one revision, the whole file (see PdfReader::repaired).
    std::optional<std::string> repaired;

    // Damage recovered from: while finding the revisions (shared by every view of the file), and
    // while reading this view's objects.
    std::shared_ptr<const std::vector<PdfWarning>> fileWarnings;
    mutable std::vector<PdfWarning> warnings;
    std::vector<std::string> hybridConflicts;                      // see ambiguousEntries()
    mutable std::map<size_t, std::vector<std::string>> ambiguous;  // by limit: every page's check asks

    FileSweep sweep(std::string_view bytes) const { return FileSweep(bytes, descriptor, onDisk); }

    mutable std::unordered_map<std::uint32_t, Object> cache;
    // The object streams decoded last, most recent first: a walk over every page of a large file
    // reads objects from most of its object streams, and keeping each decoded stream would hold
    // the file's decoded size (160 MB for the 53 MB benchmark file). The objects parsed from them
    // stay in `cache`; a stream decoded again is charged to the budget again.
    static constexpr size_t kObjectStreamsKept = 16;
    mutable std::vector<std::pair<std::uint32_t, std::shared_ptr<ObjectStreamData>>> objectStreams;
    mutable std::set<std::uint32_t> inProgress;  // objects being parsed: catches /Length and stream cycles

    // A new view of the same file (its bytes, or a prefix of them): the same owner, limits,
    // password and decode budget (one budget for every reading of the file), nothing read yet.
    std::shared_ptr<Impl> sameFile(std::string_view bytes) const {
        auto impl = std::make_shared<Impl>();
        impl->buffer = buffer;
        impl->file = bytes;
        impl->descriptor = descriptor;
        impl->onDisk = onDisk;
        impl->limits = limits;
        impl->password = password;
        impl->budget = budget;
        return impl;
    }
    // Highest object number + 1 over the loaded xref and the trailer's /Size (within the limit).
    std::uint32_t sizeOf() const {
        std::int64_t declared = 0;
        if (const Object* sz = trailer.find("Size"); sz && sz->isInt()) declared = sz->asInt();
        declared = std::clamp<std::int64_t>(declared, 0, limits.maxObjectNumber + 1ll);
        return static_cast<std::uint32_t>(std::max<std::int64_t>(declared, static_cast<std::int64_t>(xref.end())));
    }
    void load();
    // Finds the revisions of `file` and loads the last; repairs the file when its structure is
    // refused (repair()).
    void readStructure();
    void repair(const PdfError& refused);
    Object object(std::uint32_t num, bool keep = true) const;
    Object objectAt(Ref ref, bool keep = true) const;
    Object parseInFile(std::uint32_t num, const XrefEntry& e) const;
    Object parseInObjectStream(std::uint32_t num, const XrefEntry& e) const;
    // Readers differ on which value of a key given twice counts (pith and MuPDF take the last,
    // poppler the first of a dictionary of 32 keys or more): viewers may then draw different pages.
    void warnDuplicateKey(std::uint32_t num, const ObjectParser::DuplicateKey& d) const {
        warnings.push_back({objName(num) + ": key /" + d.key +
                                " given twice in a dictionary (viewers take different ones: poppler the first, MuPDF the last)",
                            num, d.offset, true});
    }
    std::shared_ptr<ObjectStreamData> objectStream(std::uint32_t num) const;
    Object resolve(const Object& o, bool keep = true) const;
    bool mayHoldKey(Ref ref, std::string_view key) const;
    std::string decode(const Object& stream) const;
};

void PdfReader::Impl::load() {
    const Revision& rev = (*revisions)[revisionIndex];
    view = file.substr(0, rev.endOffset);
    XrefSections local;
    auto sectionAt = [&](std::uint64_t offset) -> const XrefSection& {
        if (sections) {
            auto shared = sections->find(offset);
            if (shared != sections->end()) return shared->second;
        }
        auto it = local.find(offset);
        if (it != local.end()) return it->second;
        return local.emplace(offset, parseXrefSection(view, offset, limits, budget.get())).first->second;
    };
    std::vector<std::uint64_t> chain = sectionChain(view, rev.startxref, limits, sectionAt);
    std::uint32_t highest = 0;
    size_t entries = 0;
    for (std::uint64_t offset : chain) {
        for (const auto& [num, e] : sectionAt(offset).entries) highest = std::max(highest, num);
        entries += sectionAt(offset).entries.size();
    }
    xref.reserveFor(highest, entries);
    auto apply = [&](std::uint32_t num, const XrefEntry& e) { xref.setIfMissing(num, e); };
    trailer = rev.trailer;
    for (size_t i = 0; i < chain.size(); ++i) {
        const XrefSection& s = sectionAt(chain[i]);
        // pdf.js drops a table that gives object 0 in use, and every section it chains to.
        if (s.kind == XrefKind::Table && std::any_of(s.entries.begin(), s.entries.end(), [](const auto& e) {
                return e.first == 0 && e.second.type != XrefEntry::Type::Free;
            }))
            warnings.push_back({"the xref table at byte " + std::to_string(s.offset) +
                                    " gives object 0 in use: pdf.js drops that section and the ones before it",
                                std::nullopt, s.offset, true});
        // A trailer key given twice: viewers may take another /Root, /Info or /Prev (poppler the
        // first of a large dictionary, MuPDF the last), so they show another document.
        if (s.duplicateKey)
            warnings.push_back({"the trailer of the xref section at byte " + std::to_string(s.offset) + " states /" +
                                    *s.duplicateKey + " twice (viewers take different ones: poppler the first, MuPDF the last)",
                                std::nullopt, s.offset, true});
        const XrefSection* stm = nullptr;
        if (s.xrefStm && i + 1 < chain.size() && chain[i + 1] == *s.xrefStm) stm = &sectionAt(chain[++i]);
        // Hybrid files: the table's in-use entries, then the /XRefStm entries, then the table's free ones.
        for (const auto& [num, e] : s.entries)
            if (e.type != XrefEntry::Type::Free) apply(num, e);
        if (stm) {
            for (const auto& [num, e] : stm->entries) apply(num, e);
            std::set<std::uint32_t> inStream;
            for (const auto& [num, e] : stm->entries)
                if (e.type != XrefEntry::Type::Free) inStream.insert(num);
            for (const auto& [num, e] : s.entries)
                if (e.type == XrefEntry::Type::Free && num != 0 && inStream.count(num) && hybridConflicts.size() < 100)
                    hybridConflicts.push_back("object " + std::to_string(num) + " is free in the xref table at byte " +
                                              std::to_string(s.offset) +
                                              " and in use in its /XRefStm: MuPDF and pdf.js take it as free");
        }
        for (const auto& [num, e] : s.entries)
            if (e.type == XrefEntry::Type::Free) apply(num, e);
        // Keys an update's trailer may leave out are taken from older trailers.
        for (const char* key : {"Root", "Info", "ID", "Encrypt"})
            if (!trailer.has(key) && s.trailer.has(key)) trailer.set(key, *s.trailer.find(key));
    }
    encrypted = trailer.has("Encrypt");
    size = sizeOf();
}

bool isRepairable(const PdfError& e) {
    return !dynamic_cast<const PdfEncryptedError*>(&e) &&
           (e.kind() == PdfErrorKind::Structure || e.kind() == PdfErrorKind::Syntax || e.kind() == PdfErrorKind::CrossReference);
}

void PdfReader::Impl::readStructure() {
    try {
        if (file.substr(0, std::min<size_t>(file.size(), 1024)).find("%PDF-") == std::string_view::npos)
            throw PdfError("not a PDF file: no %PDF- header in the first 1024 bytes");
        auto parsed = std::make_shared<XrefSections>();
        auto found = std::make_shared<std::vector<PdfWarning>>();
        const FileSweep fileSweep = sweep(file);
        revisions = std::make_shared<const std::vector<Revision>>(
            findRevisions(file, limits, parsed.get(), budget.get(), found.get(), &fileSweep));
        fileWarnings = std::move(found);
        sections = std::move(parsed);
        revisionIndex = revisions->size() - 1;
        load();
    } catch (const PdfError& e) {
        if (!isRepairable(e)) throw;
        repair(e);
    }
}

// Viewers open a file whose cross-reference data is broken by rebuilding it from the objects
// they find in the bytes; so does libqpdf, which is the reference the tests measure this reader
// against. Such a file is read as libqpdf rebuilds it, as one revision spanning the whole file, and
// every view of it says so (PdfReader::repaired, and a warning that viewers differ): viewers
// rebuild damaged files in different ways, so nothing a viewer shows of it can be vouched for.
void PdfReader::Impl::repair(const PdfError& refused) {
    std::shared_ptr<QpdfObjects> rebuilt;
    Dictionary rebuiltTrailer;
    std::vector<std::pair<std::uint32_t, XrefEntry>> entries;
    try {
        rebuilt = std::make_shared<QpdfObjects>(file, password, limits, QpdfObjects::Mode::Repair);
        rebuiltTrailer = rebuilt->trailer();
        entries = rebuilt->entries();
    } catch (const PdfEncryptedError&) {
        throw;  // damaged and encrypted: the password is what is missing
    } catch (const PdfError&) {
        throw refused;  // libqpdf cannot rebuild it within the limits either: pith's own reason names the problem
    }
    if (!rebuiltTrailer.has("Root")) throw refused;
    std::uint32_t highest = 0;
    for (const auto& [num, e] : entries) highest = std::max(highest, num);
    xref = XrefTable();
    xref.reserveFor(highest, entries.size());
    Revision whole;
    whole.endOffset = file.size();
    whole.trailer = rebuiltTrailer;
    for (const auto& [num, e] : entries) {
        xref.setIfMissing(num, e);
        whole.definedObjects.push_back(num);
    }
    std::sort(whole.definedObjects.begin(), whole.definedObjects.end());
    trailer = std::move(rebuiltTrailer);
    encrypted = trailer.has("Encrypt");
    size = sizeOf();
    view = file;
    qpdf = std::move(rebuilt);
    revisions = std::make_shared<const std::vector<Revision>>(std::vector<Revision>{std::move(whole)});
    revisionIndex = 0;
    sections = std::make_shared<XrefSections>();
    hybridConflicts.clear();
    repaired = refused.what();
    fileWarnings = std::make_shared<const std::vector<PdfWarning>>(std::vector<PdfWarning>{
        {"the file is damaged (" + *repaired + "): it is read as qpdf rebuilds it, and viewers may rebuild it differently",
         std::nullopt, refused.offset(), true}});
}

Object PdfReader::Impl::object(std::uint32_t num, bool keep) const {
    if (encrypted && !qpdf) qpdf = std::make_shared<QpdfObjects>(view, password, limits, QpdfObjects::Mode::Decrypt);
    const XrefEntry* found = xref.find(num);
    if (!found || found->type == XrefEntry::Type::Free) return Object();
    const XrefEntry& e = *found;
    auto it = cache.find(num);
    if (it != cache.end()) return it->second;
    if (!inProgress.insert(num).second) throw PdfError(objName(num) + " refers to itself while being parsed");
    Object o;
    try {
        if (qpdf) {
            o = qpdf->object({num, e.type == XrefEntry::Type::InObjectStream ? std::uint16_t(0) : e.gen});
            for (PdfWarning& w : qpdf->takeWarnings()) warnings.push_back(std::move(w));
        } else {
            o = e.type == XrefEntry::Type::InFile ? parseInFile(num, e) : parseInObjectStream(num, e);
        }
    } catch (const PdfError& error) {
        inProgress.erase(num);
        if (error.object() || dynamic_cast<const PdfEncryptedError*>(&error)) throw;
        // The object being read, for callers that report where (the message names the byte).
        throw PdfError(error.what(), error.kind(), num,
                       error.offset()
                           ? error.offset()
                           : (e.type == XrefEntry::Type::InFile ? std::optional<std::uint64_t>(e.offset) : std::nullopt));
    } catch (...) {
        inProgress.erase(num);
        throw;
    }
    inProgress.erase(num);
    if (!keep) return o;
    return cache.emplace(num, std::move(o)).first->second;
}

Object PdfReader::Impl::parseInFile(std::uint32_t num, const XrefEntry& e) const {
    LengthResolver lengthOf = [this](Ref r) -> std::optional<std::int64_t> {
        Object len = object(r.num);
        if (len.isInt()) return len.asInt();
        return std::nullopt;
    };
    IndirectObject io = parseIndirectObject(view, e.offset, limits, lengthOf);
    if (io.lengthRepaired)
        warnings.push_back({objName(num) + ": wrong stream /Length, data read up to \"endstream\" (MuPDF reads /Length bytes)",
                            num, e.offset, true});
    if (io.duplicateKey) warnDuplicateKey(num, *io.duplicateKey);
    if (io.ref.num != num)
        throw PdfError("xref entry of " + objName(num) + " points at object " + std::to_string(io.ref.num) + " (byte " +
                       std::to_string(e.offset) + ")");
    return std::move(io.value);
}

std::shared_ptr<ObjectStreamData> PdfReader::Impl::objectStream(std::uint32_t num) const {
    auto it = std::find_if(objectStreams.begin(), objectStreams.end(), [&](const auto& kept) { return kept.first == num; });
    if (it != objectStreams.end()) {
        std::rotate(objectStreams.begin(), it, it + 1);
        return objectStreams.front().second;
    }
    if (!xref.find(num) || xref.find(num)->type != XrefEntry::Type::InFile)
        throw PdfError("object stream " + std::to_string(num) + " is missing or itself compressed");
    Object s = object(num);
    if (!s.isStream()) throw PdfError("object stream " + std::to_string(num) + " is not a stream");
    auto result = std::make_shared<ObjectStreamData>();
    result->data = decode(s);
    const Object* n = s.get("N");
    const Object* first = s.get("First");
    if (!n || !n->isInt() || !first || !first->isInt() || n->asInt() < 0 || first->asInt() < 0 ||
        static_cast<std::uint64_t>(first->asInt()) > result->data.size())
        throw PdfError("object stream " + std::to_string(num) + ": bad /N or /First");
    result->first = static_cast<std::uint64_t>(first->asInt());
    ObjectParser p(std::string_view(result->data).substr(0, result->first), limits.maxDepth);
    for (std::int64_t i = 0; i < n->asInt(); ++i) {
        auto objNum = p.acceptUnsigned();
        auto off = objNum ? p.acceptUnsigned() : std::nullopt;
        if (!objNum || !off) throw PdfError("object stream " + std::to_string(num) + ": malformed header");
        result->header.emplace_back(static_cast<std::uint32_t>(std::min<std::uint64_t>(*objNum, UINT32_MAX)), *off);
    }
    objectStreams.insert(objectStreams.begin(), {num, result});
    if (objectStreams.size() > kObjectStreamsKept) objectStreams.pop_back();
    return result;
}

Object PdfReader::Impl::parseInObjectStream(std::uint32_t num, const XrefEntry& e) const {
    auto os = objectStream(e.streamObject);
    const std::string where = objName(num) + " in object stream " + std::to_string(e.streamObject);
    // A wrong index in the xref is looked up by number in the stream's header, as qpdf does.
    size_t index = e.index;
    if (index >= os->header.size() || os->header[index].first != num) {
        warnings.push_back(
            {where + ": the xref gives index " + std::to_string(e.index) + ", found by number instead", num, std::nullopt, true});
        index = 0;
        while (index < os->header.size() && os->header[index].first != num) ++index;
        if (index == os->header.size())
            throw PdfError(where + ": the stream does not hold it (xref index " + std::to_string(e.index) + ")");
    }
    // Viewers disagree on which copy of a number listed twice is the object (poppler and pdf.js
    // take the item the xref names, MuPDF the first).
    if (size_t copies = std::count_if(os->header.begin(), os->header.end(), [&](const auto& h) { return h.first == num; });
        copies > 1)
        warnings.push_back(
            {where + ": the stream holds " + std::to_string(copies) + " objects of that number, which viewers pick differently",
             num, std::nullopt, true});
    auto [headerNum, off] = os->header[index];
    if (os->first + off >= os->data.size()) throw PdfError(where + ": offset out of range");
    ObjectParser p(os->data, limits.maxDepth);
    p.seek(os->first + off);
    Object o = p.parseObject();
    if (p.duplicateKey()) warnDuplicateKey(num, {p.duplicateKey()->key, e.offset});
    return o;
}

// A reference names an object and a generation; one whose generation is not the object's current one
// is a reference to an undefined object, which the PDF spec (7.3.10) makes null. Readers that ignore
// generations could otherwise see an annotation or a stream that conforming viewers do not.
Object PdfReader::Impl::objectAt(Ref ref, bool keep) const {
    const XrefEntry* found = xref.find(ref.num);
    if (!found) return Object();
    const XrefEntry& e = *found;
    std::uint16_t current = e.type == XrefEntry::Type::InObjectStream ? 0 : e.gen;
    if (e.type == XrefEntry::Type::InFile || e.type == XrefEntry::Type::InObjectStream)
        if (ref.gen != current) return Object();
    return object(ref.num, keep);
}

Object PdfReader::Impl::resolve(const Object& o, bool keep) const {
    Object current = o;
    for (int i = 0; current.isRef(); ++i) {
        if (i > limits.maxDepth) throw PdfError("reference chain too long at " + objName(current.asRef().num));
        current = objectAt(current.asRef(), keep);
    }
    return current;
}

std::string PdfReader::Impl::decode(const Object& stream) const {
    if (!stream.isStream()) throw PdfError("expected a stream");
    if (stream.get("F")) throw PdfError("stream data in an external file is not supported");
    const Object* filter = stream.get("Filter");
    const Object* parms = stream.get("DecodeParms");
    return decodeFilters(stream.streamData(), filter ? *filter : Object(), parms ? *parms : Object(), limits.maxDecodedSize,
                         budget.get(), [this](const Object& o) { return resolve(o); });
}

PdfReader::PdfReader(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

namespace {

// A regular file is read into memory with pread, never mapped: a mapped file that another process
// truncates while it is read ends the process with SIGBUS. A file that grows or shrinks during the
// read is refused; once read, later changes to the file do not matter.
std::string readRegularFile(int fd, std::uint64_t size) {
    const std::string changed = "the file changed while it was read (another process is writing it)";
    std::string bytes(static_cast<size_t>(size), '\0');
    size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::pread(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
        if (n < 0) {
            if (errno == EINTR) continue;
            throw PdfError(std::string("cannot read: ") + std::strerror(errno), PdfErrorKind::Io);
        }
        if (n == 0) throw PdfError(changed, PdfErrorKind::Io);
        done += static_cast<size_t>(n);
    }
    struct stat after {};
    if (::fstat(fd, &after) != 0) throw PdfError(std::string("cannot read: ") + std::strerror(errno), PdfErrorKind::Io);
    if (static_cast<std::uint64_t>(after.st_size) != size) throw PdfError(changed, PdfErrorKind::Io);
    return bytes;
}

}  // namespace

PdfReader PdfReader::fromBuffer(std::shared_ptr<const void> owner, std::string_view bytes, Limits limits, std::string password) {
    return open(std::move(owner), bytes, -1, 0, limits, std::move(password));
}

PdfReader PdfReader::fromMappedFile(const std::shared_ptr<const io::MappedFile>& file, std::string_view bytes, Limits limits,
                                    std::string password) {
    return open(file, bytes, file->descriptor(), file->size(), limits, std::move(password));
}

PdfReader PdfReader::open(std::shared_ptr<const void> owner, std::string_view bytes, int descriptor, std::uint64_t onDisk,
                          Limits limits, std::string password) {
    if (bytes.size() > limits.maxFileSize)
        throw PdfError("file larger than the limit of " + std::to_string(limits.maxFileSize >> 20) + " MiB", PdfErrorKind::Limit);
    auto impl = std::make_shared<Impl>();
    impl->buffer = std::move(owner);
    impl->file = bytes;
    impl->descriptor = descriptor;
    impl->onDisk = onDisk;
    impl->limits = limits;
    impl->password = std::move(password);
    impl->budget = std::make_shared<DecodeBudget>(limits.maxDocumentDecodedSize);
    impl->readStructure();
    return PdfReader(impl);
}

PdfReader PdfReader::fromBytes(std::string bytes, Limits limits, std::string password) {
    auto owner = std::make_shared<const std::string>(std::move(bytes));
    std::string_view view = *owner;
    return fromBuffer(std::move(owner), view, limits, std::move(password));
}

PdfReader PdfReader::openFile(const std::filesystem::path& pathOrDash, Limits limits, std::string password) {
    // Messages name no file: the caller puts its own name for the input in front.
    const std::string tooLarge = "larger than the limit of " + std::to_string(limits.maxFileSize >> 20) + " MiB";
    std::string bytes;
    if (pathOrDash == "-") {
        // Read in chunks up to the limit: a pipe may never end.
        char chunk[1 << 16];
        while (std::cin.read(chunk, sizeof chunk) || std::cin.gcount() > 0) {
            bytes.append(chunk, static_cast<size_t>(std::cin.gcount()));
            if (bytes.size() > limits.maxFileSize) throw PdfError(tooLarge, PdfErrorKind::Limit);
        }
        if (std::cin.bad()) throw PdfError("cannot read standard input", PdfErrorKind::Io);
        return fromBytes(std::move(bytes), limits, std::move(password));
    }
    int fd = ::open(pathOrDash.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw PdfError(std::string("cannot open: ") + std::strerror(errno), PdfErrorKind::Io);
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw PdfError(std::string("cannot read: ") + std::strerror(errno), PdfErrorKind::Io);
    if (S_ISDIR(st.st_mode)) throw PdfError("is a directory, not a PDF file", PdfErrorKind::Io);
    if (S_ISREG(st.st_mode)) {
        if (static_cast<std::uint64_t>(st.st_size) > limits.maxFileSize) throw PdfError("file " + tooLarge, PdfErrorKind::Limit);
        return fromBytes(readRegularFile(fd, static_cast<std::uint64_t>(st.st_size)), limits, std::move(password));
    }
    // Anything else (a pipe, a device): read to the end, up to the limit.
    char chunk[1 << 16];
    for (;;) {
        ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw PdfError(std::string("cannot read: ") + std::strerror(errno), PdfErrorKind::Io);
        }
        if (n == 0) break;
        bytes.append(chunk, static_cast<size_t>(n));
        if (bytes.size() > limits.maxFileSize) throw PdfError("file " + tooLarge, PdfErrorKind::Limit);
    }
    return fromBytes(std::move(bytes), limits, std::move(password));
}

PdfReader PdfReader::atRevision(size_t index) const {
    if (index >= impl_->revisions->size()) throw PdfError("no revision " + std::to_string(index));
    if (impl_->repaired) return PdfReader(impl_);  // one revision: the file as rebuilt
    auto impl = impl_->sameFile(impl_->file);
    impl->revisions = impl_->revisions;
    impl->sections = impl_->sections;
    impl->fileWarnings = impl_->fileWarnings;
    impl->revisionIndex = index;
    impl->load();
    return PdfReader(impl);
}

PdfReader PdfReader::rebuilt(const PdfError& refused) const {
    if (impl_->repaired) return PdfReader(impl_);
    auto impl = impl_->sameFile(impl_->file);
    impl->repair(refused);
    return PdfReader(impl);
}

PdfReader PdfReader::prefix(std::uint64_t length) const {
    if (length > impl_->file.size()) throw PdfError("a prefix of " + std::to_string(length) + " bytes is longer than the file");
    if (impl_->repaired && length == impl_->file.size()) return PdfReader(impl_);
    auto impl = impl_->sameFile(impl_->file.substr(0, length));
    if (impl->file.substr(0, std::min<size_t>(impl->file.size(), 1024)).find("%PDF-") == std::string_view::npos)
        throw PdfError("the first " + std::to_string(length) + " bytes are not a PDF file: no %PDF- header");
    // A prefix that ends where a revision ends holds exactly the revisions up to it, whose sections
    // lie inside it: they are shared, not found and parsed again.
    const auto& revs = *impl_->revisions;
    size_t ending = 0;
    while (ending < revs.size() && revs[ending].endOffset < length) ++ending;
    if (!impl_->repaired && ending < revs.size() && revs[ending].endOffset == length) {
        impl->revisions =
            std::make_shared<const std::vector<Revision>>(revs.begin(), revs.begin() + static_cast<std::ptrdiff_t>(ending) + 1);
        impl->sections = impl_->sections;
        impl->fileWarnings = impl_->fileWarnings;
        impl->revisionIndex = impl->revisions->size() - 1;
        impl->load();
    } else {
        impl->readStructure();
    }
    return PdfReader(impl);
}

std::string_view PdfReader::bytes() const { return impl_->file; }
std::shared_ptr<const void> PdfReader::bytesOwner() const { return impl_->buffer; }
const Limits& PdfReader::limits() const { return impl_->limits; }
const std::string& PdfReader::password() const { return impl_->password; }
const std::vector<Revision>& PdfReader::revisions() const { return *impl_->revisions; }
size_t PdfReader::revisionIndex() const { return impl_->revisionIndex; }
const Dictionary& PdfReader::trailer() const { return impl_->trailer; }
bool PdfReader::encrypted() const { return impl_->encrypted; }
const std::optional<std::string>& PdfReader::repaired() const { return impl_->repaired; }
std::vector<std::string> PdfReader::ambiguousEntries(size_t limit) const {
    const Impl& m = *impl_;
    if (auto known = m.ambiguous.find(limit); known != m.ambiguous.end()) return known->second;
    // Every in-use entry's offset, visited in file order through pieces of the file (file_sweep.hpp):
    // a large file has an object every few KB, and reading each through the mapping would make
    // all of it resident.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> inFile;  // (offset, object number)
    std::vector<std::uint32_t> wrong;
    for (std::uint64_t num = 1; num < m.xref.end(); ++num) {
        const XrefEntry* e = m.xref.find(static_cast<std::uint32_t>(num));
        if (!e || e->type != XrefEntry::Type::InFile) continue;
        if (e->offset < m.view.size())
            inFile.emplace_back(e->offset, static_cast<std::uint32_t>(num));
        else
            wrong.push_back(static_cast<std::uint32_t>(num));
    }
    std::sort(inFile.begin(), inFile.end());
    // "N G obj" is read from a piece that holds kHeadRoom bytes from the offset (or the rest of the
    // file). Where it does not read as the object, or its "obj" ends the piece (more may follow),
    // it is read again from the view itself: a piece's end never decides.
    constexpr size_t kPiece = 1 << 20, kHeadRoom = 4096;
    const FileSweep sweep = m.sweep(m.view);
    std::string buffer;
    std::string_view piece;
    std::uint64_t pieceAt = 0;
    auto holdsObject = [&](std::string_view data, std::uint64_t at, std::uint32_t num, bool* endsData) {
        ObjectParser p(data, m.limits.maxDepth);
        p.seek(static_cast<size_t>(at));
        auto n = p.acceptUnsigned();
        auto g = n ? p.acceptUnsigned() : std::nullopt;
        const bool own = n && g && *n == num && p.acceptKeyword("obj");
        *endsData = p.pos() >= data.size();
        return own;
    };
    for (const auto& [offset, num] : inFile) {
        const std::uint64_t pieceEnd = pieceAt + piece.size();
        if (offset < pieceAt || offset >= pieceEnd || (offset + kHeadRoom > pieceEnd && pieceEnd < m.view.size())) {
            pieceAt = offset;
            piece = sweep.read(offset, kPiece, buffer);
        }
        bool endsData = false;
        bool own = holdsObject(piece, offset - pieceAt, num, &endsData);
        if ((!own || endsData) && pieceAt + piece.size() < m.view.size()) own = holdsObject(m.view, offset, num, &endsData);
        if (!own) wrong.push_back(num);
    }
    std::sort(wrong.begin(), wrong.end());
    std::vector<std::string> out;
    for (std::uint32_t num : wrong) {
        if (out.size() >= limit) break;
        out.push_back("the xref entry of object " + std::to_string(num) + " (byte " + std::to_string(m.xref.find(num)->offset) +
                      ") does not point at that object: poppler then rebuilds the cross-reference table by scanning the file");
    }
    for (const std::string& h : m.hybridConflicts)
        if (out.size() < limit) out.push_back(h);
    m.ambiguous.emplace(limit, out);
    return out;
}

std::vector<PdfWarning> PdfReader::warnings() const {
    std::vector<PdfWarning> out;
    if (impl_->fileWarnings) out = *impl_->fileWarnings;
    out.insert(out.end(), impl_->warnings.begin(), impl_->warnings.end());
    return out;
}
std::uint32_t PdfReader::size() const { return impl_->size; }

XrefEntry PdfReader::entry(std::uint32_t num) const {
    const XrefEntry* e = impl_->xref.find(num);
    return e ? *e : XrefEntry{};
}
Object PdfReader::object(std::uint32_t num) const { return impl_->object(num); }
Object PdfReader::object(Ref ref) const { return impl_->objectAt(ref); }
namespace {
// True if `text` starts (after white space) with a dictionary that closes within it, read token by
// token: literal strings (nested, escaped), hex strings and comments are skipped.
bool wholeDictionary(std::string_view text) {
    size_t i = 0;
    while (i < text.size() && isPdfWhitespace(text[i])) ++i;
    if (text.substr(i, 2) != "<<") return false;
    int depth = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '(') {
            int parens = 1;
            for (++i; i < text.size() && parens > 0; ++i) {
                if (text[i] == '\\')
                    ++i;
                else if (text[i] == '(')
                    ++parens;
                else if (text[i] == ')')
                    --parens;
            }
            if (parens > 0) return false;
        } else if (c == '%') {
            while (i < text.size() && text[i] != '\n' && text[i] != '\r') ++i;
        } else if (c == '<' && i + 1 < text.size() && text[i + 1] == '<') {
            ++depth, i += 2;
        } else if (c == '>' && i + 1 < text.size() && text[i + 1] == '>') {
            i += 2;
            if (--depth == 0) return true;
        } else if (c == '<') {
            const size_t close = text.find('>', i);
            if (close == std::string_view::npos) return false;
            i = close + 1;
        } else {
            ++i;
        }
    }
    return false;
}
}  // namespace

// The object's own bytes, searched for "/key" and for '#' (a name escape could spell the key).
// True whenever that cannot be told cheaply: encrypted, already parsed, in an object stream whose
// header does not list it once.
bool PdfReader::Impl::mayHoldKey(Ref ref, std::string_view key) const {
    const XrefEntry* e = xref.find(ref.num);
    if (!e || e->type == XrefEntry::Type::Free || qpdf || encrypted || cache.count(ref.num)) return true;
    const std::string token = "/" + std::string(key);
    // Only a region that holds the whole object can tell: its first dictionary must close inside
    // it (a next object's offset inside this one, or "endobj" in a string, would cut it short).
    auto holds = [&](std::string_view text) {
        return !wholeDictionary(text) || text.find(token) != std::string_view::npos || text.find('#') != std::string_view::npos;
    };
    if (e->type == XrefEntry::Type::InFile) {
        constexpr size_t kWindow = 1 << 20;  // an annotation dictionary is far smaller
        if (e->offset >= file.size()) return true;
        const std::string_view rest = file.substr(e->offset, kWindow);
        const size_t header = rest.find("obj"), end = rest.find("endobj");
        return header == std::string_view::npos || end == std::string_view::npos || end < header ||
               holds(rest.substr(header + 3, end - header - 3));
    }
    std::shared_ptr<ObjectStreamData> os = objectStream(e->streamObject);
    std::optional<std::uint64_t> start, end;
    for (const auto& [num, off] : os->header) {
        if (num == ref.num) {
            if (start) return true;  // listed twice: viewers pick differently, the parse warns
            start = off;
        }
    }
    if (!start) return true;
    for (const auto& [num, off] : os->header)
        if (off > *start && (!end || off < *end)) end = off;
    const std::uint64_t from = os->first + *start, to = end ? os->first + *end : os->data.size();
    if (from >= os->data.size() || to > os->data.size() || to < from) return true;
    return holds(std::string_view(os->data).substr(from, to - from));
}

Object PdfReader::resolve(const Object& o) const { return impl_->resolve(o); }
bool PdfReader::mayHoldKey(Ref ref, std::string_view key) const { return impl_->mayHoldKey(ref, key); }
Object PdfReader::resolveUnkept(const Object& o) const { return impl_->resolve(o, false); }
std::string PdfReader::decodeStream(const Object& stream) const { return impl_->decode(stream); }

}  // namespace pith::pdf

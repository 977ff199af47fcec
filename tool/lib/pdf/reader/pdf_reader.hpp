#pragma once
// A lazy, bounded PDF reader for hostile input.
//
// Contract
// - The file is mapped read-only (or, from stdin, held in one string); parsing is lazy: opening scans the tail
//   for revisions and reads the cross-reference sections (tables, xref streams, hybrid /XRefStm),
//   nothing else. An object is parsed when asked for; an object stream is decompressed only when an
//   object inside it is asked for (and then cached).
// - Every problem ends in PdfError (PdfEncryptedError for /Encrypt) with one line naming the problem
//   and the byte offset or object number. No recursion without a depth bound, no unbounded
//   allocation: see Limits. Reference cycles (/Length, /Parent, /Kids, name trees) are detected.
// - Revisions: every `startxref N` + `%%EOF` whose N points at an xref table or an xref stream ends
//   a revision (`startxref 0` of a linearized first-page section is skipped; bytes after the last
//   %%EOF are tolerated). A reader can be opened "as of" any revision: it then sees the file prefix
//   up to that revision's %%EOF and resolves objects through that revision's xref chain only.
// - Encrypted files are decrypted through libqpdf (qpdf_objects.hpp): objects only, the
//   cross-reference chain and the revisions stay this reader's.
// - Damaged files, whose cross-reference data this reader refuses, are read as libqpdf rebuilds
//   them (qpdf_objects.hpp): one revision, the whole file, marked repaired().
// - Not supported (PdfError): filters other than
//   FlateDecode (with PNG/TIFF predictors), ASCIIHexDecode, ASCII85Decode when a stream must be
//   decoded.
//
// Why a tokenizer of our own instead of PoDoFo's PdfParser: PdfParser parses every object stream
// at load (1.3 s and 221 MB on a 56 MB file), trusts /Size for its allocation, cannot be opened at
// a given revision and cannot count revisions. The grammar needed here (objects, xref tables and
// streams, object streams) is small; zlib does the decompression under a size cap.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pdf/reader/pdf_object.hpp"

namespace pith::io {
class MappedFile;
}

namespace pith::pdf {

struct Limits {
    std::uint32_t maxObjectNumber = 8'000'000;     // highest object number accepted in an xref
    std::uint64_t maxStreamLength = 512ull << 20;  // encoded bytes of one stream
    std::uint64_t maxDecodedSize = 256ull << 20;   // decoded bytes of one stream (Flate bombs)
    // Decoded bytes of all streams of one file together, over every view of it (revisions,
    // prefixes): bounds the time spent inflating, whatever the number of streams or of reads.
    std::uint64_t maxDocumentDecodedSize = 1ull << 30;
    int maxDepth = 64;  // nesting of arrays/dicts, ref chains, trees
    std::uint32_t maxRevisions = 10'000;
    std::uint32_t maxXrefSections = 10'000;  // /Prev chain length
    // The file is held in memory: with the decoded-stream cap this keeps a reader under 1 GiB.
    std::uint64_t maxFileSize = 768ull << 20;
};

enum class XrefKind { Table, Stream };

struct Revision {
    std::uint64_t startxref = 0;  // offset of the revision's (last) xref section
    std::uint64_t endOffset = 0;  // length of the file prefix that is this revision: just past
                                  // "%%EOF" and the end-of-line that follows it, if any
    XrefKind kind = XrefKind::Table;
    bool hybrid = false;  // classic table with /XRefStm
    Dictionary trailer;   // trailer dict (or xref stream dict) of the section at startxref
    // Object numbers given an in-use entry by the xref sections this revision added (the sections
    // reachable from its startxref but not from the previous revision's), sorted.
    std::vector<std::uint32_t> definedObjects;
    std::vector<std::uint32_t> freedObjects;  // same, for free entries (excluding object 0)
};

// One cross-reference entry as resolved for the viewed revision.
struct XrefEntry {
    enum class Type : std::uint8_t { Missing, Free, InFile, InObjectStream };
    Type type = Type::Missing;
    std::uint16_t gen = 0;
    std::uint64_t offset = 0;        // InFile: byte offset of "N G obj"
    std::uint32_t streamObject = 0;  // InObjectStream: number of the object stream
    std::uint32_t index = 0;         // InObjectStream: index inside it
};

struct Rect {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // normalised: x0 <= x1, y0 <= y1
    double width() const { return x1 - x0; }
    double height() const { return y1 - y0; }
};

struct PageInfo {
    std::uint32_t index = 0;          // 0-based
    Ref ref;                          // the page object
    Dictionary dict;                  // the page dictionary as stored (nothing inherited merged in)
    Dictionary resources;             // resolved /Resources, inherited if the page has none
    bool resourcesInherited = false;  // true if taken from an ancestor /Pages node
    bool resourcesIndirect = false;   // true if the page's own /Resources is a reference
    Rect mediaBox;                    // inherited if needed; default Letter if absent everywhere
    Rect cropBox;                     // inherited; clipped to mediaBox; = mediaBox if absent
    int rotate = 0;                   // inherited, normalised to 0, 90, 180 or 270
    // Why viewers may lay the page out differently: a /MediaBox or /CropBox that is not four
    // numbers, a /Rotate that is not a multiple of 90.
    std::optional<std::string> boxDoubt;
};

struct Annotation {
    std::optional<Ref> ref;  // absent for a direct dictionary inside /Annots
    Dictionary dict;
};

struct EmbeddedFile {
    std::string name;  // name-tree key, decoded to UTF-8
    std::optional<Ref> fileSpecRef;
    Dictionary fileSpec;
    std::optional<Ref> streamRef;  // the /EF /F (or /UF) stream
    Dictionary streamDict;
    std::string data;  // decoded file bytes, filled only by embeddedFile(name)
};

class PdfReader {
public:
    // Reads a file ("-" = stdin) into memory. Throws PdfError (also for I/O problems: "cannot open:
    // <strerror>", "is a directory, ..."); the messages do not repeat the path, callers name it.
    // `password` opens an encrypted file (as user or owner password; empty by default, the user
    // password most encrypted files have); it is tried when the first object is read.
    static PdfReader openFile(const std::filesystem::path& pathOrDash, Limits limits = {}, std::string password = {});
    static PdfReader fromBytes(std::string bytes, Limits limits = {}, std::string password = {});
    // Bytes owned by `owner` (kept alive as long as any view of the file).
    static PdfReader fromBuffer(std::shared_ptr<const void> owner, std::string_view bytes, Limits limits = {},
                                std::string password = {});
    // The bytes of a mapped file (or the file followed by what MappedFile::append wrote): the
    // passes over the whole file read it through the file's descriptor (file_sweep.hpp), so that
    // only the pages of the objects parsed become resident.
    static PdfReader fromMappedFile(const std::shared_ptr<const io::MappedFile>& file, std::string_view bytes, Limits limits = {},
                                    std::string password = {});

    // The same file seen as of revision `index` (0 = oldest): prefix up to its endOffset.
    PdfReader atRevision(size_t index) const;
    // The file's first `length` bytes as a file of their own (sharing the memory): what a stamp
    // was appended to. Throws PdfError if they are not a readable PDF.
    PdfReader prefix(std::uint64_t length) const;
    // The same bytes read as libqpdf rebuilds them (repaired() then says `refused`): for damage
    // found only when an object is read (a dictionary key that is not a name, a /Root that is no
    // dictionary), which opening did not meet. Throws `refused` when libqpdf cannot rebuild the file.
    PdfReader rebuilt(const PdfError& refused) const;

    std::string_view bytes() const;  // the whole file (or prefix)
    // What keeps bytes() alive: holding it lets work that may outlive this reader (poppler under
    // its time limit, view/time_limit.hpp) read them without a copy.
    std::shared_ptr<const void> bytesOwner() const;
    const Limits& limits() const;
    const std::string& password() const;             // the password given at opening (for other readers of bytes())
    const std::vector<Revision>& revisions() const;  // oldest first; never empty
    size_t revisionIndex() const;                    // which revision this reader sees
    const Revision& revision() const { return revisions()[revisionIndex()]; }

    // Trailer of the viewed revision (its last section's trailer or xref stream dict).
    const Dictionary& trailer() const;
    bool encrypted() const;  // /Encrypt present: objects are decrypted (or, without the password, PdfEncryptedError)
    // Set when the file's cross-reference data is damaged and the file is read as libqpdf rebuilds
    // it (qpdf_objects.hpp): why pith's own reading refused it. The file is then one revision, and
    // warnings() says that viewers may rebuild it differently.
    const std::optional<std::string>& repaired() const;
    // Damage recovered from so far (revisions found, objects read in this view), apart from the
    // errors that end reading (PdfError, with its kind, object and byte offset).
    std::vector<PdfWarning> warnings() const;
    std::uint32_t size() const;  // highest object number + 1 over the viewed xref chain and /Size
    // Cross-reference entries viewers resolve differently (the first `limit`): an in-use entry whose
    // offset does not hold "N G obj" of its own number (poppler then rebuilds the whole table by
    // scanning, stream data included; others keep it), and an object a hybrid file's table gives
    // as free while its /XRefStm gives it in use (MuPDF and pdf.js keep it free).
    std::vector<std::string> ambiguousEntries(size_t limit) const;

    // Objects as of the viewed revision. object() returns Null for free or missing objects (as the
    // PDF spec requires); resolve() follows references (bounded chain) and returns direct values.
    XrefEntry entry(std::uint32_t num) const;
    Object object(std::uint32_t num) const;
    Object object(Ref ref) const;
    Object resolve(const Object& maybeRef) const;
    // As resolve(), but an object it parses is not kept for later calls: for a walk over every
    // annotation of a large file, which would otherwise keep them all in memory.
    Object resolveUnkept(const Object& maybeRef) const;
    // False only if the bytes of object `ref` hold neither the name /key nor a name escape (#): a
    // cheap test that lets a walk over every annotation skip parsing those without it.
    bool mayHoldKey(Ref ref, std::string_view key) const;
    // Decoded bytes of a stream object (applies /Filter and /DecodeParms under the limits).
    std::string decodeStream(const Object& stream) const;

    // Document-level helpers.
    std::optional<Ref> rootRef() const;
    Dictionary catalog() const;  // throws PdfError if /Root is not a dict
    std::optional<Ref> infoRef() const;
    Dictionary info() const;  // empty if none
    // Info entries whose values are strings, decoded (PDFDocEncoding or UTF-16BE with BOM) to UTF-8.
    std::map<std::string, std::string> infoStrings() const;
    std::optional<std::string> xmp() const;  // decoded bytes of catalog /Metadata
    std::optional<Ref> xmpRef() const;
    // /ID of the trailer as raw byte strings (empty if none).
    std::vector<std::string> id() const;

    // The page tree is walked as viewers walk it, bounded, without trusting /Count (document.cpp):
    // one rule for what a page is, shared by stamp, verify and the revision description.
    size_t pageCount() const;           // the pages the walk finds
    PageInfo page(size_t index) const;  // 0-based; throws PdfError if out of range
    // The first node the walk meets up to page `index` whose kind viewers may read differently:
    // a page tree kid is unambiguous only when it says /Type /Page and has no /Kids, or says
    // /Type /Pages and has a /Kids array. Else (a leaf typed /Pages, a node without /Type...) MuPDF,
    // which goes by /Type, and poppler and pdf.js, which go by /Kids, number the pages differently.
    std::optional<std::string> pageTreeAmbiguity(size_t index) const;
    // Each page in order until visit returns false: its index, its object (none for a direct page
    // dictionary) and its dictionary as stored (nothing inherited resolved: page() does that).
    // keep = false: the page dictionaries are not kept for later reads (a walk over every page).
    void forEachPage(const std::function<bool(size_t index, std::optional<Ref> ref, const Dictionary& dict)>& visit,
                     bool keep = true) const;
    std::vector<Annotation> annotations(const PageInfo& page) const;
    // /Names /EmbeddedFiles name tree, data not decoded: one stream may be named many times.
    std::vector<EmbeddedFile> embeddedFiles() const;
    // The first embedded file of that name (decoded to UTF-8), its data decoded; nullopt if none.
    std::optional<EmbeddedFile> embeddedFile(std::string_view name) const;

    struct Impl;

private:
    explicit PdfReader(std::shared_ptr<Impl> impl);
    static PdfReader open(std::shared_ptr<const void> owner, std::string_view bytes, int descriptor, std::uint64_t onDisk,
                          Limits limits, std::string password);
    std::shared_ptr<Impl> impl_;
};

// Damage a viewer repairs, which a reader may then read as libqpdf rebuilds the file: bytes that are
// no PDF syntax, objects that do not form the document, a cross-reference table that points
// nowhere. Not a limit pith sets, a password, or I/O.
bool isRepairable(const PdfError& e);

// Every (key, value) pair of a name tree in tree order, keys as raw byte strings; bounded
// (Limits::maxDepth) and loop-safe (PdfError). The one name-tree walk of pith.
std::vector<std::pair<std::string, Object>> nameTreeEntries(const PdfReader& reader, const Object& root);

// PDF text string → UTF-8: UTF-16BE with BOM, UTF-8 with BOM (PDF 2.0), else PDFDocEncoding.
std::string decodeTextString(const std::string& bytes);
// UTF-8 → PDF text string: the bytes as they are when ASCII, else UTF-16BE with a byte order mark.
std::string encodeTextString(std::string_view utf8);

}  // namespace pith::pdf

#pragma once
// The PDF object model shared by the reader and the incremental-update writer.
// Value semantics: copying an Object copies the whole subtree, so a page or catalog dictionary can be
// copied, changed and written back without touching what the reader holds.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pith::pdf {

// What kind of problem a PdfError is: callers tell unreadable syntax from a limit reached or an
// unsupported feature without parsing the message.
enum class PdfErrorKind {
    Structure,       // the objects do not form the document the spec describes (no /Root, ...)
    Syntax,          // bytes that are no PDF syntax (a key that is not a name, a bad number)
    CrossReference,  // no usable xref table or stream, or one out of bounds
    Stream,          // stream data that cannot be decoded (corrupt Flate data, unknown filter)
    Limit,           // a limit pith sets on hostile input (decoded bytes, depth, object count)
    Encrypted,       // /Encrypt: not read
    Io,              // the file cannot be opened or read
};

// Every malformed, hostile or unsupported PDF ends in this: one line naming the problem and, where
// known, the byte offset or object number, which are also given apart with the kind.
class PdfError : public std::runtime_error {
public:
    explicit PdfError(const std::string& what, PdfErrorKind kind = PdfErrorKind::Structure,
                      std::optional<std::uint32_t> object = std::nullopt, std::optional<std::uint64_t> offset = std::nullopt)
        : std::runtime_error(what), kind_(kind), object_(object), offset_(offset) {}
    PdfErrorKind kind() const { return kind_; }
    std::optional<std::uint32_t> object() const { return object_; }  // the object being read, when known
    std::optional<std::uint64_t> offset() const { return offset_; }  // the byte offset in the file, when known

private:
    PdfErrorKind kind_;
    std::optional<std::uint32_t> object_;
    std::optional<std::uint64_t> offset_;
};

// The file is encrypted and the password given does not open it, or it is to be stamped (pith does
// not stamp encrypted files).
class PdfEncryptedError : public PdfError {
public:
    explicit PdfEncryptedError(const std::string& what) : PdfError(what, PdfErrorKind::Encrypted) {}
};

// Damage the reader recovered from (a wrong /Length, a broken /XRefStm ignored, a broken section
// after good ones not counted as a revision): the file is read, as other readers read it.
struct PdfWarning {
    std::string message;
    std::optional<std::uint32_t> object;
    std::optional<std::uint64_t> offset;
    // Viewers repair this damage in different ways (poppler, MuPDF and pdf.js disagree), so the
    // same bytes may show different pages in them.
    bool viewersDiffer = false;
};

struct Ref {
    std::uint32_t num = 0;
    std::uint16_t gen = 0;
    bool operator==(const Ref&) const = default;
};

class Object;
struct DictEntry;

using Array = std::vector<Object>;

// Keys without the leading '/', in file order (kept so that a rewritten dictionary differs from the
// original only where it was changed).
class Dictionary {
public:
    const Object* find(std::string_view key) const;
    Object* find(std::string_view key);
    bool has(std::string_view key) const { return find(key) != nullptr; }
    void set(std::string_view key, Object value);  // replaces in place or appends
    void erase(std::string_view key);
    const std::vector<DictEntry>& entries() const { return entries_; }
    // Takes entries whose keys are known to be distinct (the parser's): no search per key.
    static Dictionary fromDistinctEntries(std::vector<DictEntry> entries);
    size_t size() const;

private:
    std::vector<DictEntry> entries_;
};

class Object {
public:
    enum class Kind { Null, Boolean, Integer, Real, String, Name, Array, Dictionary, Reference, Stream };

    Object() = default;
    static Object boolean(bool v);
    static Object integer(std::int64_t v);
    static Object real(double v);              // written with up to 4 decimals
    static Object realText(std::string text);  // a real as it was written in the file
    static Object string(std::string bytes, bool hex = false);
    static Object name(std::string name);  // without '/'
    static Object array(Array items);
    static Object dictionary(Dictionary dict);
    static Object reference(Ref ref);
    // A stream: dict is written as is except /Length, which the writer sets from data.
    // data holds the bytes as stored in the file (still encoded with the dict's /Filter).
    static Object stream(Dictionary dict, std::string data);

    Kind kind() const { return kind_; }
    bool isNull() const { return kind_ == Kind::Null; }
    bool isBool() const { return kind_ == Kind::Boolean; }
    bool isInt() const { return kind_ == Kind::Integer; }
    bool isNumber() const { return kind_ == Kind::Integer || kind_ == Kind::Real; }
    bool isString() const { return kind_ == Kind::String; }
    bool isName() const { return kind_ == Kind::Name; }
    bool isName(std::string_view n) const { return kind_ == Kind::Name && text_ == n; }
    bool isArray() const { return kind_ == Kind::Array; }
    bool isDict() const { return kind_ == Kind::Dictionary; }
    bool isRef() const { return kind_ == Kind::Reference; }
    bool isStream() const { return kind_ == Kind::Stream; }

    bool asBool() const;
    std::int64_t asInt() const;           // throws PdfError if not an integer
    double asNumber() const;              // integer or real
    const std::string& asString() const;  // raw bytes of a string (not decoded)
    const std::string& asName() const;
    bool stringWasHex() const { return hex_; }
    const std::string& realSourceText() const { return text_; }  // empty if created by real()
    Ref asRef() const;
    const Array& asArray() const;
    Array& asArray();
    // For dictionaries and streams (the stream's dictionary).
    const Dictionary& asDict() const;
    Dictionary& asDict();
    const std::string& streamData() const;  // encoded bytes of a stream
    std::string& streamData();

    // Dictionary shortcut: the value under key, or nullptr (also for non-dictionaries).
    const Object* get(std::string_view key) const;

private:
    Kind kind_ = Kind::Null;
    bool bool_ = false;
    bool hex_ = false;
    std::int64_t int_ = 0;
    double real_ = 0;
    std::string text_;  // string bytes, name, real source text
    Ref ref_;
    Array array_;
    Dictionary dict_;   // dictionary, or a stream's dictionary
    std::string data_;  // stream bytes
};

struct DictEntry {
    std::string key;
    Object value;
};

}  // namespace pith::pdf

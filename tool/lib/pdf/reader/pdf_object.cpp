#include "pdf/reader/pdf_object.hpp"

#include <algorithm>

namespace pith::pdf {

const Object* Dictionary::find(std::string_view key) const {
    for (const auto& e : entries_)
        if (e.key == key) return &e.value;
    return nullptr;
}

Object* Dictionary::find(std::string_view key) {
    for (auto& e : entries_)
        if (e.key == key) return &e.value;
    return nullptr;
}

void Dictionary::set(std::string_view key, Object value) {
    if (Object* existing = find(key)) {
        *existing = std::move(value);
        return;
    }
    entries_.push_back(DictEntry{std::string(key), std::move(value)});
}

void Dictionary::erase(std::string_view key) {
    entries_.erase(std::remove_if(entries_.begin(), entries_.end(), [&](const DictEntry& e) { return e.key == key; }),
                   entries_.end());
}

size_t Dictionary::size() const { return entries_.size(); }

Dictionary Dictionary::fromDistinctEntries(std::vector<DictEntry> entries) {
    Dictionary d;
    d.entries_ = std::move(entries);
    return d;
}

Object Object::boolean(bool v) {
    Object o;
    o.kind_ = Kind::Boolean;
    o.bool_ = v;
    return o;
}
Object Object::integer(std::int64_t v) {
    Object o;
    o.kind_ = Kind::Integer;
    o.int_ = v;
    return o;
}
Object Object::real(double v) {
    Object o;
    o.kind_ = Kind::Real;
    o.real_ = v;
    return o;
}
Object Object::realText(std::string text) {
    Object o;
    o.kind_ = Kind::Real;
    o.real_ = std::strtod(text.c_str(), nullptr);
    o.text_ = std::move(text);
    return o;
}
Object Object::string(std::string bytes, bool hex) {
    Object o;
    o.kind_ = Kind::String;
    o.text_ = std::move(bytes);
    o.hex_ = hex;
    return o;
}
Object Object::name(std::string name) {
    Object o;
    o.kind_ = Kind::Name;
    o.text_ = std::move(name);
    return o;
}
Object Object::array(Array items) {
    Object o;
    o.kind_ = Kind::Array;
    o.array_ = std::move(items);
    return o;
}
Object Object::dictionary(Dictionary dict) {
    Object o;
    o.kind_ = Kind::Dictionary;
    o.dict_ = std::move(dict);
    return o;
}
Object Object::reference(Ref ref) {
    Object o;
    o.kind_ = Kind::Reference;
    o.ref_ = ref;
    return o;
}
Object Object::stream(Dictionary dict, std::string data) {
    Object o;
    o.kind_ = Kind::Stream;
    o.dict_ = std::move(dict);
    o.data_ = std::move(data);
    return o;
}

namespace {
[[noreturn]] void typeError(const char* wanted) { throw PdfError(std::string("expected a PDF ") + wanted); }
}  // namespace

bool Object::asBool() const {
    if (kind_ != Kind::Boolean) typeError("boolean");
    return bool_;
}
std::int64_t Object::asInt() const {
    if (kind_ != Kind::Integer) typeError("integer");
    return int_;
}
double Object::asNumber() const {
    if (kind_ == Kind::Integer) return static_cast<double>(int_);
    if (kind_ == Kind::Real) return real_;
    typeError("number");
}
const std::string& Object::asString() const {
    if (kind_ != Kind::String) typeError("string");
    return text_;
}
const std::string& Object::asName() const {
    if (kind_ != Kind::Name) typeError("name");
    return text_;
}
Ref Object::asRef() const {
    if (kind_ != Kind::Reference) typeError("reference");
    return ref_;
}
const Array& Object::asArray() const {
    if (kind_ != Kind::Array) typeError("array");
    return array_;
}
Array& Object::asArray() {
    if (kind_ != Kind::Array) typeError("array");
    return array_;
}
const Dictionary& Object::asDict() const {
    if (kind_ != Kind::Dictionary && kind_ != Kind::Stream) typeError("dictionary");
    return dict_;
}
Dictionary& Object::asDict() {
    if (kind_ != Kind::Dictionary && kind_ != Kind::Stream) typeError("dictionary");
    return dict_;
}
const std::string& Object::streamData() const {
    if (kind_ != Kind::Stream) typeError("stream");
    return data_;
}
std::string& Object::streamData() {
    if (kind_ != Kind::Stream) typeError("stream");
    return data_;
}
const Object* Object::get(std::string_view key) const {
    if (kind_ != Kind::Dictionary && kind_ != Kind::Stream) return nullptr;
    return dict_.find(key);
}

}  // namespace pith::pdf

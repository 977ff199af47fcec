#include "pdf/reader/object_parser.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <unordered_map>
#include <vector>

namespace pith::pdf {

bool isPdfWhitespace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0'; }

bool isPdfDelimiter(char c) {
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '/' || c == '%';
}

namespace {
bool isRegular(char c) { return !isPdfWhitespace(c) && !isPdfDelimiter(c); }
int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
// Entries in file order, a repeated key replacing the earlier value in place and a null value
// removing the entry (ISO 32000-1 §7.3.7), as Dictionary::set/erase do, but linear in the number
// of keys: past a few keys they are found through a hash index (a trailer of 100,000 keys would
// otherwise take quadratic time).
class DictionaryBuilder {
public:
    void add(std::string key, Object value) {
        std::optional<size_t> at = find(key);
        if (at && !removed_[*at]) {
            entries_[*at].value = std::move(value);
            removed_[*at] = entries_[*at].value.isNull();
            return;
        }
        if (value.isNull()) return;
        // New, or back after a null removed it: appended, as Dictionary::set does.
        if (!index_.empty() || entries_.size() >= kLinearKeys) {
            if (index_.empty())
                for (size_t i = 0; i < entries_.size(); ++i)
                    if (!removed_[i]) index_[entries_[i].key] = i;
            index_[key] = entries_.size();
        }
        entries_.push_back(DictEntry{std::move(key), std::move(value)});
        removed_.push_back(false);
    }
    bool has(const std::string& key) const { return find(key).has_value(); }  // a removed one too
    Dictionary finish() {
        std::vector<DictEntry> kept;
        kept.reserve(entries_.size());
        for (size_t i = 0; i < entries_.size(); ++i)
            if (!removed_[i]) kept.push_back(std::move(entries_[i]));
        return Dictionary::fromDistinctEntries(std::move(kept));
    }

private:
    static constexpr size_t kLinearKeys = 16;
    std::optional<size_t> find(const std::string& key) const {
        if (!index_.empty()) {
            auto it = index_.find(key);
            return it == index_.end() ? std::nullopt : std::optional<size_t>(it->second);
        }
        std::optional<size_t> found;
        for (size_t i = 0; i < entries_.size(); ++i)
            if (entries_[i].key == key) found = i;  // the last: an earlier one may have been removed
        return found;
    }
    std::vector<DictEntry> entries_;
    std::vector<bool> removed_;
    std::unordered_map<std::string, size_t> index_;
};

}  // namespace

void ObjectParser::fail(const std::string& what) const {
    throw PdfError("PDF syntax error at byte " + std::to_string(base_ + pos_) + ": " + what, PdfErrorKind::Syntax, std::nullopt,
                   base_ + pos_);
}

void ObjectParser::skipWhitespace() {
    while (pos_ < data_.size()) {
        char c = data_[pos_];
        if (isPdfWhitespace(c)) {
            ++pos_;
        } else if (c == '%') {
            while (pos_ < data_.size() && data_[pos_] != '\n' && data_[pos_] != '\r') ++pos_;
        } else {
            break;
        }
    }
}

bool ObjectParser::acceptKeyword(std::string_view keyword) {
    skipWhitespace();
    if (data_.substr(pos_, keyword.size()) != keyword) return false;
    size_t end = pos_ + keyword.size();
    if (end < data_.size() && isRegular(data_[end])) return false;
    pos_ = end;
    return true;
}

std::optional<std::uint64_t> ObjectParser::acceptUnsigned() {
    skipWhitespace();
    size_t p = pos_;
    std::uint64_t value = 0;
    while (p < data_.size() && data_[p] >= '0' && data_[p] <= '9') {
        if (value > (UINT64_MAX - 9) / 10) return std::nullopt;
        value = value * 10 + static_cast<std::uint64_t>(data_[p] - '0');
        ++p;
    }
    if (p == pos_) return std::nullopt;
    if (p < data_.size() && isRegular(data_[p])) return std::nullopt;  // "12.5", "12abc"
    pos_ = p;
    return value;
}

Object ObjectParser::parse(int depth) {
    if (depth > maxDepth_) fail("objects nested deeper than " + std::to_string(maxDepth_));
    skipWhitespace();
    if (pos_ >= data_.size()) fail("unexpected end of data");
    char c = data_[pos_];
    switch (c) {
    case '/': return Object::name(parseName());
    case '(': return Object::string(parseLiteralString(), false);
    case '<':
        if (pos_ + 1 < data_.size() && data_[pos_ + 1] == '<') {
            pos_ += 2;
            DictionaryBuilder dict;
            for (;;) {
                skipWhitespace();
                if (pos_ + 1 < data_.size() && data_[pos_] == '>' && data_[pos_ + 1] == '>') {
                    pos_ += 2;
                    break;
                }
                if (pos_ >= data_.size()) fail("unterminated dictionary");
                if (data_[pos_] != '/') fail("dictionary key is not a name");
                std::string key = parseName();
                if (dict.has(key)) {
                    if (refuseDuplicateKeys_) fail("key /" + key + " twice in a dictionary");
                    if (!duplicateKey_) duplicateKey_ = DuplicateKey{key, base_ + pos_};
                }
                dict.add(std::move(key), parse(depth + 1));
            }
            return Object::dictionary(dict.finish());
        }
        return Object::string(parseHexString(), true);
    case '[': {
        ++pos_;
        Array items;
        for (;;) {
            skipWhitespace();
            if (pos_ >= data_.size()) fail("unterminated array");
            if (data_[pos_] == ']') {
                ++pos_;
                break;
            }
            items.push_back(parse(depth + 1));
        }
        return Object::array(std::move(items));
    }
    default: break;
    }
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') return parseNumberOrRef();
    if (acceptKeyword("true")) return Object::boolean(true);
    if (acceptKeyword("false")) return Object::boolean(false);
    if (acceptKeyword("null")) return Object();
    fail(std::string("unexpected ") + (isRegular(c) ? "keyword" : "character '" + std::string(1, c) + "'"));
}

Object ObjectParser::parseNumberOrRef() {
    size_t start = pos_;
    // "N G R": two unsigned integers and R.
    if (auto num = acceptUnsigned()) {
        size_t afterNum = pos_;
        if (auto gen = acceptUnsigned()) {
            if (acceptKeyword("R")) {
                if (*num > UINT32_MAX || *gen > 65535) fail("object reference out of range");
                return Object::reference(Ref{static_cast<std::uint32_t>(*num), static_cast<std::uint16_t>(*gen)});
            }
        }
        pos_ = afterNum;
        if (*num > static_cast<std::uint64_t>(INT64_MAX)) fail("integer out of range");
        return Object::integer(static_cast<std::int64_t>(*num));
    }
    pos_ = start;
    size_t p = pos_;
    if (data_[p] == '+' || data_[p] == '-') ++p;
    // Producers write "--5" or "-.5"; accept extra signs like other readers do.
    while (p < data_.size() && (data_[p] == '-' || data_[p] == '+')) ++p;
    bool dot = false;
    size_t digits = 0;
    while (p < data_.size() && ((data_[p] >= '0' && data_[p] <= '9') || data_[p] == '.')) {
        if (data_[p] == '.') {
            if (dot) break;
            dot = true;
        } else {
            ++digits;
        }
        ++p;
    }
    if (digits == 0) fail("malformed number");
    if (digits > 40) fail("number too long");
    std::string text(data_.substr(pos_, p - pos_));
    pos_ = p;
    if (!dot) {
        std::string clean;
        bool negative = false;
        for (char ch : text) {
            if (ch == '-')
                negative = !negative;
            else if (ch != '+')
                clean += ch;
        }
        errno = 0;
        long long v = std::strtoll(clean.c_str(), nullptr, 10);
        if (errno == ERANGE) fail("integer out of range");
        return Object::integer(negative ? -v : v);
    }
    // Keep only one leading sign for the written form.
    size_t firstDigit = text.find_first_not_of("+-");
    bool negative = std::count(text.begin(), text.begin() + firstDigit, '-') % 2 == 1;
    std::string normal = (negative ? "-" : "") + text.substr(firstDigit);
    if (normal.back() == '.') normal += '0';
    if (normal[negative ? 1 : 0] == '.') normal.insert(negative ? 1 : 0, "0");
    return Object::realText(normal);
}

std::string ObjectParser::parseName() {
    ++pos_;  // '/'
    std::string name;
    while (pos_ < data_.size() && isRegular(data_[pos_])) {
        char c = data_[pos_];
        if (c == '#' && pos_ + 2 < data_.size() && hexValue(data_[pos_ + 1]) >= 0 && hexValue(data_[pos_ + 2]) >= 0) {
            name += static_cast<char>(hexValue(data_[pos_ + 1]) * 16 + hexValue(data_[pos_ + 2]));
            pos_ += 3;
        } else {
            name += c;
            ++pos_;
        }
        if (name.size() > 65535) fail("name too long");
    }
    return name;
}

std::string ObjectParser::parseLiteralString() {
    ++pos_;  // '('
    std::string out;
    int nesting = 1;
    while (pos_ < data_.size()) {
        char c = data_[pos_++];
        if (c == '(') {
            ++nesting;
            out += c;
        } else if (c == ')') {
            if (--nesting == 0) return out;
            out += c;
        } else if (c == '\r') {
            // An end-of-line inside a string is read as a single LF.
            if (pos_ < data_.size() && data_[pos_] == '\n') ++pos_;
            out += '\n';
        } else if (c == '\\') {
            if (pos_ >= data_.size()) break;
            char e = data_[pos_++];
            switch (e) {
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case '\r':
                if (pos_ < data_.size() && data_[pos_] == '\n') ++pos_;
                break;
            case '\n': break;
            default:
                if (e >= '0' && e <= '7') {
                    int v = e - '0';
                    for (int i = 0; i < 2 && pos_ < data_.size() && data_[pos_] >= '0' && data_[pos_] <= '7'; ++i)
                        v = v * 8 + (data_[pos_++] - '0');
                    out += static_cast<char>(v & 0xff);
                } else {
                    out += e;  // \( \) \\ and unknown escapes: the character itself
                }
            }
        } else {
            out += c;
        }
    }
    fail("unterminated string");
}

std::string ObjectParser::parseHexString() {
    ++pos_;  // '<'
    std::string out;
    int high = -1;
    while (pos_ < data_.size()) {
        char c = data_[pos_++];
        if (c == '>') {
            if (high >= 0) out += static_cast<char>(high * 16);
            return out;
        }
        if (isPdfWhitespace(c)) continue;
        int v = hexValue(c);
        if (v < 0) fail("bad character in hex string");
        if (high < 0) {
            high = v;
        } else {
            out += static_cast<char>(high * 16 + v);
            high = -1;
        }
    }
    fail("unterminated hex string");
}

}  // namespace pith::pdf

// A strict JSON parser with Python's json.loads semantics.
//
// Written by hand rather than on nlohmann::json: nlohmann turns an integer beyond 64 bits into a
// double and rejects one beyond the double range ("number overflow"), where Python keeps every
// digit; and its SAX interface reports no position for the errors pith adds (duplicate keys, depth).
#include "json/parse.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <set>

#include "json/python_float.hpp"
#include "text/utf8.hpp"

namespace pith::json {

namespace {

class Parser {
public:
    Parser(std::string_view text, const ParseLimits& limits) : s_(text), limits_(limits) {}

    Value document() {
        if (s_.substr(0, 3) == "\xEF\xBB\xBF") fail("unexpected UTF-8 byte order mark", 0);
        skipSpace();
        Value v = value(0, "$");
        skipSpace();
        if (pos_ != s_.size()) fail("extra data after the JSON value", pos_);
        return v;
    }

private:
    [[noreturn]] void fail(const std::string& message, size_t at) const {
        throw ParseError("invalid JSON: " + message, "byte " + std::to_string(at));
    }
    [[noreturn]] void failAt(const std::string& message, const std::string& path) const {
        // A path through hundreds of levels is no help on one line: keep its head.
        std::string where = path.size() > 160 ? path.substr(0, 80) + "..." : path;
        throw ParseError(message, where);
    }

    bool atEnd() const { return pos_ >= s_.size(); }
    char peek() const { return atEnd() ? '\0' : s_[pos_]; }

    void skipSpace() {
        while (!atEnd() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
    }

    void expectLiteral(std::string_view word) {
        if (s_.substr(pos_, word.size()) != word) fail("expecting a value", pos_);
        pos_ += word.size();
    }

    Value value(size_t depth, const std::string& path) {
        if (atEnd()) fail("expecting a value, found the end of the input", pos_);
        switch (peek()) {
        case '{': return object(depth, path);
        case '[': return array(depth, path);
        case '"': return Value::string(string());
        case 't': expectLiteral("true"); return Value::boolean(true);
        case 'f': expectLiteral("false"); return Value::boolean(false);
        case 'n': expectLiteral("null"); return Value::null();
        case 'N':
        case 'I': fail("NaN and Infinity are not JSON", pos_);
        default:
            if (peek() == '-' || (peek() >= '0' && peek() <= '9')) return number(path);
            fail("expecting a value", pos_);
        }
    }

    void enter(size_t depth, const std::string& path) {
        if (depth + 1 > limits_.maxDepth) failAt("nesting deeper than " + std::to_string(limits_.maxDepth) + " levels", path);
    }

    Value object(size_t depth, const std::string& path) {
        enter(depth, path);
        ++pos_;  // '{'
        Object members;
        std::set<std::string> seen;
        skipSpace();
        if (peek() == '}') {
            ++pos_;
            return Value::object(std::move(members));
        }
        for (;;) {
            skipSpace();
            if (peek() != '"') fail("expecting a property name in double quotes", pos_);
            std::string key = string();
            if (!seen.insert(key).second)
                failAt("duplicate key \"" + key + "\" (ambiguous: readers may see different records)", path);
            skipSpace();
            if (peek() != ':') fail("expecting ':' after a property name", pos_);
            ++pos_;
            skipSpace();
            Value v = value(depth + 1, path + "." + key);
            members.emplace_back(std::move(key), std::move(v));
            skipSpace();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            if (peek() == '}') {
                ++pos_;
                return Value::object(std::move(members));
            }
            fail("expecting ',' or '}'", pos_);
        }
    }

    Value array(size_t depth, const std::string& path) {
        enter(depth, path);
        ++pos_;  // '['
        Array items;
        skipSpace();
        if (peek() == ']') {
            ++pos_;
            return Value::array(std::move(items));
        }
        for (;;) {
            skipSpace();
            items.push_back(value(depth + 1, path + "[" + std::to_string(items.size()) + "]"));
            skipSpace();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            if (peek() == ']') {
                ++pos_;
                return Value::array(std::move(items));
            }
            fail("expecting ',' or ']'", pos_);
        }
    }

    Value number(const std::string& path) {
        size_t start = pos_;
        if (peek() == '-') ++pos_;
        if (peek() == '0') {
            ++pos_;
        } else if (peek() >= '1' && peek() <= '9') {
            while (peek() >= '0' && peek() <= '9') ++pos_;
        } else {
            fail("expecting a digit", pos_);
        }
        size_t integerEnd = pos_;
        bool isFloat = false;
        if (peek() == '.') {
            ++pos_;
            if (!(peek() >= '0' && peek() <= '9')) fail("expecting a digit after '.'", pos_);
            while (peek() >= '0' && peek() <= '9') ++pos_;
            isFloat = true;
        }
        if (peek() == 'e' || peek() == 'E') {
            ++pos_;
            if (peek() == '+' || peek() == '-') ++pos_;
            if (!(peek() >= '0' && peek() <= '9')) fail("expecting a digit in the exponent", pos_);
            while (peek() >= '0' && peek() <= '9') ++pos_;
            isFloat = true;
        }
        std::string token(s_.substr(start, pos_ - start));
        if (!isFloat) {
            size_t digits = integerEnd - start - (token[0] == '-' ? 1 : 0);
            if (digits > limits_.maxIntegerDigits)
                failAt("integer of " + std::to_string(digits) + " digits exceeds the limit of " +
                           std::to_string(limits_.maxIntegerDigits) + " (Python's)",
                       path);
            // Python prints int("-0") as 0.
            if (token == "-0") token = "0";
            return Value::number({token, true});
        }
        // strtod is correctly rounded in glibc, as Python's float(); pith never changes the C locale.
        errno = 0;
        double d = std::strtod(token.c_str(), nullptr);
        if (std::isinf(d))
            failAt("number " + token.substr(0, 40) + " is too large for a double (Python would write Infinity)", path);
        return Value::number({pythonFloatRepr(d), false});
    }

    unsigned hex4(size_t at) {
        if (at + 4 > s_.size()) fail("truncated \\u escape", at);
        unsigned v = 0;
        for (size_t i = at; i < at + 4; ++i) {
            char c = s_[i];
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v |= static_cast<unsigned>(c - 'A' + 10);
            else
                fail("invalid \\u escape", at - 2);
        }
        return v;
    }

    // One raw UTF-8 sequence, validated as RFC 3629 requires (no overlongs, no surrogates).
    void copyUtf8(std::string& out) {
        size_t start = pos_;
        unsigned char c = static_cast<unsigned char>(s_[pos_]);
        size_t length;
        unsigned cp;
        if (c < 0x80) {
            out += static_cast<char>(c);
            ++pos_;
            return;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            cp = c & 0x07;
        } else
            fail("invalid UTF-8", start);
        if (start + length > s_.size()) fail("invalid UTF-8 (truncated sequence)", start);
        for (size_t i = 1; i < length; ++i) {
            unsigned char k = static_cast<unsigned char>(s_[start + i]);
            if ((k & 0xC0) != 0x80) fail("invalid UTF-8", start);
            cp = (cp << 6) | (k & 0x3F);
        }
        if ((length == 3 && cp < 0x800) || (length == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            fail("invalid UTF-8 (overlong or out of range)", start);
        if (cp >= 0xD800 && cp <= 0xDFFF) fail("invalid UTF-8 (encoded surrogate)", start);
        out.append(s_.substr(start, length));
        pos_ += length;
    }

    std::string string() {
        size_t start = pos_;
        ++pos_;  // '"'
        std::string out;
        for (;;) {
            if (atEnd()) fail("unterminated string", start);
            char c = s_[pos_];
            if (c == '"') {
                ++pos_;
                return out;
            }
            if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string", pos_);
            if (c != '\\') {
                copyUtf8(out);
                continue;
            }
            size_t escape = pos_;
            ++pos_;
            if (atEnd()) fail("unterminated string", start);
            switch (s_[pos_++]) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                unsigned cp = hex4(pos_);
                pos_ += 4;
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                    fail("lone surrogate \\u" + std::string(s_.substr(escape + 2, 4)) + " (Python cannot encode it)", escape);
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (s_.substr(pos_, 2) != "\\u")
                        fail("lone surrogate \\u" + std::string(s_.substr(escape + 2, 4)) + " (Python cannot encode it)", escape);
                    unsigned low = hex4(pos_ + 2);
                    if (low < 0xDC00 || low > 0xDFFF)
                        fail("lone surrogate \\u" + std::string(s_.substr(escape + 2, 4)) + " (Python cannot encode it)", escape);
                    pos_ += 6;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                text::appendUtf8(out, cp);
                break;
            }
            default: fail("invalid escape", escape);
            }
        }
    }

    std::string_view s_;
    const ParseLimits& limits_;
    size_t pos_ = 0;
};

}  // namespace

Value parse(std::string_view text, const ParseLimits& limits) {
    if (text.size() > limits.maxBytes)
        throw ParseError(
            "JSON document of " + std::to_string(text.size()) + " bytes exceeds the limit of " + std::to_string(limits.maxBytes),
            "");
    return Parser(text, limits).document();
}

}  // namespace pith::json

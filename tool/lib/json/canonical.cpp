#include "json/canonical.hpp"

namespace pith::json {

namespace {

void write(std::string& out, const Value& v) {
    switch (v.kind()) {
    case Value::Kind::Null: out += "null"; break;
    case Value::Kind::Bool: out += v.asBool() ? "true" : "false"; break;
    case Value::Kind::Number: out += v.asNumber().text; break;
    case Value::Kind::String: appendQuoted(out, v.asString()); break;
    case Value::Kind::Array: {
        out += '[';
        bool first = true;
        for (const Value& item : v.asArray()) {
            if (!first) out += ',';
            first = false;
            write(out, item);
        }
        out += ']';
        break;
    }
    case Value::Kind::Object: {
        out += '{';
        bool first = true;
        for (const auto& [key, member] : v.asObject()) {  // already in code-point order
            if (!first) out += ',';
            first = false;
            appendQuoted(out, key);
            out += ':';
            write(out, member);
        }
        out += '}';
        break;
    }
    }
}

}  // namespace

void appendQuoted(std::string& out, const std::string& s) {
    static const char hex[] = "0123456789abcdef";
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 15];
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
}

std::string canonical(const Value& value) {
    std::string out;
    write(out, value);
    return out;
}

}  // namespace pith::json

#include "pdf/writer/serialize.hpp"

#include <cmath>
#include <cstdio>

namespace pith::pdf {

std::string formatReal(double value) {
    if (!std::isfinite(value)) value = 0;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4f", value);
    std::string s = buf;
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    if (s == "-0" || s.empty()) s = "0";
    return s;
}

namespace {

void writeName(const std::string& name, std::string& out) {
    static const char* hex = "0123456789ABCDEF";
    out += '/';
    for (unsigned char c : name) {
        bool plain = c > 0x20 && c < 0x7F && c != '#' && c != '/' && c != '(' && c != ')' && c != '<' && c != '>' && c != '[' &&
                     c != ']' && c != '{' && c != '}' && c != '%';
        if (plain) {
            out += static_cast<char>(c);
        } else {
            out += '#';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
}

void writeString(const std::string& bytes, bool asHex, std::string& out) {
    static const char* hex = "0123456789ABCDEF";
    if (asHex) {
        out += '<';
        for (unsigned char c : bytes) {
            out += hex[c >> 4];
            out += hex[c & 15];
        }
        out += '>';
        return;
    }
    out += '(';
    for (unsigned char c : bytes) {
        if (c == '(' || c == ')' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c >= 0x7F) {
            char buf[5];
            std::snprintf(buf, sizeof buf, "\\%03o", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    out += ')';
}

bool needsSpaceBefore(const std::string& out) {
    if (out.empty()) return false;
    char c = out.back();
    return !(c == '[' || c == '(' || c == '<' || c == ' ' || c == '\n' || c == ']' || c == ')' || c == '>');
}

}  // namespace

void serialize(const Object& o, std::string& out) {
    switch (o.kind()) {
    case Object::Kind::Null: out += "null"; break;
    case Object::Kind::Boolean: out += o.asBool() ? "true" : "false"; break;
    case Object::Kind::Integer: out += std::to_string(o.asInt()); break;
    case Object::Kind::Real: out += o.realSourceText().empty() ? formatReal(o.asNumber()) : o.realSourceText(); break;
    case Object::Kind::String: writeString(o.asString(), o.stringWasHex(), out); break;
    case Object::Kind::Name: writeName(o.asName(), out); break;
    case Object::Kind::Reference: out += std::to_string(o.asRef().num) + " " + std::to_string(o.asRef().gen) + " R"; break;
    case Object::Kind::Array: {
        out += '[';
        bool first = true;
        for (const Object& item : o.asArray()) {
            if (!first) out += ' ';
            first = false;
            serialize(item, out);
        }
        out += ']';
        break;
    }
    case Object::Kind::Dictionary:
    case Object::Kind::Stream: {
        out += "<<";
        for (const auto& e : o.asDict().entries()) {
            if (o.isStream() && e.key == "Length") continue;
            writeName(e.key, out);
            if (e.value.kind() != Object::Kind::Name && e.value.kind() != Object::Kind::Array &&
                e.value.kind() != Object::Kind::Dictionary && e.value.kind() != Object::Kind::String)
                out += ' ';
            serialize(e.value, out);
        }
        if (o.isStream()) out += "/Length " + std::to_string(o.streamData().size());
        out += ">>";
        if (o.isStream()) {
            out += "\nstream\n";
            out += o.streamData();
            out += "\nendstream";
        }
        break;
    }
    }
    (void)needsSpaceBefore;
}

std::string serialize(const Object& object) {
    std::string out;
    serialize(object, out);
    return out;
}

}  // namespace pith::pdf

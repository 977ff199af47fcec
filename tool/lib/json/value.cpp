#include "json/value.hpp"

#include <algorithm>

namespace pith::json {

namespace {
bool keyLess(const Member& a, const Member& b) { return a.first < b.first; }  // byte order = code point order
}  // namespace

Value Value::object(Object members) {
    std::sort(members.begin(), members.end(), keyLess);
    Value v;
    v.data_ = std::move(members);
    return v;
}

Value Value::integer(long long i) { return number(Number{std::to_string(i), true}); }

const Value* Value::find(std::string_view key) const {
    if (!isObject()) return nullptr;
    const Object& members = asObject();
    auto it =
        std::lower_bound(members.begin(), members.end(), key, [](const Member& m, std::string_view k) { return m.first < k; });
    if (it == members.end() || it->first != key) return nullptr;
    return &it->second;
}

const Value* Value::findPath(std::string_view dottedPath) const {
    const Value* current = this;
    while (current && !dottedPath.empty()) {
        size_t dot = dottedPath.find('.');
        current = current->find(dottedPath.substr(0, dot));
        dottedPath = dot == std::string_view::npos ? std::string_view{} : dottedPath.substr(dot + 1);
    }
    return current;
}

void Value::set(std::string key, Value value) {
    if (!isObject()) data_ = Object{};
    Object& members = std::get<Object>(data_);
    auto it =
        std::lower_bound(members.begin(), members.end(), key, [](const Member& m, const std::string& k) { return m.first < k; });
    if (it != members.end() && it->first == key) {
        it->second = std::move(value);
    } else {
        members.insert(it, Member{std::move(key), std::move(value)});
    }
}

bool Value::erase(std::string_view key) {
    if (!isObject()) return false;
    Object& members = std::get<Object>(data_);
    auto it = std::find_if(members.begin(), members.end(), [&](const Member& m) { return m.first == key; });
    if (it == members.end()) return false;
    members.erase(it);
    return true;
}

const char* kindName(Value::Kind kind) {
    switch (kind) {
    case Value::Kind::Null: return "null";
    case Value::Kind::Bool: return "boolean";
    case Value::Kind::Number: return "number";
    case Value::Kind::String: return "string";
    case Value::Kind::Array: return "array";
    case Value::Kind::Object: return "object";
    }
    return "?";
}

}  // namespace pith::json

#pragma once
// A JSON value that keeps exactly what the canonical form needs: numbers as the text Python
// would print, strings as UTF-8, objects as key-sorted member lists. nlohmann::json cannot be
// the value type: it turns big integers into doubles and forgets duplicate keys.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace pith::json {

class Value;
using Array = std::vector<Value>;
using Member = std::pair<std::string, Value>;
using Object = std::vector<Member>;  // sorted by key bytes, keys unique

struct Number {
    std::string text;  // as Python's json.dumps prints it: "12", "-0.0", "1e-05"
    bool integer = true;
};

class Value {
public:
    enum class Kind { Null, Bool, Number, String, Array, Object };

    Value() = default;
    static Value null() { return Value(); }
    static Value boolean(bool b) {
        Value v;
        v.data_ = b;
        return v;
    }
    static Value number(Number n) {
        Value v;
        v.data_ = std::move(n);
        return v;
    }
    static Value string(std::string s) {
        Value v;
        v.data_ = std::move(s);
        return v;
    }
    static Value array(Array a) {
        Value v;
        v.data_ = std::move(a);
        return v;
    }
    // Sorts the members; the caller guarantees unique keys (the parser rejects duplicates).
    static Value object(Object members);
    static Value integer(long long i);

    Kind kind() const { return static_cast<Kind>(data_.index()); }
    bool isNull() const { return kind() == Kind::Null; }
    bool isBool() const { return kind() == Kind::Bool; }
    bool isNumber() const { return kind() == Kind::Number; }
    bool isString() const { return kind() == Kind::String; }
    bool isArray() const { return kind() == Kind::Array; }
    bool isObject() const { return kind() == Kind::Object; }

    bool asBool() const { return std::get<bool>(data_); }
    const Number& asNumber() const { return std::get<Number>(data_); }
    const std::string& asString() const { return std::get<std::string>(data_); }
    const Array& asArray() const { return std::get<Array>(data_); }
    const Object& asObject() const { return std::get<Object>(data_); }

    // Member lookup on an object; nullptr when absent or when this is not an object.
    const Value* find(std::string_view key) const;
    // Follows a dotted path of object keys ("receipt.key_id").
    const Value* findPath(std::string_view dottedPath) const;
    // Sets (replaces or inserts, keeping order) a member of an object.
    void set(std::string key, Value value);
    bool erase(std::string_view key);

    bool operator==(const Value& other) const = default;

private:
    std::variant<std::nullptr_t, bool, Number, std::string, Array, Object> data_{nullptr};
};

inline bool operator==(const Number& a, const Number& b) { return a.text == b.text && a.integer == b.integer; }

const char* kindName(Value::Kind kind);

}  // namespace pith::json

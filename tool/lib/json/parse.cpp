#include "json/parse.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <set>
#include <vector>

#include "json/python_float.hpp"

namespace pith::json {

namespace {

// Builds Values from nlohmann's SAX events. nlohmann's SAX parser keeps its own stack on the
// heap, so a million nested brackets cannot overflow ours; we stop at ParseLimits::maxDepth.
class Builder {
public:
    explicit Builder(const ParseLimits& limits) : limits_(limits) {}

    bool null() { return addValue(Value::null()); }
    bool boolean(bool b) { return addValue(Value::boolean(b)); }
    bool number_integer(std::int64_t i) { return addValue(Value::number({std::to_string(i), true})); }
    bool number_unsigned(std::uint64_t u) { return addValue(Value::number({std::to_string(u), true})); }
    bool number_float(double d, const std::string& token) {
        // nlohmann reports integers too big for 64 bits as floats, with their text.
        if (token.find_first_of(".eE") == std::string::npos) {
            size_t digits = token.size() - (token[0] == '-' ? 1 : 0);
            if (digits > limits_.maxIntegerDigits)
                return fail("integer of " + std::to_string(digits) + " digits exceeds the limit of " +
                            std::to_string(limits_.maxIntegerDigits));
            return addValue(Value::number({token, true}));
        }
        return addValue(Value::number({pythonFloatRepr(d), false}));
    }
    bool string(std::string& s) { return addValue(Value::string(std::move(s))); }
    bool binary(std::vector<std::uint8_t>&) { return fail("binary values are not JSON"); }

    bool start_object(std::size_t) { return open(Frame::ObjectFrame); }
    bool key(std::string& k) {
        Frame& frame = stack_.back();
        if (!frame.seenKeys.insert(k).second)
            return fail("duplicate key \"" + k + "\" (ambiguous: readers may see different records)");
        frame.pendingKey = std::move(k);
        return true;
    }
    bool end_object() { return close(); }
    bool start_array(std::size_t) { return open(Frame::ArrayFrame); }
    bool end_array() { return close(); }

    bool parse_error(std::size_t position, const std::string&, const nlohmann::json::exception& ex) {
        if (!error_) {
            std::string what = ex.what();
            // nlohmann's messages read "[json.exception.parse_error.101] parse error at line 1, column 2: ...".
            size_t colon = what.find(": ");
            std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
            error_ = ParseError("invalid JSON: " + detail, "byte " + std::to_string(position == 0 ? 0 : position - 1));
        }
        return false;
    }

    Value take() { return std::move(root_); }
    const std::optional<ParseError>& error() const { return error_; }

private:
    struct Frame {
        enum Type { ObjectFrame, ArrayFrame } type;
        Object members;
        Array items;
        std::string pendingKey;
        std::set<std::string> seenKeys;
    };

    std::string path() const {
        std::string p = "$";
        for (const Frame& f : stack_) {
            if (f.type == Frame::ObjectFrame) {
                // The innermost object names no member yet when a key itself is the problem.
                if (&f != &stack_.back() || !f.pendingKey.empty()) p += "." + f.pendingKey;
            } else {
                p += "[" + std::to_string(f.items.size()) + "]";
            }
        }
        return p;
    }

    bool fail(const std::string& message) {
        std::string where = path();
        // A path through hundreds of levels is no help on one line: keep its head and the depth.
        if (where.size() > 160) where = where.substr(0, 80) + "... (depth " + std::to_string(stack_.size()) + ")";
        if (!error_) error_ = ParseError(message, where);
        return false;
    }

    bool open(Frame::Type type) {
        if (stack_.size() >= limits_.maxDepth)
            return fail("nesting deeper than " + std::to_string(limits_.maxDepth) + " levels");
        stack_.push_back(Frame{type, {}, {}, {}, {}});
        return true;
    }

    bool close() {
        Frame frame = std::move(stack_.back());
        stack_.pop_back();
        Value v = frame.type == Frame::ObjectFrame ? Value::object(std::move(frame.members))
                                                   : Value::array(std::move(frame.items));
        return addValue(std::move(v));
    }

    bool addValue(Value v) {
        if (stack_.empty()) {
            root_ = std::move(v);
            return true;
        }
        Frame& frame = stack_.back();
        if (frame.type == Frame::ObjectFrame) {
            frame.members.emplace_back(std::move(frame.pendingKey), std::move(v));
            frame.pendingKey.clear();
        } else {
            frame.items.push_back(std::move(v));
        }
        return true;
    }

    const ParseLimits& limits_;
    std::vector<Frame> stack_;
    Value root_;
    std::optional<ParseError> error_;
};

}  // namespace

Value parse(std::string_view text, const ParseLimits& limits) {
    if (text.size() > limits.maxBytes)
        throw ParseError("JSON document of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                             std::to_string(limits.maxBytes),
                         "");
    Builder builder(limits);
    bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &builder, nlohmann::json::input_format_t::json,
                                        /*strict=*/true, /*ignore_comments=*/false);
    if (builder.error()) throw *builder.error();
    if (!ok) throw ParseError("invalid JSON", "");
    return builder.take();
}

}  // namespace pith::json

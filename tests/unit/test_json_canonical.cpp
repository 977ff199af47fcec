// json::canonical on values built in code and parsed: Python's key order (code points = UTF-8
// bytes, not UTF-16 units), minimal escaping, and the string quoting on its own.
#include <gtest/gtest.h>

#include <string>

#include "json/canonical.hpp"
#include "json/parse.hpp"

using namespace pith::json;

namespace {
std::string pyQuoted(const std::string& s) {
    std::string out;
    appendQuoted(out, s);
    return out;
}
}  // namespace

TEST(JsonCanonical, ValuesBuiltInCode) {
    Object members;
    members.emplace_back("b", Value::integer(-7));
    members.emplace_back("a", Value::array({Value::null(), Value::boolean(true), Value::boolean(false),
                                            Value::number({"1e-05", false}), Value::string("x")}));
    members.emplace_back("", Value::object({}));
    EXPECT_EQ(canonical(Value::object(std::move(members))), R"({"":{},"a":[null,true,false,1e-05,"x"],"b":-7})");
    EXPECT_EQ(canonical(Value::integer(0)), "0");
    EXPECT_EQ(canonical(Value::integer(-9223372036854775807LL - 1)), "-9223372036854775808");
    EXPECT_EQ(canonical(Value::array({})), "[]");
    EXPECT_EQ(canonical(Value::string("")), "\"\"");
}

TEST(JsonCanonical, KeysInCodePointOrder) {
    // U+FF61 sorts before U+1F600 by code point, after it in UTF-16; Python uses code points.
    Value v = parse(
        "{\"\xf0\x9f\x98\x80\":1,\"\xef\xbd\xa1\":2,\"\xee\x80\x80\":3,\"a\":4,\"A\":5,\"\":6,\"aa\":7,"
        "\"\\u0000\":8,\"\x7f\":9,\"\xc3\xa9\":10}");
    EXPECT_EQ(canonical(v),
              "{\"\":6,\"\\u0000\":8,\"A\":5,\"a\":4,\"aa\":7,\"\x7f\":9,\"\xc3\xa9\":10,"
              "\"\xee\x80\x80\":3,\"\xef\xbd\xa1\":2,\"\xf0\x9f\x98\x80\":1}");
}

TEST(JsonCanonical, QuotingEscapesOnlyWhatPythonEscapes) {
    EXPECT_EQ(pyQuoted("\"\\/"), R"("\"\\/")");
    EXPECT_EQ(pyQuoted("\b\f\n\r\t"), R"("\b\f\n\r\t")");
    std::string controls;
    for (int c = 0; c < 0x20; ++c) controls += static_cast<char>(c);
    EXPECT_EQ(pyQuoted(controls),
              R"("\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f)"
              R"(\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f")");
    // DEL, U+2028, U+2029, non-ASCII and astral characters stay raw.
    std::string raw = "\x7f\xe2\x80\xa8\xe2\x80\xa9\xc3\xa9\xf0\x9f\x98\x80\xef\xbb\xbf";
    EXPECT_EQ(pyQuoted(raw), "\"" + raw + "\"");
}

TEST(JsonCanonical, ParseThenCanonicalIsStable) {
    const char* texts[] = {
        R"({"z":[1,2.50,{"y":"\u00e9","x":-0.0}],"a":1E+2})",
        R"([1e16,1e15,1e-5,0.0001,123456789012345678901234567890])",
        R"("\ud83d\ude00\u2028/")",
    };
    for (const char* t : texts) {
        std::string once = canonical(parse(t));
        EXPECT_EQ(canonical(parse(once)), once) << t;
    }
    EXPECT_EQ(canonical(parse(texts[0])), "{\"a\":100.0,\"z\":[1,2.5,{\"x\":-0.0,\"y\":\"\xc3\xa9\"}]}");
    EXPECT_EQ(canonical(parse(texts[1])), "[1e+16,1000000000000000.0,1e-05,0.0001,123456789012345678901234567890]");
    EXPECT_EQ(canonical(parse(texts[2])), "\"\xf0\x9f\x98\x80\xe2\x80\xa8/\"");
}

// json::parse: number forms as Python reads them, strings, structure, and every refusal with
// its place (a byte offset or a JSON path), including the configurable limits.
#include <gtest/gtest.h>

#include <string>

#include "json/canonical.hpp"
#include "json/parse.hpp"

using namespace pith::json;

namespace {
// The canonical text of one parsed scalar inside an array, which is how Python prints it too.
std::string canon(std::string_view text) { return canonical(parse(text)); }

ParseError errorOf(std::string_view text, const ParseLimits& limits = {}) {
    try {
        parse(text, limits);
    } catch (const ParseError& e) {
        return e;
    }
    ADD_FAILURE() << "accepted: " << text.substr(0, 80);
    return ParseError("accepted", "");
}
}  // namespace

TEST(JsonParse, NumberFormsAsPythonPrintsThem) {
    // Integers: exact at any size; "-0" is the integer 0.
    EXPECT_EQ(canon("0"), "0");
    EXPECT_EQ(canon("-0"), "0");
    EXPECT_EQ(canon("-12"), "-12");
    EXPECT_EQ(canon("18446744073709551616"), "18446744073709551616");
    EXPECT_EQ(canon("-9223372036854775809"), "-9223372036854775809");
    std::string big = "9" + std::string(299, '0');
    EXPECT_EQ(canon(big), big);
    EXPECT_TRUE(parse("12").asNumber().integer);

    // A '.', 'e' or 'E' makes a float, printed as repr(float).
    EXPECT_EQ(canon("1.0"), "1.0");
    EXPECT_EQ(canon("1E+2"), "100.0");
    EXPECT_EQ(canon("0.1e1"), "1.0");
    EXPECT_EQ(canon("1e007"), "10000000.0");
    EXPECT_EQ(canon("100e-2"), "1.0");
    EXPECT_EQ(canon("1e16"), "1e+16");
    EXPECT_EQ(canon("1e-5"), "1e-05");
    EXPECT_EQ(canon("-0.0"), "-0.0");
    EXPECT_EQ(canon("-0e0"), "-0.0");
    EXPECT_EQ(canon("1e-400"), "0.0");  // underflow is Python's 0.0, not an error
    EXPECT_EQ(canon("-1e-400"), "-0.0");
    EXPECT_EQ(canon("2.4703282292062328e-324"), "5e-324");
    EXPECT_EQ(canon("0.30000000000000004"), "0.30000000000000004");
    EXPECT_EQ(canon("9007199254740993.0"), "9007199254740992.0");
    EXPECT_EQ(canon("1.7976931348623157e308"), "1.7976931348623157e+308");
    EXPECT_FALSE(parse("1.0").asNumber().integer);
}

TEST(JsonParse, RefusesNumbersPythonWouldNotPrint) {
    for (const char* bad : {"NaN", "-NaN", "Infinity", "-Infinity", "[1e400]", "-1e400", "1.8e308", "[01]", "[+1]", "[.5]",
                            "[1.]", "[1e]", "[1e+]", "[0x10]", "[-]", "[--1]", "[1.5.2]"}) {
        EXPECT_THROW(parse(bad), ParseError) << bad;
    }
}

TEST(JsonParse, IntegerDigitLimitIsPythons) {
    EXPECT_NO_THROW(parse(std::string(4300, '7')));
    EXPECT_NO_THROW(parse("-" + std::string(4300, '7')));
    EXPECT_THROW(parse(std::string(4301, '7')), ParseError);
    EXPECT_THROW(parse("[-" + std::string(4301, '7') + "]"), ParseError);
    ParseLimits tight;
    tight.maxIntegerDigits = 10;
    EXPECT_NO_THROW(parse("1234567890", tight));
    EXPECT_THROW(parse("12345678901", tight), ParseError);
    EXPECT_NO_THROW(parse("12345678901.5", tight));  // floats are not integers
}

TEST(JsonParse, StringsAndEscapes) {
    EXPECT_EQ(parse(R"("\u00e9\u00E9\/\"\\\b\f\n\r\t")").asString(), "\xc3\xa9\xc3\xa9/\"\\\b\f\n\r\t");
    EXPECT_EQ(parse(R"("\ud83d\ude00")").asString(), "\xf0\x9f\x98\x80");
    EXPECT_EQ(parse(R"("\u0000")").asString(), std::string(1, '\0'));
    EXPECT_EQ(parse("\"\xf4\x8f\xbf\xbf\"").asString(), "\xf4\x8f\xbf\xbf");  // U+10FFFF raw
    for (const char* bad :
         {R"(["\ud800"])", R"("\udc00")", R"("\ud800\u0041")", R"("\udc00\ud800")", R"("\ud83d")", R"("\x41")", R"("\u12")",
          "\"a\x01\"", "\"a\nb\"", "\"\xff\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"", "\"\xe2\x82\""}) {
        EXPECT_THROW(parse(bad), ParseError) << bad;
    }
}

TEST(JsonParse, DuplicateKeysAreRefusedWithThePath) {
    ParseError top = errorOf(R"({"a":1,"a":2})");
    EXPECT_NE(std::string(top.what()).find("\"a\""), std::string::npos) << top.what();
    EXPECT_EQ(top.where().rfind("$", 0), 0u) << top.where();

    ParseError nested = errorOf(R"({"x":[{"k":1},{"k":1,"k":2}]})");
    EXPECT_NE(nested.where().find("$.x[1]"), std::string::npos) << nested.where();

    ParseError escaped = errorOf(R"({"m":{"a":1,"\u0061":2}})");
    EXPECT_NE(escaped.where().find("$.m"), std::string::npos) << escaped.where();

    EXPECT_NO_THROW(parse(R"({"a":{"a":1},"b":{"a":2}})"));  // same key in different objects is fine
}

TEST(JsonParse, SyntaxErrorsGiveAByteOffset) {
    struct Case {
        const char* text;
        size_t offset;
    } cases[] = {{"[1] x", 4}, {"{} {}", 3}, {"[1]]", 3}, {"[1,]", 3}};
    for (const auto& c : cases) {
        ParseError e = errorOf(c.text);
        EXPECT_EQ(e.where(), "byte " + std::to_string(c.offset)) << c.text << ": " << e.what();
    }
    for (const char* truncated : {"", " ", "{\"a\":[1,2", "\"abc", "[1,", "tru", "{\"a\""}) {
        ParseError e = errorOf(truncated);
        EXPECT_EQ(e.where().rfind("byte ", 0), 0u) << truncated << ": " << e.what();
        EXPECT_LE(std::stoul(e.where().substr(5)), std::string_view(truncated).size()) << truncated;
    }
}

TEST(JsonParse, DepthLimitCountsContainers) {
    std::string ok = std::string(512, '[') + std::string(512, ']');
    EXPECT_NO_THROW(parse(ok));
    std::string deep = std::string(513, '[') + std::string(513, ']');
    EXPECT_THROW(parse(deep), ParseError);
    std::string million(1000000, '[');
    EXPECT_THROW(parse(million), ParseError);  // refused, not a stack overflow
    ParseLimits shallow;
    shallow.maxDepth = 2;
    EXPECT_NO_THROW(parse(R"({"a":[1]})", shallow));
    ParseError e = errorOf(R"({"a":[{"b":1}]})", shallow);
    EXPECT_NE(e.where().find("$.a"), std::string::npos) << e.where();
}

TEST(JsonParse, SizeLimit) {
    ParseLimits small;
    small.maxBytes = 10;
    EXPECT_NO_THROW(parse("[1,2,3,44]", small));
    EXPECT_THROW(parse("[1,2,3,444]", small), ParseError);
}

TEST(JsonParse, NotJsonAtAll) {
    using namespace std::string_literals;
    for (const std::string& bad : {"[1 /* c */]"s, "// c\n[1]"s, "{'a':1}"s, "{a:1}"s, "[True]"s, "[1,\v2]"s, "\xef\xbb\xbf[1]"s,
                                   "[1]\0"s, "[1]\0{\"a\":2}"s}) {
        EXPECT_THROW(parse(bad), ParseError) << bad;
    }
}

TEST(JsonValue, LookupAndEditing) {
    Value v = parse(R"({"receipt":{"key_id":"k","n":[1]},"b":true})");
    ASSERT_NE(v.find("b"), nullptr);
    EXPECT_TRUE(v.find("b")->asBool());
    EXPECT_EQ(v.find("c"), nullptr);
    ASSERT_NE(v.findPath("receipt.key_id"), nullptr);
    EXPECT_EQ(v.findPath("receipt.key_id")->asString(), "k");
    EXPECT_EQ(v.findPath("receipt.missing"), nullptr);
    EXPECT_EQ(v.findPath("b.x"), nullptr);  // through a non-object
    EXPECT_EQ(parse("[1]").find("a"), nullptr);

    v.set("a", Value::string("first"));
    v.set("b", Value::null());
    EXPECT_EQ(canonical(v), R"({"a":"first","b":null,"receipt":{"key_id":"k","n":[1]}})");
    EXPECT_TRUE(v.erase("receipt"));
    EXPECT_FALSE(v.erase("receipt"));
    EXPECT_EQ(canonical(v), R"({"a":"first","b":null})");
    EXPECT_EQ(parse(R"({"b":1,"a":2})"), parse(R"({"a":2,"b":1})"));
}

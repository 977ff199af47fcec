#pragma once
// Compares the reader's objects with qpdf's JSON view of the same file (qpdf --json=2): qpdf is the
// independent reader the PDF tests measure against.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "pdf/reader/pdf_reader.hpp"

namespace pith::pdf::testing {

inline std::string toHexLower(const std::string& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

// A name as qpdf's JSON prints it ("/A B", "/A#23"): '/' dropped, #xx decoded.
inline std::string qpdfName(const std::string& s) {
    std::string out;
    for (size_t i = 1; i < s.size(); ++i) {
        if (s[i] == '#' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// qpdf --json=2 copies reals as written, so "-3." can appear; make such numbers valid JSON.
inline nlohmann::json parseQpdfJson(const std::string& text) {
    static const std::regex bareDot(R"(((?:^\s*|": ))(-?[0-9]+)\.(,?)$)", std::regex::multiline);
    return nlohmann::json::parse(std::regex_replace(text, bareDot, "$1$2.0$3"));
}

inline void expectSameAsQpdf(const nlohmann::json& q, const Object& o, const std::string& where,
                             const PdfReader* reader = nullptr);

inline void expectSameDict(const nlohmann::json& q, const Dictionary& d, const std::string& where,
                           const PdfReader* reader = nullptr) {
    for (const auto& [key, value] : q.items()) {
        if (value.is_null()) continue;
        const Object* mine = d.find(qpdfName(key));
        if (!mine) {
            ADD_FAILURE() << where << ": key " << key << " missing";
            continue;
        }
        expectSameAsQpdf(value, *mine, where + key, reader);
    }
    // Keys qpdf does not show: a null value is an absent entry, and qpdf drops entries whose
    // reference points at a free object (which is null, ISO 32000-1 §7.3.10).
    for (const DictEntry& e : d.entries()) {
        auto it = q.find("/" + e.key);
        if (it != q.end() && !it->is_null()) continue;
        EXPECT_TRUE(reader && e.value.isRef() && reader->resolve(e.value).isNull())
            << where << ": key /" << e.key << " not shown by qpdf";
    }
}

inline void expectSameAsQpdf(const nlohmann::json& q, const Object& o, const std::string& where, const PdfReader* reader) {
    static const std::regex refPattern(R"(^([0-9]+) ([0-9]+) R$)");
    std::smatch m;
    if (q.is_null()) {
        EXPECT_TRUE(o.isNull()) << where;
    } else if (q.is_boolean()) {
        ASSERT_TRUE(o.isBool()) << where;
        EXPECT_EQ(o.asBool(), q.get<bool>()) << where;
    } else if (q.is_number_integer()) {
        ASSERT_TRUE(o.isInt()) << where;
        EXPECT_EQ(o.asInt(), q.get<std::int64_t>()) << where;
    } else if (q.is_number_float()) {
        ASSERT_EQ(o.kind(), Object::Kind::Real) << where;
        EXPECT_DOUBLE_EQ(o.asNumber(), q.get<double>()) << where;
    } else if (q.is_string()) {
        const std::string s = q.get<std::string>();
        if (s.rfind("/", 0) == 0) {
            ASSERT_TRUE(o.isName()) << where << ": expected name " << s;
            EXPECT_EQ(o.asName(), qpdfName(s)) << where;
        } else if (s.rfind("u:", 0) == 0) {
            ASSERT_TRUE(o.isString()) << where;
            EXPECT_EQ(decodeTextString(o.asString()), s.substr(2)) << where;
        } else if (s.rfind("b:", 0) == 0) {
            ASSERT_TRUE(o.isString()) << where;
            EXPECT_EQ(toHexLower(o.asString()), s.substr(2)) << where;
        } else if (std::regex_match(s, m, refPattern)) {
            ASSERT_TRUE(o.isRef()) << where << ": expected " << s;
            EXPECT_EQ(o.asRef().num, std::stoul(m[1])) << where;
            EXPECT_EQ(o.asRef().gen, std::stoul(m[2])) << where;
        } else {
            ADD_FAILURE() << where << ": unknown qpdf JSON string " << s;
        }
    } else if (q.is_array()) {
        ASSERT_TRUE(o.isArray()) << where;
        ASSERT_EQ(o.asArray().size(), q.size()) << where;
        for (size_t i = 0; i < q.size(); ++i)
            expectSameAsQpdf(q[i], o.asArray()[i], where + "[" + std::to_string(i) + "]", reader);
    } else if (q.is_object()) {
        ASSERT_TRUE(o.isDict()) << where;
        expectSameDict(q, o.asDict(), where, reader);
    }
}

}  // namespace pith::pdf::testing

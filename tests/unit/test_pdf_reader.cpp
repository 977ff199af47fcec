// PdfReader, its object parser, xref layer, filters and text strings, checked against qpdf (the
// independent reader), Python's codecs and the rules of ISO 32000-1 §7.3.
#include <gtest/gtest.h>
#include <zlib.h>

#include <regex>

#include "pdf/reader/filters.hpp"
#include "pdf/reader/object_parser.hpp"
#include "pdf/reader/pdf_reader.hpp"
#include "pdf/reader/xref.hpp"
#include "pdf_qpdf_compare.hpp"
#include "pdf_test_support.hpp"

using namespace pith::pdf;
using namespace pith::pdf::testing;

namespace {

Object parse(std::string_view text, int maxDepth = 64) {
    ObjectParser p(text, maxDepth);
    return p.parseObject();
}

// The message of the PdfError thrown by f (fails the test if none is thrown).
template <class F>
std::string errorOf(F&& f) {
    try {
        f();
    } catch (const PdfError& e) {
        return e.what();
    }
    ADD_FAILURE() << "no PdfError thrown";
    return {};
}

template <class F>
PdfErrorKind errorKindOf(F&& f) {
    try {
        f();
    } catch (const PdfError& e) {
        return e.kind();
    }
    ADD_FAILURE() << "no PdfError thrown";
    return PdfErrorKind::Structure;
}

// Every object qpdf lists in `file` compared with what `reader` returns for it; returns how many.
size_t compareAllObjectsWithQpdf(const std::filesystem::path& file, const PdfReader& reader) {
    CommandResult r = run("qpdf --json=2 --json-key=qpdf " + quoted(file));
    EXPECT_EQ(r.exitCode, 0) << file;
    nlohmann::json j = parseQpdfJson(r.out);
    const nlohmann::json& objects = j["qpdf"][1];
    static const std::regex key(R"(^obj:([0-9]+) ([0-9]+) R$)");
    size_t compared = 0;
    for (const auto& [name, value] : objects.items()) {
        std::smatch m;
        if (name == "trailer") continue;
        if (!std::regex_match(name, m, key)) {
            ADD_FAILURE() << "unexpected qpdf key " << name;
            continue;
        }
        std::uint32_t num = static_cast<std::uint32_t>(std::stoul(m[1]));
        std::uint16_t gen = static_cast<std::uint16_t>(std::stoul(m[2]));
        std::string where = file.filename().string() + " object " + name;
        // qpdf also lists generations an update superseded ("4 0" after "4 1" reused the number).
        if (reader.entry(num).gen != gen) continue;
        Object mine;
        try {
            mine = reader.object(num);
        } catch (const PdfError& e) {
            // Accepted only for an xref stream whose own entry is off (qpdf knows it from /XRefStm).
            EXPECT_TRUE(value.contains("stream") && value["stream"]["dict"].value("/Type", "") == "/XRef")
                << where << ": " << e.what();
            continue;
        }
        if (value.contains("stream")) {
            EXPECT_TRUE(mine.isStream()) << where;
            if (mine.isStream()) expectSameDict(value["stream"]["dict"], mine.asDict(), where, &reader);
        } else {
            expectSameAsQpdf(value["value"], mine, where, &reader);
        }
        ++compared;
    }
    return compared;
}

Object trailerFromQpdf(const std::filesystem::path& file) {
    CommandResult r = run("qpdf --show-object=trailer " + quoted(file));
    EXPECT_EQ(r.exitCode, 0) << file;
    return parse(r.out);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Object syntax (ISO 32000-1 §7.3)

TEST(PdfObjectParser, BooleansNullAndKeywordsNeedDelimiters) {
    EXPECT_TRUE(parse("true").asBool());
    EXPECT_FALSE(parse("false").asBool());
    EXPECT_TRUE(parse("  null ").isNull());
    Object a = parse("[true/N false(x)null]");
    ASSERT_EQ(a.asArray().size(), 5u);
    EXPECT_TRUE(a.asArray()[0].asBool());
    EXPECT_TRUE(a.asArray()[1].isName("N"));
    EXPECT_FALSE(a.asArray()[2].asBool());
    EXPECT_TRUE(a.asArray()[4].isNull());
    // "trueish" is not the keyword true.
    EXPECT_NE(errorOf([] { parse("trueish"); }).find("keyword"), std::string::npos);
}

TEST(PdfObjectParser, Integers) {
    EXPECT_EQ(parse("0").asInt(), 0);
    EXPECT_EQ(parse("+1").asInt(), 1);
    EXPECT_EQ(parse("-17").asInt(), -17);
    EXPECT_EQ(parse("007").asInt(), 7);
    EXPECT_EQ(parse("9223372036854775807").asInt(), INT64_MAX);
    EXPECT_TRUE(parse("-0").isInt());
    EXPECT_NE(errorOf([] { parse("99999999999999999999"); }).find("out of range"), std::string::npos);
}

TEST(PdfObjectParser, RealsInEveryWrittenForm) {
    struct Case {
        const char* text;
        double value;
        const char* normalized;
    };
    for (const Case& c :
         {Case{".5", 0.5, "0.5"}, Case{"-3.", -3.0, "-3.0"}, Case{"+1.25", 1.25, "1.25"}, Case{"-.5", -0.5, "-0.5"},
          Case{"4.", 4.0, "4.0"}, Case{"0.000001", 1e-6, "0.000001"}, Case{"--2.5", 2.5, "2.5"}}) {
        Object o = parse(c.text);
        ASSERT_EQ(o.kind(), Object::Kind::Real) << c.text;
        EXPECT_DOUBLE_EQ(o.asNumber(), c.value) << c.text;
        EXPECT_EQ(o.realSourceText(), c.normalized) << c.text;
    }
    // A real next to a delimiter ends there.
    Object a = parse("[1.5/N 2.(s)]");
    ASSERT_EQ(a.asArray().size(), 4u);
    EXPECT_DOUBLE_EQ(a.asArray()[0].asNumber(), 1.5);
    EXPECT_DOUBLE_EQ(a.asArray()[2].asNumber(), 2.0);
    EXPECT_NE(errorOf([] { parse("-."); }).find("malformed number"), std::string::npos);
}

TEST(PdfObjectParser, LiteralStrings) {
    EXPECT_EQ(parse("(a (nested (twice)) b)").asString(), "a (nested (twice)) b");
    EXPECT_EQ(parse(R"((\(\)\\))").asString(), "()\\");
    EXPECT_EQ(parse(R"((\n\r\t\b\f))").asString(), "\n\r\t\b\f");
    // Octal: one to three digits; a fourth digit is a plain character; high bits are dropped.
    EXPECT_EQ(parse(R"((\101\60\0053\7))").asString(), std::string("A0\x05"
                                                                   "3\x07"));
    EXPECT_EQ(parse(R"((\777))").asString(), "\xFF");
    // A backslash before an end-of-line continues the line.
    EXPECT_EQ(parse("(ab\\\ncd)").asString(), "abcd");
    EXPECT_EQ(parse("(ab\\\r\ncd)").asString(), "abcd");
    EXPECT_EQ(parse("(ab\\\rcd)").asString(), "abcd");
    // An unescaped end-of-line of any kind is one LF.
    EXPECT_EQ(parse("(a\r\nb\rc\nd)").asString(), "a\nb\nc\nd");
    // Unknown escapes: the backslash is ignored.
    EXPECT_EQ(parse(R"((\q))").asString(), "q");
    EXPECT_FALSE(parse("()").stringWasHex());
    EXPECT_EQ(parse("()").asString(), "");
}

TEST(PdfObjectParser, HexStrings) {
    Object o = parse("<48 65 6c\n6C\t6f>");
    EXPECT_EQ(o.asString(), "Hello");
    EXPECT_TRUE(o.stringWasHex());
    // An odd number of digits: the last one is followed by an implied 0.
    EXPECT_EQ(parse("<901FA>").asString(), "\x90\x1F\xA0");
    EXPECT_EQ(parse("<>").asString(), "");
    EXPECT_NE(errorOf([] { parse("<4G>"); }).find("bad character in hex string"), std::string::npos);
    EXPECT_NE(errorOf([] { parse("<414"); }).find("unterminated hex string"), std::string::npos);
}

TEST(PdfObjectParser, NamesWithHexEscapes) {
    EXPECT_EQ(parse("/Name1").asName(), "Name1");
    EXPECT_EQ(parse("/A#20B").asName(), "A B");
    EXPECT_EQ(parse("/#2F#23x").asName(), "/#x");
    EXPECT_EQ(parse("/Lime#20Green").asName(), "Lime Green");
    EXPECT_EQ(parse("/paired#28#29parentheses").asName(), "paired()parentheses");
    EXPECT_EQ(parse("/").asName(), "");
    // A name ends at a delimiter.
    Object a = parse("[/A/B(c)]");
    ASSERT_EQ(a.asArray().size(), 3u);
    EXPECT_EQ(a.asArray()[1].asName(), "B");
}

TEST(PdfObjectParser, ArraysDictionariesAndReferences) {
    Object a = parse("[1 (a) /N [2] << /K 3 >> 4 0 R true null 5 6]");
    const Array& items = a.asArray();
    ASSERT_EQ(items.size(), 10u);
    EXPECT_EQ(items[1].asString(), "a");
    EXPECT_EQ(items[3].asArray()[0].asInt(), 2);
    EXPECT_EQ(items[4].get("K")->asInt(), 3);
    EXPECT_EQ(items[5].asRef(), (Ref{4, 0}));
    // "5 6" not followed by R stays two integers.
    EXPECT_EQ(items[8].asInt(), 5);
    EXPECT_EQ(items[9].asInt(), 6);

    Object d = parse("<</Z 1/A<</C[1 2]>>/D null/B 12 65535 R>>");
    const auto& e = d.asDict().entries();
    ASSERT_EQ(e.size(), 3u);   // /D null is an absent entry
    EXPECT_EQ(e[0].key, "Z");  // file order is kept
    EXPECT_EQ(e[1].key, "A");
    EXPECT_EQ(e[2].key, "B");
    EXPECT_EQ(d.get("A")->get("C")->asArray()[1].asInt(), 2);
    EXPECT_EQ(d.get("B")->asRef(), (Ref{12, 65535}));
    EXPECT_FALSE(d.asDict().has("D"));
    EXPECT_NE(errorOf([] { parse("[1 0 R 70000 0 R 1 70000 R]"); }).find("out of range"), std::string::npos);
}

TEST(PdfObjectParser, StreamsWithDirectAndIndirectLength) {
    Limits limits;
    std::string file = "5 0 obj << /Length 5 >> stream\r\nHello\nendstream endobj";
    IndirectObject io = parseIndirectObject(file, 0, limits, nullptr);
    EXPECT_EQ(io.ref, (Ref{5, 0}));
    ASSERT_TRUE(io.value.isStream());
    EXPECT_EQ(io.value.streamData(), "Hello");

    // The data may contain "endstream" itself: /Length decides.
    std::string tricky = "6 0 obj << /Length 7 0 R >>\nstream\nendstream\nendstream\nendobj";
    int asked = 0;
    LengthResolver lengthOf = [&](Ref r) -> std::optional<std::int64_t> {
        ++asked;
        EXPECT_EQ(r, (Ref{7, 0}));
        return 9;
    };
    io = parseIndirectObject(tricky, 0, limits, lengthOf);
    EXPECT_EQ(asked, 1);
    EXPECT_EQ(io.value.streamData(), "endstream");

    // A wrong /Length is tolerated by searching for endstream (as other readers do).
    io = parseIndirectObject("7 0 obj << /Length 999 >> stream\nabc\nendstream endobj", 0, limits, nullptr);
    EXPECT_EQ(io.value.streamData(), "abc");

    // And through the reader, with /Length an indirect object.
    auto bodies = minimalBodies();
    bodies[4] = "<< /Length 5 0 R >>\nstream\n0123456789\nendstream";
    bodies[5] = "10";
    PdfReader r = PdfReader::fromBytes(buildPdf(bodies, "/Root 1 0 R"));
    EXPECT_EQ(r.object(4).streamData(), "0123456789");
    EXPECT_EQ(r.decodeStream(r.object(4)), "0123456789");
}

TEST(PdfObjectParser, MalformedInputNamesTheByteOffset) {
    auto offsetIn = [](std::string_view text, std::uint64_t base) {
        return errorOf([&] {
            ObjectParser p(text, 64, base);
            p.parseObject();
        });
    };
    // "<< 1 2 >>": the key at byte 3 is not a name.
    std::string msg = offsetIn("<< 1 2 >>", 0);
    EXPECT_NE(msg.find("at byte 3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("dictionary key is not a name"), std::string::npos) << msg;
    // The base offset is added: messages name file offsets, not buffer offsets.
    msg = offsetIn("<< 1 2 >>", 1000);
    EXPECT_NE(msg.find("at byte 1003"), std::string::npos) << msg;
    msg = offsetIn("(unterminated", 0);
    EXPECT_NE(msg.find("unterminated string"), std::string::npos) << msg;
    EXPECT_NE(msg.find("at byte 13"), std::string::npos) << msg;
    EXPECT_EQ(parse("[1 2 ]]").asArray().size(), 2u);  // the stray ']' is not part of the object
    msg = offsetIn("]", 0);
    EXPECT_NE(msg.find("unexpected character ']'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("at byte 0"), std::string::npos) << msg;
    msg = offsetIn("<< /A 1", 0);
    EXPECT_NE(msg.find("unterminated dictionary"), std::string::npos) << msg;
    msg = offsetIn("[1 2", 0);
    EXPECT_NE(msg.find("unterminated array"), std::string::npos) << msg;
    msg = offsetIn("   ", 0);
    EXPECT_NE(msg.find("unexpected end of data"), std::string::npos) << msg;

    // Through the reader: a broken object names its byte offset in the file.
    auto bodies = minimalBodies();
    bodies[4] = "<< /A 1 /B >>";
    std::string file = buildPdf(bodies, "/Root 1 0 R");
    size_t objectAt = file.find("4 0 obj");
    size_t badAt = file.find(">>", objectAt);
    PdfReader r = PdfReader::fromBytes(file);
    msg = errorOf([&] { r.object(4); });
    EXPECT_NE(msg.find("at byte " + std::to_string(badAt)), std::string::npos) << msg;
}

TEST(PdfObjectParser, ValuesAgreeWithQpdf) {
    // One array holding every tricky form, read by qpdf from a real file and compared value by value.
    auto bodies = minimalBodies();
    bodies[4] =
        "[(a (nested) b) (\\101\\60\\0053) (ab\\\ncd) (caf\\351) <901FA> <48 65\n6c> /A#20B /#2F#23 "
        ".5 -3. +1 -.5 4 0 R true false << /K [1 2.25] /N null >> (line\r\nend)]";
    TempDir dir;
    writeBytes(dir / "values.pdf", buildPdf(bodies, "/Root 1 0 R"));
    PdfReader r = PdfReader::openFile(dir / "values.pdf");
    CommandResult q = run("qpdf --json=2 --json-key=qpdf --json-object=4 " + quoted(dir / "values.pdf"));
    ASSERT_EQ(q.exitCode, 0);
    nlohmann::json j = parseQpdfJson(q.out);
    expectSameAsQpdf(j["qpdf"][1]["obj:4 0 R"]["value"], r.object(4), "object 4");
}

// ---------------------------------------------------------------------------------------------
// Filters

namespace {

// PNG row filters (RFC 2083 §6), written here in the encoding direction as the reference.
std::string pngEncode(const std::string& raw, size_t rowLen, size_t bpp, int type) {
    std::string out;
    std::string prev(rowLen, '\0');
    for (size_t row = 0; row < raw.size(); row += rowLen) {
        std::string cur = raw.substr(row, rowLen);
        cur.resize(rowLen, '\0');
        int t = type == 5 ? static_cast<int>((row / rowLen) % 5) : type;  // 5: a different filter per row
        out += static_cast<char>(t);
        for (size_t i = 0; i < rowLen; ++i) {
            int x = static_cast<unsigned char>(cur[i]);
            int a = i >= bpp ? static_cast<unsigned char>(cur[i - bpp]) : 0;
            int b = static_cast<unsigned char>(prev[i]);
            int c = i >= bpp ? static_cast<unsigned char>(prev[i - bpp]) : 0;
            int pred = 0;
            if (t == 1) pred = a;
            if (t == 2) pred = b;
            if (t == 3) pred = (a + b) / 2;
            if (t == 4) {
                int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
                pred = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
            }
            out += static_cast<char>((x - pred) & 0xff);
        }
        prev = cur;
    }
    return out;
}

std::string zlibCompress(const std::string& data) {
    uLongf len = compressBound(static_cast<uLong>(data.size()));
    std::string out(len, '\0');
    compress2(reinterpret_cast<Bytef*>(out.data()), &len, reinterpret_cast<const Bytef*>(data.data()),
              static_cast<uLong>(data.size()), 6);
    out.resize(len);
    return out;
}

Object predictorParams(int predictor, int colors, int bpc, int columns) {
    Dictionary d;
    d.set("Predictor", Object::integer(predictor));
    d.set("Colors", Object::integer(colors));
    d.set("BitsPerComponent", Object::integer(bpc));
    d.set("Columns", Object::integer(columns));
    return Object::dictionary(d);
}

}  // namespace

TEST(PdfFilters, FlateWithPngPredictors) {
    std::string raw;
    for (int i = 0; i < 3 * 7 * 40; ++i) raw += static_cast<char>((i * 37 + (i / 21) * 11) & 0xff);
    for (int type = 0; type <= 5; ++type) {
        // 3 colours x 8 bits x 7 columns: 21-byte rows, 3 bytes per pixel.
        std::string encoded = zlibCompress(pngEncode(raw, 21, 3, type));
        EXPECT_EQ(applyFilter("FlateDecode", encoded, predictorParams(10 + type % 5, 3, 8, 7), 1 << 20), raw)
            << "PNG filter type " << type;
    }
    // The xref-stream shape: 1 colour, 8 bits, 5 columns, Up predictor (12).
    std::string rows;
    for (int i = 0; i < 50; ++i) rows += std::string("\x01\x00\x10", 3) + static_cast<char>(i) + static_cast<char>(0);
    EXPECT_EQ(applyFilter("Fl", zlibCompress(pngEncode(rows, 5, 1, 2)), predictorParams(12, 1, 8, 5), 1 << 20), rows);
    // No predictor: plain inflate, same as zlib's.
    EXPECT_EQ(applyFilter("FlateDecode", zlibCompress(raw), Object(), 1 << 20), raw);
    EXPECT_EQ(inflate(deflate(raw), 1 << 20), raw);
}

TEST(PdfFilters, FlateFromPythonZlib) {
    // Python's zlib as the reference compressor, with its own PNG Paeth encoding of three rows.
    CommandResult py = run(
        "python3 -c \"import zlib,sys\n"
        "rows=[bytes((7*i+r*13)%256 for i in range(8)) for r in range(3)]\n"
        "def paeth(a,b,c):\n"
        " p=a+b-c; pa,pb,pc=abs(p-a),abs(p-b),abs(p-c)\n"
        " return a if pa<=pb and pa<=pc else (b if pb<=pc else c)\n"
        "out=b''; prev=bytes(8)\n"
        "for r in rows:\n"
        " out+=bytes([4])+bytes((r[i]-paeth(r[i-2] if i>=2 else 0,prev[i],prev[i-2] if i>=2 else 0))%256 for i in range(8)); prev=r\n"
        "sys.stdout.write(zlib.compress(out,9).hex()+' '+b''.join(rows).hex())\"");
    ASSERT_EQ(py.exitCode, 0);
    auto space = py.out.find(' ');
    auto unhex = [](const std::string& h) {
        std::string b;
        for (size_t i = 0; i + 1 < h.size(); i += 2) b += static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16));
        return b;
    };
    std::string compressed = unhex(py.out.substr(0, space));
    std::string expected = unhex(py.out.substr(space + 1));
    // 2 colours x 8 bits x 4 columns = 8-byte rows, 2 bytes per pixel.
    EXPECT_EQ(applyFilter("FlateDecode", compressed, predictorParams(15, 2, 8, 4), 1 << 20), expected);
}

TEST(PdfFilters, AsciiHex) {
    EXPECT_EQ(applyFilter("ASCIIHexDecode", "48 65\n6C6c 6F>", Object(), 100), "Hello");
    EXPECT_EQ(applyFilter("AHx", "901FA>", Object(), 100), "\x90\x1F\xA0");  // odd count: trailing 0
    EXPECT_EQ(applyFilter("AHx", "41>42", Object(), 100), "A");              // '>' ends the data
    EXPECT_NE(errorOf([] { applyFilter("AHx", "4X", Object(), 100); }).find("ASCIIHexDecode"), std::string::npos);
    EXPECT_NE(errorOf([] { applyFilter("AHx", "414243", Object(), 2); }).find("limit"), std::string::npos);
}

TEST(PdfFilters, Ascii85AgainstPython) {
    // Python's base64.a85encode is the reference encoder ('z' for zero groups, partial last group).
    for (const char* payload : {"bytes(range(256))*3", "b'\\\\0'*8+b'Man is distinguished'", "b'abc'", "b''"}) {
        CommandResult py = run(std::string("python3 -c \"import base64,sys; d=") + payload +
                               "; sys.stdout.write(d.hex()+' '+base64.a85encode(d,wrapcol=60).decode()+'~>')\"");
        ASSERT_EQ(py.exitCode, 0) << payload;
        auto space = py.out.find(' ');
        std::string hex = py.out.substr(0, space), encoded = py.out.substr(space + 1);
        std::string expected;
        for (size_t i = 0; i + 1 < hex.size(); i += 2) expected += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
        EXPECT_EQ(applyFilter("ASCII85Decode", encoded, Object(), 1 << 20), expected) << payload;
        EXPECT_EQ(applyFilter("A85", encoded, Object(), 1 << 20), expected) << payload;
    }
    EXPECT_NE(errorOf([] { applyFilter("A85", "ab{", Object(), 100); }).find("ASCII85Decode"), std::string::npos);
    EXPECT_NE(errorOf([] { applyFilter("A85", "a~>", Object(), 100); }).find("truncated"), std::string::npos);
    EXPECT_NE(errorOf([] { applyFilter("A85", "zzzz", Object(), 8); }).find("limit"), std::string::npos);
}

TEST(PdfFilters, DecodedSizeCapAndUnsupportedFilters) {
    std::string big(1 << 20, 'x');
    std::string bomb = zlibCompress(big);
    EXPECT_NE(errorOf([&] { applyFilter("FlateDecode", bomb, Object(), 1000); }).find("limit of 1000 bytes"), std::string::npos);
    EXPECT_NE(errorOf([] { applyFilter("DCTDecode", "x", Object(), 100); }).find("unsupported stream filter /DCTDecode"),
              std::string::npos);

    // Through the reader: a small Limits::maxDecodedSize on a larger stream, and an unsupported filter.
    std::string escaped;
    auto bodies = minimalBodies();
    bodies[4] = "<< /Length " + std::to_string(bomb.size()) + " /Filter /FlateDecode >>\nstream\n" + bomb + "\nendstream";
    bodies[5] = "<< /Length 3 /Filter [/ASCIIHexDecode /RunLengthDecode] >>\nstream\n41>\nendstream";
    bodies[6] = "<< /Length 3 /Filter /Crypt >>\nstream\nabc\nendstream";
    std::string file = buildPdf(bodies, "/Root 1 0 R");
    Limits small;
    small.maxDecodedSize = 4096;
    PdfReader limited = PdfReader::fromBytes(file, small);
    std::string msg = errorOf([&] { limited.decodeStream(limited.object(4)); });
    EXPECT_NE(msg.find("limit of 4096 bytes"), std::string::npos) << msg;
    PdfReader normal = PdfReader::fromBytes(file);
    EXPECT_EQ(normal.decodeStream(normal.object(4)), big);
    EXPECT_NE(errorOf([&] { normal.decodeStream(normal.object(5)); }).find("/RunLengthDecode"), std::string::npos);
    EXPECT_NE(errorOf([&] { normal.decodeStream(normal.object(6)); }).find("/Crypt"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Text strings (ISO 32000-1 §7.9.2, Annex D)

TEST(PdfTextString, PdfDocEncodingSpecials) {
    // exiftool decodes PDFDocEncoding (Annex D.2 of ISO 32000-1) on its own: an Info /Title with every
    // byte that differs from Latin-1 (0x9F is undefined and left out), read by both.
    std::string title;
    for (int c = 0x18; c <= 0x1F; ++c) title += static_cast<char>(c);
    for (int c = 0x80; c <= 0xA0; ++c)
        if (c != 0x9F) title += static_cast<char>(c);
    title += "A\xE9\xFF";  // Latin-1 range
    auto bodies = minimalBodies();
    std::string hex;
    for (unsigned char c : title) {
        char b[3];
        std::snprintf(b, sizeof b, "%02x", c);
        hex += b;
    }
    bodies[4] = "<< /Title <" + hex + "> >>";
    TempDir dir;
    writeBytes(dir / "title.pdf", buildPdf(bodies, "/Root 1 0 R /Info 4 0 R"));
    CommandResult exif = run("exiftool -b -Title " + quoted(dir / "title.pdf"));
    ASSERT_EQ(exif.exitCode, 0);
    ASSERT_FALSE(exif.out.empty());
    EXPECT_EQ(decodeTextString(title), exif.out);
    EXPECT_EQ(PdfReader::openFile(dir / "title.pdf").infoStrings().at("Title"), exif.out);

    EXPECT_EQ(decodeTextString("plain ASCII"), "plain ASCII");
    EXPECT_EQ(decodeTextString("\x7F\x9F\xAD"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // undefined: U+FFFD
}

TEST(PdfTextString, Utf16BeWithBomAndUtf8WithBom) {
    // Reference encodings from Python's codecs.
    CommandResult py =
        run("python3 -c \"import sys; s='Grüße, 数学 \\U0001D400\\U0001F600!'; "
            "sys.stdout.write((b'\\xfe\\xff'+s.encode('utf-16-be')).hex()+' '+s.encode('utf-8').hex())\"");
    ASSERT_EQ(py.exitCode, 0);
    auto unhex = [](const std::string& h) {
        std::string b;
        for (size_t i = 0; i + 1 < h.size(); i += 2) b += static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16));
        return b;
    };
    auto space = py.out.find(' ');
    std::string utf16 = unhex(py.out.substr(0, space)), utf8 = unhex(py.out.substr(space + 1));
    EXPECT_EQ(decodeTextString(utf16), utf8);                  // surrogate pairs included
    EXPECT_EQ(decodeTextString("\xEF\xBB\xBF" + utf8), utf8);  // PDF 2.0 UTF-8 with BOM
    EXPECT_EQ(decodeTextString(std::string("\xFE\xFF", 2)), "");
    EXPECT_EQ(decodeTextString(std::string("\xFE\xFF\xD8\x00\x00\x41", 6)),
              "\xEF\xBF\xBD"
              "A");  // lone surrogate
    EXPECT_EQ(encodeTextString(utf8), utf16);
}

TEST(PdfTextString, EncodeRoundTrips) {
    for (std::string s : {std::string("Plain title"), std::string("Grüße"), std::string("€ and ˘"), std::string("𝐀 math"),
                          std::string(""), std::string("tab\tand ~")}) {
        EXPECT_EQ(decodeTextString(encodeTextString(s)), s) << s;
    }
    EXPECT_EQ(encodeTextString("ASCII stays"), "ASCII stays");
    EXPECT_EQ(encodeTextString("é").substr(0, 2), "\xFE\xFF");
}

TEST(PdfTextString, EncodeRoundTripsControlCharactersPdfDocEncodingRemaps) {
    // 0x18-0x1F and 0x7F are ASCII, but PDFDocEncoding gives them other meanings (˘ ˇ … and
    // undefined), so they must not be written as single bytes.
    for (std::string s : {std::string("a\x18z"), std::string("\x1F"), std::string("del\x7F")}) {
        EXPECT_EQ(decodeTextString(encodeTextString(s)), s);
    }
}

// ---------------------------------------------------------------------------------------------
// Real files: revisions, xref kinds, trailer and objects against qpdf

namespace {

struct CorpusFile {
    const char* name;
    XrefKind lastKind;
    bool hybrid;
};

const CorpusFile kCorpus[] = {
    {"minimal.pdf", XrefKind::Table, false},               // classic table
    {"good17-not-qdf.pdf", XrefKind::Stream, false},       // xref stream + object streams
    {"hybrid-xref.pdf", XrefKind::Table, true},            // table with /XRefStm
    {"minimal-linearized.pdf", XrefKind::Table, false},    // linearized
    {"lin-delete-and-reuse.pdf", XrefKind::Table, false},  // linearized, then updated twice
    {"incremental-1.pdf", XrefKind::Table, false},         // delete, then reuse an object number
    {"delete-and-reuse.pdf", XrefKind::Table, false},
    {"override-compressed-object.pdf", XrefKind::Stream, false},  // update replacing an object-stream member
};

}  // namespace

TEST(PdfReaderCorpus, AgreesWithQpdf) {
    for (const CorpusFile& c : kCorpus) {
        SCOPED_TRACE(c.name);
        std::filesystem::path path = qpdfCorpus() / c.name;
        PdfReader r = PdfReader::openFile(path);
        std::string bytes = readBytes(path);
        auto sections = startxrefSections(bytes);

        ASSERT_EQ(r.revisions().size(), sections.size());
        for (size_t i = 0; i < sections.size(); ++i) {
            EXPECT_EQ(r.revisions()[i].startxref, sections[i].first) << "revision " << i;
            EXPECT_EQ(r.revisions()[i].endOffset, sections[i].second) << "revision " << i;
        }
        EXPECT_EQ(r.revisionIndex(), sections.size() - 1);
        EXPECT_EQ(r.revision().kind, c.lastKind);
        EXPECT_EQ(r.revision().hybrid, c.hybrid);

        CommandResult pages = run("qpdf --show-npages " + quoted(path));
        ASSERT_EQ(pages.exitCode, 0);
        EXPECT_EQ(r.pageCount(), std::stoul(pages.out));

        Object trailer = trailerFromQpdf(path);
        ASSERT_TRUE(trailer.isDict());
        EXPECT_EQ(r.trailer().find("Root")->asRef(), trailer.get("Root")->asRef());
        EXPECT_EQ(r.trailer().find("Size")->asInt(), trailer.get("Size")->asInt());
        EXPECT_GE(r.size(), static_cast<std::uint32_t>(trailer.get("Size")->asInt()));
        EXPECT_EQ(r.rootRef(), trailer.get("Root")->asRef());
        if (const Object* id = trailer.get("ID")) {
            ASSERT_EQ(r.id().size(), 2u);
            EXPECT_EQ(r.id()[0], id->asArray()[0].asString());
        }

        EXPECT_GT(compareAllObjectsWithQpdf(path, r), 3u);
    }
}

TEST(PdfReaderCorpus, StreamDataAgreesWithQpdf) {
    for (const char* name : {"good17-not-qdf.pdf", "hybrid-xref.pdf", "incremental-1.pdf", "tiff-predictor.pdf"}) {
        SCOPED_TRACE(name);
        std::filesystem::path path = qpdfCorpus() / name;
        PdfReader r = PdfReader::openFile(path);
        size_t checked = 0;
        for (std::uint32_t n = 1; n < r.size() && checked < 6; ++n) {
            Object o = r.object(n);
            if (!o.isStream()) continue;
            ++checked;
            const std::string arg = " --show-object=" + std::to_string(n) + "," + std::to_string(r.entry(n).gen) + " ";
            CommandResult raw = run("qpdf" + arg + "--raw-stream-data " + quoted(path));
            ASSERT_EQ(raw.exitCode, 0);
            EXPECT_EQ(o.streamData(), raw.out) << "object " << n;
            CommandResult decoded = run("qpdf" + arg + "--filtered-stream-data --decode-level=generalized " + quoted(path));
            if (decoded.exitCode == 0) {
                EXPECT_EQ(r.decodeStream(o), decoded.out) << "object " << n;
            }
        }
        EXPECT_GT(checked, 0u);
    }
}

TEST(PdfReaderCorpus, OlderRevisionsSeeOlderObjectVersions) {
    // incremental-1.pdf: revision 0 has object 4 as a content stream, revision 1 frees it (generation
    // 1), revision 2 reuses it as "4 1 obj [7 0 R]".
    std::filesystem::path path = qpdfCorpus() / "incremental-1.pdf";
    PdfReader latest = PdfReader::openFile(path);
    ASSERT_EQ(latest.revisions().size(), 3u);
    PdfReader r0 = latest.atRevision(0), r1 = latest.atRevision(1), r2 = latest.atRevision(2);
    EXPECT_TRUE(r0.object(4).isStream());
    EXPECT_TRUE(r1.object(4).isNull());
    EXPECT_EQ(r1.entry(4).type, XrefEntry::Type::Free);
    EXPECT_EQ(r1.entry(4).gen, 1);
    ASSERT_TRUE(r2.object(4).isArray());
    EXPECT_EQ(r2.object(4).asArray()[0].asRef(), (Ref{7, 0}));
    EXPECT_TRUE(r0.object(7).isNull());
    EXPECT_EQ(latest.revisions()[1].freedObjects, std::vector<std::uint32_t>{4});
    EXPECT_EQ(latest.revisions()[2].definedObjects, (std::vector<std::uint32_t>{3, 4, 7}));
    EXPECT_EQ(r0.atRevision(2).revisionIndex(), 2u);
    EXPECT_THROW(latest.atRevision(3), PdfError);

    // Every revision of several updated files: the prefix qpdf reads is what atRevision sees.
    TempDir dir;
    for (const char* name : {"incremental-1.pdf", "delete-and-reuse.pdf", "override-compressed-object.pdf",
                             "lin-delete-and-reuse.pdf", "hybrid-xref.pdf"}) {
        SCOPED_TRACE(name);
        std::string bytes = readBytes(qpdfCorpus() / name);
        PdfReader r = PdfReader::fromBytes(bytes);
        auto sections = startxrefSections(bytes);
        ASSERT_EQ(r.revisions().size(), sections.size());
        for (size_t i = 0; i < sections.size(); ++i) {
            SCOPED_TRACE("revision " + std::to_string(i));
            std::filesystem::path prefix = dir / ("rev" + std::to_string(i) + ".pdf");
            writeBytes(prefix, bytes.substr(0, sections[i].second));
            PdfReader old = r.atRevision(i);
            EXPECT_EQ(old.bytes().size(), bytes.size());  // the whole file is kept, the view is a prefix
            Object trailer = trailerFromQpdf(prefix);
            EXPECT_EQ(old.trailer().find("Size")->asInt(), trailer.get("Size")->asInt());
            EXPECT_GT(compareAllObjectsWithQpdf(prefix, old), 0u);
            CommandResult pages = run("qpdf --show-npages " + quoted(prefix));
            EXPECT_EQ(old.pageCount(), std::stoul(pages.out));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Limits and hostile input: PdfError, never a crash or a hang

TEST(PdfReaderLimits, ObjectNumberBeyondTheLimit) {
    std::string file = buildPdf(minimalBodies(), "/Root 1 0 R");
    Limits tight;
    tight.maxObjectNumber = 2;  // the xref has objects 0..3
    std::string msg = errorOf([&] { PdfReader::fromBytes(file, tight); });
    EXPECT_NE(msg.find("object number limit"), std::string::npos) << msg;
    EXPECT_NO_THROW(PdfReader::fromBytes(file));

    // An xref subsection claiming billions of entries: damage, not an allocation. Viewers rebuild
    // such a table by scanning the file, and so does the reader (through libqpdf): it finds the
    // four objects there are, and says why it rebuilt the file.
    std::string huge = file;
    huge.replace(huge.find("xref\n0 4"), 8, "xref\n0 4000000000");
    PdfReader rebuilt = PdfReader::fromBytes(huge);
    ASSERT_TRUE(rebuilt.repaired().has_value());
    EXPECT_NE(rebuilt.repaired()->find("4000000000"), std::string::npos) << *rebuilt.repaired();
    EXPECT_EQ(rebuilt.size(), 4u);

    // A reference to an enormous object number reads as null (missing), it does not allocate.
    auto bodies = minimalBodies();
    bodies[4] = "[4000000000 0 R]";
    PdfReader r = PdfReader::fromBytes(buildPdf(bodies, "/Root 1 0 R"));
    EXPECT_TRUE(r.resolve(r.object(4).asArray()[0]).isNull());
}

TEST(PdfReaderLimits, NestingBeyondMaxDepth) {
    std::string deep = std::string(100, '[') + std::string(100, ']');
    EXPECT_EQ(parse(deep, 200).asArray().size(), 1u);
    EXPECT_NE(errorOf([&] { parse(deep, 64); }).find("nested deeper than 64"), std::string::npos);
    std::string deepDicts;
    for (int i = 0; i < 10000; ++i) deepDicts += "<</A ";
    EXPECT_THROW(parse(deepDicts), PdfError);

    auto bodies = minimalBodies();
    bodies[4] = std::string(5000, '[') + std::string(5000, ']');
    PdfReader r = PdfReader::fromBytes(buildPdf(bodies, "/Root 1 0 R"));
    EXPECT_THROW(r.object(4), PdfError);
    EXPECT_EQ(r.pageCount(), 1u);  // the rest of the file stays readable
}

TEST(PdfReaderLimits, ReferenceCycles) {
    auto bodies = minimalBodies();
    bodies[4] = "5 0 R";
    bodies[5] = "4 0 R";
    bodies[6] = "<< /Length 6 0 R >>\nstream\nabc\nendstream";  // /Length refers to its own stream
    bodies[7] = "<< /Type /Pages /Kids [7 0 R] /Count 1 >>";    // page tree loop
    std::string file = buildPdf(bodies, "/Root 1 0 R");
    PdfReader r = PdfReader::fromBytes(file);
    EXPECT_NE(errorOf([&] { r.resolve(Object::reference({4, 0})); }).find("reference chain"), std::string::npos);
    std::string msg = errorOf([&] { r.object(6); });
    EXPECT_NE(msg.find("object 6"), std::string::npos) << msg;

    std::string loop = file;
    loop.replace(loop.find("/Pages 2 0 R"), 12, "/Pages 7 0 R");
    PdfReader looped = PdfReader::fromBytes(loop);
    EXPECT_NE(errorOf([&] { looped.page(0); }).find("page tree loop"), std::string::npos);
}

TEST(PdfReaderLimits, PrevLoopsEndWithoutHanging) {
    // /Prev written as a fixed-width placeholder so that filling it in moves no offset.
    auto padded = [](std::uint64_t v) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%010llu", static_cast<unsigned long long>(v));
        return std::string(buf);
    };
    const std::string placeholder = "/Prev PPPPPPPPPP";
    std::uint64_t xref = 0;
    const std::string base = buildPdf(minimalBodies(), "/Root 1 0 R " + placeholder, &xref);

    // A section whose /Prev is itself: followed until an offset repeats, the objects stay readable.
    std::string selfLoop = base;
    selfLoop.replace(selfLoop.find(placeholder), placeholder.size(), "/Prev " + padded(xref));
    PdfReader r = PdfReader::fromBytes(selfLoop);
    EXPECT_EQ(r.revisions().size(), 1u);
    EXPECT_EQ(r.pageCount(), 1u);

    // Two sections pointing at each other.
    std::string twoLoop = base;
    std::uint64_t update = twoLoop.size();
    twoLoop += "xref\n0 0\ntrailer\n<< /Size 4 /Root 1 0 R /Prev " + std::to_string(xref) + " >>\nstartxref\n" +
               std::to_string(update) + "\n%%EOF\n";
    twoLoop.replace(twoLoop.find(placeholder), placeholder.size(), "/Prev " + padded(update));
    PdfReader r2 = PdfReader::fromBytes(twoLoop);
    EXPECT_EQ(r2.pageCount(), 1u);
    for (size_t i = 0; i < r2.revisions().size(); ++i) {
        try {
            (void)r2.atRevision(i).pageCount();  // revision 0 reaches forward out of its prefix
        } catch (const PdfError&) {}
    }

    // The /Prev chain length is bounded by Limits::maxXrefSections.
    std::string chained = base;
    chained.replace(chained.find(placeholder), placeholder.size(), "/Prev0 " + padded(0).substr(1));
    chained += "xref\n0 0\ntrailer\n<< /Size 4 /Root 1 0 R /Prev " + std::to_string(xref) + " >>\nstartxref\n" +
               std::to_string(base.size()) + "\n%%EOF\n";
    EXPECT_EQ(PdfReader::fromBytes(chained).revisions().size(), 2u);
    Limits fewSections;
    fewSections.maxXrefSections = 1;
    EXPECT_NE(errorOf([&] { PdfReader::fromBytes(chained, fewSections); }).find("xref sections"), std::string::npos);
}

TEST(PdfReaderLimits, DictionaryKeysAsSetAndEraseWouldLeaveThem) {
    // Repeated keys: the last value, at the first key's place; a null removes; back after a null:
    // appended. The same with 40 keys, past the parser's switch to a hash index.
    for (int pad : {0, 40}) {
        std::string filler;
        for (int i = 0; i < pad; ++i) filler += "/P" + std::to_string(i) + " " + std::to_string(i) + " ";
        Object d = parse("<< /A 1 " + filler + "/B 2 /A 3 /C 4 /B null /C null /C 5 >>");
        Dictionary expected;
        expected.set("A", Object::integer(1));
        for (int i = 0; i < pad; ++i) expected.set("P" + std::to_string(i), Object::integer(i));
        expected.set("B", Object::integer(2));
        expected.set("A", Object::integer(3));
        expected.set("C", Object::integer(4));
        expected.erase("B");
        expected.erase("C");
        expected.set("C", Object::integer(5));
        ASSERT_EQ(d.asDict().size(), expected.size()) << pad;
        for (size_t i = 0; i < expected.size(); ++i) {
            EXPECT_EQ(d.asDict().entries()[i].key, expected.entries()[i].key) << pad << " " << i;
            EXPECT_EQ(d.asDict().entries()[i].value.asInt(), expected.entries()[i].value.asInt());
        }
    }
}

TEST(PdfReaderLimits, HugePredictorRowsAreBoundedByTheData) {
    // Columns 2^24 of 32 16-bit colours: a 1 GiB row for 65 bytes of data. The output is the data's
    // one partial row, as with a row sized to the data (filter type 1: each byte adds the one
    // 64 bytes before it, the bytes per pixel of 32 16-bit colours).
    std::string row(1, '\x01');
    for (int i = 0; i < 128; ++i) row += static_cast<char>(i);
    Dictionary parms;
    parms.set("Predictor", Object::integer(12));
    parms.set("Colors", Object::integer(32));
    parms.set("BitsPerComponent", Object::integer(16));
    parms.set("Columns", Object::integer(1 << 24));
    std::string out = applyFilter("FlateDecode", deflate(row), Object::dictionary(parms), 1 << 20);
    ASSERT_EQ(out.size(), 128u);
    for (int i = 0; i < 128; ++i) EXPECT_EQ(static_cast<unsigned char>(out[i]), i < 64 ? i : (i + (i - 64)) & 0xff) << i;
}

TEST(PdfReaderLimits, DecodedBytesAreBudgetedPerDocument) {
    // Twelve 1 MiB streams under a 4 MiB document budget: the fifth decode is refused, in every
    // view of the file, while one stream alone stays under the per-stream cap.
    auto bodies = minimalBodies();
    const std::string packed = deflate(std::string(1 << 20, 'x'));
    for (std::uint32_t n = 10; n < 22; ++n)
        bodies[n] = "<< /Filter /FlateDecode /Length " + std::to_string(packed.size()) + " >>\nstream\n" + packed + "\nendstream";
    Limits limits;
    limits.maxDocumentDecodedSize = 4 << 20;
    PdfReader r = PdfReader::fromBytes(buildPdf(bodies, "/Root 1 0 R"), limits);
    for (std::uint32_t n = 10; n < 14; ++n) EXPECT_EQ(r.decodeStream(r.object(n)).size(), 1u << 20);
    std::string msg = errorOf([&] { r.decodeStream(r.object(14)); });
    EXPECT_NE(msg.find("decode to more than the limit of 4 MiB in all"), std::string::npos) << msg;
    EXPECT_THROW(r.atRevision(0).decodeStream(r.object(15)), PdfError);
    EXPECT_THROW(r.prefix(r.bytes().size()).decodeStream(r.object(16)), PdfError);
    // A new reader of the same bytes is a new document with a budget of its own.
    PdfReader fresh = PdfReader::fromBytes(std::string(r.bytes()), limits);
    EXPECT_EQ(fresh.decodeStream(fresh.object(17)).size(), 1u << 20);
}

TEST(PdfReaderLimits, XrefBoundsThatOverflowAreErrorsNotAllocations) {
    std::string file = buildPdf(minimalBodies(), "/Root 1 0 R");
    // 18446744073709551609 + 7 wraps to 0 in 64 bits.
    std::string wrapped = file;
    const size_t trailer = wrapped.rfind("trailer");
    std::string subsection = "18446744073709551609 7\n";
    for (int i = 0; i < 7; ++i) subsection += "0000000009 00000 n\r\n";
    wrapped.insert(trailer, subsection);
    PdfReader rebuilt = PdfReader::fromBytes(wrapped);  // damage: rebuilt by scanning, nothing allocated for it
    ASSERT_TRUE(rebuilt.repaired().has_value());
    EXPECT_NE(rebuilt.repaired()->find("xref subsection 18446744073709551609 7 beyond the object number limit"),
              std::string::npos)
        << *rebuilt.repaired();
    EXPECT_EQ(rebuilt.size(), 4u);
    // A sparse xref (one entry near the object number limit) opens without a dense table.
    std::string sparse = file;
    sparse.insert(sparse.rfind("trailer"), "7999999 1\n0000000009 00000 n\r\n");
    PdfReader r = PdfReader::fromBytes(sparse);
    EXPECT_EQ(r.entry(7999999).type, XrefEntry::Type::InFile);
    EXPECT_EQ(r.entry(7999998).type, XrefEntry::Type::Missing);
    EXPECT_EQ(r.size(), 8000000u);
}

TEST(PdfReaderLimits, PageTreeWalkedAsViewersWalkIt) {
    // An inner node's /Count says 0 while it holds page 1: viewers walk the kids (qpdf agrees).
    auto bodies = minimalBodies();
    bodies[2] = "<< /Type /Pages /Kids [4 0 R 5 0 R] /Count 2 >>";
    bodies[4] = "<< /Type /Pages /Parent 2 0 R /Kids [3 0 R] /Count 0 >>";
    bodies[3] = "<< /Type /Page /Parent 4 0 R /MediaBox [0 0 100 100] >>";
    bodies[5] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>";
    const std::filesystem::path path = std::filesystem::temp_directory_path() / "pith-count-lies.pdf";
    writeBytes(path, buildPdf(bodies, "/Root 1 0 R"));
    PdfReader r = PdfReader::openFile(path);
    EXPECT_EQ(r.pageCount(), std::stoul(run("qpdf --show-npages " + quoted(path)).out));
    // qpdf's pages in order ("page 1: 3 0 R"), against the walk and against page(i).
    std::vector<std::uint32_t> qpdfPages;
    static const std::regex pageLine(R"(page \d+: (\d+) 0 R)");
    const std::string shown = run("qpdf --show-pages " + quoted(path)).out;
    for (std::sregex_iterator it(shown.begin(), shown.end(), pageLine), end; it != end; ++it)
        qpdfPages.push_back(static_cast<std::uint32_t>(std::stoul((*it)[1])));
    std::vector<std::uint32_t> seen;
    r.forEachPage([&](size_t, std::optional<Ref> ref, const Dictionary&) {
        seen.push_back(ref ? ref->num : 0);
        return true;
    });
    EXPECT_EQ(seen, qpdfPages);
    ASSERT_EQ(qpdfPages.size(), 2u);
    EXPECT_EQ(r.page(0).ref.num, qpdfPages[0]);
    EXPECT_EQ(r.page(0).mediaBox.width(), 100);  // what pdfinfo shows as page 1's size
    EXPECT_EQ(r.page(1).ref.num, qpdfPages[1]);
    std::filesystem::remove(path);
}

// A key given twice: pith takes the last value, as MuPDF and qpdf do, and warns that viewers differ
// (poppler takes the first of a large dictionary); a stamp update refuses it outright.
TEST(PdfReaderErrors, AKeyGivenTwiceIsAWarningThatViewersDiffer) {
    auto bodies = minimalBodies();
    bodies[4] = "<< /A 1 /B 2 /A 3 >>";
    const std::string file = buildPdf(bodies, "/Root 1 0 R");
    PdfReader r = PdfReader::fromBytes(file);
    EXPECT_EQ(r.object(4).get("A")->asInt(), 3);
    ASSERT_EQ(r.warnings().size(), 1u);
    EXPECT_TRUE(r.warnings()[0].viewersDiffer);
    EXPECT_EQ(r.warnings()[0].object, std::optional<std::uint32_t>(4));
    EXPECT_NE(r.warnings()[0].message.find("key /A given twice"), std::string::npos) << r.warnings()[0].message;
    EXPECT_EQ(r.warnings()[0].offset, std::optional<std::uint64_t>(file.find("/A 3") + 2));
    // In a trailer: viewers may take another /Root, so the warning is the whole file's.
    PdfReader twice = PdfReader::fromBytes(buildPdf(minimalBodies(), "/Root 1 0 R /Root 1 0 R"));
    ASSERT_EQ(twice.warnings().size(), 1u);
    EXPECT_TRUE(twice.warnings()[0].viewersDiffer);
    EXPECT_FALSE(twice.warnings()[0].object);
    EXPECT_NE(twice.warnings()[0].message.find("states /Root twice"), std::string::npos) << twice.warnings()[0].message;
    ObjectParser strict("<< /A 1 /A 1 >>", 8);
    strict.refuseDuplicateKeys();
    EXPECT_NE(errorOf([&] { strict.parseObject(); }).find("key /A twice"), std::string::npos);
}

// The byte test before parsing an annotation: false only when the key cannot be in the object.
TEST(PdfReaderLimits, MayHoldKeyIsFalseOnlyWithoutTheKeyOrAnEscape) {
    auto bodies = minimalBodies();
    bodies[4] = "<< /Type /Annot /AA << /PO 5 0 R >> >>";
    bodies[5] = "<< /Type /Annot /#41A << >> >>";  // /AA spelled with a name escape
    bodies[6] = "<< /Type /Annot /A << /S /URI >> >>";
    const std::string file = buildPdf(bodies, "/Root 1 0 R");
    PdfReader r = PdfReader::fromBytes(file);
    EXPECT_TRUE(r.mayHoldKey({4, 0}, "AA"));
    EXPECT_TRUE(r.mayHoldKey({5, 0}, "AA"));
    EXPECT_TRUE(r.object(5).get("AA"));  // what the escape spells
    EXPECT_FALSE(r.mayHoldKey({6, 0}, "AA"));
    EXPECT_FALSE(r.object(6).get("AA"));
    EXPECT_TRUE(r.mayHoldKey({99, 0}, "AA"));  // no such object: cannot tell, so true
    // "endobj" in a string must not cut the object short before its /AA.
    auto cut = minimalBodies();
    cut[4] = "<< /Type /Annot /Contents (a endobj b) /AA << /PO 5 0 R >> >>";
    PdfReader c = PdfReader::fromBytes(buildPdf(cut, "/Root 1 0 R"));
    EXPECT_TRUE(c.object(4).get("AA"));
    EXPECT_TRUE(c.mayHoldKey({4, 0}, "AA"));
}

TEST(PdfReaderErrors, KindObjectAndOffsetBesideTheMessage) {
    auto bodies = minimalBodies();
    bodies[4] = "<< /A 1 (key) 2 >>";
    bodies[5] = "<< /Length 2 >>\nstream\nabcdef\nendstream";  // the data runs to endstream
    const std::string file = buildPdf(bodies, "/Root 1 0 R");
    PdfReader r = PdfReader::fromBytes(file);
    try {
        r.object(4);
        ADD_FAILURE() << "no PdfError";
    } catch (const PdfError& e) {
        EXPECT_EQ(e.kind(), PdfErrorKind::Syntax);
        EXPECT_EQ(e.object(), std::optional<std::uint32_t>(4));
        EXPECT_EQ(e.offset(), std::optional<std::uint64_t>(file.find("(key)")));
        EXPECT_NE(std::string(e.what()).find("at byte " + std::to_string(file.find("(key)"))), std::string::npos) << e.what();
    }
    // Recovered damage is a warning, not an error: the object reads, the warning names it.
    EXPECT_TRUE(r.warnings().empty());
    EXPECT_EQ(r.object(5).streamData(), "abcdef");
    ASSERT_EQ(r.warnings().size(), 1u);
    EXPECT_EQ(r.warnings()[0].object, std::optional<std::uint32_t>(5));
    EXPECT_NE(r.warnings()[0].message.find("wrong stream /Length"), std::string::npos);
    // A limit is told from damage by its kind.
    Limits tight;
    tight.maxObjectNumber = 2;
    try {
        PdfReader::fromBytes(file, tight);
        ADD_FAILURE() << "no PdfError";
    } catch (const PdfError& e) {
        EXPECT_EQ(e.kind(), PdfErrorKind::Syntax) << e.what();  // the xref table's subsection, at its byte
        EXPECT_TRUE(e.offset().has_value());
    }
    EXPECT_EQ(errorKindOf([] { PdfReader::fromBytes("%PDF-1.7\n"); }), PdfErrorKind::CrossReference);
}

TEST(PdfReaderLimits, NotAPdfAndTruncatedFiles) {
    EXPECT_NE(errorOf([] { PdfReader::fromBytes("hello"); }).find("no %PDF- header"), std::string::npos);
    std::string file = buildPdf(minimalBodies(), "/Root 1 0 R");
    EXPECT_NE(errorOf([&] { PdfReader::fromBytes(file.substr(0, file.size() / 2)); }).find("startxref"), std::string::npos);
    // startxref at an object that is not an xref stream, and at the middle of a token.
    size_t xrefAt = file.rfind("startxref\n") + 10;
    size_t xrefLen = file.find('\n', xrefAt) - xrefAt;
    // Viewers rebuild such a file by scanning it, and so does libqpdf: it is read as rebuilt, one
    // revision, marked repaired with pith's own reason, and warned of as read differently by viewers.
    TempDir dir;
    for (size_t target : {file.find("3 0 obj"), file.find("Catalog")}) {
        std::string wrong = file;
        std::string value = std::to_string(target);
        value.resize(xrefLen, ' ');
        wrong.replace(xrefAt, xrefLen, value);
        writeBytes(dir / "wrong-startxref.pdf", wrong);
        PdfReader r = PdfReader::openFile(dir / "wrong-startxref.pdf");
        ASSERT_TRUE(r.repaired().has_value());
        EXPECT_NE(r.repaired()->find("does not point at a cross-reference section"), std::string::npos) << *r.repaired();
        ASSERT_EQ(r.revisions().size(), 1u);
        EXPECT_EQ(r.revisions()[0].endOffset, wrong.size());
        const std::vector<PdfWarning> warned = r.warnings();
        EXPECT_TRUE(std::any_of(warned.begin(), warned.end(), [](const PdfWarning& w) { return w.viewersDiffer; }));
        CommandResult pages = run("qpdf --show-npages " + quoted(dir / "wrong-startxref.pdf") + " 2>/dev/null");
        EXPECT_EQ(pages.exitCode, 3);  // qpdf too reads it with warnings
        EXPECT_EQ(std::to_string(r.pageCount()), pages.out.substr(0, pages.out.find('\n')));
        EXPECT_TRUE(r.catalog().find("Type")->isName("Catalog"));
        EXPECT_EQ(r.atRevision(0).revisions().size(), 1u);
        EXPECT_TRUE(r.prefix(wrong.size()).repaired().has_value());
    }
    EXPECT_THROW(PdfReader::openFile("/nonexistent/file.pdf"), PdfError);
}

TEST(PdfReaderRepair, LimitsHoldInARebuiltFile) {
    // A damaged file (no usable startxref) whose page content is a Flate bomb: rebuilt by libqpdf,
    // its streams still decode through pith's capped filters and the document's budget.
    auto bodies = minimalBodies();
    const std::string packed = deflate(std::string(64 << 20, 'x'));
    bodies[4] = "<< /Filter /FlateDecode /Length " + std::to_string(packed.size()) + " >>\nstream\n" + packed + "\nendstream";
    std::string file = buildPdf(bodies, "/Root 1 0 R");
    file.replace(file.rfind("startxref"), 9, "startxrof");
    Limits limits;
    limits.maxDecodedSize = 16 << 20;
    PdfReader r = PdfReader::fromBytes(file, limits);
    ASSERT_TRUE(r.repaired().has_value());
    try {
        (void)r.decodeStream(r.object(4));
        ADD_FAILURE() << "a 64 MiB stream decoded under a 16 MiB cap";
    } catch (const PdfError& e) {
        EXPECT_EQ(e.kind(), PdfErrorKind::Limit) << e.what();
    }
}

TEST(PdfReaderRepair, ObjectDamageIsReadAsRebuiltOnRequestAndUnrepairableDamageIsRefused) {
    // The catalog's dictionary has a key that is not a name: opening meets no damage, reading the
    // catalog does; rebuilt() reads the file as libqpdf repairs it, as qpdf itself does.
    auto bodies = minimalBodies();
    bodies[1] = "<< /Type /Catalog 7 /Pages 2 0 R >>";
    TempDir dir;
    writeBytes(dir / "bad-key.pdf", buildPdf(bodies, "/Root 1 0 R"));
    PdfReader r = PdfReader::openFile(dir / "bad-key.pdf");
    EXPECT_FALSE(r.repaired().has_value());
    try {
        (void)r.catalog();
        FAIL() << "a key that is not a name was read";
    } catch (const PdfError& e) {
        ASSERT_TRUE(isRepairable(e)) << e.what();
        PdfReader rebuilt = r.rebuilt(e);
        ASSERT_TRUE(rebuilt.repaired().has_value());
        CommandResult pages = run("qpdf --show-npages " + quoted(dir / "bad-key.pdf") + " 2>/dev/null");
        EXPECT_EQ(std::to_string(rebuilt.pageCount()), pages.out.substr(0, pages.out.find('\n')));
    }
    // No trailer and no objects qpdf can rebuild a document from: pith's own reason is kept.
    std::string msg = errorOf([] { PdfReader::fromBytes("%PDF-1.7\n1 0 obj (x) endobj\n"); });
    EXPECT_NE(msg.find("startxref"), std::string::npos) << msg;
    CommandResult q = run("printf '%%PDF-1.7\\n1 0 obj (x) endobj\\n' | qpdf --check - 2>/dev/null");
    EXPECT_EQ(q.exitCode, 2);  // qpdf cannot read it either
}

TEST(PdfReaderLimits, WholeCorpusEndsInAResultOrPdfError) {
    // Every file of the robustness corpus: open, count pages, read every object; only PdfError may
    // come out. Bounded limits keep the bad files fast.
    Limits limits;
    limits.maxDecodedSize = 16 << 20;
    size_t opened = 0, files = 0;
    bool whole = false;
    const std::filesystem::path corpus = robustnessCorpus(&whole);
    for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
        if (entry.path().extension() != ".pdf" || entry.file_size() > (4 << 20)) continue;
        ++files;
        try {
            PdfReader r = PdfReader::openFile(entry.path(), limits);
            ++opened;
            try {
                (void)r.pageCount();
            } catch (const PdfError&) {}
            for (std::uint32_t n = 0; n < std::min<std::uint32_t>(r.size(), 2000); ++n) {
                try {
                    Object o = r.object(n);
                    if (o.isStream()) (void)r.decodeStream(o);
                } catch (const PdfError&) {}
            }
        } catch (const PdfError&) {
        } catch (const std::exception& e) {
            ADD_FAILURE() << entry.path().filename() << ": non-PdfError exception: " << e.what();
        }
    }
    EXPECT_GT(files, whole ? 500u : 100u) << corpus;
    EXPECT_GT(opened, files / 2);
}

TEST(PdfReaderReferences, AWrongGenerationIsAReferenceToNull) {
    // PDF 7.3.10: a reference to an undefined object is a reference to null; "4 1 R" is undefined
    // when object 4's current generation is 0.
    auto bodies = minimalBodies();
    bodies[4] = "(hello)";
    bodies[5] = "[4 0 R 4 1 R]";
    PdfReader r = PdfReader::fromBytes(buildPdf(bodies, "/Root 1 0 R"));
    Object list = r.object(5);
    ASSERT_TRUE(list.isArray());
    EXPECT_TRUE(r.resolve(list.asArray()[0]).isString());
    EXPECT_TRUE(r.resolve(list.asArray()[1]).isNull());
    EXPECT_TRUE(r.object(Ref{4, 1}).isNull());
    EXPECT_TRUE(r.object(Ref{4, 0}).isString());
}

// Incremental updates (pdf/writer) appended to real files, checked with qpdf --check and qpdf's view
// of the result, and read back with PdfReader at both revisions.
#include <gtest/gtest.h>

#include "pdf/reader/object_parser.hpp"
#include "pdf/reader/pdf_reader.hpp"
#include "pdf/writer/incremental_update.hpp"
#include "pdf/writer/serialize.hpp"
#include "pdf_qpdf_compare.hpp"
#include "pdf_test_support.hpp"

using namespace pith::pdf;
using namespace pith::pdf::testing;

namespace {

Object parse(std::string_view text) {
    ObjectParser p(text, 64);
    return p.parseObject();
}

Object qpdfTrailer(const std::filesystem::path& file) {
    CommandResult r = run("qpdf --show-object=trailer " + quoted(file));
    EXPECT_EQ(r.exitCode, 0) << file;
    return parse(r.out);
}

// The highest object number qpdf finds in the xref of the file.
std::uint32_t qpdfHighestObject(const std::filesystem::path& file) {
    CommandResult r = run("qpdf --show-xref " + quoted(file));
    EXPECT_EQ(r.exitCode, 0) << file;
    std::uint32_t highest = 0;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);)
        highest = std::max<std::uint32_t>(highest, static_cast<std::uint32_t>(std::stoul(line.substr(0, line.find('/')))));
    return highest;
}

// One value of every kind, with the characters serialisation must escape.
Object everyKind() {
    Dictionary inner;
    inner.set("A B#/(x)", Object::name("N a/m#e"));
    inner.set("Neg", Object::integer(-42));
    inner.set("Real", Object::real(-0.125));
    inner.set("Read", Object::realText("3.0"));
    Dictionary d;
    d.set("Type", Object::name("PithTest"));
    d.set("Text", Object::string("paren ( ) \\ back\nslash \x01\xFF end"));
    d.set("Hex", Object::string(std::string("\x00\x9F\xFE", 3), true));
    d.set("Flag", Object::boolean(true));
    d.set("Off", Object::boolean(false));
    d.set("Items",
          Object::array({Object::integer(1), Object(), Object::reference({1, 0}), Object::array({}), Object::dictionary(inner)}));
    return Object::dictionary(d);
}

struct UpdateCase {
    const char* file;
    XrefKind kind;
};

}  // namespace

TEST(PdfIncrementalUpdate, ReplaceAndAddOnRealFiles) {
    for (const UpdateCase& c :
         {UpdateCase{"minimal.pdf", XrefKind::Table}, UpdateCase{"good17-not-qdf.pdf", XrefKind::Stream},
          UpdateCase{"object-stream.pdf", XrefKind::Stream},  // catalog in an object stream
          UpdateCase{"hybrid-xref.pdf", XrefKind::Table}, UpdateCase{"minimal-linearized.pdf", XrefKind::Table}}) {
        SCOPED_TRACE(c.file);
        TempDir dir;
        const std::filesystem::path original = qpdfCorpus() / c.file;
        const std::string originalBytes = readBytes(original);
        PdfReader base = PdfReader::fromBytes(originalBytes);
        ASSERT_EQ(base.revision().kind, c.kind);
        const Ref root = *base.rootRef();
        const Object originalTrailer = qpdfTrailer(original);

        IncrementalUpdate update(base);
        Ref added = update.add(everyKind());
        std::string streamData = "binary \x00\x01\xFF stream\nendstream inside";
        streamData.push_back('\0');
        Dictionary streamDict;
        streamDict.set("Type", Object::name("PithData"));
        Ref addedStream = update.add(Object::stream(streamDict, streamData));
        Dictionary catalog = base.catalog();
        catalog.set("PithTest", Object::reference(added));
        catalog.set("PithData", Object::reference(addedStream));
        update.replace(root, Object::dictionary(catalog));
        const std::string appended = update.build("0123456789abcdef", "seed");
        EXPECT_EQ(update.build("0123456789abcdef", "seed"), appended);  // reproducible

        const std::string result = originalBytes + appended;
        const std::filesystem::path out = dir / "updated.pdf";
        writeBytes(out, result);

        // qpdf finds nothing wrong with the result.
        CommandResult check = run("qpdf --check " + quoted(out) + " 2>&1");
        EXPECT_EQ(check.exitCode, 0) << check.out;
        EXPECT_EQ(check.out.find("WARNING"), std::string::npos) << check.out;

        // The original file is untouched: its revisions end where they did.
        PdfReader r = PdfReader::fromBytes(result);
        ASSERT_EQ(r.revisions().size(), base.revisions().size() + 1);
        EXPECT_EQ(r.revisions()[r.revisions().size() - 2].endOffset, originalBytes.size());
        auto sections = startxrefSections(result);
        ASSERT_EQ(sections.size(), r.revisions().size());
        EXPECT_EQ(sections[sections.size() - 2].second, originalBytes.size());

        // The new revision: the same kind of xref section as the original's last one.
        const std::uint64_t newStartxref = sections.back().first;
        EXPECT_GE(newStartxref, originalBytes.size());
        EXPECT_EQ(r.revision().kind, c.kind);
        EXPECT_EQ(result.compare(newStartxref, 4, "xref") == 0, c.kind == XrefKind::Table);
        EXPECT_FALSE(r.revision().hybrid);

        // /Prev, /Size, /Root and the first /ID element, as qpdf reads the trailer.
        Object trailer = qpdfTrailer(out);
        ASSERT_TRUE(trailer.isDict());
        ASSERT_TRUE(trailer.get("Prev"));
        EXPECT_EQ(static_cast<std::uint64_t>(trailer.get("Prev")->asInt()), sections[sections.size() - 2].first);
        EXPECT_EQ(static_cast<std::uint64_t>(trailer.get("Prev")->asInt()), base.revision().startxref);
        EXPECT_EQ(trailer.get("Size")->asInt(), static_cast<std::int64_t>(qpdfHighestObject(out)) + 1);
        EXPECT_GE(trailer.get("Size")->asInt(), originalTrailer.get("Size")->asInt());
        EXPECT_EQ(trailer.get("Root")->asRef(), root);
        ASSERT_TRUE(trailer.get("ID") && trailer.get("ID")->asArray().size() == 2);
        if (const Object* oldId = originalTrailer.get("ID")) {
            EXPECT_EQ(trailer.get("ID")->asArray()[0].asString(), oldId->asArray()[0].asString());
        }
        EXPECT_EQ(r.id(), (std::vector<std::string>{trailer.get("ID")->asArray()[0].asString(),
                                                    trailer.get("ID")->asArray()[1].asString()}));
        EXPECT_EQ(r.id()[0].size(), base.id().empty() ? 16u : base.id()[0].size());

        // The new and replaced objects, as qpdf reads them and as PdfReader reads them.
        CommandResult json = run("qpdf --json=2 --json-key=qpdf --json-object=" + std::to_string(added.num) +
                                 " --json-object=" + std::to_string(root.num) + " " + quoted(out));
        ASSERT_EQ(json.exitCode, 0);
        nlohmann::json objects = parseQpdfJson(json.out)["qpdf"][1];
        expectSameAsQpdf(objects["obj:" + std::to_string(added.num) + " 0 R"]["value"], r.object(added), "added", &r);
        expectSameAsQpdf(objects["obj:" + std::to_string(root.num) + " " + std::to_string(root.gen) + " R"]["value"],
                         r.object(root), "catalog", &r);
        expectSameAsQpdf(objects["obj:" + std::to_string(added.num) + " 0 R"]["value"], everyKind(), "written", &r);
        CommandResult data = run("qpdf --show-object=" + std::to_string(addedStream.num) + " --raw-stream-data " + quoted(out));
        EXPECT_EQ(data.out, streamData);
        EXPECT_EQ(r.decodeStream(r.object(addedStream)), streamData);
        EXPECT_EQ(r.catalog().find("PithTest")->asRef(), added);
        EXPECT_EQ(r.revision().definedObjects.front(), std::min(root.num, added.num));

        // The old revision does not see them; page count unchanged for both readers.
        PdfReader old = r.atRevision(r.revisions().size() - 2);
        EXPECT_FALSE(old.catalog().has("PithTest"));
        EXPECT_TRUE(old.object(added).isNull());
        EXPECT_EQ(r.pageCount(), base.pageCount());
        EXPECT_EQ(std::stoul(run("qpdf --show-npages " + quoted(out)).out), base.pageCount());

        // A second update on top of the first chains to it.
        IncrementalUpdate second(r);
        Ref third = second.add(Object::string("again"));
        std::string twice = result + second.build("fedcba9876543210", "seed");
        writeBytes(dir / "twice.pdf", twice);
        EXPECT_EQ(run("qpdf --check " + quoted(dir / "twice.pdf") + " >/dev/null 2>&1").exitCode, 0);
        PdfReader r2 = PdfReader::fromBytes(twice);
        EXPECT_EQ(r2.revisions().size(), r.revisions().size() + 1);
        EXPECT_EQ(r2.object(third).asString(), "again");
        EXPECT_EQ(r2.object(added).get("Type")->asName(), "PithTest");
        EXPECT_EQ(r2.trailer().find("Prev")->asInt(), static_cast<std::int64_t>(newStartxref));
        EXPECT_EQ(r2.id()[0], r.id()[0]);
    }
}

TEST(PdfIncrementalUpdate, FileWithoutFinalEndOfLine) {
    std::string bytes = readBytes(qpdfCorpus() / "minimal.pdf");
    ASSERT_EQ(bytes.back(), '\n');
    bytes.pop_back();  // "...%%EOF" with nothing after it
    PdfReader base = PdfReader::fromBytes(bytes);
    IncrementalUpdate update(base);
    Ref added = update.add(Object::integer(7));
    std::string result = bytes + update.build("digest", "seed");
    TempDir dir;
    writeBytes(dir / "noeol.pdf", result);
    CommandResult check = run("qpdf --check " + quoted(dir / "noeol.pdf") + " 2>&1");
    EXPECT_EQ(check.exitCode, 0) << check.out;
    PdfReader r = PdfReader::fromBytes(result);
    ASSERT_EQ(r.revisions().size(), 2u);
    EXPECT_EQ(r.object(added).asInt(), 7);
    // The end-of-line the update starts with belongs to the first revision (its %%EOF line).
    EXPECT_EQ(result.compare(0, bytes.size(), bytes), 0);
    EXPECT_EQ(result[bytes.size()], '\n');
    EXPECT_EQ(r.revisions()[0].endOffset, bytes.size() + 1);
}

TEST(PdfIncrementalUpdate, SerializeRoundTripsThroughTheParser) {
    Object o = everyKind();
    std::string text = serialize(o);
    EXPECT_EQ(serialize(parse(text)), text);
    EXPECT_EQ(parse(text).get("Text")->asString(), o.get("Text")->asString());
    EXPECT_EQ(parse(text).get("Items")->asArray()[4].asDict().entries()[0].key, "A B#/(x)");
    EXPECT_EQ(formatReal(12.5), "12.5");
    EXPECT_EQ(formatReal(-0.25), "-0.25");
    EXPECT_EQ(formatReal(3), "3");
    EXPECT_EQ(formatReal(-0.00001), "0");
    EXPECT_EQ(formatReal(1.0 / 3), "0.3333");
    EXPECT_EQ(formatReal(1e300 * 1e300), "0");  // not finite: written as 0, never "inf"
}

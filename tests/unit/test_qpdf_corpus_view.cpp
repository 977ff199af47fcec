// The whole robustness corpus, file by file, against qpdf's own view of each file (qpdf --json=2):
// pith opens every file qpdf opens, with or without repair, and sees the same document in it (the
// trailer's /Root and /Info, the page count, page 1's /Contents objects, the catalog's /Metadata).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "pdf_qpdf_compare.hpp"
#include "pdf_test_support.hpp"

namespace pith::pdf::testing {
namespace {

std::string refText(const Object* o) {
    if (!o || !o->isRef()) return "";
    return std::to_string(o->asRef().num) + " " + std::to_string(o->asRef().gen) + " R";
}

// What the test compares, as qpdf's JSON spells references ("4 0 R"; "" for none).
struct DocumentView {
    std::string root, info, metadata;
    size_t pages = 0;
    std::vector<std::string> contents;  // page 1's /Contents objects
};

DocumentView pithView(const PdfReader& r) {
    DocumentView v;
    v.root = refText(r.trailer().find("Root"));
    v.info = refText(r.trailer().find("Info"));
    v.metadata = refText(r.catalog().find("Metadata"));
    v.pages = r.pageCount();
    if (v.pages > 0) {
        const PageInfo page = r.page(0);
        // The content streams a viewer draws: what is not a stream (null, a free object) is skipped.
        auto add = [&](const Object& part) {
            if (part.isRef() && r.object(part.asRef()).isStream()) v.contents.push_back(refText(&part));
        };
        if (const Object* c = page.dict.find("Contents")) {
            const Object resolved = c->isRef() ? r.object(c->asRef()) : *c;
            if (resolved.isArray()) {
                for (const Object& part : resolved.asArray()) add(part);
            } else {
                add(*c);
            }
        }
    }
    return v;
}

// Files pith refuses on purpose although qpdf reads them, with the reason it gives.
const std::map<std::string, std::string> kRefused = {
    // A page dictionary that is a direct object inside /Kids: a stamp could not update it alone,
    // and verify does not vouch for a page a stamp could not have written.
    {"direct-pages.pdf", "page 1 is a direct object, not a reference"},
    {"inspect.pdf", "page 1 is a direct object, not a reference"},  // the catalog's /Pages, a direct page
};

// Damaged files whose page tree qpdf repairs into pages that another viewer does not show: pith
// walks the tree as stored, and its count must then be MuPDF's.
const std::set<std::string> kPageTreeRepairedByQpdf = {"fuzz-16214.pdf"};

size_t mupdfPageCount(const std::filesystem::path& path) {
    CommandResult m = run("mutool info " + quoted(path) + " 2>/dev/null");
    const size_t at = m.out.find("Pages: ");
    return at == std::string::npos ? static_cast<size_t>(-1) : std::stoul(m.out.substr(at + 7));
}

std::string jsonRef(const nlohmann::json& j, const char* key) {
    return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

DocumentView qpdfView(const nlohmann::json& doc) {
    DocumentView v;
    const nlohmann::json& objects = doc["qpdf"][1];
    const nlohmann::json& trailer = objects["trailer"]["value"];
    v.root = jsonRef(trailer, "/Root");
    v.info = jsonRef(trailer, "/Info");
    const std::string key = "obj:" + v.root;
    if (objects.contains(key) && objects[key].contains("value")) v.metadata = jsonRef(objects[key]["value"], "/Metadata");
    v.pages = doc["pages"].size();
    if (v.pages > 0)
        for (const auto& c : doc["pages"][0]["contents"]) v.contents.push_back(c.get<std::string>());
    return v;
}

}  // namespace

TEST(QpdfCorpusView, PithOpensWhatQpdfOpensAndSeesTheSameDocument) {
    bool whole = false;
    const std::filesystem::path corpus = robustnessCorpus(&whole);
    size_t compared = 0, repaired = 0, refusedByBoth = 0;
    for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
        if (entry.path().extension() != ".pdf" || entry.file_size() > (4 << 20)) continue;
        const std::string name = entry.path().filename().string();
        // qpdf's exit codes: 0 read cleanly, 3 read with warnings (repaired), 2 not read.
        CommandResult q = run("qpdf --json=2 --json-key=pages --json-key=qpdf " + quoted(entry.path()) + " 2>/dev/null");
        if (q.exitCode != 0 && q.exitCode != 3) {
            ++refusedByBoth;  // what pith makes of a file qpdf cannot read: test_corpus_robustness.py
            continue;
        }
        nlohmann::json doc;
        try {
            doc = parseQpdfJson(q.out);
        } catch (const std::exception&) {
            continue;  // qpdf printed no JSON for it (a file it reads but cannot describe)
        }
        std::optional<PdfReader> reader;
        try {
            reader.emplace(PdfReader::openFile(entry.path()));
        } catch (const PdfError& e) {
            ADD_FAILURE() << name << ": qpdf opens it (exit " << q.exitCode << "), pith refuses it: " << e.what();
            continue;
        }
        DocumentView mine;
        try {
            try {
                mine = pithView(*reader);
            } catch (const PdfError& e) {
                // Damage met only when an object is read: as pith verify does, read it as rebuilt.
                if (!isRepairable(e) || reader->repaired()) throw;
                reader.emplace(reader->rebuilt(e));
                mine = pithView(*reader);
            }
        } catch (const PdfError& e) {
            if (auto known = kRefused.find(name); known != kRefused.end())
                EXPECT_EQ(std::string(e.what()), known->second) << name;
            else
                ADD_FAILURE() << name << ": qpdf reads it, pith cannot: " << e.what();
            continue;
        }
        if (reader->repaired()) ++repaired;
        const DocumentView theirs = qpdfView(doc);
        EXPECT_EQ(mine.root, theirs.root) << name << ": trailer /Root";
        EXPECT_EQ(mine.info, theirs.info) << name << ": trailer /Info";
        EXPECT_EQ(mine.metadata, theirs.metadata) << name << ": catalog /Metadata";
        if (kPageTreeRepairedByQpdf.count(name)) {
            EXPECT_TRUE(reader->repaired().has_value()) << name;
            EXPECT_NE(mine.pages, theirs.pages) << name << ": qpdf and pith now agree; drop it from the list";
            EXPECT_EQ(mine.pages, mupdfPageCount(entry.path())) << name << ": page count (MuPDF's)";
        } else {
            EXPECT_EQ(mine.pages, theirs.pages) << name << ": page count";
            EXPECT_EQ(mine.contents, theirs.contents) << name << ": page 1's /Contents";
        }
        ++compared;
    }
    std::printf("qpdf corpus view: %zu files compared (%zu read as qpdf rebuilds them), %zu refused by qpdf\n", compared,
                repaired, refusedByBoth);
    EXPECT_GT(compared, whole ? 500u : 100u) << corpus;
    EXPECT_GT(repaired, 0u);
}

}  // namespace pith::pdf::testing

// Document-level reading: catalog, Info, XMP, page tree, annotations, embedded files.
#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include "pdf/reader/pdf_reader.hpp"

namespace pith::pdf {

namespace {

std::optional<Ref> refOf(const Object* o) {
    if (o && o->isRef()) return o->asRef();
    return std::nullopt;
}

std::optional<Rect> rectOf(const PdfReader& r, const Object* o) {
    if (!o) return std::nullopt;
    Object a = r.resolve(*o);
    if (!a.isArray() || a.asArray().size() != 4) return std::nullopt;
    double v[4];
    for (size_t i = 0; i < 4; ++i) {
        Object n = r.resolve(a.asArray()[i]);
        if (!n.isNumber() || !std::isfinite(n.asNumber())) return std::nullopt;
        v[i] = n.asNumber();
    }
    return Rect{std::min(v[0], v[2]), std::min(v[1], v[3]), std::max(v[0], v[2]), std::max(v[1], v[3])};
}

struct Inherited {
    std::optional<Object> resources;
    std::optional<Object> mediaBox, cropBox, rotate;
};

void inherit(Inherited& inh, const Dictionary& node) {
    if (const Object* o = node.find("Resources")) inh.resources = *o;
    if (const Object* o = node.find("MediaBox")) inh.mediaBox = *o;
    if (const Object* o = node.find("CropBox")) inh.cropBox = *o;
    if (const Object* o = node.find("Rotate")) inh.rotate = *o;
}

}  // namespace

std::optional<Ref> PdfReader::rootRef() const { return refOf(trailer().find("Root")); }

Dictionary PdfReader::catalog() const {
    const Object* root = trailer().find("Root");
    if (!root) throw PdfError("the trailer has no /Root");
    Object c = resolve(*root);
    if (!c.isDict()) throw PdfError("/Root is not a dictionary");
    return c.asDict();
}

std::optional<Ref> PdfReader::infoRef() const { return refOf(trailer().find("Info")); }

Dictionary PdfReader::info() const {
    const Object* i = trailer().find("Info");
    if (!i) return {};
    Object d = resolve(*i);
    return d.isDict() ? d.asDict() : Dictionary{};
}

std::map<std::string, std::string> PdfReader::infoStrings() const {
    std::map<std::string, std::string> out;
    const Dictionary dict = info();
    for (const auto& e : dict.entries()) {
        Object v = resolve(e.value);
        if (v.isString()) out[e.key] = decodeTextString(v.asString());
    }
    return out;
}

std::optional<Ref> PdfReader::xmpRef() const { return refOf(catalog().find("Metadata")); }

std::optional<std::string> PdfReader::xmp() const {
    Dictionary c = catalog();
    const Object* m = c.find("Metadata");
    if (!m) return std::nullopt;
    Object s = resolve(*m);
    if (!s.isStream()) return std::nullopt;
    return decodeStream(s);
}

std::vector<std::string> PdfReader::id() const {
    std::vector<std::string> out;
    const Object* id = trailer().find("ID");
    if (!id) return out;
    Object a = resolve(*id);
    if (!a.isArray()) return out;
    for (const Object& e : a.asArray()) {
        Object s = resolve(e);
        if (s.isString()) out.push_back(s.asString());
    }
    return out;
}

namespace {

// A page tree kid is a page when it says /Type /Page or has no /Kids array, else a node: the rule
// poppler applies (pdf.js and mupdf read the same files alike), so stamp and verify place and
// look for the badge on the page a viewer shows with that number.
bool isPageLeaf(const PdfReader& r, const Object& kid) {
    const Object* type = kid.get("Type");
    if (type && type->isName("Page")) return true;
    const Object* kids = kid.get("Kids");
    return !kids || !r.resolve(*kids).isArray();
}

// Why viewers may take this kid for something else than the walk does (isPageLeaf), if they may.
std::optional<std::string> kidAmbiguity(const PdfReader& r, const Object& kidRef, const Object& kid, bool leaf) {
    const Object* typeObj = kid.get("Type");
    const Object type = typeObj ? r.resolve(*typeObj) : Object();
    const std::string typeName = type.isName() ? "/Type /" + type.asName() : std::string("no /Type");
    const bool hasKids = kid.get("Kids") != nullptr;
    if (leaf ? type.isName("Page") && !hasKids : type.isName("Pages")) return std::nullopt;
    const std::string what = kidRef.isRef() ? "object " + std::to_string(kidRef.asRef().num) : std::string("a direct kid");
    if (leaf)
        return "page-tree " + what + " has " + typeName + (hasKids ? " and a /Kids entry" : " and no /Kids") +
               ": poppler and pdf.js take it for a page, MuPDF " +
               (type.isName("Pages") ? "for a node without pages" : "may not");
    return "page-tree " + what + " has a /Kids array but " + typeName +
           ": poppler and pdf.js take it for a node, MuPDF, which goes by /Type, may not";
}

PageInfo pageInfoOf(const PdfReader& r, size_t index, Ref ref, Dictionary dict, Inherited inh) {
    PageInfo info;
    info.index = static_cast<std::uint32_t>(index);
    info.ref = ref;
    info.dict = std::move(dict);
    inherit(inh, info.dict);
    info.resourcesInherited = !info.dict.has("Resources");
    info.resourcesIndirect = info.dict.find("Resources") && info.dict.find("Resources")->isRef();
    if (inh.resources) {
        Object res = r.resolve(*inh.resources);
        if (res.isDict()) info.resources = res.asDict();
    }
    // A box that is not four numbers: poppler and pdf.js ignore it, MuPDF takes its first four.
    for (const auto& [key, box] : {std::pair{"MediaBox", &inh.mediaBox}, std::pair{"CropBox", &inh.cropBox}})
        if (*box && !rectOf(r, &**box) && !info.boxDoubt)
            info.boxDoubt = "page " + std::to_string(index + 1) + "'s /" + key +
                            " is not an array of four numbers: viewers read it differently (poppler and pdf.js ignore it, "
                            "MuPDF takes its first four numbers)";
    info.mediaBox = rectOf(r, inh.mediaBox ? &*inh.mediaBox : nullptr).value_or(Rect{0, 0, 612, 792});
    info.cropBox = rectOf(r, inh.cropBox ? &*inh.cropBox : nullptr).value_or(info.mediaBox);
    // The crop box is clipped to the media box (ISO 32000-1 §14.11.2).
    Rect& cb = info.cropBox;
    const Rect& mb = info.mediaBox;
    cb = Rect{std::max(cb.x0, mb.x0), std::max(cb.y0, mb.y0), std::min(cb.x1, mb.x1), std::min(cb.y1, mb.y1)};
    if (cb.x1 <= cb.x0 || cb.y1 <= cb.y0) cb = mb;
    if (inh.rotate) {
        Object rot = r.resolve(*inh.rotate);
        if (rot.isNumber() && std::isfinite(rot.asNumber()) && std::fabs(rot.asNumber()) < 1e9) {
            if (std::fmod(rot.asNumber(), 90.0) != 0 && !info.boxDoubt)
                info.boxDoubt = "page " + std::to_string(index + 1) + "'s /Rotate " + std::to_string(rot.asNumber()) +
                                " is not a multiple of 90: viewers turn the page differently";
            long long deg = std::llround(rot.asNumber());
            info.rotate = static_cast<int>(((deg % 360) + 360) % 360 / 90 * 90);
        }
    }
    return info;
}

// The leaves of the page tree in order, walked as viewers walk it: /Count is not trusted (an inner
// node's wrong /Count would move page 1 elsewhere), null or non-dictionary kids are skipped, a
// node that is its own ancestor ends in PdfError, and so does a node reached twice (a shared
// subtree stands for exponentially many pages); a page dictionary listed twice is two pages, as in
// qpdf. visit(index, ref, dict, inherited) returns false to stop.
using LeafVisitor = std::function<bool(size_t, const Object& kidRef, const Object& kid, const Inherited&)>;

// ambiguity: when given, set to the first kid met whose kind viewers may read differently.
// keep: objects the walk parses stay cached for later reads (false: a walk over every page of a
// large file, which would otherwise keep every page dictionary).
void walkPageTree(const PdfReader& r, const LeafVisitor& visit, std::optional<std::string>* ambiguity = nullptr,
                  bool keep = true) {
    Dictionary c = r.catalog();
    const Object* pagesRef = c.find("Pages");
    if (!pagesRef) return;  // no page tree: no pages, as qpdf and MuPDF count them
    Object root = r.resolve(*pagesRef);
    if (!root.isDict()) throw PdfError("/Pages is not a dictionary");
    // The catalog's /Pages is a page itself: poppler and qpdf show it as the one page, MuPDF none.
    if (isPageLeaf(r, root)) {
        if (ambiguity && !*ambiguity)
            *ambiguity =
                "the catalog's /Pages is a page, not a node of the page tree: poppler and qpdf show it as page 1, "
                "MuPDF shows no page";
        visit(0, *pagesRef, root, Inherited{});
        return;
    }
    std::set<std::uint32_t> nodes;  // every node entered so far
    if (pagesRef->isRef()) nodes.insert(pagesRef->asRef().num);
    size_t index = 0;
    const std::uint64_t maxPages = r.limits().maxObjectNumber;
    bool stopped = false;
    std::function<void(const Object&, Inherited, int)> walk = [&](const Object& node, Inherited inh, int depth) {
        if (depth > r.limits().maxDepth)
            throw PdfError("page tree deeper than the limit of " + std::to_string(r.limits().maxDepth));
        inherit(inh, node.asDict());
        const Object* kidsObj = node.get("Kids");
        if (!kidsObj) return;
        Object kids = r.resolve(*kidsObj);
        if (!kids.isArray()) return;
        for (const Object& kidRef : kids.asArray()) {
            if (stopped) return;
            Object kid = keep ? r.resolve(kidRef) : r.resolveUnkept(kidRef);
            if (!kid.isDict()) continue;  // null or broken kid: skipped, like other readers
            const bool leaf = isPageLeaf(r, kid);
            if (ambiguity && !*ambiguity) *ambiguity = kidAmbiguity(r, kidRef, kid, leaf);
            if (leaf) {
                if (index >= maxPages) throw PdfError("page tree with more than " + std::to_string(maxPages) + " pages");
                if (!visit(index++, kidRef, kid, inh)) stopped = true;
                continue;
            }
            if (kidRef.isRef() && !nodes.insert(kidRef.asRef().num).second)
                throw PdfError("page tree loop at object " + std::to_string(kidRef.asRef().num));
            walk(kid, inh, depth + 1);
        }
    };
    walk(root, Inherited{}, 0);
}

}  // namespace

size_t PdfReader::pageCount() const {
    size_t count = 0;
    walkPageTree(*this, [&](size_t, const Object&, const Object&, const Inherited&) {
        ++count;
        return true;
    });
    return count;
}

PageInfo PdfReader::page(size_t index) const {
    std::optional<PageInfo> found;
    size_t count = 0;
    walkPageTree(*this, [&](size_t i, const Object& kidRef, const Object& kid, const Inherited& inh) {
        count = i + 1;
        if (i < index) return true;
        if (!kidRef.isRef()) throw PdfError("page " + std::to_string(index + 1) + " is a direct object, not a reference");
        found = pageInfoOf(*this, index, kidRef.asRef(), kid.asDict(), inh);
        return false;
    });
    if (!found)
        throw PdfError("page " + std::to_string(index + 1) + " not found: the document has " + std::to_string(count) + " pages");
    return *found;
}

std::optional<std::string> PdfReader::pageTreeAmbiguity(size_t index) const {
    std::optional<std::string> ambiguity;
    walkPageTree(
        *this, [&](size_t i, const Object&, const Object&, const Inherited&) { return i < index && !ambiguity; }, &ambiguity);
    return ambiguity;
}

void PdfReader::forEachPage(const std::function<bool(size_t, std::optional<Ref>, const Dictionary&)>& visit, bool keep) const {
    walkPageTree(
        *this,
        [&](size_t i, const Object& kidRef, const Object& kid, const Inherited&) {
            return visit(i, kidRef.isRef() ? std::optional<Ref>(kidRef.asRef()) : std::nullopt, kid.asDict());
        },
        nullptr, keep);
}

std::vector<Annotation> PdfReader::annotations(const PageInfo& page) const {
    std::vector<Annotation> out;
    const Object* annots = page.dict.find("Annots");
    if (!annots) return out;
    Object a = resolve(*annots);
    if (!a.isArray()) return out;
    for (const Object& item : a.asArray()) {
        Object d = resolve(item);
        if (!d.isDict()) continue;
        Annotation an;
        an.ref = refOf(&item);
        an.dict = d.asDict();
        out.push_back(std::move(an));
    }
    return out;
}

std::vector<std::pair<std::string, Object>> nameTreeEntries(const PdfReader& r, const Object& root) {
    std::vector<std::pair<std::string, Object>> out;
    std::set<std::uint32_t> seen;
    std::function<void(const Object&, int)> walk = [&](const Object& nodeRef, int depth) {
        if (depth > r.limits().maxDepth) throw PdfError("name tree deeper than the limit");
        if (nodeRef.isRef() && !seen.insert(nodeRef.asRef().num).second)
            throw PdfError("name tree loop at object " + std::to_string(nodeRef.asRef().num));
        Object node = r.resolve(nodeRef);
        if (const Object* names = node.get("Names")) {
            Object a = r.resolve(*names);
            if (a.isArray())
                for (size_t i = 0; i + 1 < a.asArray().size(); i += 2) {
                    Object key = r.resolve(a.asArray()[i]);
                    if (key.isString()) out.emplace_back(key.asString(), a.asArray()[i + 1]);
                }
        }
        if (const Object* kids = node.get("Kids")) {
            Object k = r.resolve(*kids);
            if (k.isArray())
                for (const Object& kid : k.asArray()) walk(kid, depth + 1);
        }
    };
    walk(root, 0);
    return out;
}

namespace {

// The file specification under a name, its /EF stream found but not decoded; nullopt if the
// value is no dictionary.
std::optional<EmbeddedFile> fileSpecOf(const PdfReader& r, const std::string& key, const Object& value, Object* stream) {
    EmbeddedFile f;
    f.name = decodeTextString(key);
    f.fileSpecRef = refOf(&value);
    Object spec = r.resolve(value);
    if (!spec.isDict()) return std::nullopt;
    f.fileSpec = spec.asDict();
    Object efDict = spec.get("EF") ? r.resolve(*spec.get("EF")) : Object();
    const Object* streamRef = efDict.get("UF") ? efDict.get("UF") : efDict.get("F");
    if (streamRef) {
        f.streamRef = refOf(streamRef);
        Object s = r.resolve(*streamRef);
        if (s.isStream()) {
            f.streamDict = s.asDict();
            if (stream) *stream = std::move(s);
        }
    }
    return f;
}

std::vector<std::pair<std::string, Object>> embeddedFileNames(const PdfReader& r) {
    Dictionary c = r.catalog();
    const Object* names = c.find("Names");
    if (!names) return {};
    Object n = r.resolve(*names);
    const Object* ef = n.get("EmbeddedFiles");
    if (!ef) return {};
    return nameTreeEntries(r, *ef);
}

}  // namespace

std::vector<EmbeddedFile> PdfReader::embeddedFiles() const {
    std::vector<EmbeddedFile> out;
    for (auto& [key, value] : embeddedFileNames(*this))
        if (auto f = fileSpecOf(*this, key, value, nullptr)) out.push_back(std::move(*f));
    return out;
}

std::optional<EmbeddedFile> PdfReader::embeddedFile(std::string_view name) const {
    for (auto& [key, value] : embeddedFileNames(*this)) {
        if (decodeTextString(key) != name) continue;
        Object stream;
        std::optional<EmbeddedFile> f = fileSpecOf(*this, key, value, &stream);
        if (!f) continue;
        if (stream.isStream()) f->data = decodeStream(stream);
        return f;
    }
    return std::nullopt;
}

}  // namespace pith::pdf

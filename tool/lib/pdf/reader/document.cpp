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

bool isPagesNode(const Object& node) {
    const Object* type = node.get("Type");
    if (type && type->isName("Pages")) return true;
    if (type && type->isName("Page")) return false;
    return node.get("Kids") != nullptr;
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

size_t PdfReader::pageCount() const {
    Dictionary c = catalog();
    const Object* pages = c.find("Pages");
    if (!pages) throw PdfError("the catalog has no /Pages");
    Object root = resolve(*pages);
    const Object* count = root.get("Count");
    if (!count) throw PdfError("the page tree root has no /Count");
    Object n = resolve(*count);
    if (!n.isInt() || n.asInt() < 0 || n.asInt() > limits().maxObjectNumber)
        throw PdfError("the page tree root has a bad /Count");
    return static_cast<size_t>(n.asInt());
}

PageInfo PdfReader::page(size_t index) const {
    Dictionary c = catalog();
    const Object* pagesRef = c.find("Pages");
    if (!pagesRef) throw PdfError("the catalog has no /Pages");
    Object node = resolve(*pagesRef);
    if (!node.isDict()) throw PdfError("/Pages is not a dictionary");
    std::set<std::uint32_t> visited;
    if (pagesRef->isRef()) visited.insert(pagesRef->asRef().num);
    Inherited inh;
    size_t remaining = index;
    const std::string wanted = "page " + std::to_string(index + 1);

    // Leaves under a node, for kids whose /Count is absent or not an integer (bounded walk).
    std::function<size_t(const Object&, int, std::set<std::uint32_t>&)> countLeaves =
        [&](const Object& n, int depth, std::set<std::uint32_t>& seen) -> size_t {
        if (depth > limits().maxDepth) throw PdfError("page tree deeper than the limit");
        if (!isPagesNode(n)) return 1;
        const Object* kids = n.get("Kids");
        if (!kids) return 0;
        Object k = resolve(*kids);
        if (!k.isArray()) return 0;
        size_t total = 0;
        for (const Object& kid : k.asArray()) {
            if (kid.isRef() && !seen.insert(kid.asRef().num).second) throw PdfError("page tree loop at object " + std::to_string(kid.asRef().num));
            total += countLeaves(resolve(kid), depth + 1, seen);
        }
        return total;
    };

    for (int depth = 0;; ++depth) {
        if (depth > limits().maxDepth) throw PdfError("page tree deeper than the limit");
        inherit(inh, node.asDict());
        const Object* kidsObj = node.get("Kids");
        if (!kidsObj) throw PdfError("page tree node without /Kids while looking for " + wanted);
        Object kids = resolve(*kidsObj);
        if (!kids.isArray()) throw PdfError("page tree /Kids is not an array");
        bool descended = false;
        for (const Object& kidRef : kids.asArray()) {
            Object kid = resolve(kidRef);
            if (!kid.isDict()) continue;  // null or broken kid: skipped, like other readers
            if (kidRef.isRef() && visited.count(kidRef.asRef().num)) throw PdfError("page tree loop at object " + std::to_string(kidRef.asRef().num));
            if (isPagesNode(kid)) {
                size_t count;
                const Object* cnt = kid.get("Count");
                Object cv = cnt ? resolve(*cnt) : Object();
                if (cv.isInt() && cv.asInt() >= 0) {
                    count = static_cast<size_t>(cv.asInt());
                } else {
                    std::set<std::uint32_t> seen = visited;
                    count = countLeaves(kid, depth + 1, seen);
                }
                if (remaining < count) {
                    if (kidRef.isRef()) visited.insert(kidRef.asRef().num);
                    node = kid;
                    descended = true;
                    break;
                }
                remaining -= count;
            } else {
                if (remaining > 0) {
                    --remaining;
                    continue;
                }
                if (!kidRef.isRef()) throw PdfError(wanted + " is a direct object, not a reference");
                PageInfo info;
                info.index = static_cast<std::uint32_t>(index);
                info.ref = kidRef.asRef();
                info.dict = kid.asDict();
                inherit(inh, info.dict);
                info.resourcesInherited = !info.dict.has("Resources");
                info.resourcesIndirect = info.dict.find("Resources") && info.dict.find("Resources")->isRef();
                if (inh.resources) {
                    Object res = resolve(*inh.resources);
                    if (res.isDict()) info.resources = res.asDict();
                }
                info.mediaBox = rectOf(*this, inh.mediaBox ? &*inh.mediaBox : nullptr).value_or(Rect{0, 0, 612, 792});
                info.cropBox = rectOf(*this, inh.cropBox ? &*inh.cropBox : nullptr).value_or(info.mediaBox);
                // The crop box is clipped to the media box (ISO 32000-1 §14.11.2).
                Rect& cb = info.cropBox;
                const Rect& mb = info.mediaBox;
                cb = Rect{std::max(cb.x0, mb.x0), std::max(cb.y0, mb.y0), std::min(cb.x1, mb.x1), std::min(cb.y1, mb.y1)};
                if (cb.x1 <= cb.x0 || cb.y1 <= cb.y0) cb = mb;
                if (inh.rotate) {
                    Object r = resolve(*inh.rotate);
                    if (r.isNumber()) {
                        long long deg = std::llround(r.asNumber());
                        info.rotate = static_cast<int>(((deg % 360) + 360) % 360 / 90 * 90);
                    }
                }
                return info;
            }
        }
        if (!descended) throw PdfError(wanted + " not found: the document has " + std::to_string(pageCount()) + " pages");
    }
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

std::vector<EmbeddedFile> PdfReader::embeddedFiles() const {
    std::vector<EmbeddedFile> out;
    Dictionary c = catalog();
    const Object* names = c.find("Names");
    if (!names) return out;
    Object n = resolve(*names);
    const Object* ef = n.get("EmbeddedFiles");
    if (!ef) return out;
    std::set<std::uint32_t> seen;
    std::vector<std::pair<std::string, Object>> pairs;
    std::function<void(const Object&, int)> walk = [&](const Object& nodeRef, int depth) {
        if (depth > limits().maxDepth) throw PdfError("name tree deeper than the limit");
        if (nodeRef.isRef() && !seen.insert(nodeRef.asRef().num).second)
            throw PdfError("name tree loop at object " + std::to_string(nodeRef.asRef().num));
        Object node = resolve(nodeRef);
        if (const Object* namesArr = node.get("Names")) {
            Object a = resolve(*namesArr);
            if (a.isArray())
                for (size_t i = 0; i + 1 < a.asArray().size(); i += 2) {
                    Object key = resolve(a.asArray()[i]);
                    if (key.isString()) pairs.emplace_back(key.asString(), a.asArray()[i + 1]);
                }
        }
        if (const Object* kids = node.get("Kids")) {
            Object k = resolve(*kids);
            if (k.isArray())
                for (const Object& kid : k.asArray()) walk(kid, depth + 1);
        }
    };
    walk(*ef, 0);
    for (auto& [key, value] : pairs) {
        EmbeddedFile f;
        f.name = decodeTextString(key);
        f.fileSpecRef = refOf(&value);
        Object spec = resolve(value);
        if (!spec.isDict()) continue;
        f.fileSpec = spec.asDict();
        Object efDict = spec.get("EF") ? resolve(*spec.get("EF")) : Object();
        const Object* streamRef = efDict.get("UF") ? efDict.get("UF") : efDict.get("F");
        if (streamRef) {
            f.streamRef = refOf(streamRef);
            Object s = resolve(*streamRef);
            if (s.isStream()) {
                f.streamDict = s.asDict();
                f.data = decodeStream(s);
            }
        }
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace pith::pdf

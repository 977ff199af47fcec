#include "pdf/stamp/structure.hpp"

#include <set>

namespace pith::pdf::stamp {

namespace {

// The indirect dictionary `o` refers to, or nullopt: the stamp rewrites only whole objects.
std::optional<Dictionary> indirectDict(const PdfReader& in, const Object* o, Ref& ref) {
    if (!o || !o->isRef()) return std::nullopt;
    Object d = in.object(o->asRef());
    if (!d.isDict()) return std::nullopt;
    ref = o->asRef();
    return d.asDict();
}

// A /Nums array held directly in the node, its keys integers in ascending order; nullopt otherwise.
std::optional<Array> directNums(const Dictionary& node) {
    const Object* nums = node.find("Nums");
    if (!nums || !nums->isArray() || nums->asArray().size() % 2) return std::nullopt;
    std::optional<std::int64_t> last;
    const Array& a = nums->asArray();
    for (size_t i = 0; i < a.size(); i += 2) {
        if (!a[i].isInt() || (last && a[i].asInt() <= *last)) return std::nullopt;
        last = a[i].asInt();
    }
    return a;
}

constexpr int kMaxTreeDepth = 32;

}  // namespace

namespace {

std::optional<StructurePlan> findPlan(const PdfReader& in, size_t pageIndex, std::string& why) {
    const Dictionary catalog = in.catalog();
    Object markInfo = catalog.find("MarkInfo") ? in.resolve(*catalog.find("MarkInfo")) : Object();
    const Object* marked = markInfo.isDict() ? markInfo.asDict().find("Marked") : nullptr;
    Object markedValue = marked ? in.resolve(*marked) : Object();
    if (!(markedValue.isBool() && markedValue.asBool()) || !catalog.has("StructTreeRoot")) return std::nullopt;
    auto refuse = [&](const std::string& reason) -> std::optional<StructurePlan> {
        why = "the PDF is tagged, but " + reason + ": the link is not added to its structure tree";
        return std::nullopt;
    };
    StructurePlan plan;
    std::optional<Dictionary> treeRoot = indirectDict(in, catalog.find("StructTreeRoot"), plan.treeRoot);
    if (!treeRoot) return refuse("its /StructTreeRoot is not an indirect dictionary");

    // The parent: the document-level element, where PDF/UA and the Tagged PDF best practice put
    // the document's content; a link outside any article or section belongs there. That is the
    // root's only kid, or its first /Document kid when it has several.
    const Object* rootKids = treeRoot->find("K");
    std::optional<Dictionary> parent;
    if (rootKids && rootKids->isRef()) {
        parent = indirectDict(in, rootKids, plan.parent);
    } else if (rootKids && rootKids->isArray()) {
        const Array& kids = rootKids->asArray();
        for (const Object& kid : kids) {
            Ref r;
            std::optional<Dictionary> d = indirectDict(in, &kid, r);
            Object s = d && d->find("S") ? in.resolve(*d->find("S")) : Object();
            if (d && (kids.size() == 1 || s.isName("Document"))) {
                parent = d;
                plan.parent = r;
                break;
            }
        }
    }
    if (!parent) return refuse("its /StructTreeRoot has no single or /Document kid that is an indirect structure element");
    if (const Object* k = parent->find("K"); k && k->isRef() && in.resolve(*k).isArray())
        return refuse("the document element's /K is an indirect array");

    // The parent tree: walked along its last kids to the leaf holding the largest key.
    Ref node;
    std::optional<Dictionary> d = indirectDict(in, treeRoot->find("ParentTree"), node);
    std::optional<std::int64_t> largest;
    std::set<std::uint32_t> seen;
    for (int depth = 0;; ++depth) {
        if (!d) return refuse("its /ParentTree is not made of indirect dictionaries");
        if (depth > kMaxTreeDepth || !seen.insert(node.num).second)
            return refuse("its /ParentTree is deeper than 32 levels or cyclic");
        plan.treePath.push_back(node);
        // The root has no /Limits; every other node has [lowest highest], two integers.
        if (const Object* l = d->find("Limits"); depth > 0 || l) {
            if (depth == 0 || !l || !l->isArray() || l->asArray().size() != 2 || !l->asArray()[0].isInt() ||
                !l->asArray()[1].isInt())
                return refuse("a /ParentTree node's /Limits is not two integers under the root, or is on the root");
        }
        if (const Object* kids = d->find("Kids")) {
            if (d->has("Nums") || !kids->isArray() || kids->asArray().empty())
                return refuse("a /ParentTree node's /Kids is not a direct, non-empty array");
            d = indirectDict(in, &kids->asArray().back(), node);
            continue;
        }
        std::optional<Array> nums = directNums(*d);
        if (!nums) return refuse("a /ParentTree leaf's /Nums is not a direct array of ascending integer keys");
        if (!nums->empty()) largest = (*nums)[nums->size() - 2].asInt();
        break;
    }
    plan.key = largest ? *largest + 1 : 0;
    if (const Object* next = treeRoot->find("ParentTreeNextKey")) {
        Object v = in.resolve(*next);
        if (!v.isInt() || v.asInt() < plan.key || v.asInt() > (std::int64_t{1} << 31) - 2)
            return refuse("its /ParentTreeNextKey is not an integer past the /ParentTree's keys");
        plan.key = v.asInt();
    }

    // Objects the stamp rewrites for other reasons cannot also be rewritten here.
    std::set<std::uint32_t> other{in.page(pageIndex).ref.num};
    if (auto root = in.rootRef()) other.insert(root->num);
    if (auto info = in.infoRef()) other.insert(info->num);
    if (const Object* meta = catalog.find("Metadata"); meta && meta->isRef()) other.insert(meta->asRef().num);
    std::set<std::uint32_t> mine{plan.treeRoot.num, plan.parent.num};
    for (Ref r : plan.treePath) mine.insert(r.num);
    if (mine.size() != plan.treePath.size() + 2)
        return refuse("its structure root, document element and parent tree share objects");
    for (std::uint32_t n : mine)
        if (other.count(n))
            return refuse("its structure tree shares object " + std::to_string(n) + " with the page, catalog or metadata");
    return plan;
}

}  // namespace

std::optional<StructurePlan> planStructure(const PdfReader& in, size_t pageIndex, std::string& why) {
    try {
        return findPlan(in, pageIndex, why);
    } catch (const PdfError& e) {
        // A damaged tree is left as it is, like one of a shape the stamp does not edit.
        why = "the PDF's structure tree cannot be read (" + std::string(e.what()) + "): the link is not added to it";
        return std::nullopt;
    }
}

void tagLink(const PdfReader& in, IncrementalUpdate& upd, const StructurePlan& plan, Ref link, Ref page, const std::string& alt) {
    Dictionary objr;
    objr.set("Type", Object::name("OBJR"));
    objr.set("Obj", Object::reference(link));
    objr.set("Pg", Object::reference(page));
    Dictionary elem;
    elem.set("Type", Object::name("StructElem"));
    elem.set("S", Object::name("Link"));
    elem.set("P", Object::reference(plan.parent));
    elem.set("K", Object::array({Object::dictionary(std::move(objr))}));
    elem.set("Alt", Object::string(encodeTextString(alt)));
    const Ref elemRef = upd.add(Object::dictionary(std::move(elem)));

    Dictionary parent = in.object(plan.parent).asDict();
    Array kids;
    if (const Object* k = parent.find("K")) {
        if (k->isArray())
            kids = k->asArray();
        else
            kids.push_back(*k);
    }
    kids.push_back(Object::reference(elemRef));
    parent.set("K", Object::array(std::move(kids)));
    upd.replace(plan.parent, Object::dictionary(std::move(parent)));

    // Every node on the path to the leaf is rewritten.
    for (size_t i = 0; i < plan.treePath.size(); ++i) {
        Dictionary node = in.object(plan.treePath[i]).asDict();
        const bool leaf = i + 1 == plan.treePath.size();
        if (leaf) {
            Array nums = node.find("Nums")->asArray();
            nums.push_back(Object::integer(plan.key));
            nums.push_back(Object::reference(elemRef));
            node.set("Nums", Object::array(std::move(nums)));
        }
        // Each node under the root covers the new key, the largest: its /Limits become [lowest key].
        if (const Object* l = node.find("Limits"))
            node.set("Limits", Object::array({l->asArray().front(), Object::integer(plan.key)}));
        upd.replace(plan.treePath[i], Object::dictionary(std::move(node)));
    }

    Dictionary root = in.object(plan.treeRoot).asDict();
    root.set("ParentTreeNextKey", Object::integer(plan.key + 1));
    upd.replace(plan.treeRoot, Object::dictionary(std::move(root)));
}

}  // namespace pith::pdf::stamp

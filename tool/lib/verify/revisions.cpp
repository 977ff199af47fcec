#include "verify/revisions.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "pdf/writer/serialize.hpp"
#include "verify/embedded_data.hpp"

namespace pith::verify {

namespace {

// Pages examined for roles: enough for any paper; a hostile million-page file is cut short, and
// objects of pages beyond are then reported as "other objects".
constexpr size_t kMaxRolePages = 100000;

void collectRefs(const pdf::Object& o, std::set<std::uint32_t>& out) {
    if (o.isRef()) out.insert(o.asRef().num);
    if (o.isArray())
        for (const pdf::Object& item : o.asArray())
            if (item.isRef()) out.insert(item.asRef().num);
}

struct Roles {
    std::map<std::uint32_t, std::string> role;  // object number → what it is
};

// One bounded walk of the page tree (the reader's, the one stamp and the viewer checks use): the
// pages, their content streams and their annotations. A page tree the walk refuses (a loop, too
// deep) leaves the pages after the refusal without a role: their objects are "other objects".
void collectPageRoles(const pdf::PdfReader& base, Roles& r) {
    try {
        base.forEachPage([&](size_t index, std::optional<pdf::Ref> ref, const pdf::Dictionary& page) {
            // A direct page dictionary is part of its parent node: no object of its own to name.
            if (!ref) return index + 1 < kMaxRolePages;
            r.role[ref->num] = "page";
            std::set<std::uint32_t> refs;
            if (const pdf::Object* contents = page.find("Contents")) {
                collectRefs(*contents, refs);
                // /Contents may itself be a reference to an array of streams.
                if (contents->isRef()) collectRefs(base.resolve(*contents), refs);
            }
            for (std::uint32_t n : refs) r.role.emplace(n, "page content");
            refs.clear();
            if (const pdf::Object* annots = page.find("Annots")) {
                collectRefs(*annots, refs);
                if (annots->isRef()) collectRefs(base.resolve(*annots), refs);
            }
            for (std::uint32_t n : refs) r.role.emplace(n, "annotations");
            return index + 1 < kMaxRolePages;
        });
    } catch (const pdf::PdfError&) {
        // The roles found so far stand.
    }
}

Roles rolesOf(const pdf::PdfReader& base) {
    Roles r;
    if (auto root = base.rootRef()) r.role[root->num] = "document catalog";
    if (auto info = base.infoRef()) r.role[info->num] = "metadata";
    if (auto xmp = base.xmpRef()) r.role[xmp->num] = "metadata";
    collectPageRoles(base, r);
    return r;
}

// A page redefined by a later revision: say which of its parts changed.
void describePageChange(const pdf::PdfReader& before, const pdf::PdfReader& after, std::uint32_t num,
                        std::set<std::string>& changes) {
    pdf::Object oldPage = before.object(num), newPage = after.object(num);
    auto differs = [&](const char* key) {
        const pdf::Object* a = oldPage.get(key);
        const pdf::Object* b = newPage.get(key);
        if (!a || !b) return a != b;
        if (a->isRef() && b->isRef()) return !(a->asRef() == b->asRef());
        if (a->isArray() && b->isArray()) {
            if (a->asArray().size() != b->asArray().size()) return true;
            for (size_t i = 0; i < a->asArray().size(); ++i) {
                const pdf::Object &x = a->asArray()[i], &y = b->asArray()[i];
                if (x.isRef() != y.isRef() || (x.isRef() && !(x.asRef() == y.asRef()))) return true;
            }
            return false;
        }
        return pdf::serialize(*a) != pdf::serialize(*b);  // direct values: compared as written
    };
    bool any = false;
    if (differs("Contents")) changes.insert("page content"), any = true;
    if (differs("Annots")) changes.insert("annotations"), any = true;
    if (differs("Resources")) changes.insert("page resources"), any = true;
    if (!any) changes.insert("page attributes");
}

}  // namespace

std::vector<RevisionChange> describeLaterRevisions(const pdf::PdfReader& reader, size_t base, size_t maxDescribed) {
    std::vector<RevisionChange> out;
    const auto& revs = reader.revisions();
    if (base + 1 >= revs.size()) return out;
    pdf::PdfReader baseView = reader.atRevision(base);
    Roles roles = rolesOf(baseView);
    std::uint32_t baseSize = baseView.size();
    for (size_t i = base + 1; i < revs.size() && i <= base + maxDescribed; ++i) {
        pdf::PdfReader before = reader.atRevision(i - 1);
        pdf::PdfReader after = reader.atRevision(i);
        std::set<std::string> changes;
        std::set<std::uint32_t> touched(revs[i].definedObjects.begin(), revs[i].definedObjects.end());
        touched.insert(revs[i].freedObjects.begin(), revs[i].freedObjects.end());
        for (std::uint32_t num : touched) {
            auto it = roles.role.find(num);
            if (it == roles.role.end()) {
                changes.insert(num >= baseSize ? "new objects" : "other objects");
            } else if (it->second == "page") {
                describePageChange(before, after, num, changes);
            } else if (it->second == "document catalog") {
                // A catalog rewrite that points /Metadata elsewhere replaces the metadata.
                pdf::Object a = before.object(num), b = after.object(num);
                const pdf::Object* ma = a.get("Metadata");
                const pdf::Object* mb = b.get("Metadata");
                bool metadataMoved = (ma == nullptr) != (mb == nullptr) ||
                                     (ma && mb && ma->isRef() && mb->isRef() && !(ma->asRef() == mb->asRef()));
                changes.insert(metadataMoved ? "metadata" : "document catalog");
            } else {
                changes.insert(it->second);
            }
        }
        if (revs[i].trailer.has("Info") && baseView.infoRef() &&
            !(revs[i].trailer.find("Info")->isRef() && revs[i].trailer.find("Info")->asRef() == *baseView.infoRef()))
            changes.insert("metadata");
        RevisionChange change;
        change.index = i;
        change.endOffset = revs[i].endOffset;
        change.changes.assign(changes.begin(), changes.end());
        change.objectCount = touched.size();
        out.push_back(std::move(change));
    }
    return out;
}

}  // namespace pith::verify

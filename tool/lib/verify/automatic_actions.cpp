#include "verify/automatic_actions.hpp"

#include <set>
#include <vector>

namespace pith::verify {

namespace {

constexpr size_t kMaxActions = 256;  // actions followed in all (a /Next graph may be cyclic or wide)

std::string objectText(const pdf::Object& o) {
    return o.isRef() ? " (object " + std::to_string(o.asRef().num) + ")" : std::string();
}

bool navigationOnly(const pdf::Dictionary& action) {
    const pdf::Object* s = action.find("S");
    if (!s || !s->isName()) return false;
    if (s->isName("GoTo")) return true;
    if (s->isName("Named")) {
        const pdf::Object* n = action.find("N");
        return n && (n->isName("NextPage") || n->isName("PrevPage") || n->isName("FirstPage") || n->isName("LastPage"));
    }
    return false;
}

class ActionWalk {
public:
    explicit ActionWalk(const pdf::PdfReader& reader) : reader_(reader) {}

    // The first action of `value` (an action dictionary, or a destination array or name: navigation)
    // and of its /Next chain that is not navigation, described with `where`.
    void visit(const pdf::Object& value, const std::string& where) {
        std::vector<std::pair<pdf::Object, std::string>> todo{{value, where}};
        while (!todo.empty() && !found && seen_ < kMaxActions) {
            auto [item, at] = todo.back();
            todo.pop_back();
            ++seen_;
            if (item.isRef() && !refs_.insert(item.asRef().num).second) continue;
            const pdf::Object o = reader_.resolve(item);
            if (!o.isDict()) continue;  // a destination (array, name or string): navigation
            const pdf::Dictionary& action = o.asDict();
            const std::string here = at + objectText(item);
            if (!navigationOnly(action)) {
                const pdf::Object* s = action.find("S");
                found = here + " is " + (s && s->isName() ? "a /" + s->asName() : std::string("an untyped")) + " action";
                return;
            }
            if (const pdf::Object* next = action.find("Next")) {
                const pdf::Object n = reader_.resolve(*next);
                if (n.isArray())
                    for (const pdf::Object& each : n.asArray()) todo.emplace_back(each, "the /Next of " + here);
                else
                    todo.emplace_back(*next, "the /Next of " + here);
            }
        }
    }

    // Each entry of an additional-actions dictionary (/AA).
    void visitAdditional(const pdf::Object* aa, const std::string& where) {
        if (!aa) return;
        const pdf::Object d = reader_.resolve(*aa);
        if (!d.isDict()) return;
        for (const pdf::DictEntry& e : d.asDict().entries()) {
            if (found) return;
            visit(e.value, where + " /AA /" + e.key);
        }
    }

    std::optional<std::string> found;

private:
    const pdf::PdfReader& reader_;
    std::set<std::uint32_t> refs_;
    size_t seen_ = 0;
};

std::optional<std::string> firstAutomaticAction(const Context& c) {
    const pdf::PdfReader& reader = c.reader;
    ActionWalk walk(reader);
    const pdf::Dictionary catalog = reader.catalog();
    if (const pdf::Object* open = catalog.find("OpenAction")) walk.visit(*open, "the catalog's /OpenAction");
    if (!walk.found) walk.visitAdditional(catalog.find("AA"), "the catalog's");
    if (walk.found) return walk.found;
    if (const pdf::Object* names = catalog.find("Names")) {
        const pdf::Object n = reader.resolve(*names);
        if (n.isDict())
            if (const pdf::Object* js = n.asDict().find("JavaScript")) {
                const pdf::Object tree = reader.resolve(*js);
                if (tree.isDict() && (tree.asDict().has("Names") || tree.asDict().has("Kids")))
                    return "the catalog's /Names /JavaScript" + objectText(*js) +
                           " is document JavaScript, run when the file opens";
            }
    }
    // An XFA form: Acrobat (and pdf.js where XFA is on, as in Firefox) draw the form's own
    // content instead of the pages' that every check here reads.
    if (const pdf::Object* form = catalog.find("AcroForm")) {
        const pdf::Object f = reader.resolve(*form);
        if (f.isDict())
            if (const pdf::Object* xfa = f.asDict().find("XFA"); xfa && !reader.resolve(*xfa).isNull())
                return "the catalog's /AcroForm /XFA" + objectText(*xfa) +
                       " is an XFA form (Acrobat and pdf.js may draw it in place of the pages)";
    }
    std::set<size_t> pages{0};
    if (c.badgePage) pages.insert(*c.badgePage);
    for (size_t index : pages) {
        // A page tree pith cannot walk, or a page it lacks, is the page checks' finding, not an
        // action. (page() walks the tree only up to the page: counting the pages would read every
        // page object of a large file.)
        std::optional<pdf::PageInfo> found;
        try {
            found = reader.page(index);
        } catch (const pdf::PdfError&) {}
        if (!found) continue;
        const pdf::PageInfo& page = *found;
        const std::string where = "page " + std::to_string(index + 1);
        walk.visitAdditional(page.dict.find("AA"), where + "'s");
        if (walk.found) return walk.found;
        const pdf::Object* annots = page.dict.find("Annots");
        if (!annots) continue;
        const pdf::Object list = reader.resolve(*annots);
        if (!list.isArray()) continue;
        size_t i = 0;
        for (const pdf::Object& a : list.asArray()) {
            ++i;
            const pdf::Object annot = reader.resolve(a);
            if (!annot.isDict()) continue;
            walk.visitAdditional(annot.asDict().find("AA"), where + "'s annotation " + std::to_string(i) + objectText(a) + "'s");
            if (walk.found) return walk.found;
        }
    }
    return std::nullopt;
}

}  // namespace

void checkAutomaticActions(Context& c) {
    std::optional<std::string> found;
    try {
        found = firstAutomaticAction(c);
    } catch (const pdf::PdfError& e) {
        c.rep.add(kAutomaticActionsCheck, "Automatic actions", report::CheckStatus::Unverifiable,
                  std::string("the document's actions cannot be read (") + e.what() +
                      "): whether a viewer runs one without a click is not known");
        return;
    }
    if (found)
        c.rep.add(
            kAutomaticActionsCheck, "Automatic actions", report::CheckStatus::Unverifiable,
            *found + ", which a viewer runs without a click: what a reader is shown or sent to is not what the checks read");
}

}  // namespace pith::verify

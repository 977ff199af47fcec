#include "verify/automatic_actions.hpp"

#include <set>
#include <vector>

namespace pith::verify {

namespace {

constexpr size_t kMaxActions = 4096;       // actions followed in all (a /Next graph may be cyclic or wide)
constexpr size_t kMaxFieldNodes = 100000;  // form field tree nodes visited (the tree may be cyclic or wide)
// A finding that starts so says only that not everything was read (not that an action was found).
const std::string kTooMany = "the document has more than ";

std::string objectText(const pdf::Object& o) {
    return o.isRef() ? " (object " + std::to_string(o.asRef().num) + ")" : std::string();
}

// A destination is explicit (an array whose first item is a page object, or a page index as pdf.js
// also reads it) or named (a name looked up in the catalog's /Dests, a string in the /Names /Dests
// tree; either may hold the array or a dictionary with /D).
class Destinations {
public:
    explicit Destinations(const pdf::PdfReader& reader) : reader_(reader) {}

    // True if `dest` shows page 1: the only place an action that runs without a click may move the
    // reader to, since page 1 is what the checks read (a file that opens on page 2 shows page 2).
    // Page 1 as a whole: not a rectangle of it (/FitR) nor a zoom above 100% (/XYZ), which show a
    // corner of the page that may hold anything.
    bool toFirstPage(const pdf::Object& dest, int depth = 0) {
        if (depth > 4) return false;
        const pdf::Object d = reader_.resolve(dest);
        if (d.isDict()) {
            const pdf::Object* inner = d.asDict().find("D");
            return inner && toFirstPage(*inner, depth + 1);
        }
        if (d.isName() || d.isString()) {
            const std::optional<pdf::Object> target = named(d);
            return target && toFirstPage(*target, depth + 1);
        }
        if (!d.isArray() || d.asArray().empty()) return false;
        const pdf::Object& page = d.asArray().front();
        if (!showsWholePage(d.asArray())) return false;
        if (page.isRef()) return firstPage() && page.asRef().num == firstPage()->num;
        return page.isNumber() && page.asNumber() == 0;
    }

private:
    bool showsWholePage(const pdf::Array& dest) {
        if (dest.size() < 2) return true;
        const pdf::Object view = reader_.resolve(dest[1]);
        if (view.isName("FitR")) return false;
        if (view.isName("XYZ") && dest.size() > 4) {
            const pdf::Object zoom = reader_.resolve(dest[4]);
            if (zoom.isNumber() && zoom.asNumber() > 1) return false;
        }
        return true;
    }

    std::optional<pdf::Ref> firstPage() {
        if (!firstPageRead_) {
            firstPageRead_ = true;
            try {
                firstPage_ = reader_.page(0).ref;
            } catch (const pdf::PdfError&) {}
        }
        return firstPage_;
    }

    std::optional<pdf::Object> named(const pdf::Object& name) {
        const pdf::Dictionary catalog = reader_.catalog();
        if (name.isName()) {
            if (const pdf::Object* dests = catalog.find("Dests")) {
                const pdf::Object d = reader_.resolve(*dests);
                if (d.isDict())
                    if (const pdf::Object* target = d.asDict().find(name.asName())) return *target;
            }
            return std::nullopt;
        }
        const pdf::Object names = catalog.find("Names") ? reader_.resolve(*catalog.find("Names")) : pdf::Object();
        if (!names.isDict() || !names.asDict().find("Dests")) return std::nullopt;
        for (auto& [key, value] : pdf::nameTreeEntries(reader_, *names.asDict().find("Dests")))
            if (key == name.asString()) return value;
        return std::nullopt;
    }

    const pdf::PdfReader& reader_;
    bool firstPageRead_ = false;
    std::optional<pdf::Ref> firstPage_;
};

class ActionWalk {
public:
    explicit ActionWalk(const pdf::PdfReader& reader) : reader_(reader), destinations_(reader) {}

    // The first action of `value` (an action dictionary, or a destination array or name: navigation)
    // and of its /Next chain that is not navigation, described with `where`.
    void visit(const pdf::Object& value, const std::string& where) {
        std::vector<std::pair<pdf::Object, std::string>> todo{{value, where}};
        while (!todo.empty() && !found) {
            if (seen_ >= kMaxActions) {
                found = kTooMany + std::to_string(kMaxActions) + " additional actions";
                return;
            }
            auto [item, at] = todo.back();
            todo.pop_back();
            ++seen_;
            if (item.isRef() && !refs_.insert(item.asRef().num).second) continue;
            const pdf::Object o = reader_.resolve(item);
            const std::string here = at + objectText(item);
            if (!o.isDict()) {  // a destination (array, name or string)
                if (!destinations_.toFirstPage(o)) {
                    found =
                        here +
                        " is a destination that does not show page 1 (the reader is moved to another page, or to a part of page 1 zoomed in)";
                    return;
                }
                continue;
            }
            const pdf::Dictionary& action = o.asDict();
            const pdf::Object* s = action.find("S");
            if (s && s->isName("GoTo")) {
                const pdf::Object* d = action.find("D");
                if (!d || !destinations_.toFirstPage(*d)) {
                    found =
                        here +
                        " is a /GoTo to a destination that does not show page 1 (the reader is moved to another page, or to a part of page 1 zoomed in)";
                    return;
                }
            } else if (s && s->isName("Named")) {
                const pdf::Object* n = action.find("N");
                if (!n || !n->isName("FirstPage")) {
                    found = here + " is a /Named " + (n && n->isName() ? "/" + n->asName() : std::string("(unnamed)")) +
                            " action (only /FirstPage keeps the reader on page 1)";
                    return;
                }
            } else {
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
    Destinations destinations_;
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
    // A portfolio: Acrobat presents the embedded files (/Collection /D names the one it opens on),
    // not the pages every check here reads.
    if (const pdf::Object* collection = catalog.find("Collection"); collection && !reader.resolve(*collection).isNull())
        return "the catalog's /Collection" + objectText(*collection) +
               " makes the file a portfolio (Acrobat shows its embedded files, not its pages)";
    // An XFA form: Acrobat (and pdf.js where XFA is on, as in Firefox) draw the form's own
    // content instead of the pages' that every check here reads.
    if (const pdf::Object* form = catalog.find("AcroForm")) {
        const pdf::Object f = reader.resolve(*form);
        if (f.isDict())
            if (const pdf::Object* xfa = f.asDict().find("XFA"); xfa && !reader.resolve(*xfa).isNull())
                return "the catalog's /AcroForm /XFA" + objectText(*xfa) +
                       " is an XFA form (Acrobat and pdf.js may draw it in place of the pages)";
    }
    // Every form field's additional actions: a format action (/AA /F) runs whenever a viewer draws
    // the field's value and may show any text in its place; calculate and validate actions run
    // when another field changes. The field tree is walked, bounded, cycles skipped.
    if (const pdf::Object* form = catalog.find("AcroForm")) {
        const pdf::Object f = reader.resolve(*form);
        if (f.isDict())
            if (const pdf::Object* fields = f.asDict().find("Fields")) {
                std::vector<std::pair<pdf::Object, std::string>> todo{{*fields, "the catalog's /AcroForm /Fields"}};
                std::set<std::uint32_t> seen;
                size_t visited = 0;
                while (!todo.empty() && !walk.found && visited < kMaxFieldNodes) {
                    auto [node, where] = todo.back();
                    todo.pop_back();
                    ++visited;
                    if (node.isRef() && !seen.insert(node.asRef().num).second) continue;
                    const pdf::Object o = reader.resolve(node);
                    if (o.isArray()) {
                        size_t i = 0;
                        for (const pdf::Object& kid : o.asArray()) todo.emplace_back(kid, where + " item " + std::to_string(++i));
                        continue;
                    }
                    if (!o.isDict()) continue;
                    const std::string here = "the form field at " + where + objectText(node);
                    walk.visitAdditional(o.asDict().find("AA"), here + "'s");
                    if (const pdf::Object* kids = o.asDict().find("Kids")) todo.emplace_back(*kids, where + " /Kids");
                }
                if (!walk.found && !todo.empty())
                    walk.found = kTooMany + std::to_string(kMaxFieldNodes) + " form field tree nodes";
                if (walk.found) return walk.found;
            }
    }
    // Every page's, and every annotation's on every page: a page's open and close actions (/AA /O,
    // /C) run when a reader turns to it, an annotation's page-open and page-visible ones (/PO, /PV)
    // when its page is shown, and any of them may change what page 1 shows (a field's value, an
    // annotation's visibility). A page tree pith cannot walk is the page checks' finding.
    try {
        reader.forEachPage(
            [&](size_t index, std::optional<pdf::Ref> ref, const pdf::Dictionary& dict) {
                const std::string where =
                    "page " + std::to_string(index + 1) + (ref ? " (object " + std::to_string(ref->num) + ")" : std::string());
                walk.visitAdditional(dict.find("AA"), where + "'s");
                if (walk.found) return false;
                const pdf::Object* annots = dict.find("Annots");
                if (!annots) return true;
                const pdf::Object list = reader.resolveUnkept(*annots);
                if (!list.isArray()) return true;
                size_t i = 0;
                for (const pdf::Object& a : list.asArray()) {
                    ++i;
                    if (a.isRef() && !reader.mayHoldKey(a.asRef(), "AA")) continue;
                    const pdf::Object annot = reader.resolveUnkept(a);
                    if (!annot.isDict()) continue;
                    walk.visitAdditional(annot.asDict().find("AA"),
                                         where + "'s annotation " + std::to_string(i) + objectText(a) + "'s");
                    if (walk.found) return false;
                }
                return true;
            },
            /*keep=*/false);
    } catch (const pdf::PdfError& e) {
        if (walk.found) return walk.found;
        throw pdf::PdfError(std::string("the page tree cannot be walked to its end: ") + e.what());
    }
    if (walk.found) return walk.found;
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
    if (found && found->rfind(kTooMany, 0) == 0)
        c.rep.add(kAutomaticActionsCheck, "Automatic actions", report::CheckStatus::Unverifiable,
                  *found + ", more than are read: whether a viewer runs one without a click is not known");
    else if (found)
        c.rep.add(
            kAutomaticActionsCheck, "Automatic actions", report::CheckStatus::Unverifiable,
            *found + ", which a viewer runs without a click: what a reader is shown or sent to is not what the checks read");
}

}  // namespace pith::verify

// What a reader of the PDF sees, through poppler (view/viewer.hpp): the badge page shows the short
// number, page 1 shows the record's title, the links on the badge page go where the badge says,
// and nothing covers the badge.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>

#include "pdf/content/paint_over_text.hpp"
#include "record/verify_record.hpp"
#include "text/match_key.hpp"
#include "verify/context.hpp"
#include "verify/glyph_binding.hpp"
#include "verify/registry_link.hpp"
#include "verify/title_placement.hpp"
#include "verify/viewer_guard.hpp"
#include "view/text_recognition.hpp"
#include "view/time_limit.hpp"
#include "view/viewer.hpp"

namespace pith::verify {

using report::CheckStatus;

namespace {

struct Box {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

std::string squeezed(std::string_view s) {
    std::string out;
    for (char ch : s)
        if (ch != ' ' && ch != '\n' && ch != '\r' && ch != '\t' && ch != '\f') out += ch;
    return out;
}

struct Label {
    Box box;
    std::vector<const view::Word*> words;
};

// The word (or two adjacent words) that read pith:SHORT8 on the page.
std::optional<Label> findLabel(const std::vector<view::Word>& words, const std::string& label) {
    for (const view::Word& w : words)
        if (squeezed(w.text).find(label) != std::string::npos) return Label{Box{w.x0, w.y0, w.x1, w.y1}, {&w}};
    for (size_t i = 0; i + 1 < words.size(); ++i) {
        const std::string one = squeezed(words[i].text);
        if (!one.empty() && label.find(one) != std::string::npos &&
            (one + squeezed(words[i + 1].text)).find(label) != std::string::npos)
            return Label{Box{std::min(words[i].x0, words[i + 1].x0), std::min(words[i].y0, words[i + 1].y0),
                             std::max(words[i].x1, words[i + 1].x1), std::max(words[i].y1, words[i + 1].y1)},
                         {&words[i], &words[i + 1]}};
    }
    return std::nullopt;
}

// The badge's words: its label (findLabel) and the caption "Pith Number" just before it, which
// are not the paper's text (a badge set on the title's line is no other text beside the title).
std::set<const view::Word*> badgeWords(const std::vector<view::Word>& words, const std::string& label) {
    std::set<const view::Word*> out;
    const std::optional<Label> found = findLabel(words, label);
    if (!found) return out;
    out.insert(found->words.begin(), found->words.end());
    const size_t at = static_cast<size_t>(found->words.front() - words.data());
    if (at >= 2 && words[at - 2].text == "Pith" && words[at - 1].text == "Number") out.insert({&words[at - 2], &words[at - 1]});
    return out;
}

// The words of `page` that are not among `these`.
std::vector<const view::Word*> otherWords(const std::vector<view::Word>& page, const std::vector<const view::Word*>& these) {
    const std::set<const view::Word*> excluded(these.begin(), these.end());
    std::vector<const view::Word*> out;
    for (const view::Word& w : page)
        if (!excluded.count(&w)) out.push_back(&w);
    return out;
}

// Pages laid out once each: poppler's layout pass is most of what the viewer checks cost.
class Pages {
public:
    Pages(const view::ViewerDocument& doc, const pdf::PdfReader& reader) : doc_(doc), reader_(reader) {}
    const std::vector<view::Word>& words(size_t page) {
        auto it = words_.find(page);
        if (it == words_.end()) it = words_.emplace(page, doc_.words(static_cast<int>(page))).first;
        return it->second;
    }
    // The page's words in reading order, space-separated (enough for match keys).
    std::string wordText(size_t page) {
        std::string out;
        for (const view::Word& w : words(page)) out += w.text + ' ';
        return out;
    }
    const view::ViewerDocument& doc() const { return doc_; }
    // The ink under these words, from one rendering of the region they span (cached per word).
    void measureInk(size_t page, const std::vector<const view::Word*>& words) {
        std::vector<const view::Word*> missing;
        for (const view::Word* w : words)
            if (!ink_.count(w)) missing.push_back(w);
        if (missing.empty()) return;
        std::vector<double> values = doc_.ink(static_cast<int>(page), missing);
        for (size_t i = 0; i < missing.size(); ++i) ink_[missing[i]] = values[i];
        measureCover(page, missing);
    }
    double inkOf(const view::Word* w) const { return ink_.count(w) ? ink_.at(w) : 0.0; }
    // The share of the word's box that something painted after its text covers (docs/FORMAT.md, step 7).
    double coverOf(const view::Word* w) const { return cover_.count(w) ? cover_.at(w) : 0.0; }
    // Why what is painted over the page's text could not be told, when it could not.
    const std::optional<std::string>& coverDoubt(size_t page) {
        static const std::optional<std::string> none;
        auto it = coverDoubt_.find(page);
        return it == coverDoubt_.end() ? none : it->second;
    }

    // Why viewers may draw the page differently, or what it paints cannot be read: known before
    // any word is looked at, since it holds whatever a viewer shows.
    const std::optional<std::string>& pageDoubt(size_t page) { return painted(page).doubt; }

    // Why the words' text is no evidence of the letters a viewer draws there, when it is not
    // (docs/FORMAT.md, "Glyphs bound to letters"): of painted words, a Type3 font, a ToUnicode that
    // reads codes as other letters than they draw, a text clip paint shows through; `misreadOnly`,
    // for words that may not be painted, only the ToUnicode. The words must come from words(page).
    std::optional<std::string> glyphDoubt(size_t page, const std::vector<const view::Word*>& words, const std::string& what,
                                          bool misreadOnly = false) {
        if (!misreadOnly)
            if (std::optional<std::string> type3 = unboundGlyphsDoubt(words, page, what)) return type3;
        const Painted& p = painted(page);
        const std::vector<view::Word>& all = this->words(page);
        for (const view::Word* w : words) {
            const size_t at = static_cast<size_t>(w - all.data());
            if (at < p.misread.size() && p.misread[at]) return misreadGlyphsDoubt(page, what, *p.misread[at]);
            if (!misreadOnly && at < p.revealed.size() && p.revealed[at]) return revealedThroughClipDoubt(page, what);
        }
        return std::nullopt;
    }

private:
    // What the page's content paints over each of its words, from one reading of the content: a
    // word's regions do not depend on the other words read with it, so every check asks this one
    // (a page of tens of MB of content is read once, not once per check).
    struct Painted {
        std::optional<std::string> doubt;                 // viewers may draw the page differently, or it cannot be read
        std::vector<std::vector<pdf::Rect>> regions;      // by index in words(page)
        std::vector<bool> revealed;                       // PaintOverText::revealedThroughClip, by index in words(page)
        std::vector<std::optional<std::string>> misread;  // PaintOverText::misreadGlyphs, by index in words(page)
    };
    const Painted& painted(size_t page) {
        auto it = painted_.find(page);
        if (it != painted_.end()) return it->second;
        Painted p;
        std::vector<pdf::Rect> boxes;
        for (const view::Word& w : words(page)) boxes.push_back(pdf::Rect{w.x0, w.y0, w.x1, w.y1});
        try {
            pdf::PaintOverText read = pdf::paintedOverText(reader_, page, boxes);
            if (!read.ambiguities.empty())
                p.doubt =
                    "viewers may draw page " + std::to_string(page + 1) + " differently: " + read.ambiguities.front().message;
            // A Type3 glyph paints over the text drawn before it, but not over words poppler says are
            // drawn in a Type3 font: those are the glyphs' own (the Type3 rule judges them, "Glyphs bound to letters").
            const std::vector<view::Word>& all = words(page);
            for (size_t i = 0; i < read.regions.size() && i < all.size(); ++i)
                if (all[i].type3Font.empty())
                    read.regions[i].insert(read.regions[i].end(), read.type3Regions[i].begin(), read.type3Regions[i].end());
            p.regions = std::move(read.regions);
            p.revealed = std::move(read.revealedThroughClip);
            p.misread = std::move(read.misreadGlyphs);
        } catch (const pdf::PdfError& e) {
            p.doubt =
                std::string("what page ") + std::to_string(page + 1) + " paints over its text cannot be read (" + e.what() + ")";
        }
        return painted_.emplace(page, std::move(p)).first->second;
    }

    // Ink proves that something is drawn in a word's box, not that it is the word: what the content
    // paints after the word's text (an image, a fill, a shading, a form) and the annotations drawn
    // over it (any but a link or a closed popup without an appearance; a link's appearance where it
    // paints) cover it.
    static constexpr size_t kLinkAppearancesRead = 64;
    void measureCover(size_t page, const std::vector<const view::Word*>& words) {
        std::vector<pdf::Rect> boxes;
        for (const view::Word* w : words) boxes.push_back(pdf::Rect{w->x0, w->y0, w->x1, w->y1});
        std::vector<std::vector<pdf::Rect>> regions;
        std::vector<PageAnnotation> annots;
        try {
            const Painted& content = painted(page);
            if (content.doubt) {
                coverDoubt_[page] = *content.doubt;
                return;
            }
            const std::vector<view::Word>& all = this->words(page);
            for (const view::Word* w : words) {
                const size_t at = static_cast<size_t>(w - all.data());
                if (at >= all.size() || at >= content.regions.size())
                    throw std::logic_error("measureCover: a word not of the page");  // the callers pass words(page)
                regions.push_back(content.regions[at]);
            }
            annots = pageAnnotations(reader_, page);
        } catch (const pdf::PdfError& e) {
            coverDoubt_[page] =
                std::string("what page ") + std::to_string(page + 1) + " paints over its text cannot be read (" + e.what() + ")";
            return;
        }
        size_t appearancesRead = 0;  // each is read in full: past kLinkAppearancesRead, a Link's /Rect counts
        for (const PageAnnotation& a : annots) {
            if (!a.hasRect || a.closedPopup || (a.subtype == "Link" && !a.hasAppearance)) continue;
            // A Link's appearance without text of its own covers what it paints (a frame round the
            // title covers none of it); any other annotation, or one that shows text, its /Rect.
            if (a.subtype == "Link" && a.normalAppearance && ++appearancesRead <= kLinkAppearancesRead) {
                try {
                    pdf::AppearancePaint painted = pdf::paintedByAppearance(reader_, *a.normalAppearance, a.rect, boxes);
                    // One that viewers read differently paints what it may: its whole /Rect.
                    if (!painted.showsText && !painted.doubt) {
                        for (size_t i = 0; i < words.size(); ++i)
                            regions[i].insert(regions[i].end(), painted.regions[i].begin(), painted.regions[i].end());
                        continue;
                    }
                } catch (const pdf::PdfError&) {
                    // unreadable: its whole /Rect counts
                }
            }
            for (size_t i = 0; i < words.size(); ++i) regions[i].push_back(a.rect);
        }
        for (size_t i = 0; i < words.size(); ++i) cover_[words[i]] = pdf::coveredShare(boxes[i], regions[i]);
    }

    const view::ViewerDocument& doc_;
    const pdf::PdfReader& reader_;
    std::map<size_t, std::vector<view::Word>> words_;
    std::map<const view::Word*, double> ink_;
    std::map<const view::Word*, double> cover_;
    std::map<size_t, std::optional<std::string>> coverDoubt_;
    std::map<size_t, Painted> painted_;
};

double runSize(const std::vector<const view::Word*>& run) {
    std::vector<double> sizes;
    for (const view::Word* w : run) sizes.push_back(w->size);
    return medianSize(std::move(sizes));
}

// A title is set at least as large as the body text; the record's title in small print under a
// large other one is not what a reader takes for the paper's title.
constexpr double kTitleToBody = 0.8;

// Share of the words a viewer paints: text that is there but hidden (clipped, invisible, covered,
// white) is no text a reader sees. A word is painted when its box has ink and less than half of
// it is covered by what is painted after its text.
constexpr double kInked = 0.03;
// `covers` false: what is painted after the words is known not to cover them (a stamp's badge,
// drawn by the last content stream of its page, which the stamp update proved to be pith's).
constexpr double kCovered = 0.5;
bool isPainted(const Pages& pages, const view::Word* w, bool covers) {
    return pages.inkOf(w) >= kInked && (!covers || pages.coverOf(w) < kCovered);
}
double paintedShare(Pages& pages, size_t page, const std::vector<const view::Word*>& words, bool covers = true) {
    if (words.empty()) return 0;
    pages.measureInk(page, words);
    size_t painted = 0;
    for (const view::Word* w : words)
        if (isPainted(pages, w, covers)) ++painted;
    return static_cast<double>(painted) / static_cast<double>(words.size());
}

// The page's words, all of them.
std::vector<const view::Word*> pageWords(Pages& pages, size_t page) {
    std::vector<const view::Word*> all;
    for (const view::Word& w : pages.words(page)) all.push_back(&w);
    return all;
}

// The page's words a viewer paints. Words no viewer shows (render mode 3, clipped, white, covered)
// are no text a reader sees; counted, a mass of invisible tiny words would lower the body's median
// size under a title set in small print.
std::vector<const view::Word*> paintedWords(Pages& pages, size_t page) {
    const std::vector<const view::Word*> all = pageWords(pages, page);
    pages.measureInk(page, all);
    std::vector<const view::Word*> out;
    for (const view::Word* w : all)
        if (isPainted(pages, w, true)) out.push_back(w);
    return out;
}

// The size of the page's body text: the median font size of the words a viewer paints.
double bodySize(const std::vector<const view::Word*>& painted) {
    std::vector<double> sizes;
    for (const view::Word* w : painted) sizes.push_back(w->size);
    return medianSize(std::move(sizes));
}

bool overlaps(const pdf::Rect& r, const Box& b) { return r.x0 < b.x1 && b.x0 < r.x1 && r.y0 < b.y1 && b.y0 < r.y1; }
bool containsCentre(const pdf::Rect& r, const Box& b) {
    const double x = (b.x0 + b.x1) / 2, y = (b.y0 + b.y1) / 2;
    return r.x0 - 1 <= x && x <= r.x1 + 1 && r.y0 - 1 <= y && y <= r.y1 + 1;
}

// Where QR codes are read: the whole badge page at kQrPagePixelsPerPoint (2 pt modules, the
// package's and the stamp's default, read there), and at kQrNearPixelsPerPoint, also with renderers'
// hairlines closed, round the badge's label as far as the package sets its code (74 pt by default)
// beside it, or for a stamp its badge's rectangle and a quarter of its height round it.
constexpr double kQrPagePixelsPerPoint = 1.5;
constexpr double kQrNearPixelsPerPoint = 3;
constexpr double kQrReach = 90;
constexpr double kQrStampMargin = 0.25;

// A QR code's text as a phone's reader opens it: a URL without "//" after its scheme, or without a
// scheme ("pith.science/pith/...", "www.pith.science/..."), is opened as https://.
std::string qrTextAsUrl(const std::string& text) {
    size_t i = 0;
    while (i < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '+' || text[i] == '-' || text[i] == '.'))
        ++i;
    if (i > 0 && i < text.size() && text[i] == ':' && std::isalpha(static_cast<unsigned char>(text[0])) &&
        text.find('.') > i) {  // a scheme (a host has a dot before any colon)
        size_t rest = i + 1;
        while (rest < text.size() && (text[rest] == '/' || text[rest] == '\\')) ++rest;
        return text.substr(0, i) + "://" + text.substr(rest);
    }
    return "https://" + text;
}

// The QR codes on the badge page: a reader of a printed or displayed copy scans them as links. One
// that goes to the registry, or to a host made to look like it, must go to the record page, and so
// must one inside a link to the record page (the package's link covers its whole badge, its code
// included). (A stamp's own code is the update's, proven to be pith's: one that does not read, as
// when another annotation's border crosses it, is no other link.) doubt: the page could not be read
// finely enough.
void checkBadgeQrCodes(Context& c, Pages& doc, size_t page, const Label& label, const std::vector<pdf::Rect>& recordLinks,
                       std::vector<std::string>& problems, bool& recordQr, std::optional<std::string>& doubt) {
    const std::string recordUrl = c.facts->number->recordUrl();
    Box near{label.box.x0 - kQrReach, label.box.y0 - kQrReach, label.box.x1 + kQrReach, label.box.y1 + kQrReach};
    if (c.stamp && c.stamp->kind == pdf::stamp::StampKind::Badge && c.badgePage && *c.badgePage == page) {
        const double m = kQrStampMargin * c.stamp->height;
        near = Box{c.stamp->rect.x0 - m, c.stamp->rect.y0 - m, c.stamp->rect.x1 + m, c.stamp->rect.y1 + m};
    }
    const int index = static_cast<int>(page);
    std::vector<view::ViewerDocument::QrCode> codes;
    if (auto whole = doc.doc().qrCodes(index, -1e6, -1e6, 1e6, 1e6, kQrPagePixelsPerPoint, kQrPagePixelsPerPoint, false))
        codes = std::move(*whole);
    else
        doubt = "page " + std::to_string(page + 1) + " is too large to be read for QR codes at " +
                std::to_string(kQrPagePixelsPerPoint).substr(0, 3) + " pixels a point";
    if (auto nearby = doc.doc().qrCodes(index, near.x0, near.y0, near.x1, near.y1, kQrNearPixelsPerPoint, 0, true))
        for (view::ViewerDocument::QrCode& q : *nearby) codes.push_back(std::move(q));
    std::set<std::string> reported;  // a code read by both readings is reported once
    for (const view::ViewerDocument::QrCode& q : codes) {
        const LinkTarget target = classifyLink(qrTextAsUrl(q.text), recordUrl);
        const Box box{q.x0, q.y0, q.x1, q.y1};
        const bool inBadgeLink =
            std::any_of(recordLinks.begin(), recordLinks.end(), [&](const pdf::Rect& link) { return containsCentre(link, box); });
        // A code holds any bytes: shown as printable ASCII, at most 200 of them.
        std::string shown;
        for (size_t i = 0; i < q.text.size() && i < 200; ++i) shown += q.text[i] >= 0x20 && q.text[i] < 0x7f ? q.text[i] : '?';
        if (q.text.size() > 200) shown += "...";
        std::string problem;
        if (target == LinkTarget::RecordPage)
            recordQr = true;
        else if (target == LinkTarget::Registry || target == LinkTarget::Lookalike)
            problem = "a QR code on page " + std::to_string(page + 1) + " goes to " + shown + " (" + linkTargetName(target) +
                      "), not to " + recordUrl;
        else if (inBadgeLink)
            problem = "the badge's QR code on page " + std::to_string(page + 1) + " goes to " + shown + ", not to " + recordUrl;
        if (!problem.empty() && reported.insert(problem).second) problems.push_back(problem);
    }
}

void checkLinks(Context& c, Pages& doc, size_t page, const Label& label) {
    const Box& badge = label.box;
    const std::string recordUrl = c.facts->number->recordUrl();
    const std::string where = "page " + std::to_string(page + 1);
    std::vector<std::string> problems;
    bool covered = false, anyRecordLink = false;
    std::vector<pdf::Rect> recordLinks;  // links to the record page that cover the badge
    std::vector<PageAnnotation> annots;
    try {
        annots = pageAnnotations(c.reader, page);
    } catch (const pdf::PdfError& e) {
        c.rep.add("pith.link.match", "Badge link", CheckStatus::Fail, where + ": its annotations cannot be read: " + e.what());
        return;
    }
    for (const PageAnnotation& a : annots) {
        const bool over = a.hasRect && overlaps(a.rect, badge);
        const std::string name = a.ref ? "annotation " + std::to_string(a.ref->num) : std::string("an annotation");
        if (!a.hasRect) {
            // Viewers disagree on where such an annotation is (mupdf takes the first four numbers).
            problems.push_back(name + " on " + where + " has no well-formed /Rect of four numbers");
            continue;
        }
        if (a.subtype == "Link" && a.uri) {
            LinkTarget t = classifyLink(*a.uri, recordUrl);
            if (t == LinkTarget::RecordPage) {
                anyRecordLink = true;
                if (a.hasRect && containsCentre(a.rect, badge)) {
                    covered = true;
                    recordLinks.push_back(a.rect);
                }
            } else if (t == LinkTarget::Registry || t == LinkTarget::Lookalike) {
                problems.push_back("a link on " + where + " goes to " + *a.uri + " (" + linkTargetName(t) + "), not to " +
                                   recordUrl);
            } else if (over) {
                problems.push_back("a link over the badge goes to " + *a.uri + ", not to " + recordUrl);
            }
        } else if (over && a.subtype == "Link") {
            problems.push_back(name + ", a link over the badge, does not open the record page" +
                               (a.action.empty() ? std::string() : " (action /" + a.action + ")"));
        } else if (over && !a.closedPopup) {
            problems.push_back(name + " (/" + (a.subtype.empty() ? std::string("?") : a.subtype) + ") covers the badge");
        }
    }
    bool recordQr = false;
    std::optional<std::string> qrDoubt;
    checkBadgeQrCodes(c, doc, page, label, recordLinks, problems, recordQr, qrDoubt);
    if (!problems.empty())
        c.rep.add("pith.link.match", "Badge link", CheckStatus::Fail, joined(problems));
    else if (qrDoubt)
        c.rep.add("pith.link.match", "Badge link", CheckStatus::Unverifiable, *qrDoubt);
    else if (covered)
        c.rep.add("pith.link.match", "Badge link", CheckStatus::Pass,
                  "the link over the badge goes to " + recordUrl + (recordQr ? ", and so does its QR code" : ""));
    else if (c.route == Route::Stamp)
        c.rep.add("pith.link.match", "Badge link", CheckStatus::Fail,
                  "no link to " + recordUrl + " covers the badge (a stamp always adds one)");
    else if (!anyRecordLink)
        c.rep.add(
            "pith.link.match", "Badge link", CheckStatus::NotApplicable,
            "the badge is not linked: " + where +
                " has no link to the record page (pith.sty links it unless hyperref's draft option or a backend without links turns linking off; the compile log says which)");
    else
        c.rep.add("pith.link.match", "Badge link", CheckStatus::Fail,
                  "the link to the record page on " + where + " does not cover the badge");
}

void checkBadge(Context& c, Pages& doc) {
    const std::string label = c.facts->number->shortForm(8);
    std::vector<size_t> pages;
    if (c.badgePage)
        pages.push_back(*c.badgePage);
    else
        for (size_t i = 0; i < std::min<size_t>(static_cast<size_t>(doc.doc().pageCount()), c.options.maxBadgePages); ++i)
            pages.push_back(i);
    for (size_t page : pages) {
        std::optional<Label> found = findLabel(doc.words(page), label);
        if (!found) continue;
        c.rep.facts.set("badge_page", json::Value::integer(static_cast<long long>(page + 1)));
        const bool stampedBadge = c.stamp && c.badgePage && *c.badgePage == page;
        if (c.badgeHidden) {
            c.rep.add("pith.badge.shown", "Badge shown", CheckStatus::Fail, *c.badgeHidden);
        } else if (c.badgeDoubt) {
            c.rep.add("pith.badge.shown", "Badge shown", CheckStatus::Unverifiable, *c.badgeDoubt);
        } else if (const double share = paintedShare(doc, page, found->words, !stampedBadge);
                   !stampedBadge && doc.coverDoubt(page)) {
            c.rep.add("pith.badge.shown", "Badge shown", CheckStatus::Unverifiable, *doc.coverDoubt(page));
        } else if (share < 1.0) {
            c.rep.add("pith.badge.shown", "Badge shown", CheckStatus::Fail,
                      "page " + std::to_string(page + 1) + " holds the text " + label +
                          " but a viewer does not paint it: the badge is covered, clipped or invisible");
        } else if (std::optional<std::string> unbound =
                       stampedBadge ? std::nullopt : doc.glyphDoubt(page, found->words, "the badge text " + label)) {
            c.rep.add("pith.badge.shown", "Badge shown", CheckStatus::Unverifiable, *unbound);
        } else {
            c.rep.add("pith.badge.shown", "Badge shown", CheckStatus::Pass,
                      "page " + std::to_string(page + 1) + " shows " + label);
        }
        checkLinks(c, doc, page, *found);
        return;
    }
    const std::string where = c.badgePage ? "page " + std::to_string(*c.badgePage + 1) + " (where the stamp put it)"
                                          : "any of the first " + std::to_string(pages.size()) + " pages";
    c.rep.add("pith.badge.shown", "Badge shown", CheckStatus::Fail,
              "a viewer does not show " + label + " on " + where + ": the badge is missing, hidden or covered");
    c.rep.add("pith.link.match", "Badge link", CheckStatus::NotApplicable, "no badge to check the link of");
}

bool isFileName(const std::string& title) {
    if (title.find(' ') != std::string::npos) return false;
    for (const char* ext : {".dvi", ".ps", ".tex", ".pdf", ".doc", ".docx", ".odt", ".rtf", ".eps"}) {
        std::string e(ext);
        if (title.size() > e.size() && title.compare(title.size() - e.size(), e.size(), e) == 0) return true;
    }
    return false;
}

std::string foldWhitespace(const std::string& s) {
    std::string out;
    bool space = false;
    for (char ch : s) {
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += ch;
    }
    return out;
}

const std::string& titleHash(const Context& c) {
    const record::Record& rec = c.xmpRecord ? *c.xmpRecord : *c.attached;
    return rec.canonicalRecord.findPath("metadata.title_canon_sha256")->asString();
}

// The record's title on page 1: its text where the record vouches for one, else any run of lines
// that hashes to title_canon_sha256.
// The stamp's badge on `page`: its link's rectangle as the stamp parameters record it (Context::claimedBadge).
std::optional<pdf::Rect> stampedBadge(const Context& c, size_t page) {
    if (c.claimedBadge && c.claimedBadgePage == page) return c.claimedBadge;
    return std::nullopt;
}

void checkTitleShown(Context& c, Pages& doc) {
    const std::string words = doc.wordText(0);
    const bool noText = text::matchKey(words).size() < 16;
    if (const std::optional<std::string>& doubt = doc.pageDoubt(0); doubt && !noText) {
        c.rep.add("pith.title.shown", "Title shown", CheckStatus::Unverifiable, *doubt);
        return;
    }
    if (c.title) {
        const std::vector<TitleOccurrence> occurrences = titleOccurrences(doc.words(0), *c.title);
        if (!occurrences.empty()) {
            const std::vector<const view::Word*> shown = paintedWords(doc, 0);
            const double body = bodySize(shown);
            const std::set<const view::Word*> badge = badgeWords(doc.words(0), c.facts->number->shortForm(8));
            bool painted = false;
            double largest = 0;
            std::optional<Placement> asTitle, notAsTitle;
            std::vector<const view::Word*> titleWords;  // of the occurrence set as the title
            // The title's painted words, for the glyph rule; and all of them: text read as other
            // letters than its glyphs draw is no evidence, painted or not (a viewer that places those
            // glyphs elsewhere paints none).
            std::vector<const view::Word*> drawn, read;
            for (const TitleOccurrence& o : occurrences) {
                read.insert(read.end(), o.words.begin(), o.words.end());
                if (paintedShare(doc, 0, o.words) < 0.8) continue;
                painted = true;
                largest = std::max(largest, runSize(o.words));
                drawn.insert(drawn.end(), o.words.begin(), o.words.end());
                if (runSize(o.words) < kTitleToBody * body) continue;
                Placement placed = titlePlacement(o, shown, badge);
                if (!placed.notAsTitle && !asTitle) {
                    asTitle = placed;
                    titleWords = o.words;
                } else if (placed.notAsTitle && !notAsTitle)
                    notAsTitle = placed;
            }
            if (doc.coverDoubt(0))
                c.rep.add("pith.title.shown", "Title shown", CheckStatus::Unverifiable, *doc.coverDoubt(0));
            else if (std::optional<std::string> unbound =
                         painted ? doc.glyphDoubt(0, drawn, "the title") : doc.glyphDoubt(0, read, "the title", true))
                c.rep.add("pith.title.shown", "Title shown", CheckStatus::Unverifiable, *unbound);
            else if (std::optional<std::string> misdrawn =
                         asTitle ? recognitionDoubt(doc.doc(), 0, titleWords, *c.title, stampedBadge(c, 0),
                                                    otherWords(doc.words(0), titleWords), badge)
                                 : std::nullopt)
                c.rep.add("pith.title.shown", "Title shown", CheckStatus::Unverifiable, *misdrawn);
            else if (asTitle)
                c.rep.add("pith.title.shown", "Title shown", CheckStatus::Pass,
                          "page 1 shows the record's title \"" + *c.title + "\" as its title");
            else if (notAsTitle)
                c.rep.add("pith.title.shown", "Title shown", CheckStatus::Fail,
                          "page 1 shows the record's title \"" + *c.title +
                              "\" but not set as a title (title placement rule): " + *notAsTitle->notAsTitle);
            else if (painted)
                c.rep.add("pith.title.shown", "Title shown", CheckStatus::Fail,
                          "page 1 shows the record's title \"" + *c.title + "\" only in small print (" + points(largest) +
                              ", where the page's body text is " + points(body) +
                              "): what a reader takes for the title is other text");
            else
                c.rep.add("pith.title.shown", "Title shown", CheckStatus::Fail,
                          "page 1 holds the text of the record's title \"" + *c.title +
                              "\" but a viewer does not paint it: it is hidden, clipped, covered or invisible");
        } else if (noText)
            c.rep.add(
                "pith.title.shown", "Title shown", CheckStatus::Unverifiable,
                "page 1 has no text a viewer can extract (a scan?): it cannot be shown to carry the title \"" + *c.title + "\"");
        else if (std::optional<std::string> unbound = doc.glyphDoubt(0, pageWords(doc, 0), "text", true))
            // Another viewer may read the title there.
            c.rep.add("pith.title.shown", "Title shown", CheckStatus::Unverifiable,
                      "page 1's text does not read as the record's title \"" + *c.title + "\", but " + *unbound);
        else
            c.rep.add("pith.title.shown", "Title shown", CheckStatus::Fail,
                      "page 1 does not show the record's title \"" + *c.title + "\": the record is another paper's");
        return;
    }
    // Lines, as pdftotext gives them, for the titles that only their hash names.
    const std::string page = doc.doc().text(0);
    std::vector<std::string> lines;
    for (size_t at = 0; at < page.size() && lines.size() < 80;) {
        size_t nl = page.find('\n', at);
        std::string line = foldWhitespace(page.substr(at, nl == std::string::npos ? std::string::npos : nl - at));
        if (!line.empty()) lines.push_back(line);
        if (nl == std::string::npos) break;
        at = nl + 1;
    }
    const std::string& hash = titleHash(c);
    for (size_t i = 0; i < lines.size(); ++i) {
        std::string candidate;
        for (size_t n = 0; n < 4 && i + n < lines.size(); ++n) {
            candidate += (n ? " " : "") + lines[i + n];
            if (record::titleCanonSha256(candidate) == hash) {
                if (std::optional<std::string> unbound = doc.glyphDoubt(0, pageWords(doc, 0), "text")) {
                    c.rep.add(
                        "pith.title.shown", "Title shown", CheckStatus::Unverifiable,
                        "page 1 shows \"" + candidate + "\", which hashes to the record's title_canon_sha256, but " + *unbound);
                    return;
                }
                c.rep.add("pith.title.shown", "Title shown", CheckStatus::Pass,
                          "page 1 shows \"" + candidate + "\", which hashes to the record's title_canon_sha256");
                return;
            }
        }
    }
    c.rep.add(
        "pith.title.shown", "Title shown", CheckStatus::Unverifiable,
        "the record carries only its title's hash, and no line of page 1 hashes to it: page 1 cannot be shown to be this paper's");
}

// XMP dc:title and Info /Title, where they state a title, must be the record's: as TeX typesets it,
// or as hyperref writes it into the metadata, without the math symbols a PDF string cannot hold.
void checkTitleMetadata(Context& c) {
    if (c.data.xmpDcMisbound) {
        c.rep.add("pith.title.metadata", "Title in metadata", CheckStatus::Fail,
                  "the XMP has the prefix " + *c.data.xmpDcMisbound +
                      ": pdf.js reads elements by their prefix, so its dc:title is not the one other readers read");
        return;
    }
    std::vector<std::pair<std::string, std::string>> stated;
    if (c.data.xmpTitle && !foldWhitespace(*c.data.xmpTitle).empty() && !isFileName(*c.data.xmpTitle))
        stated.emplace_back("XMP dc:title", *c.data.xmpTitle);
    if (c.data.infoTitle && !foldWhitespace(*c.data.infoTitle).empty() && !isFileName(*c.data.infoTitle))
        stated.emplace_back("Info /Title", *c.data.infoTitle);
    if (stated.empty()) {
        c.rep.add("pith.title.metadata", "Title in metadata", CheckStatus::NotApplicable, "the PDF's metadata states no title");
        return;
    }
    std::vector<std::string> wrong;
    const std::optional<std::string> mainTitle = c.title ? text::texMainTitle(*c.title) : std::nullopt;
    bool main = false, dashed = false;  // named by its main title only; followed by " - " and a subtitle
    // beamer writes "\inserttitle\ - \insertsubtitle" as the PDF's title.
    auto beforeSubtitle = [&](const std::string& value) {
        for (size_t at = value.find(" - "); at != std::string::npos; at = value.find(" - ", at + 1))
            if (!text::matchKey(value.substr(at + 3)).empty() && text::namesTexTitle(value.substr(0, at), *c.title)) return true;
        return false;
    };
    for (const auto& [where, value] : stated) {
        bool same =
            c.title ? text::namesTexTitle(value, *c.title) : record::titleCanonSha256(foldWhitespace(value)) == titleHash(c);
        if (!same && mainTitle && text::namesTexTitle(value, *mainTitle)) same = main = true;
        if (!same && c.title && beforeSubtitle(value)) same = dashed = true;
        if (!same)
            wrong.push_back(where + " \"" + foldWhitespace(value) + "\" is not the record's title" +
                            (c.title ? " \"" + *c.title + "\"" : ""));
    }
    if (wrong.empty())
        c.rep.add("pith.title.metadata", "Title in metadata", CheckStatus::Pass,
                  main ? "the metadata names the record's title by its main title \"" + *mainTitle +
                             "\", without what follows its colon (a class's \\subtitle is left out of the metadata)"
                  : dashed ? "the metadata names the record's title, followed by \" - \" and a subtitle (as beamer writes it)"
                           : "the metadata names the record's title");
    else
        c.rep.add("pith.title.metadata", "Title in metadata", CheckStatus::Fail, joined(wrong));
}

// How many fields the AcroForm field tree has when unfolded, as viewers walk it (a shared /Kids
// entry is visited once for each path to it): a small DAG can stand for billions of fields and stall
// a viewer. Counted with memoisation, up to `cap`.
std::uint64_t unfoldedFields(const pdf::PdfReader& r, std::uint64_t cap) {
    pdf::Dictionary catalog = r.catalog();
    const pdf::Object* form = catalog.find("AcroForm");
    if (!form) return 0;
    pdf::Object acro = r.resolve(*form);
    const pdf::Object* fields = acro.get("Fields");
    if (!fields) return 0;
    std::map<std::uint32_t, std::uint64_t> memo;
    std::function<std::uint64_t(const pdf::Object&, int)> count = [&](const pdf::Object& node, int depth) -> std::uint64_t {
        if (depth > r.limits().maxDepth) return cap;
        if (node.isRef()) {
            if (auto it = memo.find(node.asRef().num); it != memo.end()) return it->second;
            memo[node.asRef().num] = cap;  // a loop counts as too many
        }
        pdf::Object value = r.resolve(node);
        std::uint64_t n = 1;
        if (const pdf::Object* kids = value.get("Kids")) {
            pdf::Object list = r.resolve(*kids);
            if (list.isArray())
                for (const pdf::Object& kid : list.asArray()) {
                    n += count(kid, depth + 1);
                    if (n >= cap) break;
                }
        }
        n = std::min(n, cap);
        if (node.isRef()) memo[node.asRef().num] = n;
        return n;
    };
    pdf::Object list = r.resolve(*fields);
    std::uint64_t total = 0;
    if (list.isArray())
        for (const pdf::Object& f : list.asArray()) {
            total += count(f, 0);
            if (total >= cap) return cap;
        }
    return total;
}

}  // namespace

std::optional<std::string> viewerStallReason(const pdf::PdfReader& reader) {
    std::uint64_t fields = 0;
    try {
        fields = unfoldedFields(reader, kMaxViewerFields);
    } catch (const pdf::PdfError&) {
        fields = 0;  // an unreadable form is poppler's to skip, as viewers do
    }
    if (fields < kMaxViewerFields) return std::nullopt;
    return "the form's field tree unfolds to more than " + std::to_string(kMaxViewerFields) +
           " fields (shared /Kids): it would stall a viewer";
}

namespace {

// The checks that read the page through poppler (under its time limit, view/time_limit.hpp).
void readViewer(Context& c) {
    std::string why;
    std::optional<view::ViewerDocument> doc =
        view::ViewerDocument::open(c.reader.bytes(), c.reader.bytesOwner(), &why, c.reader.password());
    if (!doc || doc->pageCount() < 1) {
        const std::string reason = "what a viewer shows cannot be read: " + (doc ? std::string("no pages") : why);
        c.rep.add("pith.badge.shown", "Badge shown", CheckStatus::Unverifiable, reason);
        c.rep.add("pith.title.shown", "Title shown", CheckStatus::Unverifiable, reason);
        return;
    }
    Pages pages(*doc, c.reader);
    // Page 1 is rendered once for both checks: the title's words and, when it is there, the badge's.
    if (c.title && (!c.badgePage || *c.badgePage == 0)) {
        std::vector<const view::Word*> wanted;
        const std::vector<TitleOccurrence> occurrences = titleOccurrences(pages.words(0), *c.title);
        for (const TitleOccurrence& o : occurrences) wanted.insert(wanted.end(), o.words.begin(), o.words.end());
        // Page 1's text shows the title: its pixels will be read, and the engine loads meanwhile.
        if (!occurrences.empty()) view::prepareTextRecognition();
        if (std::optional<Label> label = findLabel(pages.words(0), c.facts->number->shortForm(8)))
            wanted.insert(wanted.end(), label->words.begin(), label->words.end());
        pages.measureInk(0, wanted);
    }
    checkBadge(c, pages);
    checkTitleShown(c, pages);
}

}  // namespace

void checkViewer(Context& c) {
    c.required.insert("pith.badge.shown");
    c.required.insert("pith.title.shown");
    if (!c.facts) {
        for (const char* id : {"pith.badge.shown", "pith.title.shown"})
            c.rep.add(id, id == std::string("pith.badge.shown") ? "Badge shown" : "Title shown", CheckStatus::NotApplicable,
                      "no valid record");
        return;
    }
    if (std::optional<std::string> stall = viewerStallReason(c.reader)) {
        const std::string reason = *stall + ", so what a viewer shows is not read";
        c.rep.add("pith.badge.shown", "Badge shown", CheckStatus::Unverifiable, reason);
        c.rep.add("pith.title.shown", "Title shown", CheckStatus::Unverifiable, reason);
        return;
    }
    try {
        readViewer(c);
    } catch (const view::ViewerTimeLimit& e) {
        // What the page shows is not known: the checks not made yet cannot pass (never VERIFIED).
        const std::string reason = std::string(e.what()) + ", so what a viewer shows is not read";
        auto made = [&](const std::string& id) {
            return std::any_of(c.rep.checks.begin(), c.rep.checks.end(),
                               [&](const report::CheckResult& r) { return r.id == id; });
        };
        if (!made("pith.badge.shown")) c.rep.add("pith.badge.shown", "Badge shown", CheckStatus::Unverifiable, reason);
        if (!made("pith.title.shown")) c.rep.add("pith.title.shown", "Title shown", CheckStatus::Unverifiable, reason);
    }
    checkTitleMetadata(c);
}

}  // namespace pith::verify

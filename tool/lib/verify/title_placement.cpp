// How titles are typeset (LaTeX's article, revtex, IEEEtran, acmart, llncs, elsarticle, amsart,
// beamer; word processors): on lines of their own, above the body, in the largest type of the
// first page, apart from the lines around them (author names, an abstract) by a change of size or
// a gap. A quotation of the title in an abstract or a footnote, a running head repeating it in
// small print, or another paper's title that contains it ("A rebuttal of: ...") is none of these.
#include "verify/title_placement.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "text/match_key.hpp"

namespace pith::verify {

double medianSize(std::vector<double> sizes) {
    if (sizes.empty()) return 0;
    std::nth_element(sizes.begin(), sizes.begin() + static_cast<std::ptrdiff_t>(sizes.size() / 2), sizes.end());
    return sizes[sizes.size() / 2];
}

std::string points(double size) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f pt", size);
    return buf;
}

constexpr size_t kTitleOccurrences = 4;
// Footnote and affiliation marks may follow a title, or a word of it: at most this many key
// characters after the title's in its last word, or a word beside it of one letter or digit at most
// (∗ † ‡, an ornament drawn with a letter of a symbol font), or as few as this, set smaller than
// the title (a superscript 1, a, 1,2).
constexpr size_t kMarkCharacters = 3;
// A title whose key is shorter than this ("LoRA", "Why ReLU?") is found only as whole words: a key
// that short is part of many words.
constexpr size_t kShortTitle = 8;

std::vector<TitleOccurrence> titleOccurrences(const std::vector<view::Word>& words, const std::string& title) {
    std::string all;
    std::vector<size_t> startOf;
    for (const view::Word& w : words) {
        startOf.push_back(all.size());
        all += text::matchKey(w.text);
    }
    const bool shortTitle = text::matchKey(title, true).size() < kShortTitle;
    std::string mathKey;
    for (const auto& [part, isMath] : text::texMathSplit(title))
        if (isMath) mathKey += text::matchKey(part, true);
    std::vector<TitleOccurrence> out;
    // Spans of a short title that are not whole words are passed over, so look at a few more.
    for (const text::TitleSpan& span : text::titleSpans(all, title, shortTitle ? 64 : kTitleOccurrences)) {
        TitleOccurrence o;
        o.mathKey = mathKey;
        for (size_t i = 0; i < words.size(); ++i) {
            const size_t end = i + 1 < words.size() ? startOf[i + 1] : all.size();
            if (end > span.begin && startOf[i] < span.end && end > startOf[i]) {
                if (o.words.empty()) o.before = span.begin - startOf[i];
                o.words.push_back(&words[i]);
                o.after = end - span.end;
            }
        }
        // Math at the title's start or end, read elsewhere, may fill the rest of its word: its
        // letters, and no more than kForeignPerFormula others.
        if (o.before > 0 && o.before <= span.leading &&
            text::foreignCharacters(std::string_view(all).substr(span.begin - o.before, o.before), mathKey) <=
                text::kForeignPerFormula)
            o.before = 0;
        if (o.after > 0 && o.after <= span.trailing + kMarkCharacters &&
            text::foreignCharacters(std::string_view(all).substr(span.end, o.after), mathKey) <= text::kForeignPerFormula)
            o.after = 0;
        if (shortTitle && (o.before > 0 || o.after > kMarkCharacters)) continue;
        out.push_back(std::move(o));
        if (out.size() == kTitleOccurrences) break;
    }
    return out;
}

namespace {

constexpr double kMarkToTitle = 0.85;
// A word is beside the title's line when it overlaps the line's height by half the lower of the two
// and is nearer to it across than twice the title's size (a column gap is wider than a word space).
constexpr double kSameLineOverlap = 0.5;
constexpr double kBesideGap = 2.0;
// The lines of one block of type (a title wrapped over several lines, a paragraph) are the same
// size and closer than this share of it from one box to the next; a title stands apart from what
// is above it by a gap or a change of size. Below it, a line of the same size may follow at the
// same leading (a subtitle, a URL, the authors in amsart): only text above it, or beside it, makes
// it part of something longer.
constexpr double kSameStyle = 0.1;
constexpr double kBlockGap = 0.6;
// A title is the largest type of page 1, or near it: a running head or a footnote is far smaller.
constexpr double kTitleToLargest = 0.8;

struct Line {
    double left, top, right, bottom;
    std::vector<double> sizes;
    double size() const { return medianSize(sizes); }
};

// A word's box in the frame of text of `rotation` (view::Word::rotation): x along its reading
// direction, y from one line to the next, so that a page turned by /Rotate, or text set up its
// margin, is read as its reader reads it.
Line framed(const view::Word& w, int rotation) {
    switch (rotation) {
    case 1: return Line{w.top, -w.right, w.bottom, -w.left, {w.size}};
    case 2: return Line{-w.right, -w.bottom, -w.left, -w.top, {w.size}};
    case 3: return Line{-w.bottom, w.left, -w.top, w.right, {w.size}};
    default: return Line{w.left, w.top, w.right, w.bottom, {w.size}};
    }
}

double height(double top, double bottom) { return std::max(bottom - top, 0.0); }

double verticalOverlap(double top0, double bottom0, double top1, double bottom1) {
    return std::min(bottom0, bottom1) - std::max(top0, top1);
}

bool onLine(const Line& w, const Line& l) {
    const double need = kSameLineOverlap * std::min(height(w.top, w.bottom), height(l.top, l.bottom));
    return verticalOverlap(w.top, w.bottom, l.top, l.bottom) > std::max(need, 0.0);
}

// Whether another word of two key characters or more stands beside the word on its line: a phrase,
// not a lone word (a watermark's APPROVED, a masthead, a drop capital).
bool inPhrase(const view::Word& w, const std::vector<const view::Word*>& painted) {
    const Line box = framed(w, w.rotation);
    for (const view::Word* o : painted) {
        if (o == &w || o->rotation != w.rotation || text::matchKey(o->text).size() < 2) continue;
        const Line other = framed(*o, w.rotation);
        if (onLine(other, box) && std::max(other.left - box.right, box.left - other.right) < kBesideGap * w.size) return true;
    }
    return false;
}

std::string quoted(const view::Word& w) { return "\"" + w.text + "\""; }

// A word whose letters all come from the title's math (a sub- or superscript a viewer reads apart).
bool ofMath(const view::Word& w, const std::string& mathKey) {
    const std::string key = text::matchKey(w.text);
    return !key.empty() && !mathKey.empty() && text::foreignCharacters(key, mathKey) == 0;
}

const char* directionName(int rotation) {
    switch (rotation) {
    case 1: return "top to bottom";
    case 2: return "right to left, upside down";
    case 3: return "bottom to top";
    default: return "left to right";
    }
}

// The direction most of the page's text reads in (by the bytes of its words' keys, the occurrence
// and the ignored words left out); nullopt when the page has no other text.
std::optional<int> readingDirection(const std::vector<const view::Word*>& painted, const std::set<const view::Word*>& own,
                                    const std::set<const view::Word*>& ignored) {
    size_t bytes[4] = {0, 0, 0, 0};
    for (const view::Word* w : painted)
        if (!own.count(w) && !ignored.count(w) && w->rotation >= 0 && w->rotation < 4)
            bytes[w->rotation] += text::matchKey(w->text).size();
    const int most = static_cast<int>(std::max_element(bytes, bytes + 4) - bytes);
    if (bytes[most] == 0) return std::nullopt;
    return most;
}

}  // namespace

Placement titlePlacement(const TitleOccurrence& occurrence, const std::vector<const view::Word*>& painted,
                         const std::set<const view::Word*>& ignored) {
    Placement p;
    const int rotation = occurrence.words.front()->rotation;
    const std::set<const view::Word*> own(occurrence.words.begin(), occurrence.words.end());
    // The occurrence's lines, as a reader sees them, each with its own size (a title may be set on
    // one line and its subtitle smaller on the next).
    std::vector<Line> lines;
    for (const view::Word* w : occurrence.words) {
        const Line box = framed(*w, rotation);
        auto it = std::find_if(lines.begin(), lines.end(), [&](const Line& l) { return onLine(box, l); });
        if (it == lines.end()) {
            lines.push_back(box);
        } else {
            it->left = std::min(it->left, box.left), it->right = std::max(it->right, box.right);
            it->top = std::min(it->top, box.top), it->bottom = std::max(it->bottom, box.bottom);
            it->sizes.push_back(w->size);
        }
    }
    const Line* first = &lines.front();
    for (const Line& l : lines) {
        p.size = std::max(p.size, l.size());
        if (l.top < first->top) first = &l;
    }
    // The largest type that a reader can take for a title: phrases set in the title's direction.
    std::vector<const view::Word*> larger;
    for (const view::Word* w : painted)
        if (w->rotation == rotation && !own.count(w) && !ignored.count(w) && text::matchKey(w->text).size() >= 2 &&
            w->size > p.size)
            larger.push_back(w);
    std::sort(larger.begin(), larger.end(), [](const view::Word* a, const view::Word* b) { return a->size > b->size; });
    p.largest = p.size;
    for (const view::Word* w : larger)
        if (inPhrase(*w, painted)) {
            p.largest = w->size;
            break;
        }

    if (occurrence.before > 0) {
        p.notAsTitle = "it begins inside the word " + quoted(*occurrence.words.front());
        return p;
    }
    if (occurrence.after > kMarkCharacters) {
        p.notAsTitle = "it ends inside the word " + quoted(*occurrence.words.back());
        return p;
    }
    // Set across the page's text (up a margin, as arXiv sets its identifier): a reader takes text
    // of the page's own direction for the title.
    if (std::optional<int> reading = readingDirection(painted, own, ignored); reading && *reading != rotation) {
        p.notAsTitle = std::string("it runs ") + directionName(rotation) + ", where most of page 1's text runs " +
                       directionName(*reading) + ": a reader takes text of the page's direction for the title";
        return p;
    }
    // The text beside its lines: named by the nearest word before the title on its line, else the
    // nearest after it (what is nearest is what a reader reads with it).
    const view::Word* beside = nullptr;
    bool besideBefore = false;
    double besideGap = 0;
    for (const view::Word* w : painted) {
        if (own.count(w) || ignored.count(w) || w->rotation != rotation || ofMath(*w, occurrence.mathKey)) continue;
        const size_t keyLength = text::matchKey(w->text).size();
        const Line box = framed(*w, rotation);
        for (const Line& l : lines) {
            const double s = l.size();
            const bool mark = keyLength <= 1 || (keyLength <= kMarkCharacters && w->size <= kMarkToTitle * s);
            const bool before = box.right <= l.left + 0.5 * s;
            const double gap = std::max(box.left - l.right, l.left - box.right);
            if (mark || !onLine(box, l) || gap >= kBesideGap * s) continue;
            if (!beside || (before && !besideBefore) || (before == besideBefore && gap < besideGap))
                beside = w, besideBefore = before, besideGap = gap;
        }
    }
    if (beside) {
        p.notAsTitle = "it shares a line with other text (" + quoted(*beside) + "), as a quotation does";
        return p;
    }
    // Text just above it in the same size, overlapping it across: the occurrence is the end of a
    // longer paragraph or title. Named by the leftmost word of the nearest such line.
    const double s = first->size();
    const view::Word* above = nullptr;
    Line aboveBox{};
    for (const view::Word* w : painted) {
        if (own.count(w) || ignored.count(w) || w->rotation != rotation || text::matchKey(w->text).empty()) continue;
        const Line box = framed(*w, rotation);
        if (std::abs(w->size - s) > kSameStyle * s || box.right <= first->left || box.left >= first->right) continue;
        if ((box.top + box.bottom) / 2 >= first->top || first->top - box.bottom >= kBlockGap * s) continue;
        if (!above || box.bottom > aboveBox.bottom + 0.5 * s ||
            (std::abs(box.bottom - aboveBox.bottom) <= 0.5 * s && box.left < aboveBox.left))
            above = w, aboveBox = box;
    }
    if (above) {
        p.notAsTitle = "it continues the text of the same size just above it (" + quoted(*above) +
                       "): it is the end of a longer paragraph or title, not a title of its own";
        return p;
    }
    if (p.size < kTitleToLargest * p.largest) {
        p.notAsTitle = "its largest line is set in " + points(p.size) + " where page 1's largest text is " + points(p.largest) +
                       ": a reader takes the larger text for the title";
        return p;
    }
    return p;
}

}  // namespace pith::verify

#include "pdf/content/paint_over_text.hpp"

#include "pdf/content/glyph_reading.hpp"

#include <algorithm>
#include <bitset>
#include <cctype>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "pdf/content/operator_syntax.hpp"
#include "pdf/reader/object_parser.hpp"
#include "text/match_key.hpp"

namespace pith::pdf {

namespace {

constexpr double kFar = 1e30;    // "everywhere", as a coordinate
constexpr double kTouch = 0.01;  // points: boxes that meet count as touching
constexpr int kMaxFormDepth = 12;
constexpr std::uint64_t kMaxContentBytes = 64ull << 20;  // the page's content with every form drawn
constexpr std::uint64_t kMaxForms = 100'000;             // forms drawn, nested or not
constexpr size_t kMaxRegionsPerBox = 256;                // past this, the box counts as covered
constexpr std::uint64_t kMaxBoxTests = 200'000'000;      // word boxes compared with what is painted (spend())
// A glyph's advance bound, in em, for a simple font without /Widths that is not embedded (viewers
// substitute a base-14 font, whose advances stay below 1.1 em) and the least bound taken for any.
constexpr double kSubstituteAdvance = 1.2;

struct Matrix {
    double a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;
};

// m applied first, then n.
Matrix times(const Matrix& m, const Matrix& n) {
    return {m.a * n.a + m.b * n.c, m.a * n.b + m.b * n.d,       m.c * n.a + m.d * n.c,
            m.c * n.b + m.d * n.d, m.e * n.a + m.f * n.c + n.e, m.e * n.b + m.f * n.d + n.f};
}

// An upper bound of how much m stretches a length (its Frobenius norm).
double stretch(const Matrix& m) { return std::sqrt(m.a * m.a + m.b * m.b + m.c * m.c + m.d * m.d); }

struct Bounds {
    double x0 = kFar, y0 = kFar, x1 = -kFar, y1 = -kFar;
    void add(double x, double y) {
        x0 = std::min(x0, x);
        y0 = std::min(y0, y);
        x1 = std::max(x1, x);
        y1 = std::max(y1, y);
    }
    void add(const Matrix& m, double x, double y) { add(m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f); }
    bool empty() const { return x0 > x1 || y0 > y1; }
    Rect rect() const { return Rect{x0, y0, x1, y1}; }
};

Rect mapped(const Matrix& m, double x0, double y0, double x1, double y1) {
    Bounds b;
    b.add(m, x0, y0);
    b.add(m, x1, y0);
    b.add(m, x0, y1);
    b.add(m, x1, y1);
    return b.rect();
}

Rect widened(Rect r, double by) { return Rect{r.x0 - by, r.y0 - by, r.x1 + by, r.y1 + by}; }
Rect meet(const Rect& a, const Rect& b) {
    return Rect{std::max(a.x0, b.x0), std::max(a.y0, b.y0), std::min(a.x1, b.x1), std::min(a.y1, b.y1)};
}
bool isEmpty(const Rect& r) { return r.x0 > r.x1 || r.y0 > r.y1; }
bool touches(const Rect& a, const Rect& b) {
    return a.x0 <= b.x1 + kTouch && b.x0 <= a.x1 + kTouch && a.y0 <= b.y1 + kTouch && b.y0 <= a.y1 + kTouch;
}
// Painted area: a region overlapping the box with some area (meeting at an edge paints nothing).
bool overlapsArea(const Rect& a, const Rect& b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; }

// A name token as viewers read it: #xx is the byte xx (ISO 32000-1 7.3.5), so /X#30 names X0.
std::string decodedName(std::string_view raw) {
    auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
    std::string out;
    for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '#' && i + 2 < raw.size() && hex(raw[i + 1]) && hex(raw[i + 2])) {
            out += static_cast<char>(std::stoi(std::string(raw.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += raw[i];
        }
    }
    return out;
}

// Whether the last line of a content stream holds a comment (a % outside strings).
bool endsInComment(std::string_view data) {
    const size_t eol = data.find_last_of("\r\n");
    const std::string_view line = eol == std::string_view::npos ? data : data.substr(eol + 1);
    for (size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '%') return true;
        if (line[i] == '(') {
            int depth = 0;
            for (; i < line.size(); ++i) {
                if (line[i] == '\\') {
                    ++i;
                } else if (line[i] == '(') {
                    ++depth;
                } else if (line[i] == ')' && --depth == 0) {
                    break;
                }
            }
        } else if (line[i] == '<' && i + 1 < line.size() && line[i + 1] != '<') {
            while (i < line.size() && line[i] != '>') ++i;
        }
    }
    return false;
}

// The word boxes by the cells of a grid over them: a fill or a text run is compared only with the
// boxes of the cells it meets (a page of many small fills and many words stays linear), each once,
// in the boxes' order.
class BoxGrid {
public:
    explicit BoxGrid(const std::vector<Rect>& boxes) : visit_(boxes.size(), 0) {
        if (boxes.empty()) return;
        area_ = boxes[0];
        for (const Rect& b : boxes)
            area_ = Rect{std::min(area_.x0, b.x0), std::min(area_.y0, b.y0), std::max(area_.x1, b.x1), std::max(area_.y1, b.y1)};
        area_ = Rect{area_.x0 - kTouch, area_.y0 - kTouch, area_.x1 + kTouch, area_.y1 + kTouch};
        side_ = std::clamp(static_cast<int>(std::sqrt(static_cast<double>(boxes.size()) / 4)), 1, 64);
        cells_.resize(static_cast<size_t>(side_) * static_cast<size_t>(side_));
        for (size_t i = 0; i < boxes.size(); ++i) {
            const Rect b{boxes[i].x0 - kTouch, boxes[i].y0 - kTouch, boxes[i].x1 + kTouch, boxes[i].y1 + kTouch};
            forCells(b, [&](std::vector<std::uint32_t>& cell) { cell.push_back(static_cast<std::uint32_t>(i)); });
        }
    }
    // visit(i) for every box that may touch `r` (a superset); returns how many were visited.
    template <class Visit>
    size_t near(const Rect& r, Visit visit) {
        if (cells_.empty() || r.x1 < area_.x0 || r.x0 > area_.x1 || r.y1 < area_.y0 || r.y0 > area_.y1) return 0;
        ++round_;
        std::vector<std::uint32_t> found;
        forCells(r, [&](std::vector<std::uint32_t>& cell) {
            for (std::uint32_t i : cell)
                if (visit_[i] != round_) {
                    visit_[i] = round_;
                    found.push_back(i);
                }
        });
        std::sort(found.begin(), found.end());
        for (std::uint32_t i : found) visit(static_cast<size_t>(i));
        return found.size();
    }

private:
    template <class F>
    void forCells(const Rect& r, F f) {
        const double w = (area_.x1 - area_.x0) / side_, h = (area_.y1 - area_.y0) / side_;
        // An edge that is not a number reaches the grid's end on its side.
        auto cell = [&](double v, double origin, double size, bool low) {
            const double k = size > 0 ? std::floor((v - origin) / size) : 0;
            if (std::isnan(k)) return low ? 0 : side_ - 1;
            return static_cast<int>(std::clamp(k, 0.0, static_cast<double>(side_ - 1)));
        };
        const int cx0 = cell(r.x0, area_.x0, w, true), cx1 = cell(r.x1, area_.x0, w, false);
        const int cy0 = cell(r.y0, area_.y0, h, true), cy1 = cell(r.y1, area_.y0, h, false);
        for (int y = cy0; y <= cy1; ++y)
            for (int x = cx0; x <= cx1; ++x)
                f(cells_[static_cast<size_t>(y) * static_cast<size_t>(side_) + static_cast<size_t>(x)]);
    }
    Rect area_;
    int side_ = 1;
    std::vector<std::vector<std::uint32_t>> cells_;
    std::vector<std::uint64_t> visit_;
    std::uint64_t round_ = 0;
};

// How far a font's glyphs may reach along the baseline, per glyph, in em.
struct FontReach {
    double advance = 0;
    bool unbounded = true;  // no bound (no font, widths unknown): the operator may draw anywhere along its baseline
    bool vertical = true;   // glyphs may advance down as well as across (unknown: may)
    // A Type3 font's glyphs are content streams that may paint anything: the union of what its
    // glyph procedures paint, in text space for a font size of 1 (nullopt: they paint nothing).
    bool type3 = false;
    std::optional<Rect> paints;
    // For a simple font whose /ToUnicode reads glyphs its encoding names as other letters
    // (glyph_reading.hpp), those codes: "the font Helvetica (object 12): code <01> draws ...".
    std::shared_ptr<const std::map<std::uint8_t, std::string>> misread;
};

// One operand as the operators here need it: numbers, and for strings and TJ arrays how many bytes
// they show, how many of them are spaces (word spacing), and the sum of the kerning amounts.
struct Operand {
    enum class Kind { Number, String, Name, Array, Other } kind = Kind::Other;
    double number = 0;
    std::string name;
    size_t bytes = 0, spaces = 0;
    double kerning = 0;
    std::bitset<256> codes;   // the bytes strings show
    bool actualText = false;  // a dictionary that may hold /ActualText (the key, or a name escape that could spell it)
};

class Interpreter {
public:
    Interpreter(const PdfReader& reader, const std::vector<Rect>& boxes)
        : reader_(reader),
          boxes_(boxes),
          grid_(boxes),
          seen_(boxes.size(), false),
          plainText_(boxes.size(), false),
          revealed_(boxes.size(), false),
          misread_(boxes.size()),
          out_(boxes.size()),
          out3_(boxes.size()) {}

    void runPage(size_t pageIndex) {
        PageInfo page = reader_.page(pageIndex);
        pageTreeAmbiguity_ = reader_.pageTreeAmbiguity(pageIndex);
        boxDoubt_ = page.boxDoubt;
        touched_.insert(page.ref.num);
        if (const Object* r = page.dict.find("Resources"); r && r->isRef()) touched_.insert(r->asRef().num);
        // The way to the page counts too: a catalog or page-tree node read differently (a key given
        // twice) leads viewers to other pages.
        if (std::optional<Ref> root = reader_.rootRef()) touched_.insert(root->num);
        Object parent = page.dict.find("Parent") ? *page.dict.find("Parent") : Object();
        for (int up = 0; parent.isRef() && up < 64 && touched_.insert(parent.asRef().num).second; ++up) {
            const Object node = reader_.resolve(parent);
            parent = node.isDict() && node.asDict().find("Parent") ? *node.asDict().find("Parent") : Object();
        }
        std::string content;
        if (const Object* contents = page.dict.find("Contents")) {
            Object resolved = get(*contents);
            Array parts = resolved.isArray() ? resolved.asArray() : Array{*contents};
            for (const Object& part : parts) {
                Object stream = get(part);
                if (!stream.isStream()) continue;
                const std::string data = reader_.decodeStream(stream);
                // A stream whose last line holds a comment: poppler, MuPDF and pdf.js go on with the
                // comment into the next stream, Ghostscript ends it there (this reading too).
                if (&part != &parts.back() && !readerDoubt_ && endsInComment(data))
                    readerDoubt_ =
                        "a content stream of the page ends in a comment: viewers differ on whether it goes on into "
                        "the next stream";
                content += data;
                content += '\n';         // content streams are joined at token boundaries
                count(data.size() + 1);  // each stream's bytes once (as the page counts them)
            }
        }
        State s;
        s.clip = Rect{-kFar, -kFar, kFar, kFar};
        pageResources_ = page.resources;
        run(content, page.resources, s, 0);
        touchAnnotations(page.dict);
    }

    // An annotation's appearance, drawn after the page's content (every box's text is drawn by
    // then): its form's /BBox, transformed by its /Matrix, mapped onto /Rect (ISO 32000-2 12.5.5).
    void runAppearance(const Object& appearance, const Rect& rect) {
        std::fill(seen_.begin(), seen_.end(), true);
        std::fill(plainText_.begin(), plainText_.end(), true);  // the page's words, drawn before
        Object form = get(appearance);
        if (!form.isStream()) return;
        Matrix m;
        Object matrix = get(form.get("Matrix") ? *form.get("Matrix") : Object());
        if (matrix.isArray() && matrix.asArray().size() == 6) {
            double v[6];
            for (size_t i = 0; i < 6; ++i) {
                Object n = get(matrix.asArray()[i]);
                v[i] = n.isNumber() ? n.asNumber() : (i == 0 || i == 3 ? 1 : 0);
            }
            m = Matrix{v[0], v[1], v[2], v[3], v[4], v[5]};
        }
        Object bbox = get(form.get("BBox") ? *form.get("BBox") : Object());
        double b[4] = {0, 0, 0, 0};
        bool numbers = bbox.isArray() && bbox.asArray().size() == 4;
        for (size_t i = 0; numbers && i < 4; ++i) {
            Object n = get(bbox.asArray()[i]);
            numbers = n.isNumber();
            b[i] = numbers ? n.asNumber() : 0;
        }
        State st;
        st.clip = rect;
        if (numbers) {
            const Rect t = mapped(m, std::min(b[0], b[2]), std::min(b[1], b[3]), std::max(b[0], b[2]), std::max(b[1], b[3]));
            const double w = t.x1 - t.x0, h = t.y1 - t.y0;
            if (w > 0 && h > 0) {
                const double sx = (rect.x1 - rect.x0) / w, sy = (rect.y1 - rect.y0) / h;
                st.ctm = Matrix{sx, 0, 0, sy, rect.x0 - t.x0 * sx, rect.y0 - t.y0 * sy};
            }
        }
        drawForm(form, Dictionary(), st, 0);
    }

    bool showsText() const { return showsText_; }
    // The first thing in the content read that viewers read differently (an operator's operands, a
    // number, marked content across forms, inline image data, a comment at a stream's end).
    const std::optional<std::string>& contentDoubt() const {
        if (syntax_.doubt()) return syntax_.doubt();
        return readerDoubt_ ? readerDoubt_ : formMarkedContent_;
    }

    PaintOverText take() {
        PaintOverText result{std::move(out_), std::move(out3_), std::move(revealed_), std::move(misread_), {}};
        for (PdfWarning& w : reader_.warnings())
            if (w.viewersDiffer && (!w.object || touched_.count(*w.object))) result.ambiguities.push_back(std::move(w));
        for (std::string& entry : reader_.ambiguousEntries(1))
            result.ambiguities.push_back({std::move(entry), std::nullopt, std::nullopt, true});
        // Which page this is: viewers that classify the page tree's kids differently number pages differently.
        if (pageTreeAmbiguity_) result.ambiguities.push_back({*pageTreeAmbiguity_, std::nullopt, std::nullopt, true});
        // Where the page is cut and how it is turned: a box viewers read differently shows other content.
        if (boxDoubt_) result.ambiguities.push_back({*boxDoubt_, std::nullopt, std::nullopt, true});
        if (formMarkedContent_) result.ambiguities.push_back({*formMarkedContent_, std::nullopt, std::nullopt, true});
        if (syntax_.doubt()) result.ambiguities.push_back({*syntax_.doubt(), std::nullopt, std::nullopt, true});
        if (readerDoubt_) result.ambiguities.push_back({*readerDoubt_, std::nullopt, std::nullopt, true});
        // Optional content whose state the default configuration leaves to auto-states (/AS, by
        // /Usage): MuPDF applies them, poppler and pdf.js do not, so they show different groups.
        if (optionalContent_) {
            const Dictionary catalog = reader_.catalog();
            Object props = get(catalog.find("OCProperties") ? *catalog.find("OCProperties") : Object());
            Object d = get(props.get("D") ? *props.get("D") : Object());
            Object as = get(d.get("AS") ? *d.get("AS") : Object());
            if (as.isArray() && !as.asArray().empty())
                result.ambiguities.push_back(
                    {"the page draws optional content, and the document's default configuration sets "
                     "groups by usage (/AS), which MuPDF applies and poppler and pdf.js do not",
                     std::nullopt, std::nullopt, true});
            for (const Object& group : groups_)
                if (std::optional<std::string> why = groupDrawnDifferently(group, props))
                    result.ambiguities.push_back({std::move(*why), std::nullopt, std::nullopt, true});
        }
        return result;
    }

private:
    std::optional<std::string> pageTreeAmbiguity_;
    std::optional<std::string> boxDoubt_;  // PageInfo::boxDoubt
    // A form whose content leaves a marked-content section open, or closes one it did not open:
    // poppler ends such sections at the form's end and keeps a form's EMC from closing the
    // caller's, MuPDF and Ghostscript keep one stack across forms, so optional content (/OC
    // sections) opened in one form and closed in another shows in one viewer and not in another.
    std::optional<std::string> formMarkedContent_;
    OperatorSyntax syntax_;  // operators viewers read differently (operator_syntax.hpp)
    // The first of the page's other constructs viewers read differently: an annotation's /OC, an
    // image's /Alternates, an inline image whose data holds EI, a stream ending in a comment.
    std::optional<std::string> readerDoubt_;
    struct MarkedContentScope {
        std::optional<std::string>& finding;
        int depth;
        int open = 0;
        bool closedOuter = false;
        ~MarkedContentScope() {
            if (depth > 0 && !finding && (open != 0 || closedOuter))
                finding = std::string("the page draws a form whose content ") +
                          (closedOuter ? "closes a marked-content section it did not open"
                                       : "leaves " + std::to_string(open) + " marked-content section(s) open") +
                          ": viewers scope marked content (and optional content) across forms differently";
        }
    };
    // An optional content group (or membership dictionary) that the page draws, as its /OC or
    // /Properties entry names it: kept to ask whether viewers agree on its state.
    void usesGroup(const Object& entry) {
        optionalContent_ = true;
        if (groups_.size() < kMaxGroups) groups_.push_back(entry);
    }

    // Why viewers may show or hide what a group marks differently, if they may: one that is no
    // indirect object, or that /OCProperties /OCGs does not list, has no state of its own (poppler
    // shows it, MuPDF and pdf.js decide otherwise); one whose /Intent leaves out View is ignored
    // by MuPDF and still applied by poppler (Design: poppler shows it when ON, MuPDF hides it).
    std::optional<std::string> groupDrawnDifferently(const Object& entry, const Object& props) {
        Object d = get(entry);
        if (d.isDict() && d.get("Type") && d.get("Type")->isName("OCMD")) {
            // Only the default policy over listed groups is read alike: poppler and MuPDF evaluate
            // a visibility expression (/VE), the policies /AnyOff, /AllOff and /AllOn, and null or
            // missing members differently, so the same groups show different content.
            const std::string name = "an optional content membership dictionary" +
                                     (entry.isRef() ? " (object " + std::to_string(entry.asRef().num) + ")" : "");
            if (d.get("VE"))
                return "the page draws optional content under " + name +
                       " with a visibility expression (/VE), which viewers evaluate differently";
            if (const Object* p = d.get("P"); p && !get(*p).isName("AnyOn"))
                return "the page draws optional content under " + name +
                       " whose policy /P is not /AnyOn: viewers evaluate it differently";
            Object members = get(d.get("OCGs") ? *d.get("OCGs") : Object());
            Array list = members.isArray() ? members.asArray() : Array{d.get("OCGs") ? *d.get("OCGs") : Object()};
            for (const Object& g : list) {
                if (get(g).isNull())
                    return "the page draws optional content under " + name +
                           " with a missing or null member: viewers evaluate it differently";
                if (std::optional<std::string> why = groupDrawnDifferently(g, props)) return why;
            }
            return std::nullopt;
        }
        if (!entry.isRef())
            return std::string(
                "the page draws optional content whose group is no indirect object, so it has no state viewers agree on");
        const std::string name = "optional content group " + std::to_string(entry.asRef().num);
        Object ocgs = get(props.get("OCGs") ? *props.get("OCGs") : Object());
        bool listed = false;
        if (ocgs.isArray())
            for (const Object& o : ocgs.asArray()) listed = listed || (o.isRef() && o.asRef() == entry.asRef());
        if (!listed)
            return "the page draws " + name +
                   ", which /OCProperties /OCGs does not list: viewers disagree on whether it is shown";
        if (const Object* intentEntry = d.get("Intent")) {
            Object intent = get(*intentEntry);
            Array intents = intent.isArray() ? intent.asArray() : Array{intent};
            bool view = false;
            for (const Object& i : intents) {
                Object n = get(i);
                view = view || n.isName("View") || n.isName("All");
            }
            if (!view)
                return "the page draws " + name +
                       ", whose /Intent leaves out View: MuPDF ignores the group, poppler applies its state";
        }
        return std::nullopt;
    }

    struct State {
        Matrix ctm;
        Rect clip;
        double lineWidth = 1, miterLimit = 10;
        int lineJoin = 0;
        FontReach font;
        double fontSize = 0, charSpacing = 0, wordSpacing = 0, scale = 1, leading = 0, rise = 0;
        int render = 0;  // Tr
        // The boxes whose text, shown in a clipping mode (Tr 4 to 7), makes the clip (sorted): what is
        // painted inside that clip paints those words' own glyphs (a fill after black text drawn
        // with 7 Tr shows the text), so it does not cover them.
        std::shared_ptr<const std::vector<size_t>> textClip;
    };

    void count(std::uint64_t bytes) {
        total_ += bytes;
        if (total_ > kMaxContentBytes) throw PdfError("the page's content, its forms drawn where they are used, exceeds 64 MiB");
    }

    // Each fill and each text run is compared with the word boxes near it (BoxGrid): a page of
    // many fills over many words (full-page fills each meet every word) would take minutes. Past
    // the budget, what covers the words is not told.
    void spend(size_t tests) {
        work_ += tests + 1;
        if (work_ > kMaxBoxTests)
            throw PdfError("the page paints too much over too many words to tell what covers them", PdfErrorKind::Limit);
    }

    // A region painted: kept for each box that text may already have drawn into.

    // How a region is painted: by paint (filled, stroked, an image, a shading, a form), by a Type3
    // glyph procedure (PaintOverText::type3Regions), or as the reach of text in an /ActualText span.
    enum class Paint { Ink, Type3, ActualText };
    void paint(const Rect& region, const State& s, Paint how = Paint::Ink) {
        std::vector<std::vector<Rect>>& out = how == Paint::Type3 ? out3_ : out_;
        const Rect r = meet(region, s.clip);
        if (isEmpty(r)) return;
        if (extent_) extent_->add(r.x0, r.y0), extent_->add(r.x1, r.y1);
        const std::vector<size_t>* ownGlyphs = how == Paint::Ink && s.textClip ? s.textClip.get() : nullptr;
        spend(grid_.near(r, [&](size_t i) {
            if (!seen_[i] || !overlapsArea(r, boxes_[i])) return;
            // Only a word that is the clip's text alone: paint in a clip of squares over a word drawn
            // as ordinary text covers it.
            if (ownGlyphs && !plainText_[i] && std::binary_search(ownGlyphs->begin(), ownGlyphs->end(), i)) {
                revealed_[i] = true;
                return;
            }
            if (out[i].size() < kMaxRegionsPerBox)
                out[i].push_back(meet(r, boxes_[i]));
            else if (out[i].size() == kMaxRegionsPerBox)
                out[i].push_back(boxes_[i]);  // too many to tell apart: covered
        }));
    }

    // Text shown: the boxes its glyphs may reach have had their text drawn.
    void show(State& s, size_t bytes, size_t spaces, double kerning, const std::bitset<256>& codes) {
        // The first code shown that the font's ToUnicode reads as other letters than its glyph.
        const std::string* misread = nullptr;
        if (s.font.misread)
            for (const auto& [code, why] : *s.font.misread)
                if (codes.test(code)) {
                    misread = &why;
                    break;
                }
        showsText_ = true;
        const double size = std::abs(s.fontSize), scale = std::abs(s.scale);
        const double n = static_cast<double>(bytes);
        const double reach = s.font.unbounded
                                 ? kFar
                                 : (n * (s.font.advance * size + std::abs(s.charSpacing)) +
                                    static_cast<double>(spaces) * std::abs(s.wordSpacing) + std::abs(kerning) / 1000.0 * size) *
                                       scale;
        const double band = 0.5 * size;
        double x0 = xlo_ - reach, x1 = xhi_ + reach, y0 = ylo_ + s.rise - band, y1 = yhi_ + s.rise + band;
        if (s.font.vertical) {
            x0 -= band;
            x1 += band;
            y0 -= reach;
            y1 += reach;
        }
        const Rect r = mapped(times(lineMatrix_, s.ctm), x0, y0, x1, y1);
        // Text inside a glyph procedure paints too (a block glyph of another font is a cover).
        if (extent_ && !isEmpty(meet(r, s.clip))) {
            const Rect c = meet(r, s.clip);
            extent_->add(c.x0, c.y0);
            extent_->add(c.x1, c.y1);
        }
        // A Type3 glyph paints what its procedure paints, over the text drawn before it.
        if (s.font.type3 && s.font.paints) {
            // A negative size or scale turns the glyphs round their origin: the region reaches as far
            // on either side.
            const Rect& g = *s.font.paints;
            const double gx = std::max(std::abs(g.x0), std::abs(g.x1)) * size * scale;
            const double gy = std::max(std::abs(g.y0), std::abs(g.y1)) * size;
            paint(mapped(times(lineMatrix_, s.ctm), xlo_ - reach - gx, s.rise - gy, xhi_ + reach + gx, s.rise + gy), s,
                  Paint::Type3);
        }
        const bool clips = s.render >= 4 && s.render <= 7;
        spend(grid_.near(r, [&](size_t i) {
            if (!touches(r, boxes_[i])) return;
            seen_[i] = true;
            if (misread && !misread_[i]) misread_[i] = *misread;
            if (clips)
                textClipPending_.push_back(i);
            else
                plainText_[i] = true;
        }));
        if (textClipPending_.size() > 2 * boxes_.size() + 1024) {  // each box once is enough
            std::sort(textClipPending_.begin(), textClipPending_.end());
            textClipPending_.erase(std::unique(textClipPending_.begin(), textClipPending_.end()), textClipPending_.end());
        }
        // Inside an /ActualText span the words a viewer's text layer reads are the span's, not what
        // the glyphs draw: the words there are not shown as read, as if covered.
        if (actualTextOpen_ > 0) paint(r, s, Paint::ActualText);
        xlo_ = std::max(-kFar, xlo_ - reach);
        xhi_ = std::min(kFar, xhi_ + reach);
        if (s.font.vertical) {
            ylo_ = std::max(-kFar, ylo_ - reach);
            yhi_ = std::min(kFar, yhi_ + reach);
        }
    }

    void newLine(double tx, double ty) {
        lineMatrix_ = times(Matrix{1, 0, 0, 1, tx, ty}, lineMatrix_);
        xlo_ = xhi_ = ylo_ = yhi_ = 0;
    }

    // Whether a font descriptor carries a font program a viewer can draw from: an entry that names
    // no stream leaves the viewer to draw from a font of its own, by glyph name.
    bool embedsProgram(const Object& descriptor) {
        for (const char* key : {"FontFile", "FontFile2", "FontFile3"})
            if (const Object* file = descriptor.get(key); file && get(*file).isStream()) return true;
        return false;
    }

    // glyph_reading.hpp, for a simple font with /ToUnicode whose glyphs are drawn by name (of an
    // embedded TrueType program, only the names /Differences gives). A font of no or an unknown
    // /Subtype is simple too: poppler reads it as Type1.
    std::shared_ptr<const std::map<std::uint8_t, std::string>> misreadCodes(const Object& font, const Object& fontRef) {
        Object subtypeObj = get(font.get("Subtype") ? *font.get("Subtype") : Object());
        const std::string subtype = subtypeObj.isName() ? subtypeObj.asName() : "";
        if (subtype == "Type0" || subtype == "Type3") return nullptr;
        Object toUnicode = get(font.get("ToUnicode") ? *font.get("ToUnicode") : Object());
        Object descriptor = get(font.get("FontDescriptor") ? *font.get("FontDescriptor") : Object());
        const bool embedded = embedsProgram(descriptor);
        Object baseFont = get(font.get("BaseFont") ? *font.get("BaseFont") : Object());
        const std::string fontName = baseFont.isName() ? baseFont.asName() : "";
        std::string name = "the font " + (fontName.empty() ? std::string("without a name") : printable(fontName, true, 64));
        if (fontRef.isRef()) name += " (object " + std::to_string(fontRef.asRef().num) + ")";
        if (!toUnicode.isStream()) {  // its text is read from its glyph names
            Object flags = get(descriptor.isDict() && descriptor.get("Flags") ? *descriptor.get("Flags") : Object());
            const bool symbolic = flags.isInt() && (flags.asInt() & 4) != 0;
            if (embedded || !drawnWithAPickedSymbolFont(fontName, symbolic)) return nullptr;
            std::map<std::uint8_t, std::string> misread;
            for (unsigned code = 0; code < 256; ++code)
                misread[static_cast<std::uint8_t>(code)] =
                    name + ": its codes are read by their glyph names, but the viewer may draw it with a symbol font of its own";
            return std::make_shared<const std::map<std::uint8_t, std::string>>(std::move(misread));
        }
        SimpleFont facts;
        facts.subtype = subtype;
        facts.baseFont = fontName;
        Object encoding = get(font.get("Encoding") ? *font.get("Encoding") : Object());
        if (encoding.isName()) {
            facts.encoding = encoding.asName();
        } else if (encoding.isDict()) {
            Object b = get(encoding.get("BaseEncoding") ? *encoding.get("BaseEncoding") : Object());
            if (b.isName()) facts.baseEncoding = b.asName();
            Object d = get(encoding.get("Differences") ? *encoding.get("Differences") : Object());
            if (d.isArray()) {
                std::int64_t code = 0;  // names before the first code start at 0, as viewers read them
                for (const Object& item : d.asArray()) {
                    Object v = get(item);
                    if (v.isInt()) {
                        code = v.asInt();
                    } else if (v.isName()) {
                        if (code >= 0 && code < 256) facts.differences[static_cast<std::uint8_t>(code)] = v.asName();
                        ++code;
                    }
                }
            }
        }
        if (embedded) {
            Object type1 = get(descriptor.get("FontFile") ? *descriptor.get("FontFile") : Object());
            Object file3 = get(descriptor.get("FontFile3") ? *descriptor.get("FontFile3") : Object());
            Object file2 = get(descriptor.get("FontFile2") ? *descriptor.get("FontFile2") : Object());
            Object file3Subtype = file3.isStream() && file3.get("Subtype") ? get(*file3.get("Subtype")) : Object();
            const bool cff = file3Subtype.isName() && file3Subtype.asName() == "Type1C";
            // An embedded TrueType program may select glyphs by code, whatever a base encoding says;
            // a name /Differences gives selects the glyph of that name's letter (poppler and pdf.js
            // look it up by its Unicode value).
            facts.program = subtype == "TrueType" || (!type1.isStream() && !file3.isStream() && file2.isStream())
                                ? SimpleFont::Program::TrueType
                            : type1.isStream() ? SimpleFont::Program::Type1
                            : cff              ? SimpleFont::Program::CFF
                                               : SimpleFont::Program::Other;
            if (facts.encoding.empty() && facts.baseEncoding.empty()) {  // the program's own encoding is the font's
                if (facts.program == SimpleFont::Program::Type1) facts.type1 = reader_.decodeStream(type1);
                if (facts.program == SimpleFont::Program::CFF) facts.cff = reader_.decodeStream(file3);
            }
        }
        const FontGlyphs glyphs = simpleFontGlyphNames(facts);
        std::string doubt;
        std::map<std::uint8_t, std::string> apart;
        const std::map<std::uint8_t, std::string> read = oneByteToUnicode(reader_.decodeStream(toUnicode), &doubt, &apart);
        std::map<std::uint8_t, std::string> misread = misreadGlyphs(glyphs, read, embedded);
        for (const auto& [code, why] : apart)  // what these codes read as depends on the viewer
            misread[code] = "its ToUnicode CMap has " + why;
        if (!doubt.empty())  // what any code reads as depends on the viewer
            for (unsigned code = 0; code < 256; ++code)
                misread[static_cast<std::uint8_t>(code)] = "its ToUnicode CMap has " + doubt;
        if (misread.empty()) return nullptr;
        for (auto& [code, why] : misread) why = name + ": " + why;
        return std::make_shared<const std::map<std::uint8_t, std::string>>(std::move(misread));
    }

    FontReach fontReach(const Object& fontRef) {
        if (fontRef.isRef())
            if (auto it = fonts_.find(fontRef.asRef().num); it != fonts_.end()) return it->second;
        FontReach f;
        Object font = get(fontRef);
        if (font.isDict()) {
            const Object* subtypeObj = font.get("Subtype");
            const std::string subtype = subtypeObj && subtypeObj->isName() ? subtypeObj->asName() : "";
            double widest = 0;
            auto widen = [&](const Object& v) {
                Object n = get(v);
                if (n.isNumber()) widest = std::max(widest, std::abs(n.asNumber()));
            };
            if (subtype == "Type0") {
                Object encoding = get(font.get("Encoding") ? *font.get("Encoding") : Object());
                const bool horizontal = encoding.isName() && encoding.asName().size() >= 2 &&
                                        encoding.asName().compare(encoding.asName().size() - 2, 2, "-H") == 0;
                Object descendants = get(font.get("DescendantFonts") ? *font.get("DescendantFonts") : Object());
                if (descendants.isArray() && !descendants.asArray().empty()) {
                    Object cid = get(descendants.asArray()[0]);
                    widest = 1000;  // /DW's default
                    if (const Object* dw = cid.get("DW")) {
                        widest = 0;
                        widen(*dw);
                    }
                    Object w = get(cid.get("W") ? *cid.get("W") : Object());
                    if (w.isArray()) {
                        // c [w1 w2 ...] or c_first c_last w
                        const Array& items = w.asArray();
                        for (size_t i = 0; i + 1 < items.size();) {
                            Object next = get(items[i + 1]);
                            if (next.isArray()) {
                                for (const Object& v : next.asArray()) widen(v);
                                i += 2;
                            } else {
                                if (i + 2 < items.size()) widen(items[i + 2]);
                                i += 3;
                            }
                        }
                    }
                    f = FontReach{
                        std::max(kSubstituteAdvance, widest / 1000.0), false, !horizontal, false, std::nullopt, nullptr};
                } else {
                    f = FontReach{0, true, !horizontal, false, std::nullopt, nullptr};
                }
            } else if (subtype == "Type3") {
                // Glyph space is mapped to text space by /FontMatrix; advances are /Widths in glyph space.
                Object widths = get(font.get("Widths") ? *font.get("Widths") : Object());
                Object fm = get(font.get("FontMatrix") ? *font.get("FontMatrix") : Object());
                if (widths.isArray() && fm.isArray() && fm.asArray().size() == 6) {
                    double m[6];
                    bool numbers = true;
                    for (size_t i = 0; i < 6; ++i) {
                        Object v = get(fm.asArray()[i]);
                        numbers = numbers && v.isNumber();
                        m[i] = numbers ? v.asNumber() : 0;
                    }
                    for (const Object& v : widths.asArray()) widen(v);
                    if (numbers)
                        f = FontReach{
                            widest * stretch(Matrix{m[0], m[1], m[2], m[3], 0, 0}), false, false, false, std::nullopt, nullptr};
                }
                f.type3 = true;
                f.paints = type3Paints(font);
            } else {
                Object widths = get(font.get("Widths") ? *font.get("Widths") : Object());
                Object descriptor = get(font.get("FontDescriptor") ? *font.get("FontDescriptor") : Object());
                if (const Object* missing = descriptor.get("MissingWidth")) widen(*missing);
                const bool embedded = embedsProgram(descriptor);
                if (widths.isArray()) {
                    for (const Object& v : widths.asArray()) widen(v);
                    f = FontReach{std::max(kSubstituteAdvance, widest / 1000.0), false, false, false, std::nullopt, nullptr};
                } else if (!embedded) {
                    // Without /Widths viewers take a standard font's metrics (the font's own or a substitute's).
                    f = FontReach{std::max(kSubstituteAdvance, widest / 1000.0), false, false, false, std::nullopt, nullptr};
                } else {
                    f = FontReach{0, true, false, false, std::nullopt, nullptr};
                }
            }
        }
        if (font.isDict() && !f.type3) f.misread = misreadCodes(font, fontRef);
        if (fontRef.isRef() && fonts_.size() < 10'000) fonts_[fontRef.asRef().num] = f;
        return f;
    }

    // What the glyph procedures of a Type3 font paint, in text space for a font size of 1: each
    // procedure run as a form, through /FontMatrix. A Type3 font used inside a glyph procedure
    // counts as painting everywhere (nothing honest does that, and it would recurse).
    std::optional<Rect> type3Paints(const Object& font) {
        if (extent_) return Rect{-kFar, -kFar, kFar, kFar};
        Object fm = get(font.get("FontMatrix") ? *font.get("FontMatrix") : Object());
        Matrix m{0.001, 0, 0, 0.001, 0, 0};
        if (fm.isArray() && fm.asArray().size() == 6) {
            double v[6];
            for (size_t i = 0; i < 6; ++i) {
                Object n = get(fm.asArray()[i]);
                v[i] = n.isNumber() && std::isfinite(n.asNumber()) ? n.asNumber() : 0;
            }
            m = Matrix{v[0], v[1], v[2], v[3], v[4], v[5]};
        }
        Object procs = get(font.get("CharProcs") ? *font.get("CharProcs") : Object());
        if (!procs.isDict()) return std::nullopt;
        // A Type3 font without /Resources takes the page's (ISO 32000-1 9.6.5).
        Object own = get(font.get("Resources") ? *font.get("Resources") : Object());
        const Dictionary resources = own.isDict() ? own.asDict() : pageResources_;
        const std::vector<Rect> none;
        Interpreter glyphs(reader_, none);
        glyphs.extent_.emplace();
        glyphs.total_ = total_;  // the page's content budget, glyph procedures included
        for (const DictEntry& e : procs.asDict().entries()) {
            Object proc = get(e.value);
            if (!proc.isStream()) continue;
            const std::string data = reader_.decodeStream(proc);
            glyphs.count(data.size());
            State st;
            st.ctm = m;
            st.clip = Rect{-kFar, -kFar, kFar, kFar};
            glyphs.run(data, resources, st, 1);
        }
        total_ = glyphs.total_;
        touched_.insert(glyphs.touched_.begin(), glyphs.touched_.end());
        // What viewers read differently inside a glyph procedure is read differently on the page.
        const std::optional<std::string>* glyphDoubts[] = {&glyphs.syntax_.doubt(), &glyphs.readerDoubt_};
        for (const std::optional<std::string>* doubt : glyphDoubts)
            if (*doubt && !readerDoubt_) readerDoubt_ = "a Type3 glyph procedure: " + **doubt;
        if (glyphs.extent_->empty()) return std::nullopt;
        return glyphs.extent_->rect();
    }

    // The page's annotations and their appearances are drawn over its content, and the viewer
    // checks read them (covers, the badge's link): a repair viewers make differently in one of them
    // (an object-stream copy, a /Length) changes what is drawn over the title or the badge as well.
    // Read here so that their repairs count among the ambiguities; bounded like everything else.
    void touchAnnotations(const Dictionary& pageDict) {
        const Object* annots = pageDict.find("Annots");
        if (!annots) return;
        Object list = get(*annots);
        if (!list.isArray()) return;
        size_t n = 0;
        for (const Object& a : list.asArray()) {
            if (++n > 10'000) break;
            Object annot = get(a);
            // Ghostscript draws an annotation whatever its optional content; poppler and MuPDF hide it when OFF.
            if (annot.isDict() && annot.get("OC") && !readerDoubt_)
                readerDoubt_ =
                    "an annotation of the page has optional content (/OC): Ghostscript draws it whatever its "
                    "state, poppler and MuPDF hide it when OFF";
            if (annot.isDict() && !readerDoubt_ && fieldShowsItsValue(annot))
                readerDoubt_ =
                    "a text or choice field of the page has a value (/V): pdf.js, with forms on as in Firefox, shows "
                    "the value in place of the field's appearance, which poppler and MuPDF draw";
            const Object* ap = annot.isDict() ? annot.get("AP") : nullptr;
            if (!ap) continue;
            Object apDict = get(*ap);
            if (!apDict.isDict()) continue;
            for (const DictEntry& kind : apDict.asDict().entries()) {  // /N, /R, /D
                Object states = get(kind.value);
                if (!states.isDict()) continue;  // a stream: read by get()
                for (const DictEntry& state : states.asDict().entries()) get(state.value);
            }
        }
    }

    // A widget of a text or choice field (/FT, inherited through /Parent) with something to show:
    // a value or default value (/V, /DV) or, for a choice field, options (/Opt), each inherited too,
    // that is a non-empty string, name or list. pdf.js shows it in an input or list box.
    bool fieldShowsItsValue(const Object& widget) {
        static constexpr const char* kKeys[] = {"FT", "V", "DV", "Opt"};
        std::optional<Object> found[4];
        Object node = widget;
        for (int depth = 0; depth < 32 && node.isDict(); ++depth) {
            for (size_t k = 0; k < 4; ++k)
                if (const Object* v = node.get(kKeys[k]); v && !found[k]) found[k] = get(*v);
            const Object* parent = node.get("Parent");
            if (!parent) break;
            node = get(*parent);
        }
        const std::optional<Object>& type = found[0];
        if (!type || !(type->isName("Tx") || type->isName("Ch"))) return false;
        auto shows = [](const std::optional<Object>& v) {
            return v && ((v->isString() && !v->asString().empty()) || (v->isName() && !v->asName().empty()) ||
                         (v->isArray() && !v->asArray().empty()));
        };
        return shows(found[1]) || shows(found[2]) || (type->isName("Ch") && shows(found[3]));
    }

    // An object resolved, its number kept: the objects read are those whose repairs matter.
    Object get(const Object& o) {
        if (o.isRef() && touched_.size() < 1'000'000) touched_.insert(o.asRef().num);
        return reader_.resolve(o);
    }

    const Object* lookup(const Dictionary& resources, std::string_view category, const std::string& name, Object& holder) {
        const Object* cat = resources.find(category);
        if (!cat) return nullptr;
        holder = get(*cat);
        if (!holder.isDict()) return nullptr;
        return holder.asDict().find(name);
    }

    void drawXObject(const std::string& name, const Dictionary& resources, State& s, int depth) {
        Object holder;
        const Object* entry = lookup(resources, "XObject", name, holder);
        if (!entry) return;
        Object xobject = get(*entry);
        if (!xobject.isStream()) return;
        const Object* subtype = xobject.get("Subtype");
        if (const Object* oc = xobject.get("OC")) usesGroup(*oc);
        if (subtype && subtype->isName("Image")) {
            // Alternate images: Ghostscript (and Acrobat when printing) may draw one, others the image.
            if (xobject.get("Alternates") && !readerDoubt_)
                readerDoubt_ = "an image the page draws has /Alternates, which Ghostscript draws in its place";
            paint(mapped(s.ctm, 0, 0, 1, 1), s);
            return;
        }
        if (!subtype || !subtype->isName("Form")) return;
        drawForm(xobject, resources, s, depth);
    }

    void drawForm(const Object& xobject, const Dictionary& resources, const State& s, int depth) {
        if (depth >= kMaxFormDepth)
            throw PdfError("forms are nested more than " + std::to_string(kMaxFormDepth) + " deep on the page");
        if (++forms_ > kMaxForms) throw PdfError("the page draws more than " + std::to_string(kMaxForms) + " forms");
        State inner = s;
        Object matrix = get(xobject.get("Matrix") ? *xobject.get("Matrix") : Object());
        if (matrix.isArray() && matrix.asArray().size() == 6) {
            double m[6];
            for (size_t i = 0; i < 6; ++i) {
                Object v = get(matrix.asArray()[i]);
                m[i] = v.isNumber() ? v.asNumber() : (i == 0 || i == 3 ? 1 : 0);
            }
            inner.ctm = times(Matrix{m[0], m[1], m[2], m[3], m[4], m[5]}, s.ctm);
        }
        Object bbox = get(xobject.get("BBox") ? *xobject.get("BBox") : Object());
        if (bbox.isArray() && bbox.asArray().size() == 4) {
            double v[4];
            bool numbers = true;
            for (size_t i = 0; i < 4; ++i) {
                Object n = get(bbox.asArray()[i]);
                numbers = numbers && n.isNumber();
                v[i] = numbers ? n.asNumber() : 0;
            }
            if (numbers)
                inner.clip = meet(inner.clip, mapped(inner.ctm, std::min(v[0], v[2]), std::min(v[1], v[3]), std::max(v[0], v[2]),
                                                     std::max(v[1], v[3])));
        }
        Dictionary formResources = resources;
        if (const Object* r = xobject.get("Resources")) {
            Object own = get(*r);
            if (own.isDict()) formResources = own.asDict();
        }
        std::string content = reader_.decodeStream(xobject);
        count(content.size());
        // The text state inside a form starts from the caller's, as does the graphics state.
        const Matrix line = lineMatrix_;
        const double xlo = xlo_, xhi = xhi_, ylo = ylo_, yhi = yhi_;
        run(content, formResources, inner, depth + 1);
        lineMatrix_ = line;
        xlo_ = xlo, xhi_ = xhi, ylo_ = ylo, yhi_ = yhi;
    }

    void applyGraphicsState(const std::string& name, const Dictionary& resources, State& s) {
        Object holder;
        const Object* entry = lookup(resources, "ExtGState", name, holder);
        if (!entry) return;
        Object gs = get(*entry);
        if (!gs.isDict()) return;
        auto number = [&](const char* key, double& into) {
            if (const Object* v = gs.get(key)) {
                Object n = get(*v);
                if (n.isNumber()) into = n.asNumber();
            }
        };
        number("LW", s.lineWidth);
        number("ML", s.miterLimit);
        double join = s.lineJoin;
        number("LJ", join);
        s.lineJoin = static_cast<int>(std::clamp(join, -1.0, 3.0));
        if (const Object* font = gs.get("Font")) {
            s.font = FontReach{};  // a font set from a graphics state: not bounded here
            // [font size]: its glyphs are read as a font set by Tf is read.
            Object pair = get(*font);
            if (pair.isArray() && !pair.asArray().empty()) s.font.misread = fontReach(pair.asArray()[0]).misread;
        }
    }

    // How far a stroke reaches beyond its path: half the line width, a miter's spike at a join.
    double strokeReach(const State& s) const {
        const double half = std::max(std::abs(s.lineWidth), 0.5) / 2 * stretch(s.ctm);
        return s.lineJoin == 0 ? half * std::clamp(s.miterLimit, 1.0, 10.0) : half * 1.5;
    }

    void run(std::string_view s, const Dictionary& resources, State& st, int depth) {
        MarkedContentScope marked{formMarkedContent_, depth};
        std::vector<State> saved;
        std::vector<Operand> ops;
        bool overflowed = false;  // more operands than any operator takes were dropped
        // Marked-content sections this stream opened, true for an /ActualText span (actualTextOpen_).
        std::vector<bool> spans;
        struct SpanScope {
            std::vector<bool>& spans;
            int& open;
            ~SpanScope() {
                for (bool actual : spans) open -= actual ? 1 : 0;
            }
        } spanScope{spans, actualTextOpen_};
        std::vector<Bounds> subpaths;
        std::vector<Rect> segments;
        Bounds all;
        double cx = 0, cy = 0, sx = 0, sy = 0;  // current point and subpath start, user space
        bool clipPending = false;
        auto regular = [](char c) { return !isPdfWhitespace(c) && !isPdfDelimiter(c); };
        auto looksNumeric = [](char c) { return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.'; };
        auto num = [&](size_t back) -> double {
            if (ops.size() < back) return 0;
            const Operand& o = ops[ops.size() - back];
            return o.kind == Operand::Kind::Number ? o.number : 0;
        };
        auto point = [&](double x, double y, double& ux, double& uy) {
            ux = st.ctm.a * x + st.ctm.c * y + st.ctm.e;
            uy = st.ctm.b * x + st.ctm.d * y + st.ctm.f;
        };
        auto segment = [&](std::initializer_list<std::pair<double, double>> pts) {
            Bounds b;
            for (auto [x, y] : pts) b.add(x, y);
            segments.push_back(b.rect());
            for (auto [x, y] : pts) {
                all.add(x, y);
                if (!subpaths.empty()) subpaths.back().add(x, y);
            }
        };
        auto endPath = [&](bool fill, bool stroke) {
            if (fill)
                for (const Bounds& b : subpaths)
                    if (!b.empty()) paint(b.rect(), st);
            if (stroke) {
                const double by = strokeReach(st);
                for (const Rect& r : segments) paint(widened(r, by), st);
            }
            if (clipPending && !all.empty())
                st.clip = meet(st.clip, all.rect());
            else if (clipPending)
                st.clip = Rect{0, 0, -1, -1};
            clipPending = false;
            subpaths.clear();
            segments.clear();
            all = Bounds{};
        };
        size_t i = 0;
        while (i < s.size()) {
            const char c = s[i];
            if (isPdfWhitespace(c)) {
                ++i;
            } else if (c == '%') {
                while (i < s.size() && s[i] != '\n' && s[i] != '\r') ++i;
            } else if (c == '(' || (c == '<' && i + 1 < s.size() && s[i + 1] != '<')) {
                Operand o;
                o.kind = Operand::Kind::String;
                countString(s, i, o);
                ops.push_back(std::move(o));
            } else if (c == '[') {
                // A TJ array: strings and kerning numbers (anything else in it is skipped).
                Operand o;
                o.kind = Operand::Kind::Array;
                ++i;
                int nest = 0;
                while (i < s.size()) {
                    const char d = s[i];
                    if (isPdfWhitespace(d))
                        ++i;
                    else if (d == ']') {
                        ++i;
                        if (nest-- == 0) break;
                    } else if (d == '[') {
                        ++nest;
                        ++i;
                    } else if (d == '(' || (d == '<' && i + 1 < s.size() && s[i + 1] != '<')) {
                        countString(s, i, o);
                    } else if (d == '%') {
                        while (i < s.size() && s[i] != '\n' && s[i] != '\r') ++i;
                    } else if (regular(d)) {
                        size_t start = i;
                        while (i < s.size() && regular(s[i])) ++i;
                        const std::string_view token = s.substr(start, i - start);
                        if (looksNumeric(token[0])) o.kerning += std::abs(syntax_.number(token));
                    } else {
                        ++i;
                    }
                }
                ops.push_back(std::move(o));
            } else if (c == '<') {
                // A dictionary operand (marked-content properties, an inline image's): skipped whole.
                int nest = 0;
                const size_t start = i;
                while (i < s.size()) {
                    if (s[i] == '(') {
                        Operand ignored;
                        countString(s, i, ignored);
                    } else if (s[i] == '<' && i + 1 < s.size() && s[i + 1] == '<') {
                        ++nest;
                        i += 2;
                    } else if (s[i] == '>' && i + 1 < s.size() && s[i + 1] == '>') {
                        i += 2;
                        if (--nest == 0) break;
                    } else {
                        ++i;
                    }
                }
                Operand o;
                const std::string_view dict = s.substr(start, i - start);
                o.actualText = dict.size() > 65536 || dict.find("/ActualText") != std::string_view::npos ||
                               dict.find('#') != std::string_view::npos;
                ops.push_back(std::move(o));
            } else if (c == '/') {
                size_t start = ++i;
                while (i < s.size() && regular(s[i])) ++i;
                Operand o;
                o.kind = Operand::Kind::Name;
                o.name = decodedName(s.substr(start, i - start));
                ops.push_back(std::move(o));
            } else if (!regular(c)) {
                ++i;  // ] > { } ) stray
            } else {
                size_t start = i;
                while (i < s.size() && regular(s[i])) ++i;
                const std::string_view word = s.substr(start, i - start);
                const char first = word[0];
                if (looksNumeric(first)) {
                    Operand o;
                    o.kind = Operand::Kind::Number;
                    o.number = syntax_.number(word);
                    if (ops.size() > 64) {
                        ops.erase(ops.begin(), ops.end() - 8);  // no operator takes more
                        overflowed = true;
                    }
                    ops.push_back(o);
                    continue;
                }
                if (word == "true" || word == "false" || word == "null") {
                    ops.push_back(Operand{});
                    continue;
                }
                // An operator.
                syntax_.check(word, overflowed ? ops.size() + 64 : ops.size());
                overflowed = false;
                if (word == "q") {
                    if (saved.size() < 4096) saved.push_back(st);
                } else if (word == "Q") {
                    if (!saved.empty()) {
                        st = saved.back();
                        saved.pop_back();
                    }
                } else if (word == "cm") {
                    st.ctm = times(Matrix{num(6), num(5), num(4), num(3), num(2), num(1)}, st.ctm);
                } else if (word == "w") {
                    st.lineWidth = num(1);
                } else if (word == "M") {
                    st.miterLimit = num(1);
                } else if (word == "j") {
                    st.lineJoin = static_cast<int>(std::clamp(num(1), -1.0, 3.0));
                } else if (word == "gs") {
                    if (!ops.empty() && ops.back().kind == Operand::Kind::Name)
                        applyGraphicsState(ops.back().name, resources, st);
                } else if (word == "m") {
                    point(num(2), num(1), cx, cy);
                    sx = cx, sy = cy;
                    subpaths.emplace_back();
                    subpaths.back().add(cx, cy);
                    all.add(cx, cy);
                } else if (word == "l") {
                    double x, y;
                    point(num(2), num(1), x, y);
                    if (subpaths.empty()) subpaths.emplace_back();
                    segment({{cx, cy}, {x, y}});
                    cx = x, cy = y;
                } else if (word == "c" || word == "v" || word == "y") {
                    const size_t n = word == "c" ? 6 : 4;
                    double x1, y1, x2, y2, x3, y3;
                    if (n == 6) {
                        point(num(6), num(5), x1, y1);
                        point(num(4), num(3), x2, y2);
                    } else {
                        point(num(4), num(3), x1, y1);
                        x2 = x1, y2 = y1;
                    }
                    point(num(2), num(1), x3, y3);
                    if (subpaths.empty()) subpaths.emplace_back();
                    segment({{cx, cy}, {x1, y1}, {x2, y2}, {x3, y3}});
                    cx = x3, cy = y3;
                } else if (word == "re") {
                    const double x = num(4), y = num(3), w = num(2), h = num(1);
                    double p[4][2];
                    point(x, y, p[0][0], p[0][1]);
                    point(x + w, y, p[1][0], p[1][1]);
                    point(x + w, y + h, p[2][0], p[2][1]);
                    point(x, y + h, p[3][0], p[3][1]);
                    subpaths.emplace_back();
                    subpaths.back().add(p[0][0], p[0][1]);
                    all.add(p[0][0], p[0][1]);
                    for (int k = 0; k < 4; ++k) segment({{p[k][0], p[k][1]}, {p[(k + 1) % 4][0], p[(k + 1) % 4][1]}});
                    cx = sx = p[0][0], cy = sy = p[0][1];
                } else if (word == "h") {
                    if (!subpaths.empty()) segment({{cx, cy}, {sx, sy}});
                    cx = sx, cy = sy;
                } else if (word == "W" || word == "W*") {
                    clipPending = true;
                } else if (word == "n") {
                    endPath(false, false);
                } else if (word == "f" || word == "F" || word == "f*") {
                    endPath(true, false);
                } else if (word == "S" || word == "s") {
                    if (word == "s" && !subpaths.empty()) segment({{cx, cy}, {sx, sy}});
                    endPath(false, true);
                } else if (word == "B" || word == "B*" || word == "b" || word == "b*") {
                    if ((word == "b" || word == "b*") && !subpaths.empty()) segment({{cx, cy}, {sx, sy}});
                    endPath(true, true);
                } else if (word == "sh") {
                    paint(Rect{-kFar, -kFar, kFar, kFar}, st);
                } else if (word == "Do") {
                    if (!ops.empty() && ops.back().kind == Operand::Kind::Name)
                        drawXObject(ops.back().name, resources, st, depth);
                } else if (word == "BI") {
                    // Inline image: its dictionary, then data from ID to EI preceded by white space.
                    for (; i + 2 < s.size(); ++i)
                        if (isPdfWhitespace(s[i]) && s[i + 1] == 'I' && s[i + 2] == 'D' &&
                            (i + 3 >= s.size() || !regular(s[i + 3])))
                            break;
                    const size_t data = i + 4;
                    for (i += 3; i + 2 < s.size(); ++i)
                        if (isPdfWhitespace(s[i]) && s[i + 1] == 'E' && s[i + 2] == 'I' &&
                            (i + 3 >= s.size() || !regular(s[i + 3])))
                            break;
                    // An "EI" and white space in the data (poppler reads the data by its length and
                    // then looks for "EI" without white space before it): viewers may end the image
                    // there and draw the bytes after it as content, the reading here does not.
                    for (size_t k = data; k + 2 <= i && k + 2 < s.size(); ++k)
                        if (s[k] == 'E' && s[k + 1] == 'I' && isPdfWhitespace(s[k + 2]) && !readerDoubt_)
                            readerDoubt_ =
                                "an inline image's data holds \"EI\" where viewers may end the image: they then "
                                "draw different content after it";
                    i += 3;
                    paint(mapped(st.ctm, 0, 0, 1, 1), st);
                } else if (word == "BMC") {
                    ++marked.open;
                    spans.push_back(false);
                } else if (word == "EMC") {
                    if (marked.open == 0)
                        marked.closedOuter = true;
                    else
                        --marked.open;
                    if (!spans.empty()) {
                        if (spans.back()) --actualTextOpen_;
                        spans.pop_back();
                    }
                } else if (word == "BDC") {
                    ++marked.open;
                    // /ActualText: text extraction reads the span as that text, whatever its glyphs draw.
                    bool actual = !ops.empty() && ops.back().actualText;
                    if (!ops.empty() && ops.back().kind == Operand::Kind::Name) {
                        Object holder;
                        const Object* props = lookup(resources, "Properties", ops.back().name, holder);
                        const Object properties = props ? get(*props) : Object();
                        actual = properties.isDict() && properties.asDict().has("ActualText");
                    }
                    spans.push_back(actual);
                    if (actual) ++actualTextOpen_;
                    if (ops.size() >= 2 && ops[ops.size() - 2].kind == Operand::Kind::Name && ops[ops.size() - 2].name == "OC") {
                        // The group is named in /Properties; an inline dictionary names none (its state cannot be told alike).
                        Object holder;
                        const Object* group = ops.back().kind == Operand::Kind::Name
                                                  ? lookup(resources, "Properties", ops.back().name, holder)
                                                  : nullptr;
                        usesGroup(group ? *group : Object());
                    }
                } else if (word == "BT") {
                    lineMatrix_ = Matrix{};
                    xlo_ = xhi_ = ylo_ = yhi_ = 0;
                    textClipPending_.clear();
                } else if (word == "ET") {
                    // The clip of text shown in a clipping mode is applied at ET (ISO 32000-1 9.3.6).
                    if (!textClipPending_.empty()) {
                        std::vector<size_t> clip = textClipPending_;
                        if (st.textClip) clip.insert(clip.end(), st.textClip->begin(), st.textClip->end());
                        std::sort(clip.begin(), clip.end());
                        clip.erase(std::unique(clip.begin(), clip.end()), clip.end());
                        st.textClip = std::make_shared<const std::vector<size_t>>(std::move(clip));
                        textClipPending_.clear();
                    }
                } else if (word == "Tr") {
                    st.render = static_cast<int>(std::clamp(num(1), -1.0, 8.0));  // a cast of a huge double is undefined
                } else if (word == "Tf") {
                    st.fontSize = num(1);
                    st.font = FontReach{};
                    if (ops.size() >= 2 && ops[ops.size() - 2].kind == Operand::Kind::Name) {
                        Object holder;
                        if (const Object* f = lookup(resources, "Font", ops[ops.size() - 2].name, holder))
                            st.font = fontReach(*f);
                    }
                } else if (word == "Tc") {
                    st.charSpacing = num(1);
                } else if (word == "Tw") {
                    st.wordSpacing = num(1);
                } else if (word == "Tz") {
                    st.scale = num(1) / 100.0;
                } else if (word == "TL") {
                    st.leading = num(1);
                } else if (word == "Ts") {
                    st.rise = num(1);
                } else if (word == "Td") {
                    newLine(num(2), num(1));
                } else if (word == "TD") {
                    st.leading = -num(1);
                    newLine(num(2), num(1));
                } else if (word == "Tm") {
                    lineMatrix_ = Matrix{num(6), num(5), num(4), num(3), num(2), num(1)};
                    xlo_ = xhi_ = ylo_ = yhi_ = 0;
                } else if (word == "T*") {
                    newLine(0, -st.leading);
                } else if (word == "Tj" || word == "'" || word == "\"" || word == "TJ") {
                    if (word == "\"") {
                        st.wordSpacing = num(3);
                        st.charSpacing = num(2);
                    }
                    if (word == "'" || word == "\"") newLine(0, -st.leading);
                    if (!ops.empty()) show(st, ops.back().bytes, ops.back().spaces, ops.back().kerning, ops.back().codes);
                }
                ops.clear();
            }
            if (ops.size() > 64) {
                ops.erase(ops.begin(), ops.end() - 8);  // no operator takes more
                overflowed = true;
            }
        }
    }

    // A string operand at s[i] ('(' or '<'): its byte count, spaces and the codes it shows (as one-byte
    // codes: PaintOverText::misreadGlyphs) added to o; i moves past it.
    static void countString(std::string_view s, size_t& i, Operand& o) {
        if (s[i] == '(') {
            int nest = 0;
            for (; i < s.size(); ++i) {
                const char c = s[i];
                if (c == '\\') {
                    ++i;
                    if (i < s.size() && s[i] >= '0' && s[i] <= '7') {
                        unsigned v = static_cast<unsigned>(s[i] - '0');
                        size_t k = 0;
                        while (k < 2 && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7')
                            v = v * 8 + static_cast<unsigned>(s[++i] - '0'), ++k;
                        o.codes.set(v & 0xFF);
                        ++o.bytes;
                        continue;
                    }
                    if (i < s.size() && s[i] != '\n' && s[i] != '\r') {  // an escaped end of line shows nothing
                        const char e = s[i];
                        o.codes.set(static_cast<unsigned char>(e == 'n'   ? '\n'
                                                               : e == 'r' ? '\r'
                                                               : e == 't' ? '\t'
                                                               : e == 'b' ? '\b'
                                                               : e == 'f' ? '\f'
                                                                          : e));
                        ++o.bytes;
                    }
                    continue;
                }
                if (c == '(' && nest++ == 0) continue;
                if (c == ')' && --nest == 0) break;
                ++o.bytes;
                o.codes.set(c == '\r' ? '\n' : static_cast<unsigned char>(c));
                if (c == ' ') ++o.spaces;
            }
            ++i;
            return;
        }
        size_t digits = 0;
        int nibble = -1;
        for (++i; i < s.size() && s[i] != '>'; ++i) {
            if (isPdfWhitespace(s[i])) continue;
            ++digits;
            const char h = s[i];
            const int v = h >= '0' && h <= '9'   ? h - '0'
                          : h >= 'a' && h <= 'f' ? h - 'a' + 10
                          : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                                 : 0;
            if (nibble < 0) {
                nibble = v;
            } else {
                o.codes.set(static_cast<size_t>(nibble * 16 + v));
                nibble = -1;
            }
        }
        if (nibble >= 0) o.codes.set(static_cast<size_t>(nibble * 16));
        ++i;
        o.bytes += (digits + 1) / 2;
        o.spaces += (digits + 1) / 2;  // which bytes are 0x20 is not worked out: every one may be
    }

    const PdfReader& reader_;
    const std::vector<Rect>& boxes_;
    BoxGrid grid_;
    std::vector<bool> seen_;
    std::vector<bool> plainText_;                      // boxes that text not in a clipping mode may have drawn into
    std::vector<bool> revealed_;                       // PaintOverText::revealedThroughClip
    std::vector<std::optional<std::string>> misread_;  // PaintOverText::misreadGlyphs
    std::vector<std::vector<Rect>> out_;
    std::vector<std::vector<Rect>> out3_;  // PaintOverText::type3Regions
    std::map<std::uint32_t, FontReach> fonts_;
    Matrix lineMatrix_;
    double xlo_ = 0, xhi_ = 0, ylo_ = 0, yhi_ = 0;  // how far the text position may be from the line's start
    std::uint64_t total_ = 0, forms_ = 0;
    std::uint64_t work_ = 0;               // word boxes compared with fills and text runs (spend())
    int actualTextOpen_ = 0;               // /ActualText marked-content spans open where text is shown
    std::vector<size_t> textClipPending_;  // boxes text in a clipping mode reached since BT (State::textClip)
    std::optional<Bounds> extent_;         // set while a Type3 font's glyph procedures are read: all they paint
    Dictionary pageResources_;             // for Type3 fonts without resources of their own
    std::set<std::uint32_t> touched_;
    bool optionalContent_ = false;  // the page draws content marked /OC (or an XObject with /OC)
    static constexpr size_t kMaxGroups = 10'000;
    std::vector<Object> groups_;  // the /OC and /Properties entries it draws, as written
    bool showsText_ = false;      // a text-showing operator was run
};

}  // namespace

PaintOverText paintedOverText(const PdfReader& reader, size_t pageIndex, const std::vector<Rect>& boxes) {
    Interpreter interpreter(reader, boxes);
    interpreter.runPage(pageIndex);
    return interpreter.take();
}

AppearancePaint paintedByAppearance(const PdfReader& reader, const Object& appearance, const Rect& rect,
                                    const std::vector<Rect>& boxes) {
    Interpreter interpreter(reader, boxes);
    interpreter.runAppearance(appearance, rect);
    const bool text = interpreter.showsText();
    const std::optional<std::string> doubt = interpreter.contentDoubt();
    PaintOverText painted = interpreter.take();
    // The page's words are not drawn by an appearance's glyphs: what they paint covers them too.
    for (size_t i = 0; i < painted.regions.size(); ++i)
        painted.regions[i].insert(painted.regions[i].end(), painted.type3Regions[i].begin(), painted.type3Regions[i].end());
    return AppearancePaint{std::move(painted.regions), text, doubt};
}

double coveredShare(const Rect& box, const std::vector<Rect>& regions) {
    const double area = box.width() * box.height();
    if (area <= 0) return regions.empty() ? 0 : 1;
    // The union's area, slab by slab between the regions' left and right edges.
    std::vector<Rect> cut;
    std::vector<double> xs;
    for (const Rect& r : regions) {
        Rect c = meet(r, box);
        if (c.x0 >= c.x1 || c.y0 >= c.y1) continue;
        cut.push_back(c);
        xs.push_back(c.x0);
        xs.push_back(c.x1);
    }
    std::sort(xs.begin(), xs.end());
    xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
    double covered = 0;
    std::vector<std::pair<double, double>> spans;
    for (size_t k = 0; k + 1 < xs.size(); ++k) {
        const double mid = (xs[k] + xs[k + 1]) / 2;
        spans.clear();
        for (const Rect& c : cut)
            if (c.x0 <= mid && mid < c.x1) spans.emplace_back(c.y0, c.y1);
        std::sort(spans.begin(), spans.end());
        double length = 0, top = -kFar;
        for (auto [y0, y1] : spans) {
            if (y1 <= top) continue;
            length += y1 - std::max(y0, top);
            top = y1;
        }
        covered += length * (xs[k + 1] - xs[k]);
    }
    return std::min(1.0, covered / area);
}

}  // namespace pith::pdf

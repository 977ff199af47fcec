#include "pdf/stamp/placement.hpp"

#include <algorithm>
#include <cmath>

#include "pdf/stamp/stamp.hpp"
#include "verify/embedded_data.hpp"
#include "verify/viewer_guard.hpp"
#include "view/free_space.hpp"

namespace pith::pdf::stamp {

namespace {

// Steps of the side-margin slide: two points, one pixel of the render.
constexpr double kSlideStep = 72.0 / view::PageOccupancy::kDpi;

// A rectangle of user space as the page is displayed (the inverse of badge::place's turn), in
// points from the crop box's top-left corner.
view::Box displayBox(const PageInfo& page, const Rect& r) {
    const Rect& cb = page.cropBox;
    const bool quarter = page.rotate == 90 || page.rotate == 270;
    const double vh = quarter ? cb.width() : cb.height();
    double vxMin = 0, vxMax = 0, vyMin = 0, vyMax = 0;  // display, from the lower-left corner
    switch (page.rotate) {
    case 90:
        vxMin = r.y0 - cb.y0;
        vxMax = r.y1 - cb.y0;
        vyMin = cb.x1 - r.x1;
        vyMax = cb.x1 - r.x0;
        break;
    case 180:
        vxMin = cb.x1 - r.x1;
        vxMax = cb.x1 - r.x0;
        vyMin = cb.y1 - r.y1;
        vyMax = cb.y1 - r.y0;
        break;
    case 270:
        vxMin = cb.y1 - r.y1;
        vxMax = cb.y1 - r.y0;
        vyMin = r.x0 - cb.x0;
        vyMax = r.x1 - cb.x0;
        break;
    default:
        vxMin = r.x0 - cb.x0;
        vxMax = r.x1 - cb.x0;
        vyMin = r.y0 - cb.y0;
        vyMax = r.y1 - cb.y0;
        break;
    }
    return view::Box{vxMin, vh - vyMax, vxMax, vh - vyMin};
}

view::Box grown(view::Box b, double by) { return view::Box{b.left - by, b.top - by, b.right + by, b.bottom + by}; }

std::string rectText(const Rect& r) {
    auto n = [](double v) { return std::to_string(static_cast<long>(std::lround(v))); };
    return "[" + n(r.x0) + " " + n(r.y0) + " " + n(r.x1) + " " + n(r.y1) + "]";
}

struct Candidate {
    std::string name;
    badge::Placement placement;
    bool vertical = false;  // placed on the page turned a quarter further, so it reads upwards
};

// The page turned a quarter further clockwise: a badge upright on it is turned a quarter
// anticlockwise on the page as displayed, and the displayed left edge is its top edge.
PageInfo turnedQuarter(const PageInfo& page) {
    PageInfo turned = page;
    turned.rotate = (page.rotate + 90) % 360;
    return turned;
}

std::vector<Candidate> candidates(const PageInfo& page, double w, double h, const badge::Placement& edges, PlacementStyle style) {
    using badge::Anchor;
    std::vector<Candidate> out;
    const bool quarter = page.rotate == 90 || page.rotate == 270;
    const double vw = quarter ? page.cropBox.height() : page.cropBox.width();
    const double vh = quarter ? page.cropBox.width() : page.cropBox.height();
    if (style != PlacementStyle::Margin) {
        out = {{"top-right", {Anchor::TopRight, edges.dx, edges.dy}},
               {"top-left", {Anchor::TopLeft, edges.dx, edges.dy}},
               {"bottom-right", {Anchor::BottomRight, edges.dx, edges.dy}},
               {"bottom-left", {Anchor::BottomLeft, edges.dx, edges.dy}}};
        if (w + 2 * edges.dx <= vw && h + 2 * edges.dy <= vh) {  // else too small a page to slide on
            const int steps = static_cast<int>(std::floor((vh - h - 2 * edges.dy) / kSlideStep));
            for (const char* side : {"right-margin", "left-margin"}) {
                const double vx = std::string(side) == "right-margin" ? vw - w - edges.dx : edges.dx;
                for (int i = 0; i <= steps; ++i)
                    out.push_back({side, {Anchor::Absolute, vx, vh - h - edges.dy - i * kSlideStep}});
            }
        }
    }
    if (style != PlacementStyle::Badge && w + 2 * edges.dy <= vh && h + 2 * edges.dx <= vw) {
        // On the turned page: width vh, height vw; the left margin is its top edge.
        const double middle = (vh - w) / 2, top = vw - h - edges.dx;
        const int steps = static_cast<int>(std::floor((vh - w - 2 * edges.dy) / 2 / kSlideStep));
        for (int i = 0; i <= steps; ++i)
            for (int sign : {1, -1}) {
                if (i == 0 && sign < 0) continue;
                out.push_back({"left-margin-vertical", {Anchor::Absolute, middle + sign * i * kSlideStep, top}, true});
            }
    }
    return out;
}

badge::PlacedBadge placeCandidate(const PageInfo& page, double w, double h, const Candidate& c) {
    return badge::place(c.vertical ? turnedQuarter(page) : page, w, h, c.placement);
}

}  // namespace

const std::vector<std::string>& autoCandidates() {
    static const std::vector<std::string> names{"top-right",    "top-left",    "bottom-right",        "bottom-left",
                                                "right-margin", "left-margin", "left-margin-vertical"};
    return names;
}

PlacementDecision decidePlacement(const PdfReader& in, const PageInfo& page, double width, double height,
                                  const badge::Placement& placement, bool automatic, PlacementStyle style, bool force) {
    const std::string pageName = "page " + std::to_string(page.index + 1);
    std::string why;
    std::optional<view::PageOccupancy> occupancy;
    if (std::optional<std::string> stall = verify::viewerStallReason(in))
        why = *stall;
    else
        occupancy = view::PageOccupancy::of(in.bytes(), in.bytesOwner(), static_cast<int>(page.index), &why);
    if (occupancy) {
        for (const verify::PageAnnotation& a : verify::pageAnnotations(in, page.index))
            if (a.hasRect && a.subtype != "Popup")
                occupancy->mark(displayBox(page, a.rect),
                                "a " + (a.subtype.empty() ? std::string("") : a.subtype + " ") + "annotation");
    }
    auto covered = [&](const badge::PlacedBadge& placed) {
        return occupancy->inside(grown(displayBox(page, placed.rect), kClearance));
    };

    PlacementDecision d;
    if (!automatic) {
        d.placed = badge::place(page, width, height, placement);
        d.how = "given";
        if (!occupancy) {
            d.warning = pageName + ": whether the badge covers content cannot be told (" + why + ")";
        } else if (view::Occupied o = covered(d.placed); o.any()) {
            d.warning = pageName + ": the badge at " + rectText(d.placed.rect) + " covers " + o.describe();
        }
        return d;
    }

    const std::string size = std::to_string(static_cast<long>(std::lround(width))) + "x" +
                             std::to_string(static_cast<long>(std::lround(height))) + " pt";
    const std::vector<Candidate> all = candidates(page, width, height, placement, style);
    // Forced: the style's first place, the top-right corner or the middle of the left margin.
    const Candidate first = style == PlacementStyle::Margin && !all.empty()
                                ? all.front()
                                : Candidate{"top-right", badge::Placement{badge::Anchor::TopRight, placement.dx, placement.dy}};
    auto forced = [&](const std::string& warning) {
        d.placed = placeCandidate(page, width, height, first);
        d.how = "auto-forced:" + first.name;
        d.warning = warning;
        return d;
    };
    if (!occupancy) {
        const std::string problem = pageName + ": where the page is empty cannot be told (" + why + ")";
        if (!force)
            throw StampRefused(problem + "; give --position to place the " + size + " badge, or --force to put it " + first.name);
        return forced(problem + "; the badge was put " + first.name);
    }
    std::optional<view::Occupied> firstFound;
    for (const Candidate& c : all) {
        badge::PlacedBadge placed = placeCandidate(page, width, height, c);
        view::Occupied o = covered(placed);
        if (!o.any()) {
            d.placed = placed;
            d.how = "auto:" + c.name;
            return d;
        }
        if (!firstFound) firstFound = o;
    }
    const std::string where = style == PlacementStyle::Badge    ? "corners and side margins"
                              : style == PlacementStyle::Margin ? "the left margin"
                                                                : "corners, side margins and the left margin";
    const std::string problem = firstFound ? pageName + " has no free place for the " + size + " badge (" + where +
                                                 " all hold content; " + first.name + " holds " + firstFound->describe() + ")"
                                           : pageName + " is too small for the " + size + " badge in " + where;
    if (!force) throw StampRefused(problem + "; give --position to place it anyway (with a warning), or --force");
    forced("");
    d.warning = pageName + ": no free place for the " + size + " badge; --force put it " + first.name + " at " +
                rectText(d.placed.rect) + (firstFound ? ", where it covers " + firstFound->describe() : std::string(""));
    return d;
}

}  // namespace pith::pdf::stamp
